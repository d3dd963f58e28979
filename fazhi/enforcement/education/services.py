"""Every state change of 普法学法 records is one function here, run through its transition table
(steps.py): the table checks the step and who takes it under the row lock, and the frame saves and
appends the audit row in one transaction. Views, the API, imports and the demo call these; none
writes by itself.

An activity: 登记 (alone, or many at once through `register_many`: the same checks, one bulk
insert and one audit append) → 更正 (what it says is changed; the audit row keeps the before) …
→ 撤销 (with a reason; it stays on record and is no longer counted). A 清单事项: 拟定 → 公布 →
撤回.
"""

import datetime as dt
from dataclasses import dataclass, fields

from fazhi.core import audit
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, RowRefusal, require_date

from . import rules
from .models import (
    ATTENDANCE_REQUIRED,
    MAX_ATTENDANCE,
    MAX_QUANTITY,
    NEWS,
    QUANTITY_UNITS,
    Activity,
    ActivityKind,
    ActivityStatus,
    DutyItem,
    DutyStatus,
)
from .steps import ACTIVITY_STEPS, DUTY_STEPS

# --- activities ----------------------------------------------------------------------------------


@dataclass
class ActivityLine:
    """One activity, as the registration form, an import row or the demo gives it."""

    unit: object
    kind: str
    held_on: dt.date
    title: str
    place: str = ""
    audience: str = ""
    attendance: int | None = None
    quantity: int | None = None
    programme: str = ""
    broadcaster: str = ""
    in_news: bool = False
    duty_item: DutyItem | None = None


EDITABLE = [f.name for f in fields(ActivityLine) if f.name != "unit"]


def register(actor, channel: str, data: dict) -> Activity:
    """The registration form's activity (the page and the API): one line through the batch
    path."""
    unit = data.get("unit") or getattr(actor, "unit", None)
    if unit is None:
        raise Refusal("请指定组织单位。")
    line = ActivityLine(unit=unit, **{k: data[k] for k in EDITABLE if data.get(k) is not None})
    try:
        [activity] = register_many(actor, channel, [line])
    except RowRefusal as exc:
        raise Refusal(exc.messages) from exc
    return activity


def register_many(actor, channel: str, lines: list[ActivityLine]) -> list[Activity]:
    """登记 activities held, by their organising unit (the table's creator rule and reach, on each
    line as on one). All or nothing: the first refused line raises `RowRefusal` with its index.
    Saved through `create_many`: one bulk insert, one audit append of one row per line."""
    activities = []
    for index, line in enumerate(lines):
        try:
            activity = Activity(unit=line.unit)
            _fill(activity, {k: getattr(line, k) for k in EDITABLE})
            ACTIVITY_STEPS.check_creation(actor, activity)
        except Refusal as exc:
            raise RowRefusal(index, "；".join(exc.messages)) from exc
        activities.append(activity)
    return ACTIVITY_STEPS.create_many(actor, channel, activities, action="登记普法活动")


def _fill(a: Activity, values: dict) -> None:
    """Check what an activity says and write it onto `a` (registration and 更正 alike)."""
    kind = values["kind"]
    if kind not in ActivityKind.values:
        raise Refusal(f"活动类型“{kind}”无效。")
    label = ActivityKind(kind).label
    require_date(values["held_on"], label="开展日期")
    title = (values.get("title") or "").strip()
    if not title:
        raise Refusal("应写明活动名称。")
    quantity, attendance = values.get("quantity"), values.get("attendance")
    unit_of_count = QUANTITY_UNITS.get(kind)
    if unit_of_count:
        if quantity is None or not 1 <= int(quantity) <= MAX_QUANTITY:
            raise Refusal(f"{label}应填写数量(单位：{unit_of_count}，1至{MAX_QUANTITY})。")
        quantity = int(quantity)
    elif quantity is not None:
        raise Refusal(f"{label}不计数量，数量应不填(以场次计)。")
    if attendance is not None and not 0 <= int(attendance) <= MAX_ATTENDANCE:
        raise Refusal(f"参加人数应为0至{MAX_ATTENDANCE}。")
    if kind in ATTENDANCE_REQUIRED and not attendance:
        raise Refusal(f"{label}应填写参加人数(计入培训人数)。")
    programme = (values.get("programme") or "").strip()
    broadcaster = (values.get("broadcaster") or "").strip()
    in_news = bool(values.get("in_news"))
    if kind == ActivityKind.TV:
        if not programme:
            raise Refusal("电视普法节目应写明节目(栏目)名称，如《平安法治弥勒》。")
    elif programme or broadcaster or in_news:
        raise Refusal(f"节目名称、播出频道和是否在《{NEWS}》中播出只适用于电视普法节目。")
    item = values.get("duty_item")
    if item is not None:
        _check_item(item, a.unit, values["held_on"])
    a.kind, a.held_on, a.title = kind, values["held_on"], title[:200]
    a.place = (values.get("place") or "").strip()[:200]
    a.audience = (values.get("audience") or "").strip()[:200]
    a.attendance = None if attendance is None else int(attendance)
    a.quantity = quantity
    a.programme, a.broadcaster, a.in_news = (
        programme.strip("《》")[:100],
        broadcaster[:100],
        in_news,
    )
    a.duty_item = item


