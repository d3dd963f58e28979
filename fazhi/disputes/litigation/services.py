"""Every state change of a 行政诉讼 (应诉) case is one function here. Each describes its own
change (dates, the law's conditions) and runs it through the transition table (steps.py), which
checks the step, the actor and the units under the row lock, recomputes the next due date, saves
and appends the audit row in one transaction. Views, the API, imports and the demo all call these;
none writes by itself.

CT = 最高人民法院关于行政机关负责人出庭应诉若干问题的规定(2020).
"""

import datetime as dt

from django.db import transaction

from fazhi.core import audit
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.clocks import ClockError, due_date
from fazhi.core.steps import Frame
from fazhi.core.validators import validate_id_number
from fazhi.core.workflow import Refusal, locked, require_date

from . import rules
from .models import (
    Appellant,
    DecisionKind,
    Excuse,
    HeadRank,
    Hearing,
    Instance,
    Lawsuit,
    PlaintiffType,
    Result,
    Status,
)
from .steps import STEPS

AUDITED = (
    "status",
    "copy_received_on",
    "answer_due_on",
    "answered_on",
    "next_hearing_on",
    "decision_kind",
    "decided_on",
    "served_on",
    "result",
    "lost",
    "appeal_due_on",
    "appealed_by",
    "appealed_on",
    "closed_on",
    "next_due_on",
)


def receive(
    actor,
    channel: str,
    *,
    defendant,
    unit,
    number: str,
    court: str,
    cause: str,
    plaintiff_type: str,
    plaintiff_name: str,
    copy_received_on: dt.date,
    instance: str = Instance.FIRST,
    plaintiff_id_number: str = "",
    previous: Lawsuit | None = None,
) -> Lawsuit:
    """登记应诉: the copy of the complaint (or of the appeal) has arrived; the 15 日 for the answer
    and the evidence start (行政诉讼法 art. 67; for an appeal art. 101 → 民事诉讼法 art. 174).
    Who may register it, and for which units, is the table's `creator` and reach (steps.py),
    checked before anything else is looked at."""
    if defendant is None or unit is None:
        raise Refusal("应指明被告和承办单位。")
    STEPS.check_creation(actor, Lawsuit(defendant=defendant, unit=unit))
    require_date(copy_received_on, label="收到副本日期")
    if plaintiff_type not in PlaintiffType.values:
        raise Refusal(f"原告类型“{plaintiff_type}”无效。")
    if instance not in Instance.values:
        raise Refusal(f"审级“{instance}”无效。")
    number, court, cause = number.strip(), court.strip(), cause.strip()
    for value, label in ((number, "案号"), (court, "审理法院"), (cause, "案由")):
        if not value:
            raise Refusal(f"{label}不能为空。")
    if not plaintiff_name.strip():
        raise Refusal("原告姓名或名称不能为空。")
    if plaintiff_id_number:
        validate_id_number(plaintiff_id_number)
    _check_previous(instance, previous, defendant, copy_received_on)
    with transaction.atomic():
        if Lawsuit.objects.filter(court=court, number=number).exists():
            raise Refusal(f"{court}案号 {number} 已登记。")
        case = Lawsuit(
            number=number,
            court=court,
            cause=cause,
            instance=instance,
            previous=previous,
            plaintiff_type=plaintiff_type,
            plaintiff_name=plaintiff_name.strip(),
            plaintiff_id_number=plaintiff_id_number,
            defendant=defendant,
            unit=unit,
            copy_received_on=copy_received_on,
            answer_due_on=_clock(copy_received_on, rules.ANSWER),
            status=Status.RECEIVED,
        )
        return STEPS.create(actor, channel, case, action="登记应诉", on=copy_received_on)


def handling_unit(actor, defendant):
    """Who prepares the defence (承办单位): a department or town for a suit against itself; for a
    suit against the government itself, the unit of the person registering it (the 司法局's
    coordinator — the table allows no one else to register it)."""
    if actor is None or actor.unit_id is None:
        raise Refusal("请以承办单位工作人员的身份登记。")
    return actor.unit if defendant.pk == actor.unit.government().pk else defendant


