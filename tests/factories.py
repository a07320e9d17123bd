"""Factories for tests. Children are born so that their age band is known on today's date."""

from datetime import date, time, timedelta

import factory
from django.utils import timezone

from accounts.agreement_services import agreement_accept_current
from accounts.models import User
from consultation.models import (
    Administration,
    Child,
    Classroom,
    ConcernItem,
    Consent,
    ConsultationCase,
    County,
    ExclusionEvent,
    Instrument,
    PracticeArea,
    PyramidGoal,
    PyramidTier,
    Score,
    Site,
    Visit,
)
from referrals.models import Agency, Referral, ServiceType


def today() -> date:
    return timezone.localdate()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = User.Role.CONSULTANT
    password = factory.django.Password("test-pass-2026")

    @factory.post_generation
    def accepted_agreement(obj, create, extracted, **kwargs):
        """Users have accepted the confidentiality agreement in force unless told otherwise
        (`accepted_agreement=False`), so that tests of other pages are not sent to it."""
        if create and extracted is not False:
            agreement_accept_current(user=obj)


class SupervisorFactory(UserFactory):
    role = User.Role.SUPERVISOR
    is_staff = True


class ConsultantFactory(UserFactory):
    role = User.Role.CONSULTANT
    supervisor = factory.SubFactory(SupervisorFactory)


class ProgramLeadFactory(UserFactory):
    role = User.Role.PROGRAM_LEAD
    is_staff = True


def county(name: str = "Oklahoma") -> County:
    return County.objects.get(name=name)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Little Acorns {n}")
    site_type = Site.SiteType.CENTRE
    licence_number = factory.Sequence(lambda n: f"OK-{10000 + n}")
    county = factory.LazyFunction(county)
    director_name = "Dana Director"

    @factory.post_generation
    def consultants(self, create, extracted, **kwargs):
        if create and extracted:
            self.consultants.add(*extracted)


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    age_group = Classroom.AgeGroup.PRESCHOOL
    lead_teacher = "Ms. Teacher"


class ChildFactory(factory.django.DjangoModelFactory):
    """A preschooler (four years old) with a parent's consent to consultation and to sharing
    with any agency, in force since birth; `consent=False` for a child without any."""

    class Meta:
        model = Child
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Kid{n}")
    last_initial = "M"
    date_of_birth = factory.LazyFunction(lambda: today() - timedelta(days=4 * 365))
    classroom = factory.SubFactory(ClassroomFactory)

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ConsentFactory(child=self, given_on=self.date_of_birth, **kwargs)


class ConsentFactory(factory.django.DjangoModelFactory):
    """A parent's written consent to consultation and to sharing with any agency."""

    class Meta:
        model = Consent

    child = factory.SubFactory(ChildFactory, consent=False)
    given_by = "Maria L."
    relationship = Consent.Relationship.PARENT
    given_on = factory.LazyFunction(lambda: today() - timedelta(days=60))
    covers_consultation = True
    covers_sharing = True


class CaseFactory(factory.django.DjangoModelFactory):
    """A child-focused open case; pass focus/classroom/site for the others."""

    class Meta:
        model = ConsultationCase
        skip_postgeneration_save = True

    focus = ConsultationCase.Focus.CHILD
    child = factory.SubFactory(ChildFactory)
    classroom = factory.LazyAttribute(lambda o: o.child.classroom if o.child else None)
    site = factory.LazyAttribute(
        lambda o: o.classroom.site if o.classroom else SiteFactory()  # program cases
    )
    consultant = factory.SubFactory(ConsultantFactory)
    opened_on = factory.LazyFunction(lambda: today() - timedelta(days=45))
    reason = "Biting and hitting at transitions"
    status = ConsultationCase.Status.ACTIVE

    @factory.post_generation
    def _site_consultant(self, create, extracted, **kwargs):
        if create:
            self.site.consultants.add(self.consultant)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    case = factory.SubFactory(CaseFactory)
    site = factory.LazyAttribute(lambda o: o.case.site)
    consultant = factory.LazyAttribute(lambda o: o.case.consultant)
    visit_date = factory.LazyFunction(lambda: today() - timedelta(days=7))
    start_time = time(9, 30)
    duration_minutes = 90
    mode = Visit.Mode.ON_SITE
    notes = "Observed arrival and circle time."
    is_archived = False
    # A voided visit says when and why (the database holds that rule).
    void_reason = factory.LazyAttribute(lambda o: "Logged twice" if o.is_archived else "")
    voided_at = factory.LazyAttribute(lambda o: timezone.now() if o.is_archived else None)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PyramidGoal

    case = factory.SubFactory(CaseFactory)
    tier = factory.LazyFunction(lambda: PyramidTier.objects.order_by("sort_order")[3])
    practice_area = factory.LazyFunction(lambda: PracticeArea.objects.order_by("sort_order")[0])
    description = "Use a visual schedule at transitions"
    set_with = "Ms. Teacher"
    set_on = factory.LazyAttribute(lambda o: o.case.opened_on)
    target_date = factory.LazyFunction(lambda: today() + timedelta(days=60))


