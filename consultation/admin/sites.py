"""Sites, their Stars ratings and classrooms in the supervisor's admin: a save is refused when
someone saved the record since it was opened (VersionedAdmin)."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultation import services
from consultation.admin.base import FormActionMixin, ReadOnlyInline, ScopedAdmin
from consultation.admin.filters import CountyInScopeFilter
from consultation.admin.versions import VersionedAdmin
from consultation.models import Classroom, ConsultationCase, Site, StarRating
from consultation.models.case_status import OPEN_CASE_STATUSES
from consultation.selectors import consultants_visible_to
from core.forms import offer


class SiteConsultantForm(forms.Form):
    consultant: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Consultant"),
        help_text=_("A consultant of your team."),
    )

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "consultant", consultants)


class StarRatingInline(ReadOnlyInline):
    model = StarRating
    fields = ("level", "effective_date")


class ClassroomInline(ReadOnlyInline):
    model = Classroom
    fields = ("name", "age_group", "lead_teacher", "is_active")


@admin.register(Site)
class SiteAdmin(FormActionMixin, VersionedAdmin):
    superuser_may_add = True
    list_display = (
        "name",
        "site_type",
        "licence_number",
        "county",
        "consultant_count",
        "is_active",
    )
    list_filter = (("county", CountyInScopeFilter), "site_type", "is_active")
    list_select_related = ("county",)
    search_fields = ("name", "licence_number", "city")
    filter_horizontal = ("consultants",)
    readonly_fields = ("consultants_with_open_cases",)
    inlines = (StarRatingInline, ClassroomInline)
    actions = ("assign_consultant", "take_consultant_off")
    ordering = ("name", "pk")  # kept explicit: the consultant count groups the query

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_consultants=Count("consultants"))

    def get_readonly_fields(self, request, obj=None):
        # A supervisor is offered their own consultants only: saving that list would drop
        # the other teams' consultants from the site. Superusers see, and set, them all.
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "consultants")

    @admin.display(description="assigned consultants", ordering="n_consultants")
    def consultant_count(self, site):
        return site.n_consultants

    @admin.display(description="consultants with open cases here")
    def consultants_with_open_cases(self, site):
        if site.pk is None:
            return "none"
        holders = (
            ConsultationCase.objects.filter(
                site=site, status__in=OPEN_CASE_STATUSES, is_archived=False
            )
            .values_list("consultant__first_name", "consultant__last_name")
            .order_by("consultant__last_name", "consultant__first_name")
            .distinct()
        )
        return ", ".join(f"{first} {last}" for first, last in holders) or "none"

    # A site's consultants are those assigned to it and those with an open case there: a
    # supervisor assigns their consultants, and takes them off, here.

    def _consultant_action(self, request, queryset, *, change, done_format, title, action):
        form = SiteConsultantForm(
            request.POST if "apply" in request.POST else None,
            consultants=consultants_visible_to(request.user).filter(is_active=True),
        )
        kept: list[Site] = []

        def apply(data):
            kept.extend(
                change(sites=list(queryset), consultant=data["consultant"], by=request.user) or []
            )

        def done(data):
            message = done_format % {"consultant": data["consultant"], "n": len(queryset)}
            if kept:
                names = ", ".join(site.name for site in kept)
                message += " " + gettext(
                    "They keep %(names)s through open cases of theirs there, until those are "
                    "closed or reassigned."
                ) % {"names": names}
            return message

        return self.form_action(
            request,
            queryset,
            form=form,
            apply=apply,
            failed=_("No site was changed."),
            done=done,
            title=title,
            action=action,
            template="site/consultant.html",
        )

    @admin.action(description=_("Assign a consultant to selected sites"), permissions=["change"])
    def assign_consultant(self, request, queryset):
        return self._consultant_action(
            request,
            queryset,
            change=services.site_consultant_assign,
            done_format=gettext("%(consultant)s is assigned to %(n)s site(s)."),
            title=_("Assign a consultant to sites"),
            action="assign_consultant",
        )

    @admin.action(description=_("Take a consultant off selected sites"), permissions=["change"])
    def take_consultant_off(self, request, queryset):
        return self._consultant_action(
            request,
            queryset,
            change=services.site_consultant_remove,
            done_format=gettext("%(consultant)s is taken off %(n)s site(s)."),
            title=_("Take a consultant off sites"),
            action="take_consultant_off",
        )


@admin.register(StarRating)
class StarRatingAdmin(ScopedAdmin):
    superuser_may_add = True
    list_display = ("site", "level", "effective_date")
    list_filter = ("level",)
    list_select_related = ("site",)
    search_fields = ("site__name", "site__licence_number")
    autocomplete_fields = ("site",)
    date_hierarchy = "effective_date"


@admin.register(Classroom)
class ClassroomAdmin(VersionedAdmin):
    superuser_may_add = True
    list_display = ("name", "site", "age_group", "lead_teacher", "is_active")
    list_filter = ("age_group", "is_active", ("site__county", CountyInScopeFilter))
    list_select_related = ("site",)
    search_fields = ("name", "site__name", "lead_teacher")
    autocomplete_fields = ("site",)
