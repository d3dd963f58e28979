"""State changes of the kernel's own records; each is one function: check, write, audit."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import audit
from .models import CalendarDay, CalendarYear, OrgUnit, Role, UnitKind, User
from .permissions import unit_in_scope
from .validators import validate_division_code

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
    check_unit_place(actor, code=code, kind=kind, parent=parent)
    division = extra.pop("division_code", None) or division_of(code, kind, parent)
    with transaction.atomic():
        unit = OrgUnit.objects.create(
            code=code, name=name, kind=kind, parent=parent, division_code=division, **extra
        )
        audit.record(actor, channel, "新增单位", unit, None, audit.snapshot(unit, UNIT_FIELDS))
    return unit


def division_of(code: str, kind: str, parent: OrgUnit | None) -> str:
    """所属行政区划代码: a government's own code; any other unit's is its parent's."""
    if kind in UnitKind.governments() or parent is None:
        return code
    return parent.division_code


def check_unit_place(actor, *, code: str, kind: str, parent: OrgUnit | None, unit=None) -> None:
    """The checks every new or changed unit passes; raises ValidationError in Chinese.

    A government is coded by its GB/T 2260 行政区划代码; a department, town or other unit hangs
    under a parent; a new parent lies in the actor's scope (only the system or a superuser places
    a top-level unit); a unit never moves under itself or a unit below it. Whether a unit is a
    government decides its users' scope (User.scope_unit), so only the system or a superuser
    makes a unit a government or a government something else.
    """
    errors = []
    if kind in UnitKind.governments() and not _is_government_code(code):
        errors.append(f"人民政府的单位代码应为6位行政区划代码(GB/T 2260)，“{code}”不是")
    if parent is None and kind not in UnitKind.governments():
        errors.append("政府工作部门、乡镇和其他单位必须有上级单位")
    if unit is not None and parent is not None and parent.path.startswith(unit.path):
        errors.append(f"不能把“{unit.name}”移到它自己或它的下级单位“{parent.name}”之下")
    moved = unit is None or unit.parent_id != (parent.pk if parent else None)
    if moved and not _may_place_under(actor, parent):
        where = f"上级单位“{parent.name}”" if parent else "顶级单位"
        errors.append(f"{where}不在您的管理范围内")
    if unit is not None and not _is_system(actor) and _government_changes(unit, kind):
        errors.append("单位是否为人民政府决定其人员的管理范围，只能由系统管理员修改")
    if errors:
        raise ValidationError(errors)


def _government_changes(unit: OrgUnit, kind: str) -> bool:
    return unit.is_government != (kind in UnitKind.governments())


def _is_system(actor) -> bool:
    return actor is None or getattr(actor, "is_superuser", False)


def _is_government_code(code: str) -> bool:
    if len(code) != 6:
        return False
    try:
        return validate_division_code(code) == code
    except ValidationError:
        return False


def _may_place_under(actor, parent: OrgUnit | None) -> bool:
    """The system (no actor) and superusers place anywhere; others only in their scope."""
    return _is_system(actor) or (parent is not None and unit_in_scope(actor, parent))


def may_change_unit(actor, unit: OrgUnit) -> bool:
    return _may_place_under(actor, unit)


