"""Synthetic data at `small` scale: counts, domain rules, determinism, refusal and flush."""

import hashlib
from collections import Counter, defaultdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from consultation.models import (
    Child,
    Classroom,
    Consent,
    ConsultationCase,
    GoalProgress,
    ObservedConcern,
    PyramidGoal,
    Site,
    Visit,
)
from consultation.selectors import Purpose, consent_in_force
from devdata import synthetic
from referrals.models import Referral, ReferralStatusChange
from tests.factories import CaseFactory, VisitFactory

pytestmark = pytest.mark.django_db

SMALL = synthetic.SCALES["small"]
# A fixed last day makes two runs comparable whatever day the suite runs on.
AS_OF = "2026-06-30"


def generate(*extra: str, seed: int = 5) -> str:
    out = StringIO()
    call_command(
        "generate_synthetic",
        "--scale",
        "small",
        "--seed",
        str(seed),
        "--today",
        AS_OF,
        *extra,
        stdout=out,
    )
    return out.getvalue()


def fingerprint() -> str:
    """A digest of the fields that identify the generated records and their key facts."""
    parts = [
        User.objects.filter(username__startswith="synth-")
        .order_by("username")
        .values_list("username", "uuid", "role", "supervisor__username"),
        Site.objects.order_by("licence_number").values_list(
            "licence_number", "uuid", "county__name", "site_type"
        ),
        Child.objects.order_by("uuid").values_list("uuid", "date_of_birth"),
        Consent.objects.order_by("uuid").values_list("uuid", "child__uuid", "given_on"),
        ConsultationCase.objects.order_by("uuid").values_list(
            "uuid", "focus", "consultant__username", "opened_on", "status", "closed_on"
        ),
        Visit.objects.order_by("uuid").values_list(
            "uuid", "case__uuid", "visit_date", "start_time", "duration_minutes", "mode"
        ),
        ObservedConcern.objects.order_by(
            "visit__uuid", "child__uuid", "concern_item_id"
        ).values_list("visit__uuid", "child__uuid", "concern_item__text", "frequency"),
        GoalProgress.objects.order_by("goal__uuid", "visit__uuid").values_list(
            "goal__uuid", "visit__uuid", "rating"
        ),
        Referral.objects.order_by("uuid").values_list("uuid", "status", "sent_on"),
    ]
    digest = hashlib.sha256()
    for queryset in parts:
        for row in queryset:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_small_scale_generates_the_planned_counts_and_says_how_fast():
    output = generate()

    assert User.objects.filter(role=User.Role.SUPERVISOR).count() == SMALL.supervisors
    assert User.objects.filter(role=User.Role.CONSULTANT).count() == SMALL.consultants
    assert Site.objects.count() == SMALL.sites
    assert Classroom.objects.count() == SMALL.classrooms
    assert Child.objects.count() == SMALL.children
    assert ConsultationCase.objects.count() == SMALL.cases
    assert Visit.objects.count() == SMALL.visits
    assert ObservedConcern.objects.count() == SMALL.concerns
    assert GoalProgress.objects.count() == SMALL.goal_progress
    assert Referral.objects.count() == SMALL.referrals
    assert "rows/s" in output
    assert "consultation_visit: 5,000/5,000 rows" in output
    # bulk_create sends no signals: synthetic data starts without history rows.
    assert not Visit.history.exists()
    assert not ConsultationCase.history.exists()


def assert_cases_and_visits_keep_their_rules(today: date, as_of: date) -> None:
    cases = {c.pk: c for c in ConsultationCase.objects.all()}
    for case in cases.values():
        if case.status == ConsultationCase.Status.CLOSED:
            assert case.closed_on and case.closure_reason
        if case.focus == ConsultationCase.Focus.CHILD:
            assert consent_in_force(case.child, case.opened_on, Purpose.CONSULTATION)
            assert case.child.classroom.site_id == case.site_id
    for visit in Visit.objects.all():
        case = cases[visit.case_id]
        assert 1 <= visit.duration_minutes <= 600
        assert case.opened_on <= visit.visit_date <= min(today, as_of)
        assert case.closed_on is None or visit.visit_date <= case.closed_on
        assert visit.site_id == case.site_id and visit.consultant_id == case.consultant_id
    # Intake means no visit yet; every visited open case is active.
    visited = set(Visit.objects.values_list("case_id", flat=True))
    for case in cases.values():
        assert (case.status == ConsultationCase.Status.INTAKE) == (case.pk not in visited)


