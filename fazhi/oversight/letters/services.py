"""Every state change of a 信箱 letter is one function here: receive, assign, reassign (退回/改派),
reply, close. Each checks status and dates, writes in one transaction, recomputes the reply due
date and appends one audit row. Views, the API, the importer and the demo all call these.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from fazhi.core import audit
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.clocks import ClockError, due_date
from fazhi.core.permissions import may_change_closed
from fazhi.core.workflow import (
    Frame,
    Refusal,
    require_date,
    require_status,
    transition,
)

from . import rules
from .models import Letter, LetterCategory, LetterStatus, LetterTransfer

AUDITED = (
    "status",
    "unit",
    "assigned_on",
    "reply_due_on",
    "next_due_on",
    "replied_on",
    "reply_summary",
    "closed_on",
    "transfer_count",
)


@dataclass
class Incoming:
    """A letter as the prefecture's mailbox system delivers it."""

    reference: str
    received_on: dt.date
    writer_name: str
    subject: str
    category: str
    writer_phone: str = ""


def receive(actor, channel: str, *, organ, registrar, letter: Incoming) -> Letter:
    """登记收到的信件 (已收到)."""
    require_date(letter.received_on, label="收到日期")
    reference = letter.reference.strip()
    if not reference:
        raise Refusal("信件编号不能为空(以州政府统一信箱系统编号为准)。")
    if not letter.writer_name.strip():
        raise Refusal("来信人不能为空。")
    if not letter.subject.strip():
        raise Refusal("信件标题不能为空。")
    if letter.category not in LetterCategory.values:
        raise Refusal(f"信件类别“{letter.category}”无效。")
    if registrar.government() != organ:
        raise Refusal(f"登记单位“{registrar}”不属于{organ}。")
    with transaction.atomic():
        if Letter.objects.filter(organ=organ, reference=reference).exists():
            raise Refusal(f"信件编号 {reference} 已登记。")
        obj = Letter.objects.create(
            organ=organ,
            registrar=registrar,
            reference=reference,
            received_on=letter.received_on,
            writer_name=letter.writer_name.strip(),
            writer_phone=letter.writer_phone.strip(),
            subject=letter.subject.strip(),
            category=letter.category,
            status=LetterStatus.RECEIVED,
            next_due_label="待交办",
        )
        after = audit.snapshot(obj, AUDITED) | {"on": letter.received_on}
        audit.record(actor, channel, "收到信箱信件", obj, None, after)
    return obj


def _check_unit(letter: Letter, unit) -> None:
    if unit is None:
        raise Refusal("请选择承办单位。")
    if not unit.path.startswith(letter.organ.path):
        raise Refusal(f"承办单位“{unit}”不属于{letter.organ}，不能交办。")


def assign(actor, channel: str, letter: Letter, *, unit, on: dt.date) -> Letter:
    """交办: the reply clock starts the day after assignment (rules.reply_limit())."""

    def change(letter):
        require_status(letter, [LetterStatus.RECEIVED], "交办")
        require_date(on, label="交办日期", not_before=letter.received_on, before_label="收到日期")
        _check_unit(letter, unit)
        letter.status = LetterStatus.ASSIGNED
        letter.unit = unit
        letter.assigned_on = on

    return _apply(actor, channel, letter, "交办", change, {"unit": unit and unit.pk}, on=on)


def reassign(actor, channel: str, letter: Letter, *, unit, on: dt.date, reason: str) -> Letter:
    """退回/改派: the unit says the letter is not its business; it goes to another unit, the move
    is recorded, and the reply period runs anew from the new assignment."""

    def change(letter):
        require_status(letter, [LetterStatus.ASSIGNED], "退回改派")
        require_date(on, label="改派日期", not_before=letter.assigned_on, before_label="交办日期")
        _check_unit(letter, unit)
        if unit.pk == letter.unit_id:
            raise Refusal("改派单位与原承办单位相同。")
        if not reason.strip():
            raise Refusal("退回改派应说明理由。")
        LetterTransfer.objects.create(
            letter=letter, from_unit_id=letter.unit_id, to_unit=unit, on=on, reason=reason[:200]
        )
        letter.unit = unit
        letter.assigned_on = on
        letter.transfer_count += 1
        letter.overdue_notified_on = None  # a new clock: its lateness is reminded anew

    return _apply(
        actor,
        channel,
        letter,
        "退回改派",
        change,
        {"unit": unit and unit.pk, "reason": reason},
        on=on,
    )