def register(actor, channel: str, data: dict) -> Lawsuit:
    """The registration form's data. A 二审 or 再审 names the earlier instance by its 案号, looked
    up among the same defendant's lawsuits — after the table has allowed the actor to register
    for that defendant, so no other unit's 案号 is ever disclosed."""
    data = dict(data)
    previous_number = data.pop("previous_number", "").strip()
    defendant = data["defendant"]
    unit = handling_unit(actor, defendant)
    STEPS.check_creation(actor, Lawsuit(defendant=defendant, unit=unit))
    previous = _earlier_instance(defendant, previous_number) if previous_number else None
    return receive(actor, channel, unit=unit, previous=previous, **data)


def _earlier_instance(defendant, number: str) -> Lawsuit:
    found = list(Lawsuit.objects.filter(defendant=defendant, number=number)[:2])
    if not found:
        raise Refusal(f"前一审级案号 {number} 未在本平台登记(被告：{defendant})。")
    if len(found) > 1:
        raise Refusal(f"被告{defendant}有两件以上案号为 {number} 的案件，请核对。")
    return found[0]


def _check_previous(instance, previous, defendant, received_on) -> None:
    """An appeal's 二审 follows an appealed judgment of the same defendant; a 再审 follows a
    concluded case; a 一审 (also a 发回重审) may name the case it comes from."""
    if instance == Instance.SECOND and (previous is None or previous.status != Status.APPEALED):
        raise Refusal("二审案件应关联已提起上诉的前一审级案件(行政诉讼法第八十五条)。")
    if instance == Instance.RETRIAL and (previous is None or previous.status != Status.CLOSED):
        raise Refusal("再审案件应关联已结案的原审案件(行政诉讼法第九十条、第九十一条)。")
    if previous is not None:
        if previous.defendant_id != defendant.pk:
            raise Refusal("前后审级的被告应为同一机关。")
        after = previous.appealed_on or previous.decided_on or previous.copy_received_on
        if received_on < after:
            raise Refusal(f"收到副本日期不能早于前一审级的上诉或裁判日期({after:%Y-%m-%d})。")


def answer(actor, channel: str, case, *, on: dt.date) -> Lawsuit:
    """提交答辩状、证据和所依据的规范性文件 (行政诉讼法 art. 67 ¶1). A late answer is
    recorded as such (`answered_late`): the court then treats the act as having no evidence
    (行诉解释 art. 34)."""

    def change(case):
        require_date(
            on, label="答辩日期", not_before=case.copy_received_on, before_label="收到副本日期"
        )
        case.answered_on = on
        case.status = Status.ANSWERED

    return _apply("answer", actor, channel, case, change, on=on)


def schedule_hearing(actor, channel: str, case, *, on: dt.date, hearing_on: dt.date) -> Lawsuit:
    """收到开庭传票/出庭通知 (CT art. 5 ¶2: at least 3 days before the hearing)."""

    def change(case):
        require_date(
            on, label="收到通知日期", not_before=case.copy_received_on, before_label="收到副本日期"
        )
        if not isinstance(hearing_on, dt.date) or hearing_on <= on:
            raise Refusal("开庭日期应晚于收到通知的日期。")
        case.next_hearing_on = hearing_on

    return _apply("schedule", actor, channel, case, change, {"hearing_on": hearing_on}, on=on)


def record_hearing(
    actor,
    channel: str,
    case,
    *,
    on: dt.date,
    head_appeared: bool,
    head_name: str = "",
    head_post: str = "",
    head_rank: str = "",
    head_spoke_on_resolution: bool = False,
    excuse: str = "",
    excuse_note: str = "",
    stand_in_name: str = "",
    stand_in_post: str = "",
    lawyer_name: str = "",
) -> Lawsuit:
    """开庭: who appeared for the defendant (行政诉讼法 art. 3 ¶3; CT arts. 2, 8, 10, 11)."""
    fields = {
        "head_appeared": bool(head_appeared),
        "head_name": head_name.strip(),
        "head_post": head_post.strip(),
        "head_rank": head_rank,
        "head_spoke_on_resolution": bool(head_spoke_on_resolution),
        "excuse": excuse,
        "excuse_note": excuse_note.strip(),
        "stand_in_name": stand_in_name.strip(),
        "stand_in_post": stand_in_post.strip(),
        "lawyer_name": lawyer_name.strip(),
    }

    def change(case):
        last = _last_hearing_day(case) or case.copy_received_on
        require_date(on, label="开庭日期", not_before=last, before_label="收到副本或上次开庭日期")
        _check_appearance(fields)
        Hearing.objects.create(lawsuit=case, held_on=on, **fields)
        case.status = Status.HEARD
        if case.next_hearing_on and case.next_hearing_on <= on:
            case.next_hearing_on = None

    details = {k: v for k, v in fields.items() if v not in ("", False)}
    return _apply("hearing", actor, channel, case, change, details, on=on)


