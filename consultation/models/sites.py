"""Childcare programs, their Stars ratings and their classrooms."""

from datetime import date
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from consultation.models.base import TimeStamped
from consultation.models.case_status import OPEN_CASE_STATUSES
from consultation.models.reference import County
from core.scope import Owner, via

# The Stars scale changed on this date: the old four levels before it, the five new ones from it.
STARS_NEW_SCALE_FROM = date(2022, 6, 1)


class Site(TimeStamped):
    """A childcare program the consultants visit."""

    class SiteType(models.TextChoices):
        CENTRE = "centre", gettext_lazy("Child care centre")
        FAMILY_HOME = "family_home", gettext_lazy("Family child care home")
        HEAD_START = "head_start", gettext_lazy("Head Start / Early Head Start")
        PUBLIC_PREK = "public_prek", gettext_lazy("Public pre-K")
        TRIBAL = "tribal", gettext_lazy("Tribal child care")

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
    # The staff's language: the visit summary prints in it (core.i18n); empty, the page's.
    provider_language = models.CharField(
        "provider's language",
        max_length=8,
        blank=True,
        choices=[("en", "English"), ("es", "Spanish")],
        help_text="The language visit summaries for this program are printed in.",
    )
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="sites",
        blank=True,
        help_text="Consultants who work with this program; they see its children.",
    )
    # Raised by every save through the services: an edit made on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    # Who may see this row (core.scope): the consultants assigned to the site, and those with
    # an open case there (a case opened in error gives no one a site).
    owner_path = (
        Owner("consultants"),
        Owner(
            "cases__consultant",
            when=Q(cases__status__in=OPEN_CASE_STATUSES, cases__is_archived=False),
        ),
    )

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
        ONE_STAR = "one_star", gettext_lazy("One Star (before June 2022)")
        ONE_STAR_PLUS = "one_star_plus", gettext_lazy("One Star Plus (before June 2022)")
        TWO_STAR = "two_star", gettext_lazy("Two Star (before June 2022)")
        THREE_STAR = "three_star", gettext_lazy("Three Star (before June 2022)")
        STARS_1 = "stars_1", gettext_lazy("1 Star")
        STARS_2 = "stars_2", gettext_lazy("2 Stars")
        STARS_3 = "stars_3", gettext_lazy("3 Stars")
        STARS_4 = "stars_4", gettext_lazy("4 Stars")
        STARS_5 = "stars_5", gettext_lazy("5 Stars")

    OLD_SCALE = ("one_star", "one_star_plus", "two_star", "three_star")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="star_ratings")
    level = models.CharField(max_length=20, choices=Level.choices)
    effective_date = models.DateField()
    history = HistoricalRecords()

    # Who may see this row: whoever may see its site (core.scope).
    owner_path = via("site", Site.owner_path)

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
        INFANT = "infant", gettext_lazy("Infants")
        TODDLER = "toddler", gettext_lazy("Toddlers")
        PRESCHOOL = "preschool", gettext_lazy("Preschoolers")
        MIXED = "mixed", gettext_lazy("Mixed ages")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="classrooms")
    name = models.CharField(max_length=100)
    age_group = models.CharField(max_length=12, choices=AgeGroup.choices)
    lead_teacher = models.CharField(
        "lead teacher(s)", max_length=200, blank=True, help_text="Name(s) of the lead teacher(s)."
    )
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    # Who may see this row: whoever may see its site (core.scope).
    owner_path = via("site", Site.owner_path)

    class Meta:
        ordering = ["site__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="classroom_name_unique_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.site.name})"