def _check_item(item: DutyItem, unit, held_on: dt.date) -> None:
    if item.unit_id != unit.pk:
        raise Refusal(f"普法责任清单事项“{item}”不是{unit}的清单事项。")
    if item.status != DutyStatus.PUBLISHED:
        raise Refusal(
            f"普法责任清单事项“{item}”{item.get_status_display()}，应先办理“公布”，"
            f"才能登记落实它的活动({rules.DUTY})。"
        )
    if item.year != held_on.year:
        raise Refusal(f"活动开展于{held_on.year}年，不能计入{item.year}年的普法责任清单事项。")


def correct(
    actor,
    channel: str,
    activity,
    *,
    kind: str,
    held_on: dt.date,
    title: str,
    reason: str,
    place: str = "",
    audience: str = "",
    attendance: int | None = None,
    quantity: int | None = None,
    programme: str = "",
    broadcaster: str = "",
    in_news: bool = False,
    duty_item: DutyItem | None = None,
) -> Activity:
    """更正: what the activity says is changed (the audit row keeps the before and after)."""
    values = {
        "kind": kind,
        "held_on": held_on,
        "title": title,
        "place": place,
        "audience": audience,
        "attendance": attendance,
        "quantity": quantity,
        "programme": programme,
        "broadcaster": broadcaster,
        "in_news": in_news,
        "duty_item": duty_item,
    }

    def change(a):
        if not (reason or "").strip():
            raise Refusal("应写明更正原因。")
        _fill(a, values)
        a.corrections += 1

    return ACTIVITY_STEPS.apply(
        "correct", actor, channel, activity, change, details={"reason": reason}
    )


def revoke(actor, channel: str, activity, *, on: dt.date, reason: str) -> Activity:
    """撤销 an activity registered by mistake (not held, recorded twice …): it stays on record and
    is no longer counted."""

    def change(a):
        require_date(on, label="撤销日期")
        if not (reason or "").strip():
            raise Refusal("应写明撤销原因。")
        a.status, a.revoked_on, a.revoke_reason = ActivityStatus.REVOKED, on, reason.strip()

    return ACTIVITY_STEPS.apply(
        "revoke", actor, channel, activity, change, details={"reason": reason}, on=on
    )


ACTIVITY_FRAME = Frame(
    snapshot=lambda a: audit.snapshot(
        a,
        (
            "status",
            "kind",
            "held_on",
            "title",
            "place",
            "audience",
            "attendance",
            "quantity",
            "programme",
            "broadcaster",
            "in_news",
            "duty_item",
            "revoked_on",
        ),
    ),
    refresh_due=lambda a: None,
    default_on=lambda a: a.held_on,
)

# --- the 普法责任清单 ----------------------------------------------------------------------------


def draft_item(actor, channel: str, data: dict) -> DutyItem:
    """拟定 an item of the unit's 普法责任清单 for a year."""
    unit = data.get("unit") or getattr(actor, "unit", None)
    if unit is None:
        raise Refusal("请指定责任单位。")
    texts = {k: (data.get(k) or "").strip() for k in ("laws", "audience", "measures")}
    planned = (data.get("planned_times") or "").strip()
    missing = [
        label
        for k, label in (("laws", "普法内容"), ("audience", "普法对象"), ("measures", "普法措施"))
        if not texts[k]
    ]
    if missing or not planned:
        raise Refusal(f"应写明{'、'.join(missing + ([] if planned else ['计划时间']))}。")
    year = int(data["year"])
    if not 2000 <= year <= 2100:
        raise Refusal(f"年度“{year}”无效。")
    drafted_on = require_date(data["drafted_on"], label="拟定日期")
    item = DutyItem(
        unit=unit,
        year=year,
        laws=texts["laws"][:300],
        audience=texts["audience"][:200],
        measures=texts["measures"][:1000],
        planned_times=planned[:200],
        drafted_on=drafted_on,
    )
    return DUTY_STEPS.create(actor, channel, item, action="拟定普法责任清单事项", on=drafted_on)


def publish(actor, channel: str, item, *, on: dt.date) -> DutyItem:
    """公布: the item is published on the portal (谁执法谁普法, 督察工作规定 art. 9 (十))."""

    def change(i):
        require_date(on, label="公布日期", not_before=i.drafted_on, before_label="拟定日期")
        i.status, i.published_on = DutyStatus.PUBLISHED, on

    return DUTY_STEPS.apply("publish", actor, channel, item, change, on=on)


def withdraw_item(actor, channel: str, item, *, on: dt.date, reason: str) -> DutyItem:
    """撤回 a published item (职责调整, 法律废止 …): it leaves the portal; its activities stay."""

    def change(i):
        require_date(on, label="撤回日期", not_before=i.published_on, before_label="公布日期")
        if not (reason or "").strip():
            raise Refusal("应写明撤回原因。")
        i.status, i.withdrawn_on, i.withdraw_reason = DutyStatus.WITHDRAWN, on, reason.strip()

    return DUTY_STEPS.apply(
        "withdraw", actor, channel, item, change, details={"reason": reason}, on=on
    )


DUTY_FRAME = Frame(
    snapshot=lambda i: audit.snapshot(
        i, ("status", "year", "laws", "audience", "published_on", "withdrawn_on")
    ),
    refresh_due=lambda i: None,
    default_on=lambda i: i.drafted_on,
)

# The frame of each table (the two share this services module): Steps reads `FRAME`.
_FRAMES = {Activity: ACTIVITY_FRAME, DutyItem: DUTY_FRAME}

FRAME = Frame(
    snapshot=lambda obj: _FRAMES[type(obj)].snapshot(obj),
    refresh_due=lambda obj: _FRAMES[type(obj)].refresh_due(obj),
    default_on=lambda obj: _FRAMES[type(obj)].default_on(obj),
)
