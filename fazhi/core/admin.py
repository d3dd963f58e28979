"""Django admin is for reference data only (units, users, the holiday table). Every change made
here leaves an audit row, like any other write path."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.html import format_html

from . import audit, services
from .calendar import notice_lines, parse_notice_lines
from .models import (
    Attachment,
    AuditEntry,
    CalendarYear,
    DayKind,
    Instrument,
    InstrumentTemplate,
    JobRun,
    OrgUnit,
    UnitDuty,
    Urge,
    User,
)


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


def units_in_scope(request):
    """The units a user may see and choose in the admin: a coordinator's own government's."""
    units = OrgUnit.objects.all()
    if request.user.is_superuser:
        return units
    scope = request.user.scope_unit()
    return units.filter(path__startswith=scope.path) if scope else units.none()


class UnitScopedAdmin(admin.ModelAdmin):
    """Shows the records of units in the user's scope only, and offers only those units wherever
    a form asks for one; superusers see everything. `unit_field` names the record's unit."""

    unit_field = "unit"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.unit_field}__in": units_in_scope(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is OrgUnit and "queryset" not in kwargs:
            kwargs["queryset"] = units_in_scope(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def actor_form(form_class, request):
    """The admin's form class, told who is acting (its checks depend on the actor's scope)."""
    return type(form_class.__name__, (form_class,), {"actor": request.user})


def adopt(obj, saved) -> None:
    """Make the admin's unsaved form instance the row a service saved (for its messages)."""
    obj.pk = saved.pk
    obj.refresh_from_db()
    obj._state.adding = False


class OrgUnitForm(forms.ModelForm):
    actor = None

    class Meta:
        model = OrgUnit
        fields = list(services.UNIT_EDITABLE)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        unit = self.instance if self.instance.pk else None
        services.check_unit_place(
            self.actor, code=data["code"], kind=data["kind"], parent=data.get("parent"), unit=unit
        )
        return data


@admin.register(OrgUnit)
class OrgUnitAdmin(UnitScopedAdmin, AuditedAdmin):
    """Units change through services.create_unit / update_unit: checked, the subtree's paths
    rewritten with a move, audited."""

    unit_field = "pk"
    form = OrgUnitForm
    list_display = ["code", "name", "kind", "division_code", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["division_code"]

    def get_form(self, request, obj=None, **kwargs):
        return actor_form(super().get_form(request, obj, **kwargs), request)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            changes = {f: data[f] for f in form.changed_data if f in services.UNIT_EDITABLE}
            saved = services.update_unit(request.user, audit.Channel.ADMIN, obj, **changes)
        else:
            fields = {f: data[f] for f in services.UNIT_EDITABLE}
            saved = services.create_unit(request.user, audit.Channel.ADMIN, **fields)
        adopt(obj, saved)


@admin.register(User)
class FazhiUserAdmin(UnitScopedAdmin, AuditedAdmin, UserAdmin):
    list_display = ["username", "full_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
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


class HolidayNoticeForm(forms.ModelForm):
    """A year's State Council holiday notice in one form: its 文号, its 放假 ranges and its 调休
    working days, one per line; saved through services.enter_calendar_year."""

    holidays = forms.CharField(
        label="放假安排",
        widget=forms.Textarea(attrs={"rows": 9, "cols": 60}),
        help_text="每行一段：起止日期和节日名称，如“2027-01-01至2027-01-03 元旦”；"
        "只放一天的写一个日期，如“2027-06-14 端午节”。按国务院办公厅通知逐段录入。",
    )
    workdays = forms.CharField(
        label="调休上班日期",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="每行一天：日期和节日名称，如“2027-02-20 春节”(调休上班的周六或周日)。",
    )

    class Meta:
        model = CalendarYear
        fields = ["year", "notice"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            days = list(self.instance.days.values_list("date", "name", "kind"))
            for field, kind in (("holidays", DayKind.HOLIDAY), ("workdays", DayKind.WORKDAY)):
                self.initial[field] = notice_lines((d, n) for d, n, k in days if k == kind)

    def clean(self):
        data = super().clean()
        year = data.get("year") or self.instance.year
        if year is None:
            return data
        days = {}
        for field, label in (("holidays", "放假安排"), ("workdays", "调休上班日期")):
            try:
                days[field] = parse_notice_lines(data.get(field, ""), label, year)
            except ValidationError as error:
                self.add_error(field, error)
        if len(days) == 2 and "notice" in data:
            try:
                services.check_calendar_notice(
                    year, data["notice"].strip(), days["holidays"], days["workdays"]
                )
            except ValidationError as error:
                self.add_error(None, error)
            data["days"] = days
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    form = HolidayNoticeForm
    list_display = ["year", "notice", "complete", "entered_by", "updated_at"]
    fields = ["year", "notice", "holidays", "workdays"]

    def get_readonly_fields(self, request, obj=None):
        return ["year"] if obj else []  # another year's notice is a new entry

    def save_model(self, request, obj, form, change):
        # Who entered the notice is recorded from the session by the service, not chosen.
        days = form.cleaned_data["days"]
        entry = services.enter_calendar_year(
            request.user,
            audit.Channel.ADMIN,
            year=obj.year,
            notice=form.cleaned_data["notice"],
            holidays=days["holidays"],
            workdays=days["workdays"],
        )
        adopt(obj, entry)
        self._report_moves(request, entry)

    def _report_moves(self, request, entry) -> None:
        recomputed = entry.recomputed
        if recomputed.total:
            by = "，".join(f"{label}{n}件" for label, n in recomputed.moved.items() if n)
            link = reverse("core:deadline_moves") + f"?year={entry.pk}"
            messages.warning(
                request,
                format_html(
                    "节假日安排变更，{}项未办结事项的期限已按法定规则重算（{}）。"
                    '<a href="{}">查看期限变动</a>',
                    recomputed.total,
                    by,
                    link,
                ),
            )
        for reason, n in recomputed.unresolved.items():
            messages.error(request, f"{n}件事项的期限无法重算，仍保留原期限：{reason}")


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


class UnitDutyForm(forms.ModelForm):
    duty = forms.ChoiceField(label="职责")

    class Meta:
        model = UnitDuty
        fields = ["unit", "duty"]

    def __init__(self, *args, **kwargs):
        from .procedures import all_duties

        super().__init__(*args, **kwargs)
        self.fields["duty"].choices = [(d.key, d.label) for d in all_duties()]


@admin.register(UnitDuty)
class UnitDutyAdmin(UnitScopedAdmin):
    """Which unit of the government is its 行政复议机构 (and other duties procedures declare):
    assigned and revoked through the audited service (fazhi.core.duties)."""

    form = UnitDutyForm
    list_display = ["unit", "duty_name"]
    list_select_related = ["unit"]

    @admin.display(description="职责")
    def duty_name(self, obj):
        from .procedures import duty_label

        return duty_label(obj.duty)

    def has_change_permission(self, request, obj=None):
        return False  # an assignment is made or revoked, never edited

    def save_model(self, request, obj, form, change):
        from . import duties

        try:
            adopt(obj, duties.assign(request.user, audit.Channel.ADMIN, obj.unit, obj.duty))
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def delete_model(self, request, obj):
        from . import duties

        duties.revoke(request.user, audit.Channel.ADMIN, obj.unit, obj.duty)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("unit"):
            self.delete_model(request, obj)


@admin.register(Instrument)
class InstrumentAdmin(UnitScopedAdmin, ReadOnlyAdmin):
    """Issued 文书 are made by the steps and frozen; their 送达 is recorded on the record's page."""

    unit_field = "government"
    list_display = ["number", "title", "step", "issued_on", "served_on", "served_way"]
    list_filter = ["served_way"]
    search_fields = ["number", "title", "addressee"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """Attachments are uploaded on the record's page, where the record's visibility applies; the
    admin lists them for superusers only (an attachment names no unit of its own)."""

    list_display = ["name", "size", "sha256", "uploaded_by", "uploaded_at"]
    search_fields = ["name", "sha256"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(InstrumentTemplate)
class InstrumentTemplateAdmin(UnitScopedAdmin, ReadOnlyAdmin):
    """Templates are edited by the coordinator on /papers/templates/ (checked and audited)."""

    unit_field = "government"
    list_display = ["government", "kind", "title", "code", "updated_by", "updated_at"]


@admin.register(Urge)
class UrgeAdmin(UnitScopedAdmin, ReadOnlyAdmin):
    """催办 are made on the record's page (checked and audited); listed here per unit."""

    unit_field = "government"
    list_display = ["record", "procedure", "unit", "year", "reason", "note"]
    list_filter = ["year", "procedure"]
