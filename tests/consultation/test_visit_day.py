"""The visit day's rules: drafts (a consultant's own, never a figure, gone once saved), the
one-time token, the same-day question, voids, the goal-met rule, notes shared or private."""

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation import services
from consultation.models import PyramidGoal, Visit, VisitDraft
from consultation.services import GoalProgressInput, GoalStatusAfter
from reports.figures import ReportFilter, report_for
from tests.consultation.visit_page import form_data, url_for
from tests.factories import (
    CaseFactory,
    ConsultantFactory,
    GoalFactory,
    ProgramLeadFactory,
    VisitFactory,
    today,
)

pytestmark = pytest.mark.django_db


def visit_kwargs(case, **overrides):
    return {
        "consultant": case.consultant,
        "case": case,
        "visit_date": today(),
        "start_time": "09:00",
        "duration_minutes": 45,
        "mode": Visit.Mode.ON_SITE,
        **overrides,
    }


def this_year() -> ReportFilter:
    return ReportFilter(date_from=today() - timedelta(days=365), date_to=today())


def exported_visits(client, lead) -> list[list[str]]:
    """The program lead's visit-level export of the past year, header row first."""
    client.force_login(lead)
    export = client.get(
        reverse("reports:export_visits"),
        {"period": "custom", "date_from": this_year().date_from, "date_to": today()},
    )
    return list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))


# Drafts ---------------------------------------------------------------------------------------


def test_a_draft_is_kept_per_form_replaced_as_typing_goes_on_and_gone_once_saved(setting):
    case, ana = setting["case"], setting["consultant"]
    services.draft_save(consultant=ana, case=case, data={"visit-notes": ["first"]})
    services.draft_save(consultant=ana, case=case, data={"visit-notes": ["second"]})
    draft = VisitDraft.objects.get()
    assert draft.data == {"visit-notes": ["second"]}
    services.visit_log(**visit_kwargs(case))
    assert not VisitDraft.objects.exists()


def test_drafts_never_count_in_any_figure_or_export(client, setting):
    case, ana = setting["case"], setting["consultant"]
    services.draft_save(
        consultant=ana, case=case, data=form_data(setting) | {"csrfmiddlewaretoken": "x"}
    )
    lead = ProgramLeadFactory()
    assert report_for(lead, this_year(), today=today()).headline["visits"] == 0
    assert exported_visits(client, lead)[1:] == []


def test_a_draft_keeps_only_what_was_typed_and_only_for_the_cases_consultant(setting):
    case = setting["case"]
    draft = services.draft_save(
        consultant=setting["consultant"],
        case=case,
        data={"csrfmiddlewaretoken": ["secret"], "save": [""], "visit-notes": ["typed"]},
    )
    assert draft.data == {"visit-notes": ["typed"]}
    with pytest.raises(ValidationError):
        services.draft_save(consultant=ConsultantFactory(), case=case, data={})


def test_the_draft_endpoint_keeps_the_posted_form_and_another_consultant_gets_404(client, setting):
    url = f"{reverse('consultation:draft_save')}?case={setting['case'].uuid}"
    client.force_login(setting["consultant"])
    assert client.post(url, {"visit-duration_minutes": "40"}).status_code == 204
    assert VisitDraft.objects.get().data == {"visit-duration_minutes": ["40"]}
    client.force_login(ConsultantFactory())
    assert client.post(url, {"visit-duration_minutes": "1"}).status_code == 404


def test_the_caseload_lists_unfinished_visits_and_one_is_discarded(client, setting):
    services.draft_save(
        consultant=setting["consultant"], case=setting["case"], data={"visit-notes": ["x"]}
    )
    client.force_login(setting["consultant"])
    page = client.get(reverse("consultation:caseload")).content.decode()
    assert "1 unfinished visit" in page
    draft = VisitDraft.objects.get()
    client.post(reverse("consultation:draft_discard", args=[draft.uuid]))
    assert not VisitDraft.objects.exists()


def test_the_form_resumes_the_draft(client, setting):
    services.draft_save(
        consultant=setting["consultant"],
        case=setting["case"],
        data={"visit-duration_minutes": ["75"], "visit-notes": ["kept while typing"]},
    )
    client.force_login(setting["consultant"])
    page = client.get(url_for(setting["case"]))
    assert page.context["form"]["duration_minutes"].value() == "75"
    assert "kept while typing" in page.content.decode()
    assert not page.context["error_summary"]  # restored, not judged


# Saving once ----------------------------------------------------------------------------------


def test_the_same_form_posted_twice_logs_one_visit(client, setting):
    client.force_login(setting["consultant"])
    data = form_data(setting, **{"visit-token": str(uuid.uuid4())})
    first = client.post(url_for(setting["case"]), data)
    second = client.post(url_for(setting["case"]), data)
    assert Visit.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_service_returns_the_visit_a_token_saved_already(setting):
    token = uuid.uuid4()
    first = services.visit_log(**visit_kwargs(setting["case"]), submission_token=token)
    again = services.visit_log(**visit_kwargs(setting["case"]), submission_token=token)
    assert again.already_saved and again.visit == first.visit
    assert Visit.objects.count() == 1


