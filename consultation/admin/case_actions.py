"""What the cases changelist's actions ask for first, and what the CSV export writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultation.models import ConsultationCase
from core.dates import local_today
from core.forms import offer


class ReassignForm(forms.Form):
    to_consultant: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Reassign to"),
        help_text=_("A consultant of your team."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required. Kept in each case's history and sent to the consultant who takes it over "
            "(in the app, not by email)."
        ),
        error_messages={"required": _("Say why the cases are reassigned.")},
    )

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "to_consultant", consultants)


class CloseForm(forms.Form):
    closure_reason = forms.ChoiceField(
        label=_("Closure reason"),
        choices=[("", "---------"), *ConsultationCase.ClosureReason.choices],
    )
    closed_on = forms.DateField(
        label=_("Closed on"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    placement_at_closure = forms.ChoiceField(
        label=_("Placement at closure (child-focused cases)"),
        choices=[("", "---------"), *ConsultationCase.Placement.choices],
        required=False,
        help_text=_("Was the child still enrolled? Applies to the child-focused cases selected."),
    )
    closure_note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, needs_placement: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement_at_closure"].required = needs_placement


CSV_COLUMNS = (
    ("case", lambda c: c.uuid),
    ("focus", lambda c: c.get_focus_display()),
    ("subject", lambda c: c.subject_label),  # child initials only, never names or birth dates
    ("status", lambda c: c.get_status_display()),
    ("consultant", lambda c: str(c.consultant)),
    ("site", lambda c: c.site.name),
    ("licence number", lambda c: c.site.licence_number or ""),
    ("county", lambda c: c.site.county.name),
    ("opened on", lambda c: c.opened_on),
    ("days open", lambda c: c.days_open(local_today())),
    ("last visit", lambda c: c.last_visit_on or ""),
    ("visits", lambda c: c.visit_count),
    ("hours last 90 days", lambda c: f"{c.minutes_last_90 / 60:.1f}"),
    ("open referrals", lambda c: c.open_referral_count),
    ("referral follow-up overdue", lambda c: "yes" if c.has_overdue_referral else "no"),
    ("at risk of expulsion", lambda c: "yes" if c.at_risk_of_expulsion else "no"),
    ("closed on", lambda c: c.closed_on or ""),
    ("closure reason", lambda c: c.get_closure_reason_display()),
    ("placement at closure", lambda c: c.get_placement_at_closure_display()),
)


# What a row of the cases changelist reads: the columns it shows and the case's own name (the
# checkbox's label). The figures come as annotations of the same query.
