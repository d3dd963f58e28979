"""Every state change of 法律顾问 records is one function here, run through its transition table
(steps.py): the table checks the step and who takes it under the row lock, and the frame saves and
appends the audit row in one transaction. Views, the API, imports, the demo and `fazhi tick` call
these; none writes by itself.

The register: 登记 → [停用]. An engagement: 聘请 (its first period) → 续聘 (another period, a row
of its own) … → 解聘, or 已到期 when its last period has ended (the tick). The work log: a line is
recorded by the engaging unit, alone or many at once (`record_work_many`: the same checks, one
bulk insert and one audit append), and a line entered by mistake is 作废, never deleted.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.authority import within_government
from fazhi.core.steps import Frame
from fazhi.core.terms import Term
from fazhi.core.workflow import Refusal, RowRefusal, require_date

from . import rules
from .models import (
    MAX_COUNT,
    Adviser,
    AdviserKind,
    AdviserStatus,
    Engagement,
    EngagementPeriod,
    EngagementStatus,
    WorkEntry,
    WorkKind,
    WorkStatus,
)
from .steps import ADVISER_STEPS, ENGAGEMENT_STEPS, WORK_STEPS

# --- the register --------------------------------------------------------------------------------


def register_adviser(actor, channel: str, data: dict) -> Adviser:
    """登记 an adviser in the register of the unit's government, by that unit (or a coordinator
    for it). A 社会律师 or 公职律师 is registered with the 17-digit number of the licence; the same
    licence number is registered once in a government."""
    unit = data.get("unit") or getattr(actor, "unit", None)
    if unit is None:
        raise Refusal("请指定登记单位。")
    kind = data["kind"]
    if kind not in AdviserKind.values:
        raise Refusal(f"类别“{kind}”无效，应为社会律师、公职律师、法律专家或其他。")
    name, organisation = data["name"].strip(), data["organisation"].strip()
    licence = (data.get("licence_id_number") or "").strip()
    if not name or not organisation:
        raise Refusal("应填写法律顾问的姓名及其律师事务所或工作单位。")
    if kind in AdviserKind.licensed() and not rules.LICENCE.fullmatch(licence):
        raise Refusal(f"{AdviserKind(kind).label}应填写17位数字的执业证号。")
    require_date(data["registered_on"], label="登记日期")
    adviser = Adviser(
        unit=unit,
        name=name,
        kind=kind,
        organisation=organisation,
        licence_id_number=licence,
        phone=(data.get("phone") or "").strip(),
        expertise=(data.get("expertise") or "").strip(),
        registered_on=data["registered_on"],
    )
    with transaction.atomic():
        if licence and _registered_licence(unit, licence):
            raise Refusal(f"执业证号为{licence}的法律顾问已在本级政府的法律顾问名册中。")
        return ADVISER_STEPS.create(actor, channel, adviser, action="登记法律顾问")


def _registered_licence(unit, licence: str) -> bool:
    government = unit.government()
    return Adviser.objects.filter(
        licence_id_number=licence, unit__path__startswith=government.path
    ).exists()


def withdraw_adviser(actor, channel: str, adviser, *, on: dt.date, reason: str) -> Adviser:
    """停用: the adviser leaves the register (执业证注销, 调离 …); engagements in force end
    first."""

    def change(a):
        require_date(on, label="停用日期", not_before=a.registered_on, before_label="登记日期")
        if not reason.strip():
            raise Refusal("应写明停用原因。")
        if a.engagements.filter(status=EngagementStatus.ENGAGED).exists():
            raise Refusal("该法律顾问仍有在聘的聘任，应先解聘或待聘期届满后再停用。")
        a.status, a.withdrawn_on, a.withdrawn_reason = AdviserStatus.WITHDRAWN, on, reason.strip()

    return ADVISER_STEPS.apply(
        "withdraw", actor, channel, adviser, change, details={"reason": reason}, on=on
    )


ADVISER_FRAME = Frame(
    snapshot=lambda a: audit.snapshot(a, ("status", "name", "kind", "organisation", "unit")),
    refresh_due=lambda a: None,
    default_on=lambda a: a.registered_on,
)

# --- engagements --------------------------------------------------------------------------------


def engage(actor, channel: str, data: dict) -> Engagement:
    """聘请: a unit engages an adviser of its government's register for a first period."""
    unit = data.get("unit") or getattr(actor, "unit", None)
    adviser, start_on, end_on = data["adviser"], data["start_on"], data["end_on"]
    if unit is None:
        raise Refusal("请指定聘请单位。")
    if adviser.status != AdviserStatus.ACTIVE:
        raise Refusal(f"{adviser}已停用，不能聘请。")
    if not adviser.unit.path.startswith(unit.government().path):
        raise Refusal(f"{adviser}不在{unit.government()}的法律顾问名册中。")
    _check_period(start_on, end_on)
    fee, number = data.get("fee"), (data.get("contract_number") or "").strip()
    engagement = Engagement(
        unit=unit, adviser=adviser, start_on=start_on, end_on=end_on, fee=_fee(fee)
    )

    def first_period(e):
        EngagementPeriod.objects.create(
            engagement=e,
            number=1,
            start_on=start_on,
            end_on=end_on,
            fee=e.fee,
            contract_number=number[:60],
        )
        return []

    details = {"adviser": str(adviser), "contract_number": number}
    with transaction.atomic():
        # The adviser's row locked first: two engagements sent at once (PostgreSQL) are checked
        # one after the other, so the second sees the first and is refused.
        Adviser.objects.select_for_update().filter(pk=adviser.pk).first()
        overlapping = Engagement.objects.filter(
            unit=unit, adviser=adviser, status=EngagementStatus.ENGAGED
        ).exists()
        if overlapping:
            raise Refusal(f"{unit}已在聘{adviser.name}，应办理续聘，不能重复聘请。")
        return ENGAGEMENT_STEPS.create(
            actor,
            channel,
            engagement,
            action="聘请法律顾问",
            on=start_on,
            details=details,
            then=first_period,
        )


