"""Django admin is for reference data only (units, users, the holiday table). Every change made
here leaves an audit row, like any other write path."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.forms.models import model_to_dict

from . import audit
from .models import AuditEntry, CalendarDay, CalendarYear, JobRun, OrgUnit, User


def _state(obj) -> dict:
    return audit._canonical(model_to_dict(obj, exclude=["password"]))


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = _state(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit.record(
            request.user,
            audit.Channel.ADMIN,
            "后台修改" if change else "后台新增",
            obj,
            before,
            _state(obj),
        )

    def delete_model(self, request, obj):
        audit.record(request.user, audit.Channel.ADMIN, "后台删除", obj, _state(obj), None)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "division_code", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(User)
class FazhiUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ["username", "full_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            "法治平台",
            {
                "fields": [
                    "full_name",
                    "unit",
                    "role",
                    "can_override_closed",
                    "can_approve_extension",
                ]
            },
        ),
    ]


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 3


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    list_display = ["year", "notice", "complete", "entered_by", "updated_at"]
    exclude = ["entered_by"]
    inlines = [CalendarDayInline]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user  # who entered the notice is recorded, not chosen
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        days = {str(d.date): d.kind for d in form.instance.days.all()}
        audit.record(
            request.user, audit.Channel.ADMIN, "后台修改节假日", form.instance, None, {"days": days}
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through their service functions: shown, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The trail is append-only."""

    list_display = ["at", "actor_label", "channel", "action", "object_type", "object_repr"]
    list_filter = ["channel", "object_type"]
    search_fields = ["object_id", "object_repr", "actor_label"]


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["name", "started_at", "finished_at", "stats"]

    def has_add_permission(self, request):
        return False