def update_unit(actor, channel: str, unit: OrgUnit, **changes) -> OrgUnit:
    """Change a unit: its name, code, kind, order or parent (a move).

    The unit and its new parent are locked (in id order, so concurrent moves wait for each other
    rather than form a cycle), the change is checked on the locked rows, the subtree's paths are
    rewritten in one statement (OrgUnit.save) and its inherited division codes follow, and one
    audit row records the change.
    """
    unknown = set(changes) - set(UNIT_EDITABLE)
    if unknown:
        raise ValidationError(f"不能修改单位的{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        unit = _lock_for_change(unit, changes.get("parent", unit.parent))
        if not may_change_unit(actor, unit):
            raise ValidationError(f"“{unit.name}”不在您的管理范围内")
        before = audit.snapshot(unit, UNIT_FIELDS)
        old_path, old_division = unit.path, unit.division_code
        _apply_unit_changes(actor, unit, changes)
        unit.save()
        after = audit.snapshot(unit, UNIT_FIELDS)
        if old_path != unit.path:
            after |= {"path": unit.path, "subtree_units": unit.subtree().count()}
        if followed := _follow_division(unit, old_division):
            after |= {"division_code_followed": followed}
        audit.record(actor, channel, "修改单位", unit, before, after)
    return unit


UNIT_EDITABLE = ("code", "name", "short_name", "kind", "parent", "order")


def _lock_for_change(unit: OrgUnit, parent: OrgUnit | None) -> OrgUnit:
    ids = [unit.pk] + ([parent.pk] if parent is not None else [])
    locked = {
        u.pk: u for u in OrgUnit.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    return locked[unit.pk]


def _apply_unit_changes(actor, unit: OrgUnit, changes: dict) -> None:
    code = changes.get("code", unit.code)
    if code != unit.code and OrgUnit.objects.filter(code=code).exclude(pk=unit.pk).exists():
        raise ValidationError(f"单位代码 {code} 已存在")
    kind = changes.get("kind", unit.kind)
    if kind not in UnitKind.values:
        raise ValidationError(f"单位类别“{kind}”无效")
    parent = changes.get("parent", unit.parent)
    if parent is not None:
        parent.refresh_from_db(fields=["path", "division_code"])  # as locked, not as passed in
    check_unit_place(actor, code=code, kind=kind, parent=parent, unit=unit)
    for name, value in changes.items():
        setattr(unit, name, value)
    unit.division_code = division_of(code, kind, parent)


def _follow_division(unit: OrgUnit, old_division: str) -> int:
    """Units below that inherited the old division code (not governments) take the new one."""
    if unit.division_code == old_division:
        return 0
    inherited = unit.subtree().exclude(pk=unit.pk).exclude(kind__in=UnitKind.governments())
    return inherited.filter(division_code=old_division).update(division_code=unit.division_code)


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


def enter_calendar_year(
    actor, channel: str, *, year: int, notice: str, holidays, workdays, progress=None
):
    """Record a year's State Council holiday notice: its days off and its 调休 working days.

    `holidays` and `workdays` are iterables of (date, name). Replaces what was entered before for
    that year, so a corrected notice is entered the same way as a new one; the year is then
    complete (the calendar relies on it). Then the stored due dates of the open records the change
    touches are recomputed (fazhi.core.deadlines); `entry.recomputed` says what moved.
    """
    from .calendar import invalidate_calendar
    from .deadlines import calendar_now, recompute_after_change

    holidays, workdays = list(holidays), list(workdays)
    notice = notice.strip()
    check_calendar_notice(year, notice, holidays, workdays)
    calendar_before = calendar_now()
    try:
        # One transaction: were the notice kept and the moves lost, entering the same notice
        # again would find no changed day and leave the due dates wrong for good.
        with transaction.atomic():
            entry = _enter_notice(actor, channel, year, notice, holidays, workdays)
            entry.recomputed = recompute_after_change(
                actor, channel, entry, calendar_before, progress
            )
            transaction.on_commit(invalidate_calendar)
    except BaseException:
        invalidate_calendar()  # the recompute read the calendar of a notice now rolled back
        raise
    return entry


def _enter_notice(actor, channel: str, year: int, notice: str, holidays, workdays):
    from .calendar import whole_notice

    with transaction.atomic():
        entry, _ = CalendarYear.objects.update_or_create(
            year=year,
            defaults={
                "notice": notice,
                "complete": True,
                "entered_by": actor if getattr(actor, "pk", None) else None,
            },
        )
        before = {str(d.date): d.kind for d in entry.days.all()}
        with whole_notice():  # the year was saved just above: other processes see the change
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
    return entry


FIRST_CALENDAR_YEAR = 2000
NAME_LENGTH = CalendarDay._meta.get_field("name").max_length


def check_calendar_notice(year: int, notice: str, holidays: list, workdays: list) -> None:
    """Refuse a notice that cannot be right, naming every problem (ValidationError, Chinese)."""
    last_year = timezone.localdate().year + 2  # a notice is published late in the year before
    if not FIRST_CALENDAR_YEAR <= year <= last_year:
        raise ValidationError(f"年度应在{FIRST_CALENDAR_YEAR}年至{last_year}年之间")
    errors = []
    if not notice:
        errors.append("请填写国务院办公厅通知的文号")
    outside = sorted(d for d, _ in holidays + workdays if d.year != year)
    if outside:
        errors.append(f"日期 {outside[0]} 不在 {year} 年内")
    for label, days in (("放假日", holidays), ("调休上班日", workdays)):
        twice = sorted(d for d, n in Counter(d for d, _ in days).items() if n > 1)
        if twice:
            errors.append(f"{label} {twice[0]} 录入了两次")
    clash = {d for d, _ in holidays} & {d for d, _ in workdays}
    if clash:
        errors.append(f"{min(clash)} 不能同时是放假日和调休上班日")
    long_names = [n for _, n in holidays + workdays if len(n) > NAME_LENGTH]
    if long_names:
        errors.append(f"节日名称“{long_names[0]}”超过{NAME_LENGTH}个字")
    weekdays = sorted(d for d, _ in workdays if d.weekday() < 5)
    if weekdays:
        errors.append(
            f"调休上班日 {weekdays[0]} 是周一至周五，本来就是工作日；调休上班日应为周六或周日"
        )
    if errors:
        raise ValidationError(errors)


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
