"""Sites, their Stars ratings and classrooms, and children, in the supervisor's admin."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from consultation import services
from consultation.admin.base import ReadOnlyInline, ScopedAdmin
from consultation.admin.filters import ArchivedFilter, CountyInScopeFilter
from consultation.models import Child, Classroom, Site, StarRating
from core.dates import local_today


class StarRatingInline(ReadOnlyInline):
    model = StarRating
    fields = ("level", "effective_date")


class ClassroomInline(ReadOnlyInline):
    model = Classroom
    fields = ("name", "age_group", "lead_teacher", "is_active")


@admin.register(Site)
class SiteAdmin(ScopedAdmin):
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
    inlines = (StarRatingInline, ClassroomInline)
    ordering = ("name", "pk")  # kept explicit: the consultant count groups the query

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_consultants=Count("consultants"))

    def get_readonly_fields(self, request, obj=None):
        # A supervisor is offered their own consultants only: saving that list would drop
        # the other teams' consultants from the site. Superusers see, and set, them all.
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "consultants")

    @admin.display(description="consultants", ordering="n_consultants")
    def consultant_count(self, site):
        return site.n_consultants


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
class ClassroomAdmin(ScopedAdmin):
    superuser_may_add = True
    list_display = ("name", "site", "age_group", "lead_teacher", "is_active")
    list_filter = ("age_group", "is_active", ("site__county", CountyInScopeFilter))
    list_select_related = ("site",)
    search_fields = ("name", "site__name", "lead_teacher")
    autocomplete_fields = ("site",)


# Children -------------------------------------------------------------------------------------


@admin.register(Child)
class ChildAdmin(ScopedAdmin):
    list_display = ("initials", "age_band_today", "classroom", "site", "has_consent", "is_archived")
    list_filter = (ArchivedFilter, ("classroom__site__county", CountyInScopeFilter))
    list_select_related = ("classroom__site",)
    search_fields = ("classroom__site__name", "classroom__name")
    fields = (
        "first_name",
        "last_initial",
        "date_of_birth",
        "classroom",
        "consent_date",
        "consent_given_by",
        "is_archived",
        "archived_at",
    )
    # The date of birth decides the age band of every past visit: it is corrected in the
    # consultant pages, where the service checks it. Archive with the action.
    readonly_fields = ("date_of_birth", "is_archived", "archived_at")
    autocomplete_fields = ("classroom",)
    actions = ("archive_children",)

    @admin.display(description="child")
    def initials(self, child):
        return child.initials

    @admin.display(description="site", ordering="classroom__site__name")
    def site(self, child):
        return child.classroom.site

    @admin.display(description="age band today")
    def age_band_today(self, child):
        return child.age_band_on(local_today()).label

    @admin.display(description="consent", boolean=True)
    def has_consent(self, child):
        return child.has_consent

    @admin.action(description="Archive selected children", permissions=["change"])
    def archive_children(self, request, queryset):
        archive_each(self, request, queryset, lambda c: services.child_archive(child=c))


def archive_each(model_admin, request, queryset, archive) -> None:
    """Archive every selected record or none, and say which could not be archived."""
    try:
        with transaction.atomic():
            errors = []
            for obj in queryset:
                try:
                    archive(obj)
                except ValidationError as error:
                    errors.append(f"{obj}: {' '.join(error.messages)}")
            if errors:
                raise ValidationError(errors)
    except ValidationError as error:
        model_admin.message_user(
            request, "Nothing was archived. " + " ".join(error.messages), messages.ERROR
        )
        return
    model_admin.message_user(request, f"Archived {len(queryset)} record(s).", messages.SUCCESS)