def _check_period(start_on, end_on) -> None:
    for value, label in ((start_on, "聘期开始日期"), (end_on, "聘期届满日期")):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise Refusal(f"{label}无效：{value!r} 不是日期。")
    if end_on <= start_on:
        raise Refusal(f"聘期届满日期({end_on:%Y-%m-%d})应晚于聘期开始日期({start_on:%Y-%m-%d})。")
    if start_on > timezone.localdate() + dt.timedelta(days=366):
        raise Refusal(f"聘期开始日期({start_on:%Y-%m-%d})距今超过一年，请核对。")


def _fee(fee) -> Decimal | None:
    if fee is None or fee == "":
        return None
    fee = Decimal(fee)
    if fee < 0:
        raise Refusal("顾问费不能为负数。")
    return fee


def renew(
    actor,
    channel: str,
    engagement,
    *,
    end_on: dt.date,
    start_on: dt.date | None = None,
    fee=None,
    contract_number: str = "",
) -> Engagement:
    """续聘: a new period, recorded as a row of its own (期次 2, 3 …); by default it starts the
    day after the current period ends. An engagement that has lapsed (已到期) may be renewed too:
    the gap between its periods stays on record."""
    period: list[EngagementPeriod] = []

    def change(e):
        start = start_on or e.end_on + dt.timedelta(days=1)
        if start <= e.end_on:
            raise Refusal(
                f"新聘期开始日期({start:%Y-%m-%d})应晚于原聘期届满日期({e.end_on:%Y-%m-%d})。"
            )
        _check_period(start, end_on)
        e.renewals += 1
        e.end_on, e.fee, e.status = end_on, _fee(fee), EngagementStatus.ENGAGED
        e.expired_on = None
        period.append(
            EngagementPeriod.objects.create(
                engagement=e,
                number=e.renewals + 1,
                start_on=start,
                end_on=end_on,
                fee=e.fee,
                contract_number=(contract_number or "").strip()[:60],
            )
        )

    details = {"end_on": end_on, "start_on": start_on, "contract_number": contract_number}
    return ENGAGEMENT_STEPS.apply(
        "renew",
        actor,
        channel,
        engagement,
        change,
        details=details,
        on=start_on or min(engagement.end_on + dt.timedelta(days=1), timezone.localdate()),
    )


def terminate(actor, channel: str, engagement, *, on: dt.date, reason: str) -> Engagement:
    """解聘 before the period ends (合同解除): the engagement is no longer in force after `on`."""

    def change(e):
        require_date(on, label="解聘日期", not_before=e.start_on, before_label="首次聘期开始日期")
        if on > e.end_on:
            raise Refusal(f"解聘日期不能晚于聘期届满日期({e.end_on:%Y-%m-%d})。")
        if not reason.strip():
            raise Refusal("应写明解聘原因。")
        e.status, e.terminated_on = EngagementStatus.TERMINATED, on
        e.termination_reason = reason.strip()

    return ENGAGEMENT_STEPS.apply(
        "terminate", actor, channel, engagement, change, details={"reason": reason}, on=on
    )


# While in force, the next date is the end of the current period (the workbench sorts by it; the
# tick reminds FAZHI_ADVISER_RENEWAL_NOTICE_DAYS before it, and marks it 已到期 from the day after).
ENGAGEMENT_TERM = Term(Engagement, EngagementStatus.ENGAGED, "end_on", "聘期届满")


def _expire(e) -> None:
    if not ENGAGEMENT_TERM.has_ended(e):
        raise Refusal(f"聘期至{e.end_on:%Y-%m-%d}届满，届满前不能标记为已到期。")
    e.status, e.expired_on = EngagementStatus.EXPIRED, e.end_on


def expire(actor, channel: str, engagement, *, on: dt.date | None = None) -> Engagement:
    """已到期: the last period ended without a renewal (the tick takes this step)."""
    return ENGAGEMENT_STEPS.apply(
        "expire", actor, channel, engagement, _expire, on=engagement.end_on
    )