def test_a_second_visit_to_the_case_on_the_same_day_asks_first(client, setting):
    case = setting["case"]
    services.visit_log(**visit_kwargs(case, start_time="09:00", duration_minutes=45))
    with pytest.raises(ValidationError) as refused:
        services.visit_log(**visit_kwargs(case))
    (question,) = refused.value.message_dict["same_day"]
    assert f"on {today():%b} {today().day} is already logged: 09:00, 45 min. Log another?" in (
        question
    )
    services.visit_log(**visit_kwargs(case), same_day_confirmed=True)
    assert Visit.objects.filter(case=case).count() == 2
    client.force_login(setting["consultant"])
    page = client.post(url_for(case), form_data(setting))
    assert "Log another?" in page.content.decode()
    assert "Yes, log another visit on this day" in page.content.decode()


# Voids ----------------------------------------------------------------------------------------


def test_a_voided_visit_leaves_every_figure_and_export_and_stays_on_record(client, setting):
    visit = VisitFactory(case=setting["case"], duration_minutes=60)
    lead = ProgramLeadFactory()
    assert report_for(lead, this_year(), today=today()).headline["visits"] == 1
    assert len(exported_visits(client, lead)) == 2
    client.force_login(setting["consultant"])
    response = client.post(
        reverse("consultation:visit_void", args=[visit.uuid]),
        {"reason": "Logged twice", "version": visit.version},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.is_archived and visit.void_reason == "Logged twice"
    assert visit.voided_by == setting["consultant"]
    assert report_for(lead, this_year(), today=today()).headline["visits"] == 0
    assert exported_visits(client, lead)[1:] == []
    assert visit.history.latest().history_change_reason.endswith("voided: Logged twice")


def test_a_void_needs_a_reason_and_only_the_visits_consultant_or_supervisor(setting):
    visit = VisitFactory(case=setting["case"])
    with pytest.raises(ValidationError):
        services.visit_void(visit=visit, by=setting["consultant"], reason="  ")
    with pytest.raises(ValidationError):
        services.visit_void(visit=visit, by=ConsultantFactory(), reason="Wrong case")
    assert not Visit.objects.get(pk=visit.pk).is_archived


# Goals and notes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "said", "status"),
    [
        (5, GoalStatusAfter.FROM_RATING, PyramidGoal.Status.MET),
        (5, GoalStatusAfter.KEEP_OPEN, PyramidGoal.Status.IN_PROGRESS),
        (3, GoalStatusAfter.FROM_RATING, PyramidGoal.Status.IN_PROGRESS),
        (2, GoalStatusAfter.DISCONTINUED, PyramidGoal.Status.DISCONTINUED),
        (4, GoalStatusAfter.MET, PyramidGoal.Status.MET),
    ],
)
def test_rating_goal_met_marks_the_goal_met_unless_the_visit_says_otherwise(
    setting, rating, said, status
):
    goal = GoalFactory(case=setting["case"])
    progress = GoalProgressInput(goal=goal, rating=rating, new_status=said)
    services.visit_log(**visit_kwargs(setting["case"]), goal_progress=[progress])
    goal.refresh_from_db()
    assert goal.status == status


def test_a_goal_rated_met_counts_in_the_reports_goals_met(setting):
    goal = GoalFactory(case=setting["case"], set_on=today())
    progress = GoalProgressInput(goal=goal, rating=5)
    services.visit_log(**visit_kwargs(setting["case"]), goal_progress=[progress])
    headline = report_for(ProgramLeadFactory(), this_year(), today=today()).headline
    assert headline["goals_met"] >= 1


def test_the_summary_prints_shared_notes_and_goals_never_private_ones(client, setting):
    client.force_login(setting["consultant"])
    data = form_data(
        setting,
        **{
            "visit-shared_notes": "Teacher modelled turn-taking.",
            "visit-notes": "Mother mentioned trouble at home.",
            "newgoal-0-tier": str(setting["goal"].tier.pk),
            "newgoal-0-practice_area": str(setting["goal"].practice_area.pk),
            "newgoal-0-description": "Name feelings at circle time",
        },
    )
    client.post(url_for(setting["case"]), data)
    visit = Visit.objects.get()
    summary = client.get(reverse("consultation:visit_summary", args=[visit.uuid]))
    text = summary.content.decode()
    assert "Teacher modelled turn-taking." in text
    assert "Mother mentioned trouble at home." not in text
    assert "Name feelings at circle time" in text  # the goal set on the visit
    assert setting["goal"].description in text  # the goal worked on


def test_no_note_shared_or_private_leaves_in_the_export(client, setting):
    VisitFactory(
        case=setting["case"], shared_notes="Teacher modelled turn-taking.", notes="Home trouble."
    )
    rows = exported_visits(client, ProgramLeadFactory())
    assert len(rows) == 2  # the visit itself is there
    assert "turn-taking" not in str(rows) and "Home trouble" not in str(rows)


def test_saving_a_shared_note_that_names_a_child_warns_and_saves(client, setting):
    client.force_login(setting["consultant"])
    note = "zara cried at drop-off; Zarah's sister came."
    response = client.post(
        url_for(setting["case"]), form_data(setting, **{"visit-shared_notes": note}), follow=True
    )
    assert Visit.objects.get().shared_notes == note
    warning = " ".join(str(m) for m in response.context["messages"])
    assert "names Zara" in warning


def test_a_case_with_its_child_ticked_offers_no_other_child_of_the_site(client, setting):
    client.force_login(setting["consultant"])
    other = CaseFactory(consultant=setting["consultant"])
    page = client.get(url_for(other))
    assert [c.child for c in page.context["children"]] == [other.child]
