"""调解组织 and mediators are reference data the coordinator keeps in the admin (audited)."""

from django.contrib import admin

from fazhi.core.admin import AuditedAdmin, UnitScopedAdmin

from .models import MediationBody, Mediator


@admin.register(MediationBody)
class MediationBodyAdmin(UnitScopedAdmin, AuditedAdmin):
    """调解组织 are reference data the coordinator keeps."""

    list_display = ["name", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]


@admin.register(Mediator)
class MediatorAdmin(UnitScopedAdmin, AuditedAdmin):
    unit_field = "body__unit"
    list_display = ["name", "body"]
    search_fields = ["name"]
    list_select_related = ["body"]
    raw_id_fields = ["body"]
