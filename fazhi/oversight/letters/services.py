"""Every state change of a 信箱 letter is one function here: receive, assign, reassign (退回/改派),
reply, close, reopen. Each describes its own change and runs it through the transition table
(steps.py), which checks who may take the step and in which status, keeps the units the letter
names within the actor's government, recomputes the reply due date and appends the audit row, in
one transaction. The pages, the API, the importer and the demo all call these.
"""

import datetime as dt
from dataclasses import dataclass

from fazhi.core import audit, held
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.clocks import ClockError, due_date
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, require_date

from . import rules
from .models import Letter, LetterCategory, LetterStatus, LetterTransfer
from .steps import STEPS

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
    """登记收到的信件 (已收到), by the registrar unit for its own government."""
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
    obj = Letter(
        organ=organ,
        registrar=registrar,
        reference=reference,
        received_on=letter.received_on,
        writer_name=letter.writer_name.strip(),
        writer_phone=letter.writer_phone.strip(),
        subject=letter.subject.strip(),
        category=letter.category,
        status=LetterStatus.RECEIVED,
    )
    with held.atomic():  # no savepoint in an import's chunk
        if Letter.objects.filter(organ=organ, reference=reference).exists():
            raise Refusal(f"信件编号 {reference} 已登记。")
        return STEPS.create(actor, channel, obj, action="收到信箱信件", on=letter.received_on)


def register(actor, channel: str, data: dict) -> Letter:
    """The registration form's data: received by the user's own unit for its government."""
    if actor is None or actor.unit_id is None:
        raise Refusal("请以工作人员的身份登记信箱信件。")
    return receive(
        actor,
        channel,
        organ=actor.unit.government(),
        registrar=actor.unit,
        letter=Incoming(**data),
    )


def _check_unit(letter: Letter, unit) -> None:
    """A letter is passed only to a unit of the government that received it."""
    if unit is None:
        raise Refusal("请选择承办单位。")
    if unit.pk == letter.organ_id or not unit.path.startswith(letter.organ.path):
        raise Refusal(f"承办单位“{unit}”不属于{letter.organ}的工作部门或乡镇(街道)，不能交办。")


def assign(actor, channel: str, letter: Letter, *, unit, on: dt.date) -> Letter:
    """交办: the reply clock starts the day after assignment (rules.reply_limit())."""

    def change(letter):
        require_date(on, label="交办日期", not_before=letter.received_on, before_label="收到日期")
        _check_unit(letter, unit)
        letter.status = LetterStatus.ASSIGNED
        letter.unit = unit
        letter.assigned_on = on

    return _apply("assign", actor, channel, letter, change, {"unit": str(unit)}, on=on)


def reassign(actor, channel: str, letter: Letter, *, unit, on: dt.date, reason: str) -> Letter:
    """退回/改派: the unit says the letter is not its business; it goes to another unit, the move
    is recorded, and the reply period runs anew from the new assignment."""

    def change(letter):
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

    details = {"unit": str(unit), "reason": reason}
    return _apply("reassign", actor, channel, letter, change, details, on=on)


def reply(actor, channel: str, letter: Letter, *, on: dt.date, summary: str) -> Letter:
    """答复: the assigned unit's answer, with a summary of what it said."""

    def change(letter):
        require_date(on, label="答复日期", not_before=letter.assigned_on, before_label="交办日期")
        if not summary.strip():
            raise Refusal("请填写答复摘要。")
        letter.status = LetterStatus.ANSWERED
        letter.replied_on = on
        letter.reply_summary = summary.strip()[:500]

    return _apply("reply", actor, channel, letter, change, on=on)


def close(actor, channel: str, letter: Letter, *, on: dt.date) -> Letter:
    """办结: the registrar checks the reply and closes the letter in the mailbox."""

    def change(letter):
        require_date(on, label="办结日期", not_before=letter.replied_on, before_label="答复日期")
        letter.status = LetterStatus.CLOSED
        letter.closed_on = on

    return _apply("close", actor, channel, letter, change, on=on)


def reopen(actor, channel: str, letter: Letter, *, on: dt.date, reason: str) -> Letter:
    """重新办理 a closed letter whose reply was not satisfactory: only with the override (the
    table), by the registrar, with a reason."""

    def change(letter):
        require_date(on, label="重新交办日期", not_before=letter.closed_on, before_label="办结日期")
        if not reason.strip():
            raise Refusal("重新办理应说明理由。")
        letter.status = LetterStatus.ASSIGNED
        letter.assigned_on = on
        letter.replied_on = letter.closed_on = None
        letter.reply_summary = ""
        letter.overdue_notified_on = None

    return _apply("reopen", actor, channel, letter, change, {"reason": reason}, on=on)


def _apply(key, actor, channel, letter, change, details=None, *, on):
    return STEPS.apply(key, actor, channel, letter, change, details=details, on=on)


def refresh_due(letter: Letter) -> None:
    """The reply due date from the (latest) assignment; a year whose holidays nobody entered
    refuses the step instead of guessing."""
    try:
        if letter.assigned_on is not None:
            letter.reply_due_on = due_date(letter.assigned_on, rules.reply_limit())
    except (ClockError, CalendarYearUnknown) as exc:
        raise Refusal(f"无法计算答复期限：{exc}") from exc
    letter.next_due_on, letter.next_due_label = {
        LetterStatus.RECEIVED: (None, "待交办"),
        LetterStatus.ASSIGNED: (letter.reply_due_on, "答复"),
        LetterStatus.ANSWERED: (None, "待办结"),
    }.get(letter.status, (None, ""))


FRAME = Frame(
    snapshot=lambda letter: audit.snapshot(letter, AUDITED),
    refresh_due=refresh_due,
    default_on=lambda letter: letter.received_on,
)