def assert_concerns_and_goals_keep_their_rules() -> None:
    involved = set(Visit.children.through.objects.values_list("visit_id", "child_id"))
    concerns = ObservedConcern.objects.select_related("visit", "child", "concern_item")
    for concern in concerns:
        band = concern.child.age_band_on(concern.visit.visit_date)
        assert concern.concern_item.age_band == band.value
        assert (concern.visit_id, concern.child_id) in involved
        assert concern.child.consents.get().in_force_on(concern.visit.visit_date)
    for progress in GoalProgress.objects.select_related("goal", "visit"):
        assert progress.visit.case_id == progress.goal.case_id
        assert progress.goal.set_on <= progress.visit.visit_date == progress.recorded_on
    progressed = set(GoalProgress.objects.values_list("goal_id", flat=True))
    assert not PyramidGoal.objects.filter(
        pk__in=progressed, status=PyramidGoal.Status.NOT_STARTED
    ).exists()


def assert_referral_keeps_its_rules(referral: Referral, history: list, today: date) -> None:
    assert history[0].from_status == "" and history[0].to_status == Referral.Status.DRAFT
    for before, after in zip(history, history[1:], strict=False):
        assert after.from_status == before.to_status
        assert after.to_status in Referral.ALLOWED_TRANSITIONS[before.to_status]
        assert before.changed_on <= after.changed_on <= today
    assert history[-1].to_status == referral.status
    assert referral.case.opened_on <= history[0].changed_on
    child = referral.subject_child
    if referral.sent_on and child is not None:
        assert consent_in_force(child, referral.sent_on, Purpose.SHARING, agency=referral.agency)
    elif referral.sent_on:
        assert referral.has_family_consent and referral.consent_date <= referral.sent_on
    if referral.child_id:
        assert referral.child.classroom.site_id == referral.case.site_id
        months = referral.child.age_in_months_on(history[0].changed_on)
        max_age = referral.service_type.max_age_months
        assert max_age is None or months < max_age


def test_generated_data_keeps_the_rules_of_the_domain():
    generate()
    today = timezone.localdate()
    assert_cases_and_visits_keep_their_rules(today, date.fromisoformat(AS_OF))
    assert_concerns_and_goals_keep_their_rules()
    steps = defaultdict(list)
    for change in ReferralStatusChange.objects.order_by("referral_id", "changed_on", "pk"):
        steps[change.referral_id].append(change)
    for referral in Referral.objects.select_related("case", "child"):
        assert_referral_keeps_its_rules(referral, steps[referral.pk], today)


def test_sites_follow_population_and_consultants_work_near_home():
    generate()
    by_county = Counter(Site.objects.values_list("county__name", flat=True))
    # Oklahoma and Tulsa counties hold about 37% of the state's people.
    metro_share = (by_county["Oklahoma"] + by_county["Tulsa"]) / SMALL.sites
    assert 0.25 <= metro_share <= 0.5
    region_of = {name: region for name, (_, region) in synthetic.COUNTIES.items()}
    in_region = Counter()
    for consultant in User.objects.filter(role=User.Role.CONSULTANT):
        regions = Counter(
            region_of[name]
            for name in ConsultationCase.objects.filter(consultant=consultant).values_list(
                "site__county__name", flat=True
            )
        )
        if regions:
            in_region[regions.most_common(1)[0][1] == sum(regions.values())] += 1
    # Every consultant's cases lie in one region (home county and its neighbours).
    assert in_region[False] == 0


def test_same_seed_gives_the_same_data_and_a_second_run_is_refused():
    generate(seed=11)
    first = fingerprint()

    with pytest.raises(CommandError, match="Synthetic data already exists"):
        generate(seed=11)

    output = generate("--flush", seed=11)
    assert "removed" in output
    assert fingerprint() == first

    generate("--flush", seed=12)
    assert fingerprint() != first


def test_flush_removes_synthetic_rows_only():
    real_visit = VisitFactory(case=CaseFactory())
    generate()

    call_command("generate_synthetic", "--flush-only", stdout=StringIO())

    assert not User.objects.filter(username__startswith="synth-").exists()
    assert not Site.objects.filter(licence_number__startswith="SYN-").exists()
    assert list(Visit.objects.all()) == [real_visit]
    assert ConsultationCase.objects.get() == real_visit.case