def _check_appearance(f: dict) -> None:
    if f["head_appeared"]:
        if not (f["head_name"] and f["head_post"]):
            raise Refusal("负责人出庭的，应登记其姓名和职务(最高法出庭应诉规定第六条)。")
        if f["head_rank"] not in HeadRank.values:
            raise Refusal(
                "出庭负责人应为被诉机关的正职、副职、参与分管的副职级别负责人或其他参与分管的负责人"
                "(最高法出庭应诉规定第二条第一款)；受委托组织或下级机关的负责人不能作为负责人出庭"
                "(第二条第二款)，应作为工作人员登记。"
            )
        if f["excuse"]:
            raise Refusal("负责人已出庭，不应登记未出庭事由。")
        return
    if f["head_rank"] or f["head_spoke_on_resolution"]:
        raise Refusal("负责人未出庭，不应登记负责人类别或其发表意见的情况。")
    if f["excuse"] not in Excuse.values:
        raise Refusal(
            "负责人未出庭的，应登记不能出庭的法定情形：不可抗力、意外事件、需要履行他人不能代替的"
            "公务或其他正当事由(最高法出庭应诉规定第八条)。"
        )
    if f["excuse"] == Excuse.OTHER and not f["excuse_note"]:
        raise Refusal(
            "以“其他正当事由”不能出庭的，应说明具体事由(最高法出庭应诉规定第八条第四项)。"
        )
    if not f["stand_in_name"]:
        raise Refusal(
            "负责人不能出庭的，应当委托相应的工作人员出庭，不得仅委托律师出庭"
            "(行政诉讼法第三条第三款，最高法出庭应诉规定第十条)。"
        )


def _last_hearing_day(case) -> dt.date | None:
    return case.hearings.order_by("-held_on").values_list("held_on", flat=True).first()


def decide(
    actor, channel: str, case, *, on: dt.date, result: str, served_on: dt.date | None = None
) -> Lawsuit:
    """判决、裁定或调解 of this instance. 败诉 is derived from the result (`Result.losing()`).
    A 二审 decision is final (行政诉讼法 art. 7 两审终审), so are 撤诉 and 调解书; otherwise the
    appeal period runs from service (行政诉讼法 art. 85)."""
    served = served_on or on

    def change(case):
        if result not in Result.values:
            raise Refusal(f"裁判结果“{result}”无效。")
        second = case.instance == Instance.SECOND
        if result in (Result.UPHELD, Result.REMANDED) and not second:
            raise Refusal("“驳回上诉、维持原判”和“发回重审”只适用于二审(行政诉讼法第八十九条)。")
        last = _last_hearing_day(case) or case.copy_received_on
        require_date(on, label="裁判日期", not_before=last, before_label="收到副本或开庭日期")
        require_date(served, label="送达日期", not_before=on, before_label="裁判日期")
        case.result, case.decided_on, case.served_on = result, on, served
        case.decision_kind = _kind_of(case, result)
        case.lost = _lost(case, result)
        if second or result in Result.final_at_once() or not _appealable(case):
            case.status, case.closed_on, case.appeal_due_on = Status.CLOSED, served, None
        else:
            case.status = Status.DECIDED
            case.appeal_due_on = _clock(served, rules.APPEAL[DecisionKind(case.decision_kind)])

    return _apply(
        "decide",
        actor,
        channel,
        case,
        change,
        {"result": result, "served_on": served},
        on=on,
        then=_close_previous,
    )


