"""Measures, as scores only: the catalogue shipped, recording an administration (ranges, age and
room fit, all or nothing), voiding one, and the measures due on opening and closing a case."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from consultation import services
from consultation.models import (
    Administration,
    Classroom,
    ConsultationCase,
    Instrument,
    MeasureDue,
    Score,
    ScoreField,
)
from tests.factories import (
    AdministrationFactory,
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ConsultantFactory,
    instrument,
    today,
)

pytestmark = pytest.mark.django_db


def scores_of(code: str, values: dict[str, float]) -> dict[int, Decimal | None]:
    """Scores keyed by field pk, as the record form sends them, from the fields' names."""
    fields = {f.name: f.pk for f in ScoreField.objects.filter(instrument__code=code)}
    return {fields[name]: Decimal(str(value)) for name, value in values.items()}


def perm_total(value) -> dict[int, Decimal | None]:
    return scores_of("perm", {"Total risk score": value})


def record(case, code: str, scores, **kwargs) -> Administration:
    return services.administration_record(
        case=case,
        instrument=instrument(code),
        by=kwargs.pop("by", case.consultant),
        administered_on=kwargs.pop("administered_on", today()),
        point=kwargs.pop("point", "baseline"),
        scores=scores,
        **kwargs,
    )


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


def test_the_catalogue_ships_the_instruments_funders_ask_for_with_scores_only():
    codes = set(Instrument.objects.values_list("code", flat=True))
    assert codes >= {"perm", "deca-p2", "deca-it", "asq-se-2", "tpot", "tpitos", "boq", "tses"}
    for item in Instrument.objects.all():
        assert item.score_fields.filter(is_total=True).count() == 1, item.code
    deca = instrument("deca-p2")
    assert (deca.rates, deca.min_age_months, deca.max_age_months) == ("child", 36, 71)
    assert instrument("tpot").room_types == ["preschool", "mixed"]
    concerns = ScoreField.objects.get(instrument=deca, name="Behavioral Concerns")
    assert concerns.direction == ScoreField.Direction.HIGHER_WORSE
    asq_total = ScoreField.objects.get(instrument__code="asq-se-2", is_total=True)
    assert asq_total.cut_offs.count() == 9
    # A total whose range is not published openly takes any value, and says so.
    perm = ScoreField.objects.get(instrument__code="perm")
    assert (
        perm.min_value is None
        and perm.max_value is None
        and "not published" in perm.instrument.note
    )


def test_consultant_records_a_baseline_with_its_scores_and_it_satisfies_the_due_entry():
    case = CaseFactory()
    due = MeasureDue.objects.create(
        case=case, instrument=instrument("deca-p2"), point="baseline", due_by=today()
    )
    values = {
        "Total Protective Factors": 38,
        "Initiative": 41,
        "Self-Regulation": 36.5,
        "Attachment/Relationships": 44,
        "Behavioral Concerns": 66,
    }
    administration = record(case, "deca-p2", scores_of("deca-p2", values))
    assert administration.child == case.child and administration.point == "baseline"
    assert sorted(administration.scores.values_list("value", flat=True)) == [
        Decimal("36.5"),
        Decimal(38),
        Decimal(41),
        Decimal(44),
        Decimal(66),
    ]
    due.refresh_from_db()
    assert due.satisfied_by == administration


def test_a_score_out_of_range_is_refused_beside_its_field_and_nothing_is_saved():
    scores = scores_of("tpot", {"Key practices (% of indicators)": 104, "Red flags (count)": 3})
    case = CaseFactory(focus="classroom", child=None, classroom=ClassroomFactory())
    with pytest.raises(ValidationError) as excinfo:
        record(case, "tpot", scores)
    key = ScoreField.objects.get(instrument__code="tpot", is_total=True).pk
    assert excinfo.value.message_dict[f"score_{key}"] == [
        "Key practices (% of indicators) runs 0 to 100: 104 is outside it."
    ]
    assert not Administration.objects.exists() and not Score.objects.exists()


def test_a_free_total_still_fits_the_column():
    case = CaseFactory()
    with pytest.raises(ValidationError) as excinfo:
        record(case, "perm", perm_total(250000))
    assert list(excinfo.value.message_dict.values()) == [
        ["Total risk score cannot be 100,000 or more."]
    ]
    assert record(case, "perm", perm_total(99)).scores.get().value == 99


def test_a_required_score_left_empty_is_asked_for():
    case = CaseFactory(focus="classroom", child=None, classroom=ClassroomFactory())
    scores = scores_of("tpot", {"Key practices (% of indicators)": 80})
    with pytest.raises(ValidationError) as excinfo:
        record(case, "tpot", scores)
    assert ["Enter the Red flags (count) score."] in excinfo.value.message_dict.values()
    assert not Administration.objects.exists()


def test_an_instrument_outside_the_childs_age_on_that_date_is_refused():
    toddler = ChildFactory(date_of_birth=today() - timedelta(days=2 * 365))
    case = CaseFactory(child=toddler)
    with pytest.raises(ValidationError) as excinfo:
        record(case, "perm", perm_total(12))
    [message] = excinfo.value.message_dict["administered_on"]
    assert message.startswith("PERM (Preschool Expulsion Risk Measure) fits children 36–71 months")
    assert "23 months old" in message or "24 months old" in message
    assert not Administration.objects.exists()


