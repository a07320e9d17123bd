"""Reference data, editable in the admin: counties, activities, the concern checklist, the
Pyramid Model's tiers and practice areas."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from consultation.ages import AgeBand
from consultation.models.base import ReferenceItem, TimeStamped
from core.i18n import in_language


class County(models.Model):
    name = models.CharField(max_length=40, unique=True)
    fips_code = models.CharField(max_length=5, unique=True, help_text="State + county FIPS code.")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "counties"

    def __str__(self) -> str:
        return self.name


class Activity(ReferenceItem):
    """What a consultant did on a visit (practice-based coaching strategies and visit types)."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit activity")
        COACHING = "coaching", _("Coaching strategy")
        FOLLOW_UP = "follow_up", _("Follow-up between visits")

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
    text_es = models.CharField(
        "text in Spanish",
        max_length=250,
        blank=True,
        help_text="Shown on Spanish pages and documents; left empty, they show the English text.",
    )
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

    @property
    def local_text(self) -> str:
        """The sign in the language of the page being rendered."""
        return in_language(self.text, self.text_es)


class PyramidTier(ReferenceItem):
    """A tier of the Pyramid Model, bottom (foundation) to top (intensive)."""

    level_group = models.CharField(
        max_length=40, help_text="Foundation, Universal, Targeted or Intensive."
    )


class PracticeArea(ReferenceItem):
    pass
