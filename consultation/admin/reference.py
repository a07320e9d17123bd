"""Reference lists: staff read them, superusers edit them."""

from django.contrib import admin

from consultation.admin.base import ReferenceAdmin
from consultation.models import (
    Activity,
    ConcernItem,
    County,
    PracticeArea,
    PyramidTier,
    TrainingTopic,
)


@admin.register(County)
class CountyAdmin(ReferenceAdmin):
    list_display = ("name", "fips_code")
    search_fields = ("name", "fips_code")


@admin.register(Activity)
class ActivityAdmin(ReferenceAdmin):
    list_display = ("name", "name_es", "kind", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "name_es")


@admin.register(ConcernItem)
class ConcernItemAdmin(ReferenceAdmin):
    list_display = (
        "text",
        "text_es",
        "age_band",
        "prompts_crisis_lines",
        "sort_order",
        "is_active",
    )
    list_filter = ("age_band", "prompts_crisis_lines", "is_active")
    search_fields = ("text", "text_es")


@admin.register(PyramidTier)
class PyramidTierAdmin(ReferenceAdmin):
    list_display = ("name", "name_es", "level_group", "sort_order", "is_active")
    list_filter = ("level_group", "is_active")
    search_fields = ("name",)


@admin.register(PracticeArea)
class PracticeAreaAdmin(ReferenceAdmin):
    list_display = ("name", "name_es", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


@admin.register(TrainingTopic)
class TrainingTopicAdmin(ReferenceAdmin):
    list_display = ("name", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
