"""Sites, their Stars ratings and classrooms in the supervisor's admin: a save is refused when
someone saved the record since it was opened (VersionedAdmin)."""

from django.contrib import admin
from django.db.models import Count

from consultation.admin.base import ReadOnlyInline, ScopedAdmin
from consultation.admin.filters import CountyInScopeFilter
from consultation.admin.versions import VersionedAdmin
from consultation.models import Classroom, Site, StarRating


class StarRatingInline(ReadOnlyInline):
    model = StarRating
    fields = ("level", "effective_date")


class ClassroomInline(ReadOnlyInline):
    model = Classroom
    fields = ("name", "age_group", "lead_teacher", "is_active")


@admin.register(Site)
class SiteAdmin(VersionedAdmin):
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
class ClassroomAdmin(VersionedAdmin):
    superuser_may_add = True
    list_display = ("name", "site", "age_group", "lead_teacher", "is_active")
    list_filter = ("age_group", "is_active", ("site__county", CountyInScopeFilter))
    list_select_related = ("site",)
    search_fields = ("name", "site__name", "lead_teacher")
    autocomplete_fields = ("site",)
