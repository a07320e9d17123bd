"""Children and their consent records in the supervisor's admin. A child's record is corrected
through the same service as on the consultant's pages: a new date of birth needs a reason, and
a save made on an older version is refused. Consent is read here, recorded and revoked from the
child's page."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultation import services
from consultation.admin.base import FormActionMixin, ScopedAdmin
from consultation.admin.filters import ArchivedFilter, CountyInScopeFilter
from consultation.admin.versions import VersionCheckForm, VersionedAdmin
from consultation.models import Child, Consent
from consultation.rules import last_initial_errors
from consultation.selectors.consents import Purpose, covering, in_force_on
from core.dates import local_today


class ChildAdminForm(VersionCheckForm):
    correction_reason = forms.CharField(
        label="Why the date of birth changes",
        max_length=90,
        required=False,
        help_text="Needed only when the date of birth changes (“typo at intake”, “birth "
        "certificate seen”); kept in the history.",
    )

    class Meta:
        model = Child
        fields = ("first_name", "last_initial", "date_of_birth", "classroom")

    def clean(self):
        cleaned = super().clean()
        _kept, problem = last_initial_errors(cleaned.get("last_initial") or "")
        if problem:
            self.add_error("last_initial", problem)
        moved = "date_of_birth" in self.changed_data and self.instance.pk
        if moved and not (cleaned.get("correction_reason") or "").strip():
            self.add_error("correction_reason", "Say why the date of birth changes.")
        return cleaned


class ArchiveReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are these children archived?"),
        max_length=200,
        help_text=_("For example “left the program”; kept with each child's history."),
    )


@admin.register(Child)
class ChildAdmin(FormActionMixin, VersionedAdmin):
    form = ChildAdminForm
    list_display = (
        "initials",
        "age_band_today",
        "classroom",
        "site",
        "consent_today",
        "is_archived",
    )
    list_filter = (ArchivedFilter, ("classroom__site__county", CountyInScopeFilter))
    list_select_related = ("classroom__site",)
    search_fields = ("classroom__site__name", "classroom__name")
    fields = (
        "first_name",
        "last_initial",
        "date_of_birth",
        "correction_reason",
        "classroom",
        "is_archived",
        "archived_at",
        "archive_reason",
    )
    readonly_fields = ("is_archived", "archived_at", "archive_reason")
    autocomplete_fields = ("classroom",)
    actions = ("archive_children",)

    def get_queryset(self, request):
        today = local_today()
        consent = Consent.objects.filter(
            in_force_on(today), covering(Purpose.CONSULTATION), child=OuterRef("pk")
        )
        return super().get_queryset(request).annotate(consent_in_force=Exists(consent))

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        services.child_update(
            child=Child.objects.get(pk=obj.pk),
            first_name=data["first_name"],
            last_initial=data["last_initial"],
            date_of_birth=data["date_of_birth"],
            classroom=data["classroom"],
            correction_reason=data.get("correction_reason", ""),
            expected_version=data.get("version"),
        )
        return None

    @admin.display(description="child")
    def initials(self, child):
        return child.initials

    @admin.display(description="site", ordering="classroom__site__name")
    def site(self, child):
        return child.classroom.site

    @admin.display(description="age band today")
    def age_band_today(self, child):
        return child.age_band_on(local_today()).label

    @admin.display(description="consultation consent today", boolean=True)
    def consent_today(self, child):
        return child.consent_in_force

    def selected_line(self, child) -> str:
        return f"{child.initials} at {child.classroom.site.name}"

    @admin.action(description=_("Archive selected children"), permissions=["change"])
    def archive_children(self, request, queryset):
        form = ArchiveReasonForm(request.POST if "apply" in request.POST else None)

        def archive_all(data) -> None:
            with transaction.atomic():  # all of them, or none
                for child in queryset:
                    services.child_archive(child=child, reason=data["reason"])

        return self.form_action(
            request,
            queryset,
            form=form,
            apply=archive_all,
            failed=_("No child was archived."),
            done=lambda data: gettext("Archived %(n)s child record(s).") % {"n": len(queryset)},
            title=_("Archive children"),
            action="archive_children",
            template="child/archive.html",
        )


@admin.register(Consent)
class ConsentAdmin(ScopedAdmin):
    """Read here; recorded and revoked on the child's page, where the consultant works."""

    list_display = ("child_initials", "covers", "given_on", "expires_on", "revoked_on")
    list_select_related = ("child", "sharing_agency", "sharing_service_type")
    list_filter = ("covers_consultation", "covers_sharing", "relationship", "method")
    date_hierarchy = "given_on"
    fields = (
        "child",
        "given_by",
        "relationship",
        "given_on",
        "covers_consultation",
        "covers_sharing",
        "sharing_agency",
        "sharing_service_type",
        "method",
        "written_received_on",
        "expires_on",
        "signed_form",
        "revoked_on",
        "revoked_reported_by",
        "recorded_by",
    )
    readonly_fields = fields

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="child", ordering="child__first_name")
    def child_initials(self, consent):
        return consent.child.initials

    @admin.display(description="signed form")
    def signed_form(self, consent):
        if not consent.document:
            return "—"
        url = reverse("consultation:consent_document", args=[consent.uuid])
        return format_html('<a href="{}">Open the scanned form</a>', url)