def reply(actor, channel: str, letter: Letter, *, on: dt.date, summary: str) -> Letter:
    """答复: the assigned unit's answer, with a summary of what it said."""

    def change(letter):
        require_status(letter, [LetterStatus.ASSIGNED], "答复")
        require_date(on, label="答复日期", not_before=letter.assigned_on, before_label="交办日期")
        if not summary.strip():
            raise Refusal("请填写答复摘要。")
        letter.status = LetterStatus.ANSWERED
        letter.replied_on = on
        letter.reply_summary = summary.strip()[:500]

    return _apply(actor, channel, letter, "答复", change, None, on=on)


def close(actor, channel: str, letter: Letter, *, on: dt.date) -> Letter:
    """办结: the registrar checks the reply and closes the letter in the mailbox."""

    def change(letter):
        require_status(letter, [LetterStatus.ANSWERED], "办结")
        require_date(on, label="办结日期", not_before=letter.replied_on, before_label="答复日期")
        letter.status = LetterStatus.CLOSED
        letter.closed_on = on

    return _apply(actor, channel, letter, "办结", change, None, on=on)


def reopen(actor, channel: str, letter: Letter, *, on: dt.date, reason: str) -> Letter:
    """重新办理 a closed letter whose reply was not satisfactory: only with the override."""

    def change(letter):
        require_status(letter, [LetterStatus.CLOSED], "重新办理")
        if not may_change_closed(actor):
            raise Refusal("重新办理已办结信件须具有更正权限。")
        require_date(on, label="重新交办日期", not_before=letter.closed_on, before_label="办结日期")
        if not reason.strip():
            raise Refusal("重新办理应说明理由。")
        letter.status = LetterStatus.ASSIGNED
        letter.assigned_on = on
        letter.replied_on = letter.closed_on = None
        letter.reply_summary = ""
        letter.overdue_notified_on = None

    return _apply(actor, channel, letter, "重新办理", change, {"reason": reason}, on=on)


def record_personal_data_access(actor, channel: str, letter: Letter) -> None:
    """Opening a writer's unmasked name and phone is itself an audit row (个人信息保护法)."""
    with transaction.atomic():
        audit.record(
            actor,
            channel,
            "查看完整个人信息",
            letter,
            None,
            {"fields": ["writer_name", "writer_phone"]},
        )


def _apply(actor, channel, letter, action: str, change, details: dict | None = None, on=None):
    return transition(FRAME, actor, channel, letter, action, change, details=details, on=on)


FRAME = Frame(
    open_statuses=LetterStatus.open,
    snapshot=lambda letter: audit.snapshot(letter, AUDITED),
    refresh_due=lambda letter: _refresh_due(letter),
    default_on=lambda letter: letter.received_on,
)


def _refresh_due(letter: Letter) -> None:
    """The reply due date from the (latest) assignment; a year whose holidays nobody entered
    refuses the step instead of guessing."""
    try:
        if letter.assigned_on is not None:
            letter.reply_due_on = due_date(letter.assigned_on, rules.reply_limit())
    except (ClockError, CalendarYearUnknown) as exc:
        raise Refusal(f"无法计算答复期限：{exc}") from exc
    if letter.status == LetterStatus.RECEIVED:
        letter.next_due_on, letter.next_due_label = None, "待交办"
    elif letter.status == LetterStatus.ASSIGNED:
        letter.next_due_on, letter.next_due_label = letter.reply_due_on, "答复"
    elif letter.status == LetterStatus.ANSWERED:
        letter.next_due_on, letter.next_due_label = None, "待办结"
    else:
        letter.next_due_on, letter.next_due_label = None, ""
