from datetime import date
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from consultation.ages import AgeBand, age_band_on, age_in_months

# The Stars scale changed on this date: the old four levels before it, the five new ones from it.
STARS_NEW_SCALE_FROM = date(2022, 6, 1)
MAX_VISIT_MINUTES = 600


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ReferenceItem(TimeStamped):
    """A row of an admin-editable reference list."""

    name = models.CharField(max_length=120, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    name = models.CharField(max_length=40, unique=True)
    fips_code = models.CharField(max_length=5, unique=True, help_text="State + county FIPS code.")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "counties"

    def __str__(self) -> str:
        return self.name


class Site(TimeStamped):
    """A childcare program the consultants visit."""

    class SiteType(models.TextChoices):
        CENTRE = "centre", "Child care centre"
        FAMILY_HOME = "family_home", "Family child care home"
        HEAD_START = "head_start", "Head Start / Early Head Start"
        PUBLIC_PREK = "public_prek", "Public pre-K"
        TRIBAL = "tribal", "Tribal child care"

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    site_type = models.CharField(max_length=20, choices=SiteType.choices)
    licence_number = models.CharField(
        "licence number",
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text="State child care licence number (public pre-K may have none).",
    )
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="sites")
    address = models.CharField(max_length=250, blank=True)
    city = models.CharField(max_length=80, blank=True)
    director_name = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="sites",
        blank=True,
        help_text="Consultants who work with this program; they see its children.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["county", "site_type"], name="site_county_type_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("consultation:site_detail", args=[self.uuid])


class StarRating(TimeStamped):
    """A quality rating on Oklahoma's Stars scale, true from its effective date."""

    class Level(models.TextChoices):
        ONE_STAR = "one_star", "One Star (before June 2022)"
        ONE_STAR_PLUS = "one_star_plus", "One Star Plus (before June 2022)"
        TWO_STAR = "two_star", "Two Star (before June 2022)"
        THREE_STAR = "three_star", "Three Star (before June 2022)"
        STARS_1 = "stars_1", "1 Star"
        STARS_2 = "stars_2", "2 Stars"
        STARS_3 = "stars_3", "3 Stars"
        STARS_4 = "stars_4", "4 Stars"
        STARS_5 = "stars_5", "5 Stars"

    OLD_SCALE = ("one_star", "one_star_plus", "two_star", "three_star")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="star_ratings")
    level = models.CharField(max_length=20, choices=Level.choices)
    effective_date = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "effective_date"], name="starrating_one_per_site_and_date"
            ),
            models.CheckConstraint(
                condition=(
                    Q(level__in=("one_star", "one_star_plus", "two_star", "three_star"))
                    & Q(effective_date__lt=STARS_NEW_SCALE_FROM)
                )
                | (
                    Q(level__in=("stars_1", "stars_2", "stars_3", "stars_4", "stars_5"))
                    & Q(effective_date__gte=STARS_NEW_SCALE_FROM)
                ),
                name="starrating_level_matches_scale_of_its_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} from {self.effective_date:%Y-%m-%d}"


class Classroom(TimeStamped):
    class AgeGroup(models.TextChoices):
        INFANT = "infant", "Infants"
        TODDLER = "toddler", "Toddlers"
        PRESCHOOL = "preschool", "Preschoolers"
        MIXED = "mixed", "Mixed ages"

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="classrooms")
    name = models.CharField(max_length=100)
    age_group = models.CharField(max_length=12, choices=AgeGroup.choices)
    lead_teacher = models.CharField(
        "lead teacher(s)", max_length=200, blank=True, help_text="Name(s) of the lead teacher(s)."
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["site__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="classroom_name_unique_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.site.name})"


def initials_of(first_name: str, last_initial: str) -> str:
    """How a child is named wherever initials will do ("K.M."): pages and lists that read
    value rows call this rather than build a Child."""
    return f"{first_name[:1]}.{last_initial[:1]}.".upper()