def test_a_classroom_instrument_outside_its_room_type_is_refused():
    toddler_room = ClassroomFactory(age_group=Classroom.AgeGroup.TODDLER)
    case = CaseFactory(focus="classroom", child=None, classroom=toddler_room)
    scores = scores_of("tpot", {"Key practices (% of indicators)": 80, "Red flags (count)": 2})
    with pytest.raises(ValidationError) as excinfo:
        record(case, "tpot", scores)
    assert "a room of toddlers" in excinfo.value.message_dict["instrument"][0]
    # The infant-toddler tool fits the same room.
    scores = scores_of("tpitos", {"Key practices (% of indicators)": 70, "Red flags (count)": 4})
    assert record(case, "tpitos", scores).classroom == toddler_room


def test_a_child_instrument_on_a_program_case_and_a_teacher_scale_without_initials_are_refused():
    program_case = CaseFactory(focus="program", child=None, classroom=None)
    with pytest.raises(ValidationError) as excinfo:
        record(program_case, "perm", perm_total(10))
    assert "child-focused case" in excinfo.value.message_dict["instrument"][0]
    room_case = CaseFactory(focus="classroom", child=None, classroom=ClassroomFactory())
    tses = scores_of(
        "tses",
        {
            "Total (mean)": 6.5,
            "Student engagement": 6,
            "Instructional strategies": 7,
            "Classroom management": 6.5,
        },
    )
    with pytest.raises(ValidationError) as excinfo:
        record(room_case, "tses", tses)
    assert "teacher_initials" in error_fields(excinfo)
    assert record(room_case, "tses", tses, teacher_initials="J.R.").teacher_initials == "J.R."


def test_a_measure_dated_in_the_future_or_before_the_case_or_by_another_consultant_is_refused():
    case = CaseFactory()
    with pytest.raises(ValidationError) as excinfo:
        record(case, "perm", perm_total(10), administered_on=today() + timedelta(days=1))
    assert "administered_on" in error_fields(excinfo)
    with pytest.raises(ValidationError):
        record(case, "perm", perm_total(10), administered_on=case.opened_on - timedelta(days=1))
    with pytest.raises(ValidationError):
        record(case, "perm", perm_total(10), by=ConsultantFactory())
    assert not Administration.objects.exists()


def test_voiding_keeps_the_record_and_makes_its_measure_due_again():
    administration = AdministrationFactory()
    due = MeasureDue.objects.create(
        case=administration.case,
        instrument=administration.instrument,
        point="baseline",
        due_by=today(),
        satisfied_by=administration,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.administration_void(
            administration=administration, by=administration.recorded_by, reason=" "
        )
    assert "reason" in error_fields(excinfo)
    services.administration_void(
        administration=administration, by=administration.recorded_by, reason="Wrong child"
    )
    administration.refresh_from_db()
    due.refresh_from_db()
    assert administration.is_void and administration.void_reason == "Wrong child"
    assert administration.scores.count() == 5  # nothing deleted
    assert due.satisfied_by is None
    assert administration.history.first().history_change_reason.endswith("voided: Wrong child")


def open_case(**kwargs) -> ConsultationCase:
    return services.case_open(consultant=ConsultantFactory(), reason="Biting", **kwargs)


def due_of(case: ConsultationCase, point: str) -> dict[str, object]:
    return {
        due.instrument.code: due.due_by
        for due in case.measures_due.filter(point=point).select_related("instrument")
    }


def test_opening_a_case_schedules_the_baselines_its_focus_and_subject_need():
    preschooler = ChildFactory()  # four years old
    case = open_case(focus="child", child=preschooler)
    assert due_of(case, "baseline") == {
        "perm": case.opened_on + timedelta(days=30),
        "deca-p2": case.opened_on + timedelta(days=30),
    }
    infant = ChildFactory(date_of_birth=today() - timedelta(days=200))
    assert set(due_of(open_case(focus="child", child=infant), "baseline")) == {"deca-it"}
    toddler_room = ClassroomFactory(age_group=Classroom.AgeGroup.TODDLER)
    room_case = open_case(focus="classroom", classroom=toddler_room)
    assert set(due_of(room_case, "baseline")) == {"tpitos", "tses"}
    program_case = open_case(focus="program", site=toddler_room.site)
    assert set(due_of(program_case, "baseline")) == {"boq"}


def test_closing_a_case_schedules_follow_ups_and_one_recorded_already_counts():
    case = open_case(focus="child", child=ChildFactory())
    record(case, "perm", perm_total(14))
    follow_up = record(case, "perm", perm_total(8), point="follow_up")
    asq = ScoreField.objects.get(instrument__code="asq-se-2").pk
    record(case, "asq-se-2", {asq: Decimal(60)})  # not scheduled, but it has a baseline
    services.case_close(case=case, closure_reason="goals_met", placement_at_closure="retained")
    follow_ups = case.measures_due.filter(point="follow_up")
    assert set(due_of(case, "follow_up")) == {"perm", "deca-p2", "asq-se-2"}
    assert set(due_of(case, "follow_up").values()) == {today() + timedelta(days=30)}
    assert follow_ups.get(instrument__code="perm").satisfied_by == follow_up
    assert follow_ups.filter(satisfied_by__isnull=True).count() == 2