def _kind_of(case, result: str) -> str:
    if result == Result.MEDIATED:
        return DecisionKind.MEDIATION
    if result == Result.UPHELD:  # 判决或者裁定驳回上诉，维持原判决、裁定 (art. 89 ¶1 (1))
        return (case.previous and case.previous.decision_kind) or DecisionKind.JUDGMENT
    if result in Result.rulings():
        return DecisionKind.RULING
    return DecisionKind.JUDGMENT


def _lost(case, result: str) -> bool:
    if result == Result.UPHELD:
        return bool(case.previous and case.previous.lost)
    return result in Result.losing()


def _appealable(case) -> bool:
    """Of the rulings only 不予立案、驳回起诉、管辖异议 may be appealed (行诉解释 art. 101 ¶2)."""
    if case.decision_kind == DecisionKind.RULING:
        return case.result == Result.DISMISSED_SUIT
    return case.decision_kind == DecisionKind.JUDGMENT


def appeal(actor, channel: str, case, *, on: dt.date, by: str) -> Lawsuit:
    """上诉 within the period (行政诉讼法 art. 85); the 二审 is registered as a new lawsuit when the
    copy of the appeal (or the court's notice) arrives."""

    def change(case):
        if by not in Appellant.values:
            raise Refusal(f"上诉人“{by}”无效。")
        require_date(on, label="上诉日期", not_before=case.served_on, before_label="送达日期")
        if on > case.appeal_due_on:
            raise Refusal(
                f"上诉期限已于{case.appeal_due_on:%Y-%m-%d}届满({rules.APPEAL_ARTICLE})，"
                "一审裁判已发生法律效力。"
            )
        case.status, case.appealed_by, case.appealed_on = Status.APPEALED, by, on

    return _apply("appeal", actor, channel, case, change, {"by": by}, on=on)


def close(actor, channel: str, case, *, on: dt.date) -> Lawsuit:
    """结案: nobody appealed within the period, so the judgment or ruling is final (art. 85)."""

    def change(case):
        require_date(on, label="结案日期", not_before=case.decided_on, before_label="裁判日期")
        if on <= case.appeal_due_on:
            raise Refusal(
                f"上诉期限至{case.appeal_due_on:%Y-%m-%d}届满({rules.APPEAL_ARTICLE})，"
                "届满前不能按生效结案。"
            )
        case.status, case.closed_on = Status.CLOSED, on

    return _apply("close", actor, channel, case, change, on=on)


def _close_previous(case) -> list:
    """When a 二审 ends, the instance it came from is over too: one more audit row for it."""
    previous = case.previous
    if case.status != Status.CLOSED or previous is None or previous.status != Status.APPEALED:
        return []
    previous = locked(previous)
    before = audit.snapshot(previous, AUDITED)
    previous.status, previous.closed_on = Status.CLOSED, case.closed_on
    _refresh_due(previous)
    previous.save()
    after = audit.snapshot(previous, AUDITED) | {"on": case.closed_on, "by": case.number}
    return [audit.Change("二审终结", previous, before, after)]


def _apply(key, actor, channel, case, change, details=None, *, on=None, then=None):
    return STEPS.apply(key, actor, channel, case, change, details=details, on=on, then=then)


FRAME = Frame(
    snapshot=lambda case: audit.snapshot(case, AUDITED),
    refresh_due=lambda case: _refresh_due(case),
    default_on=lambda case: case.copy_received_on,
)


def _clock(start: dt.date, limit) -> dt.date:
    """A due date, or a refusal when a needed year's holidays have not been entered (never a
    guess)."""
    try:
        return due_date(start, limit)
    except (ClockError, CalendarYearUnknown) as exc:
        raise Refusal(f"无法计算法定期限：{exc}") from exc


def _refresh_due(case: Lawsuit) -> None:
    """The next due date the workbench sorts by: the answer while it is owed, then the next
    hearing, then the appeal period."""
    if case.status == Status.RECEIVED:
        due, label = case.answer_due_on, "答辩举证"
        if case.next_hearing_on and case.next_hearing_on < due:
            due, label = case.next_hearing_on, "开庭"
    elif case.status in (Status.ANSWERED, Status.HEARD):
        due, label = case.next_hearing_on, "开庭" if case.next_hearing_on else ""
    elif case.status == Status.DECIDED:
        due, label = case.appeal_due_on, "上诉期限"
    else:
        due, label = None, ""
    case.next_due_on, case.next_due_label = due, label
