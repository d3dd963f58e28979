"""案卷评查 is worked in the pages, not here: the admin shows it read-only."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin

from .models import Campaign, ReviewFile


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "unit", "status", "planned_on"]
    list_filter = ["status", "year"]
    list_select_related = ["unit"]


@admin.register(ReviewFile)
class ReviewFileAdmin(ReadOnlyAdmin):
    list_display = ["case", "unit", "campaign", "status", "percent", "grade"]
    list_filter = ["status", "grade", "year"]
    list_select_related = ["unit", "case", "campaign"]
