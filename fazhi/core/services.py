"""State changes of the kernel's own records; each is one function: check, write, audit."""

from django.core.exceptions import ValidationError
from django.db import transaction

from . import audit
from .models import CalendarDay, CalendarYear, OrgUnit, Role, UnitKind, User

UNIT_FIELDS = ("code", "name", "short_name", "kind", "division_code", "parent", "order")
USER_FIELDS = (
    "username",
    "full_name",
    "unit",
    "role",
    "can_override_closed",
    "can_approve_extension",
)


def create_unit(actor, channel: str, *, code: str, name: str, kind: str, parent=None, **extra):
    """Add an org unit under `parent`; a government's division_code is its own code."""
    if kind not in UnitKind.values:
        raise ValidationError(f"单位类别“{kind}”无效")
    if OrgUnit.objects.filter(code=code).exists():
        raise ValidationError(f"单位代码 {code} 已存在")
    division = extra.pop("division_code", None) or (
        code if kind in UnitKind.governments() else parent.division_code
    )
    with transaction.atomic():
        unit = OrgUnit.objects.create(
            code=code, name=name, kind=kind, parent=parent, division_code=division, **extra
        )
        audit.record(actor, channel, "新增单位", unit, None, audit.snapshot(unit, UNIT_FIELDS))
    return unit


def create_user(actor, channel: str, *, username: str, password: str, unit, role: str, **extra):
    if role not in Role.values:
        raise ValidationError(f"角色“{role}”无效")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"用户名 {username} 已存在")
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, password=password, unit=unit, role=role, **extra
        )
        audit.record(actor, channel, "新增用户", user, None, audit.snapshot(user, USER_FIELDS))
    return user


def enter_calendar_year(actor, channel: str, *, year: int, notice: str, holidays, workdays):
    """Record a year's State Council holiday notice: its days off and its 调休 working days.

    `holidays` and `workdays` are iterables of (date, name). Replaces what was entered before for
    that year, so a corrected notice is entered the same way as a new one.
    """
    from .calendar import invalidate_calendar

    holidays, workdays = list(holidays), list(workdays)
    wrong = [d for d, _ in holidays + workdays if d.year != year]
    if wrong:
        raise ValidationError(f"日期 {wrong[0]} 不在 {year} 年内")
    clash = {d for d, _ in holidays} & {d for d, _ in workdays}
    if clash:
        raise ValidationError(f"{min(clash)} 不能同时是放假日和调休上班日")
    with transaction.atomic():
        entry, _ = CalendarYear.objects.update_or_create(
            year=year,
            defaults={
                "notice": notice,
                "entered_by": actor if getattr(actor, "pk", None) else None,
            },
        )
        before = {str(d.date): d.kind for d in entry.days.all()}
        entry.days.all().delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(year=entry, date=d, kind="holiday", name=n) for d, n in holidays]
            + [CalendarDay(year=entry, date=d, kind="workday", name=n) for d, n in workdays]
        )
        after = {str(d): "holiday" for d, _ in holidays} | {str(d): "workday" for d, _ in workdays}
        audit.record(
            actor,
            channel,
            "录入节假日安排",
            entry,
            before or None,
            {"notice": notice, "days": after},
        )
        transaction.on_commit(invalidate_calendar)
    return entry


# Reference data a coordinator keeps in the admin (DESIGN: the admin is for reference data only).
REFERENCE_MODELS = [
    "core.orgunit",
    "core.calendaryear",
    "core.calendarday",
    "mediation.mediationbody",
    "mediation.mediator",
]


def grant_reference_data_admin(actor, channel: str, user: User) -> User:
    """Let a coordinator keep the reference data (units, the holiday table, 调解组织) in the
    admin: staff status plus the add/change/view permissions of those models, nothing more."""
    from django.contrib.auth.models import Permission

    if user.role != Role.COORDINATOR:
        raise ValidationError("只有统筹协调人员可以维护基础数据。")
    labels = [label.split(".") for label in REFERENCE_MODELS]
    query = Permission.objects.none()
    for app_label, model in labels:
        query |= Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__regex=r"^(add|change|view)_",
        )
    with transaction.atomic():
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.user_permissions.add(*query)
        audit.record(
            actor,
            channel,
            "授予基础数据维护权限",
            user,
            None,
            {"is_staff": True, "models": REFERENCE_MODELS},
        )
    return user