def service_type(name: str = "Child Guidance Program") -> ServiceType:
    return ServiceType.objects.get(name=name)


def agency_for(service: ServiceType) -> Agency:
    return service.agencies.order_by("sort_order").first()


class ReferralFactory(factory.django.DjangoModelFactory):
    """A draft referral about the case's child (whose consent to share the child's factory
    recorded); pass `child=None` on a case about no child for a family referral, with
    `consent_date` and `consent_given_by` for the family's consent."""

    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    child = factory.LazyAttribute(lambda o: o.case.child)
    service_type = factory.LazyFunction(service_type)
    agency = factory.LazyAttribute(lambda o: agency_for(o.service_type))
    reason = "Family asked for counselling support"
    created_by = factory.LazyAttribute(lambda o: o.case.consultant)


def concern_item(band: str, crisis: bool = False) -> ConcernItem:
    return ConcernItem.objects.filter(age_band=band, prompts_crisis_lines=crisis).first()


# Supervisor review (admin) ----------------------------------------------------------------------


class StarRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultation.StarRating"

    site = factory.SubFactory(SiteFactory)
    level = "stars_3"
    effective_date = factory.LazyFunction(lambda: today() - timedelta(days=200))


class ObservedConcernFactory(factory.django.DjangoModelFactory):
    """A concern from the preschool checklist, for a (preschool) child of the visit's case."""

    class Meta:
        model = "consultation.ObservedConcern"

    visit = factory.SubFactory(VisitFactory)
    child = factory.LazyAttribute(lambda o: o.visit.case.child)
    concern_item = factory.LazyFunction(lambda: concern_item("preschool"))
    frequency = "sometimes"


class GoalProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultation.GoalProgress"

    goal = factory.SubFactory(GoalFactory)
    visit = factory.LazyAttribute(lambda o: VisitFactory(case=o.goal.case))
    recorded_on = factory.LazyAttribute(lambda o: o.visit.visit_date)
    rating = 3


class ReferralStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "referrals.ReferralStatusChange"

    referral = factory.SubFactory(ReferralFactory)
    from_status = ""
    to_status = "draft"
    changed_on = factory.LazyFunction(lambda: today() - timedelta(days=10))
    changed_by = factory.LazyAttribute(lambda o: o.referral.created_by)


def instrument(code: str) -> Instrument:
    """An instrument of the catalogue the data migration loads ("perm", "tpot", ...)."""
    return Instrument.objects.get(code=code)


class AdministrationFactory(factory.django.DjangoModelFactory):
    """A baseline DECA-P2 of the case's child, with every score at 50."""

    class Meta:
        model = Administration
        skip_postgeneration_save = True

    instrument = factory.LazyFunction(lambda: instrument("deca-p2"))
    case = factory.SubFactory(CaseFactory)
    child = factory.LazyAttribute(lambda o: o.case.child)
    administered_on = factory.LazyAttribute(lambda o: o.case.opened_on)
    point = Administration.Point.BASELINE
    recorded_by = factory.LazyAttribute(lambda o: o.case.consultant)

    @factory.post_generation
    def scores(self, create, extracted, **kwargs):
        if create:
            for field in self.instrument.score_fields.all():
                Score.objects.create(administration=self, score_field=field, value=50)


class ExclusionEventFactory(factory.django.DjangoModelFactory):
    """The case's child sent home early by the director, a week ago."""

    class Meta:
        model = ExclusionEvent

    case = factory.SubFactory(CaseFactory)
    child = factory.LazyAttribute(lambda o: o.case.child)
    kind = ExclusionEvent.Kind.SENT_HOME
    occurred_on = factory.LazyFunction(lambda: today() - timedelta(days=7))
    decided_by = ExclusionEvent.DecidedBy.DIRECTOR
    recorded_by = factory.LazyAttribute(lambda o: o.case.consultant)
