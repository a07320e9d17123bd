"""Measures, as scores only: the catalogue of instruments (reference data), each administration
a consultant records with its scores, and the measures a case has due. Many instruments are
copyrighted: their items are never stored, only the totals and subscales a consultant enters."""

from decimal import Decimal
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from consultation.models.base import TimeStamped
from consultation.models.cases import ConsultationCase
from consultation.models.children import Child
from consultation.models.sites import Classroom


class Instrument(TimeStamped):
    """An instrument of the catalogue: who it rates, whom it fits, and when it is due."""

    class Rates(models.TextChoices):
        CHILD = "child", gettext_lazy("A child")
        CLASSROOM = "classroom", gettext_lazy("A classroom")
        TEACHER = "teacher", gettext_lazy("A teacher")
        PROGRAM = "program", gettext_lazy("A program")

    code = models.SlugField(max_length=30, unique=True, help_text="Short name used in addresses.")
    name = models.CharField(max_length=120, unique=True)
    rates = models.CharField("who it rates", max_length=10, choices=Rates.choices)
    min_age_months = models.PositiveSmallIntegerField(
        "from age (months)", null=True, blank=True, help_text="Child instruments: youngest age."
    )
    max_age_months = models.PositiveSmallIntegerField(
        "to age (months)",
        null=True,
        blank=True,
        help_text="Child instruments: oldest age, in completed months (inclusive).",
    )
    fits_infant_rooms = models.BooleanField(default=False)
    fits_toddler_rooms = models.BooleanField(default=False)
    fits_preschool_rooms = models.BooleanField(default=False)
    fits_mixed_rooms = models.BooleanField(default=False)
    scheduled = models.BooleanField(
        "scheduled for cases",
        default=True,
        help_text="Opening a case of the focus it rates makes a baseline due; closing it, a "
        "follow-up.",
    )
    baseline_window_days = models.PositiveSmallIntegerField(
        "baseline due within (days of opening)", default=30
    )
    follow_up_window_days = models.PositiveSmallIntegerField(
        "follow-up due within (days of closing)", default=30
    )
    note = models.TextField(blank=True, help_text="Scoring notes shown on the record form.")
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age_months__isnull=True)
                | Q(max_age_months__isnull=True)
                | Q(max_age_months__gte=F("min_age_months")),
                name="instrument_age_range_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def room_types(self) -> list[str]:
        """The classroom age groups it fits (Classroom.AgeGroup values)."""
        fits = {
            Classroom.AgeGroup.INFANT: self.fits_infant_rooms,
            Classroom.AgeGroup.TODDLER: self.fits_toddler_rooms,
            Classroom.AgeGroup.PRESCHOOL: self.fits_preschool_rooms,
            Classroom.AgeGroup.MIXED: self.fits_mixed_rooms,
        }
        return [group.value for group, fit in fits.items() if fit]

    @property
    def fit_label(self) -> str:
        """ "36–71 months", "preschool rooms", or "" when it fits anyone."""
        if self.min_age_months is not None or self.max_age_months is not None:
            low, high = self.min_age_months or 0, self.max_age_months
            if high is not None:
                return _("%(low)s–%(high)s months") % {"low": low, "high": high}
            return _("%(low)s months and older") % {"low": low}
        labels = dict(Classroom.AgeGroup.choices)
        return ", ".join(str(labels[room]).lower() for room in self.room_types)


class ScoreField(TimeStamped):
    """A total or subscale of an instrument: its range (empty ends when the publisher gives
    none) and which way is better."""

    class Direction(models.TextChoices):
        HIGHER_BETTER = "higher_better", gettext_lazy("Higher is better")
        HIGHER_WORSE = "higher_worse", gettext_lazy("Higher is worse")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="score_fields"
    )
    name = models.CharField(max_length=80)
    is_total = models.BooleanField(default=False)
    min_value = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    direction = models.CharField(max_length=14, choices=Direction.choices)
    required = models.BooleanField(
        default=True, help_text="Off for a subscale only some forms of the instrument have."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["instrument", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "name"], name="scorefield_unique_name"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gt=F("min_value")),
                name="scorefield_range_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code}: {self.name}"

    @property
    def range_label(self) -> str:
        low = "" if self.min_value is None else f"{self.min_value.normalize():f}"
        high = "" if self.max_value is None else f"{self.max_value.normalize():f}"
        if low and high:
            return _("%(low)s to %(high)s") % {"low": low, "high": high}
        if low:
            return _("%(low)s or more") % {"low": low}
        return _("up to %(high)s") % {"high": high} if high else _("no published range")

    def out_of_range(self, value: Decimal) -> bool:
        return (self.min_value is not None and value < self.min_value) or (
            self.max_value is not None and value > self.max_value
        )


