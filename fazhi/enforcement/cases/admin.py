"""行政执法案件 are worked in the pages, not here: the admin shows them read-only."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin

from .models import Case, Criterion, LegalReview


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "unit", "status", "opened_on", "major", "next_due_on"]
    list_filter = ["status", "kind", "major"]
    search_fields = ["title", "number"]
    list_select_related = ["unit"]


@admin.register(LegalReview)
class LegalReviewAdmin(ReadOnlyAdmin):
    list_display = ["case", "unit", "opinion", "reviewed_on"]
    list_select_related = ["unit", "case"]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ["unit", "category", "description", "published_on"]
    list_select_related = ["unit"]
