from django.contrib import admin

from .models import AnnualReport, ReportPart


class ReportPartInline(admin.TabularInline):
    model = ReportPart
    fields = ("number", "heading", "body_template")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    """Read only: reports are created, edited and issued through fazhi.reports.services."""

    list_display = (
        "title",
        "unit",
        "year",
        "kind",
        "status",
        "doc_number",
        "issued_on",
        "issued_by",
    )
    list_filter = ("kind", "status", "year")
    search_fields = ("title", "doc_number", "unit__name")
    exclude = ("frozen_figures",)
    inlines = [ReportPartInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "frozen_figures"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
