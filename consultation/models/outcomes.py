"""Outcomes after a case: placement follow-ups 30 and 90 days after a child-focused case closes,
and the child's demographics for the equity figures (optional, least data, under consent)."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from consultation.models.base import TimeStamped
from consultation.models.cases import ConsultationCase
from consultation.models.children import Child
from core.scope import via

FOLLOW_UP_DAYS = (30, 90)


class PlacementFollowUp(TimeStamped):
    """ "Is A.L. still enrolled at Red Dirt Head Start?", asked once its day has come."""

    class Answer(models.TextChoices):
        YES = "yes", gettext_lazy("Yes, still enrolled")
        NO = "no", gettext_lazy("No, no longer enrolled")
        UNKNOWN = "unknown", gettext_lazy("Unknown")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        ConsultationCase, on_delete=models.PROTECT, related_name="placement_follow_ups"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="placement_follow_ups")
    days_after = models.PositiveSmallIntegerField(
        "days after closing", choices=[(days, f"{days} days") for days in FOLLOW_UP_DAYS]
    )
    due_on = models.DateField()
    answer = models.CharField(max_length=7, choices=Answer.choices, blank=True)
    why = models.CharField("why not", max_length=300, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    # Who may see this row: the consultant at the end of this path (core.scope).
    owner_path = "case__consultant"

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on", "answer"], name="followup_due_idx")]
        constraints = [
            models.UniqueConstraint(fields=["case", "days_after"], name="followup_once_per_day"),
            models.CheckConstraint(
                condition=Q(days_after__in=FOLLOW_UP_DAYS), name="followup_days_30_or_90"
            ),
            models.CheckConstraint(
                condition=Q(answer="", answered_on__isnull=True)
                | ~Q(answer="") & Q(answered_on__isnull=False),
                name="followup_answered_with_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(answer="no") | ~Q(why=""), name="followup_no_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.days_after}-day placement follow-up, due {self.due_on:%Y-%m-%d}"

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)

    @property
    def question(self) -> str:
        """Initials and site only: the caseload names no more of the child."""
        return _("Is %(initials)s still enrolled at %(site)s?") % {
            "initials": self.child.initials,
            "site": self.case.site.name,
        }


NOT_RECORDED, DECLINED = "not_recorded", "declined"


class Race(models.TextChoices):
    """The federal (OMB 1997) race categories; a child may have several."""

    AMERICAN_INDIAN = "american_indian", gettext_lazy("American Indian or Alaska Native")
    ASIAN = "asian", gettext_lazy("Asian")
    BLACK = "black", gettext_lazy("Black or African American")
    PACIFIC_ISLANDER = "pacific_islander", gettext_lazy("Native Hawaiian or Other Pacific Islander")
    WHITE = "white", gettext_lazy("White")


class ChildDemographics(TimeStamped):
    """Optional facts for the equity figures; every one "not recorded" until the family says,
    and "declined" when it chose not to. Races is a list: empty (not recorded), ["declined"],
    or one or more of Race."""

    class Ethnicity(models.TextChoices):
        NOT_RECORDED = NOT_RECORDED, gettext_lazy("Not recorded")
        DECLINED = DECLINED, gettext_lazy("Declined to say")
        HISPANIC = "hispanic", gettext_lazy("Hispanic or Latino")
        NOT_HISPANIC = "not_hispanic", gettext_lazy("Not Hispanic or Latino")

    class Gender(models.TextChoices):
        NOT_RECORDED = NOT_RECORDED, gettext_lazy("Not recorded")
        DECLINED = DECLINED, gettext_lazy("Declined to say")
        GIRL = "girl", gettext_lazy("Girl")
        BOY = "boy", gettext_lazy("Boy")
        ANOTHER = "another", gettext_lazy("Another gender")

    class Plan(models.TextChoices):
        NOT_RECORDED = NOT_RECORDED, gettext_lazy("Not recorded")
        DECLINED = DECLINED, gettext_lazy("Declined to say")
        IEP = "iep", gettext_lazy("Has an IEP")
        IFSP = "ifsp", gettext_lazy("Has an IFSP")
        NONE = "none", gettext_lazy("Neither")

    class YesNo(models.TextChoices):
        NOT_RECORDED = NOT_RECORDED, gettext_lazy("Not recorded")
        DECLINED = DECLINED, gettext_lazy("Declined to say")
        YES = "yes", gettext_lazy("Yes")
        NO = "no", gettext_lazy("No")

    child = models.OneToOneField(Child, on_delete=models.PROTECT, related_name="demographics")
    races = models.JSONField(default=list, blank=True)
    ethnicity = models.CharField(
        max_length=12, choices=Ethnicity.choices, default=Ethnicity.NOT_RECORDED
    )
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.NOT_RECORDED)
    iep_ifsp = models.CharField(
        "IEP or IFSP", max_length=12, choices=Plan.choices, default=Plan.NOT_RECORDED
    )
    dual_language = models.CharField(
        "dual-language learner", max_length=12, choices=YesNo.choices, default=YesNo.NOT_RECORDED
    )
    history = HistoricalRecords()

    # Who may see this row: whoever may see its child (core.scope).
    owner_path = via("child", Child.owner_path)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "child demographics"

    def __str__(self) -> str:
        return f"Demographics of {self.child}"

    def race_labels(self) -> list[str]:
        if self.races == [DECLINED]:
            return [_("Declined to say")]
        labels = dict(Race.choices)
        return [str(labels[code]) for code in self.races if code in labels] or [_("Not recorded")]