EXPIRED_FIELDS = ["status", "expired_on", "next_due_on", "next_due_label"]


def expire_many(actor, channel: str, ids) -> tuple[int, dict[str, int]]:
    """The same step for a batch (the tick): rows another run holds are skipped, each is checked
    against the table, and the batch is written with one UPDATE and one audit append."""
    changed, refused = ENGAGEMENT_STEPS.apply_many(
        "expire",
        actor,
        channel,
        ids,
        _expire,
        on=lambda e: e.end_on,
        skip_locked=True,
        fields=EXPIRED_FIELDS,
    )
    return len(changed), refused


ENGAGEMENT_FRAME = Frame(
    snapshot=lambda e: audit.snapshot(
        e, ("status", "end_on", "fee", "renewals", "terminated_on", "expired_on", "next_due_on")
    ),
    refresh_due=ENGAGEMENT_TERM.refresh_due,
    default_on=lambda e: e.start_on,
)

# --- the work log -------------------------------------------------------------------------------


@dataclass
class WorkLine:
    """One line of the work log, as a form, an import row or the demo gives it."""

    engagement: Engagement
    done_on: dt.date
    kind: str
    subject: str
    reference: str = ""
    count: int = 1


def record_work(actor, channel: str, data: dict) -> WorkEntry:
    """The registration form's line (the page and the API): one line through the batch path."""
    line = WorkLine(
        engagement=data["engagement"],
        done_on=data["done_on"],
        kind=data["kind"],
        subject=data["subject"],
        reference=data.get("reference") or "",
        count=1 if data.get("count") is None else data["count"],
    )
    try:
        [entry] = record_work_many(actor, channel, [line])
    except RowRefusal as exc:
        raise Refusal(exc.messages) from exc
    return entry


def record_work_many(actor, channel: str, lines: list[WorkLine]) -> list[WorkEntry]:
    """Record lines of the work log, by the engaging unit (the table's creator rule and reach, on
    each line as on one). A line's date lies within its engagement's periods and not after 解聘,
    and not in the future; its 件次 is 1 to 9999. All or nothing: the first refused line raises
    `RowRefusal` with its index. Saved through `create_many`: one bulk insert, one audit append
    of one row per line."""
    entries = [_entry(actor, index, line) for index, line in enumerate(lines)]
    return WORK_STEPS.create_many(actor, channel, entries, action="登记法律顾问工作")


def _entry(actor, index: int, line: WorkLine) -> WorkEntry:
    try:
        e = line.engagement
        if line.kind not in WorkKind.values:
            raise Refusal(f"工作类型“{line.kind}”无效。")
        require_date(line.done_on, label="日期")
        if line.done_on < e.start_on or line.done_on > e.ended_on:
            raise Refusal(
                f"日期({line.done_on:%Y-%m-%d})不在{e}的聘期"
                f"({e.start_on:%Y-%m-%d}至{e.ended_on:%Y-%m-%d})内。"
            )
        count = int(line.count)
        if not 1 <= count <= MAX_COUNT:
            raise Refusal(f"件次应为1至{MAX_COUNT}。")
        subject = (line.subject or "").strip()
        if not subject:
            raise Refusal("应写明事项。")
        entry = WorkEntry(
            engagement=e,
            unit=e.unit,
            adviser=e.adviser,
            done_on=line.done_on,
            kind=line.kind,
            subject=subject[:200],
            reference=(line.reference or "").strip()[:200],
            count=count,
        )
        WORK_STEPS.check_creation(actor, entry)
    except Refusal as exc:
        raise RowRefusal(index, "；".join(exc.messages)) from exc
    return entry


def void_work(actor, channel: str, entry, *, on: dt.date, reason: str) -> WorkEntry:
    """作废 a line entered by mistake: it stays on record and is no longer counted."""

    def change(w):
        require_date(on, label="作废日期")
        if not reason.strip():
            raise Refusal("应写明作废原因。")
        w.status, w.voided_on, w.void_reason = WorkStatus.VOIDED, on, reason.strip()

    return WORK_STEPS.apply(
        "void", actor, channel, entry, change, details={"reason": reason}, on=on
    )


WORK_FRAME = Frame(
    snapshot=lambda w: audit.snapshot(w, ("status", "kind", "count", "done_on", "voided_on")),
    refresh_due=lambda w: None,
    default_on=lambda w: w.done_on,
)


def within_reach(actor, unit) -> bool:
    return within_government(actor, unit)


# The frame of each table (the three share this services module): Steps reads `FRAME`.
_FRAMES = {Adviser: ADVISER_FRAME, Engagement: ENGAGEMENT_FRAME, WorkEntry: WORK_FRAME}

FRAME = Frame(
    snapshot=lambda obj: _FRAMES[type(obj)].snapshot(obj),
    refresh_due=lambda obj: _FRAMES[type(obj)].refresh_due(obj),
    default_on=lambda obj: _FRAMES[type(obj)].default_on(obj),
)