class Child(TimeStamped):
    """A child, recorded with as little identifying data as the work needs."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    first_name = models.CharField(max_length=60)
    last_initial = models.CharField(
        max_length=3, help_text="Last-name initial(s) only, never the full last name."
    )
    date_of_birth = models.DateField()
    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="children")
    consent_date = models.DateField(
        "caregiver consent date",
        null=True,
        blank=True,
        help_text="Date written caregiver consent to consultation was given.",
    )
    consent_given_by = models.CharField(
        "consent given by",
        max_length=120,
        blank=True,
        help_text="Who signed, e.g. 'mother', 'grandmother (guardian)'.",
    )
    is_archived = models.BooleanField(default=False)
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["first_name", "last_initial", "pk"]
        verbose_name_plural = "children"
        constraints = [
            models.CheckConstraint(
                condition=(Q(consent_date__isnull=True) & Q(consent_given_by=""))
                | (Q(consent_date__isnull=False) & ~Q(consent_given_by="")),
                name="child_consent_date_and_giver_together",
            ),
            models.CheckConstraint(
                condition=Q(is_archived=False, archived_at__isnull=True)
                | Q(is_archived=True, archived_at__isnull=False),
                name="child_archived_flag_matches_timestamp",
            ),
        ]

    def __str__(self) -> str:
        return f"Child {self.initials}"

    def get_absolute_url(self) -> str:
        return reverse("consultation:child_detail", args=[self.uuid])

    @property
    def initials(self) -> str:
        return initials_of(self.first_name, self.last_initial)

    @property
    def display_name(self) -> str:
        """First name and last initial: for consultants' own screens only."""
        return f"{self.first_name} {self.last_initial}."

    @property
    def has_consent(self) -> bool:
        return self.consent_date is not None

    def age_band_on(self, on: date) -> AgeBand:
        return age_band_on(self.date_of_birth, on)

    def age_in_months_on(self, on: date) -> int:
        return age_in_months(self.date_of_birth, on)


