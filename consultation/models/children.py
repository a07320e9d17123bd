"""Children, recorded with as little identifying data as the work needs."""

from datetime import date
from uuid import uuid4

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from consultation.ages import AgeBand, age_band_on, age_in_months
from consultation.models.base import TimeStamped
from consultation.models.sites import Classroom
from core.scope import via


def initials_of(first_name: str, last_initial: str) -> str:
    """How a child is named wherever initials will do ("K.M."): pages and lists that read
    value rows call this rather than build a Child."""
    return f"{first_name[:1]}.{last_initial[:1]}.".upper()


class FamilyLanguage(models.TextChoices):
    """The language a child's family reads first, as they told the program."""

    ENGLISH = "en", gettext_lazy("English")
    SPANISH = "es", gettext_lazy("Spanish")
    OTHER = "other", gettext_lazy("Other")
    NOT_RECORDED = "not_recorded", gettext_lazy("Not recorded")
    DECLINED = "declined", gettext_lazy("Declined to say")


class Child(TimeStamped):
    """A child, recorded with as little identifying data as the work needs."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    first_name = models.CharField(max_length=60)
    # Two letters at most ("Mc", "De"): rows from before the rule may hold three.
    last_initial = models.CharField(
        max_length=3,
        help_text="The last name's initial only: one letter, or two for names such as "
        "McKay (Mc) or De Luca (De).",
    )
    date_of_birth = models.DateField()
    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="children")
    # The family's language: the consent form prints in it when the site has it (core.i18n).
    preferred_language = models.CharField(
        "family's preferred language",
        max_length=16,
        choices=FamilyLanguage.choices,
        default=FamilyLanguage.NOT_RECORDED,
    )
    is_archived = models.BooleanField(default=False)
    archived_at = models.DateTimeField(null=True, blank=True)
    archive_reason = models.CharField("why archived", max_length=200, blank=True)
    # Raised by every save through the services: an edit made on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    # Who may see this row: whoever may see its classroom's site (core.scope).
    owner_path = via("classroom", Classroom.owner_path)

    class Meta:
        ordering = ["first_name", "last_initial", "pk"]
        verbose_name_plural = "children"
        constraints = [
            models.CheckConstraint(
                condition=Q(is_archived=False, archived_at__isnull=True)
                | Q(is_archived=True, archived_at__isnull=False),
                name="child_archived_flag_matches_timestamp",
            ),
            models.CheckConstraint(
                condition=Q(is_archived=False, archive_reason="")
                | Q(is_archived=True) & ~Q(archive_reason=""),
                name="child_archived_with_a_reason",
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

    def age_band_on(self, on: date) -> AgeBand:
        return age_band_on(self.date_of_birth, on)

    def age_in_months_on(self, on: date) -> int:
        return age_in_months(self.date_of_birth, on)
