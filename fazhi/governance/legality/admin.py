"""合法性审核 records are worked in the pages, not here: the admin shows them read-only."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin

from .models import Review


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "unit", "status", "submitted_on", "opinion", "next_due_on"]
    list_filter = ["status", "kind", "opinion"]
    search_fields = ["title"]
    list_select_related = ["unit"]