class ConsultationCase(TimeStamped):
    """One request for help, assigned to one consultant."""

    class Focus(models.TextChoices):
        CHILD = "child", "Child-focused"
        CLASSROOM = "classroom", "Classroom-focused"
        PROGRAM = "program", "Program-wide"

    class Status(models.TextChoices):
        INTAKE = "intake", "Intake"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    class ClosureReason(models.TextChoices):
        GOALS_MET = "goals_met", "Goals met"
        FAMILY_WITHDREW = "family_withdrew", "Family withdrew"
        CHILD_LEFT = "child_left", "Child left the program"
        CHILD_EXPELLED = "child_expelled", "Child expelled or suspended"
        PROGRAM_DECLINED = "program_declined", "Program declined"
        OTHER = "other", "Other"

    class Placement(models.TextChoices):
        RETAINED = "retained", "Retained (still enrolled)"
        MOVED_BY_CHOICE = "moved_by_choice", "Moved to another program by choice"
        SUSPENDED = "suspended", "Suspended"
        EXPELLED = "expelled", "Expelled"
        UNKNOWN = "unknown", "Unknown"

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    focus = models.CharField(max_length=12, choices=Focus.choices)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cases")
    classroom = models.ForeignKey(
        Classroom, on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        limit_choices_to={"role": "consultant"},
    )
    opened_on = models.DateField()
    reason = models.TextField("reason for request")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INTAKE)
    at_risk_of_expulsion = models.BooleanField(
        "at risk of suspension or expulsion at intake",
        default=False,
        help_text="Child-focused cases: was the child at risk when the request came in?",
    )
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    closure_note = models.TextField(blank=True)
    placement_at_closure = models.CharField(
        max_length=20,
        choices=Placement.choices,
        blank=True,
        help_text="Child-focused cases: was the child still enrolled when the case closed?",
    )
    is_archived = models.BooleanField(
        default=False, help_text="Opened in error: hidden from caseloads and reports, kept."
    )
    # Raised by every save through the services: an edit made on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = "consultation case"
        indexes = [
            models.Index(fields=["consultant", "status"], name="case_consultant_status_idx"),
            # The admin's default order, newest first: a page of it is an index range scan.
            models.Index(fields=["-opened_on", "-id"], name="case_recent_first_idx"),
            # A team's current cases (the supervisor's changelist: its count, date links and
            # pages) and their oldest open case, from the index alone.
            models.Index(
                fields=["consultant", "opened_on", "id"],
                condition=Q(is_archived=False),
                name="case_live_by_consultant_idx",
            ),
            # A consultant's open cases, oldest first: the caseload page and the team caseload.
            models.Index(
                fields=["consultant", "opened_on", "id"],
                condition=Q(is_archived=False) & ~Q(status="closed"),
                name="case_open_by_consultant_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(focus="child", child__isnull=False)
                | Q(focus="classroom", classroom__isnull=False, child__isnull=True)
                | Q(focus="program", classroom__isnull=True, child__isnull=True),
                name="case_subject_matches_focus",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False) & ~Q(closure_reason="")
                | ~Q(status="closed") & Q(closed_on__isnull=True, closure_reason=""),
                name="case_closed_iff_closed_on_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closed_on_not_before_opened_on",
            ),
            models.CheckConstraint(
                condition=Q(placement_at_closure="") | Q(focus="child", status="closed"),
                name="case_placement_only_for_closed_child_cases",
            ),
            models.CheckConstraint(
                condition=Q(at_risk_of_expulsion=False) | Q(focus="child"),
                name="case_expulsion_risk_only_for_child_cases",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_focus_display()} case at {self.site.name} ({self.opened_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("consultation:case_detail", args=[self.uuid])

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def subject_label(self) -> str:
        """Child initials, classroom name or 'whole program': what the case is about."""
        if self.focus == self.Focus.CHILD:
            return self.child.initials
        if self.focus == self.Focus.CLASSROOM:
            return self.classroom.name
        return "Whole program"

    def days_open(self, today: date) -> int:
        return ((self.closed_on or today) - self.opened_on).days


class Activity(ReferenceItem):
    """What a consultant did on a visit (practice-based coaching strategies and visit types)."""

    class Kind(models.TextChoices):
        VISIT = "visit", "Visit activity"
        COACHING = "coaching", "Coaching strategy"
        FOLLOW_UP = "follow_up", "Follow-up between visits"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.VISIT)

    class Meta(ReferenceItem.Meta):
        verbose_name_plural = "activities"


class ConcernItem(TimeStamped):
    """One sign on the checklist of observed concerns for an age band (reference data)."""

    age_band = models.CharField(
        max_length=12,
        choices=[(b.value, b.label) for b in (AgeBand.INFANT, AgeBand.TODDLER, AgeBand.PRESCHOOL)],
    )
    text = models.CharField(max_length=200)
    prompts_crisis_lines = models.BooleanField(
        default=False,
        help_text="Recording this concern shows the consultant the crisis lines (988, Warmline).",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["age_band", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["age_band", "text"], name="concernitem_unique_per_band")
        ]

    def __str__(self) -> str:
        return f"{self.get_age_band_display()}: {self.text}"


class Visit(TimeStamped):
    class Mode(models.TextChoices):
        ON_SITE = "on_site", "On site"
        VIRTUAL = "virtual", "Virtual"
        PHONE = "phone", "Phone"

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        ConsultationCase, on_delete=models.PROTECT, related_name="visits", null=True, blank=True
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="visits")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits"
    )
    visit_date = models.DateField()
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        "duration (minutes)", help_text="1 to 600 minutes."
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.ON_SITE)
    activities = models.ManyToManyField(Activity, related_name="visits", blank=True)
    classrooms = models.ManyToManyField(Classroom, related_name="visits", blank=True)
    children = models.ManyToManyField(Child, related_name="visits", blank=True)
    notes = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    next_visit_date = models.DateField(null=True, blank=True)
    is_archived = models.BooleanField(default=False)
    # Raised by every save through the services: an edit made on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=["activities", "classrooms", "children"])

    class Meta:
        ordering = ["-visit_date", "-start_time", "-pk"]
        indexes = [
            models.Index(fields=["consultant", "visit_date"], name="visit_consultant_date_idx"),
            # A case's live visits with the figures its lists show (last and next visit, count,
            # recent minutes): read from the index alone, not from the visits' rows.
            models.Index(
                fields=["case", "visit_date"],
                include=["next_visit_date", "duration_minutes"],
                condition=Q(is_archived=False),
                name="visit_live_by_case_idx",
            ),
            # Date ranges (reports, exports) and the default order, newest first, in one index.
            models.Index(
                fields=["-visit_date", "-start_time", "-id"], name="visit_recent_first_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=MAX_VISIT_MINUTES),
                name="visit_duration_1_to_600_minutes",
            ),
            models.CheckConstraint(
                condition=Q(next_visit_date__isnull=True) | Q(next_visit_date__gte=F("visit_date")),
                name="visit_next_visit_not_before_visit",
            ),
        ]

    def __str__(self) -> str:
        return f"Visit to {self.site.name} on {self.visit_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("consultation:visit_detail", args=[self.uuid])

    @property
    def hours(self) -> float:
        return self.duration_minutes / 60