class CutOff(TimeStamped):
    """A score at which a child (or room) is of concern: at or above it when higher is worse,
    at or below it when higher is better; by age interval where the publisher says so."""

    score_field = models.ForeignKey(ScoreField, on_delete=models.PROTECT, related_name="cut_offs")
    from_age_months = models.PositiveSmallIntegerField(null=True, blank=True)
    to_age_months = models.PositiveSmallIntegerField(null=True, blank=True)
    value = models.DecimalField(max_digits=7, decimal_places=2)
    label = models.CharField(max_length=120, help_text="What crossing it means.")

    class Meta:
        ordering = ["score_field", "from_age_months", "pk"]

    def __str__(self) -> str:
        return f"{self.score_field}: {self.value} ({self.label})"


class Point(models.TextChoices):
    BASELINE = "baseline", gettext_lazy("Baseline")
    FOLLOW_UP = "follow_up", gettext_lazy("Follow-up")
    OTHER = "other", gettext_lazy("Other")


class Administration(TimeStamped):
    """One administration of an instrument on a case, with its scores. Voided with a reason,
    never deleted."""

    Point = Point  # the same points as the measures due

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="administrations"
    )
    case = models.ForeignKey(
        ConsultationCase, on_delete=models.PROTECT, related_name="administrations"
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="administrations", null=True, blank=True
    )
    classroom = models.ForeignKey(
        Classroom, on_delete=models.PROTECT, related_name="administrations", null=True, blank=True
    )
    teacher_initials = models.CharField(max_length=8, blank=True)
    administered_on = models.DateField("date")
    point = models.CharField(max_length=10, choices=Point.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_void = models.BooleanField(default=False)
    void_reason = models.CharField(max_length=200, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    # Who may see this row: the consultant at the end of this path (core.scope).
    owner_path = "case__consultant"

    class Meta:
        ordering = ["-administered_on", "-pk"]
        indexes = [
            models.Index(fields=["case", "administered_on"], name="administration_case_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_void=False, void_reason="", voided_at__isnull=True)
                | Q(is_void=True, voided_at__isnull=False) & ~Q(void_reason=""),
                name="administration_void_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.get_point_display()} {self.administered_on:%Y-%m-%d}"


class Score(models.Model):
    """One score of an administration (a total or a subscale): never an item."""

    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, related_name="scores"
    )
    score_field = models.ForeignKey(ScoreField, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=7, decimal_places=2)

    owner_path = "administration__case__consultant"

    class Meta:
        ordering = ["administration", "score_field__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "score_field"], name="score_one_per_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score_field.name}: {self.value}"


class MeasureDue(TimeStamped):
    """A measure a case has due: scheduled on opening (baseline) and closing (follow-up),
    satisfied by the first live administration of that instrument at that point."""

    case = models.ForeignKey(
        ConsultationCase, on_delete=models.PROTECT, related_name="measures_due"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    point = models.CharField(max_length=10, choices=Point.choices)
    due_by = models.DateField()
    satisfied_by = models.ForeignKey(
        Administration, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    owner_path = "case__consultant"

    class Meta:
        ordering = ["due_by", "pk"]
        verbose_name = "measure due"
        verbose_name_plural = "measures due"
        indexes = [
            models.Index(
                fields=["case", "due_by"],
                condition=Q(satisfied_by__isnull=True),
                name="measuredue_open_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "instrument", "point"], name="measuredue_one_per_point"
            ),
            models.CheckConstraint(
                condition=~Q(point="other"), name="measuredue_baseline_or_follow_up"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.get_point_display()} due {self.due_by:%Y-%m-%d}"