class ObservedConcern(TimeStamped):
    class Frequency(models.TextChoices):
        ONCE = "once", "Once"
        SOMETIMES = "sometimes", "Sometimes"
        OFTEN = "often", "Often"

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="concerns")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="concerns")
    concern_item = models.ForeignKey(
        ConcernItem, on_delete=models.PROTECT, related_name="observations"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["visit", "child", "concern_item", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "child", "concern_item"], name="concern_once_per_visit_child_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.child.initials}: {self.concern_item.text}"


class PyramidTier(ReferenceItem):
    """A tier of the Pyramid Model, bottom (foundation) to top (intensive)."""

    level_group = models.CharField(
        max_length=40, help_text="Foundation, Universal, Targeted or Intensive."
    )


class PracticeArea(ReferenceItem):
    pass


class PyramidGoal(TimeStamped):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        MET = "met", "Met"
        DISCONTINUED = "discontinued", "Discontinued"

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(ConsultationCase, on_delete=models.PROTECT, related_name="goals")
    tier = models.ForeignKey(PyramidTier, on_delete=models.PROTECT, related_name="goals")
    practice_area = models.ForeignKey(PracticeArea, on_delete=models.PROTECT, related_name="goals")
    description = models.TextField()
    set_with = models.CharField(
        "set with (teacher)", max_length=120, blank=True, help_text="Teacher the goal was set with."
    )
    set_on = models.DateField()
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.NOT_STARTED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "target_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__isnull=True) | Q(target_date__gte=F("set_on")),
                name="goal_target_not_before_set_on",
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice_area.name}: {self.description[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class GoalProgress(TimeStamped):
    goal = models.ForeignKey(PyramidGoal, on_delete=models.PROTECT, related_name="progress")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="goal_progress")
    recorded_on = models.DateField()
    rating = models.PositiveSmallIntegerField(help_text="1 (no progress) to 5 (goal met).")
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name_plural = "goal progress notes"
        indexes = [
            models.Index(fields=["-recorded_on", "-id"], name="goalprogress_recent_first_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="goalprogress_rating_1_to_5"
            ),
            models.UniqueConstraint(fields=["goal", "visit"], name="goalprogress_once_per_visit"),
        ]

    def __str__(self) -> str:
        return f"Progress {self.rating}/5 on {self.recorded_on:%Y-%m-%d}"
