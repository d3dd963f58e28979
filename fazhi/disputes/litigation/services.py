"""Every state change of a 行政诉讼 (应诉) case is one function here. Each describes its own
change (dates, the law's conditions) and runs it through the transition table (steps.py), which
checks the step, the actor and the units under the row lock, recomputes the next due date, saves
and appends the audit row in one transaction. Views, the API, imports and the demo all call these;
none writes by itself.

CT = 最高人民法院关于行政机关负责人出庭应诉若干问题的规定(2020).
"""

import datetime as dt

from fazhi.core import audit, held
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.clocks import ClockError, due_date
from fazhi.core.steps import Frame
from fazhi.core.validators import validate_id_number
from fazhi.core.workflow import Refusal, locked, require_date

from . import rules
from .models import (
    AdviceGround,
    Appellant,
    DecisionKind,
    Excuse,
    ExtensionDecision,
    HeadRank,
    Hearing,
    Instance,
    Lawsuit,
    PlaintiffType,
    Result,
    RetrialProcedure,
    Status,
    SummonsBasis,
)
from .steps import STEPS

AUDITED = (
    "status",
    "copy_received_on",
    "answer_due_on",
    "answered_on",
    "evidence_submitted_on",
    "retrial_procedure",
    "extension_applied_on",
    "extension_decision",
    "extension_decided_on",
    "reason_ends_on",
    "evidence_due_on",
    "head_summoned_on",
    "head_summons_hearing_on",
    "head_summons_basis",
    "advice_received_on",
    "advice_ground",
    "advice_addressee",
    "advice_reply_due_on",
    "advice_replied_on",
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
    retrial_procedure: str = "",
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
    retrial_procedure = _retrial_procedure(instance, previous, retrial_procedure)
    with held.atomic():  # no savepoint in an import's chunk
        if Lawsuit.objects.filter(court=court, number=number).exists():
            raise Refusal(f"{court}案号 {number} 已登记。")
        case = Lawsuit(
            number=number,
            court=court,
            cause=cause,
            instance=instance,
            previous=previous,
            retrial_procedure=retrial_procedure,
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
        raise Refusal("再审案件应关联已结案的原审案件(行政诉讼法第九十条至第九十三条)。")
    if previous is not None:
        if previous.defendant_id != defendant.pk:
            raise Refusal("前后审级的被告应为同一机关。")
        after = previous.appealed_on or previous.decided_on or previous.copy_received_on
        if received_on < after:
            raise Refusal(f"收到副本日期不能早于前一审级的上诉或裁判日期({after:%Y-%m-%d})。")


def _retrial_procedure(instance, previous, chosen: str) -> str:
    """再审: "发生法律效力的判决、裁定是由第一审法院作出的，按照第一审程序审理，所作的判决、裁定，
    当事人可以上诉；发生法律效力的判决、裁定是由第二审法院作出的，按照第二审程序审理，所作的判决、
    裁定，是发生法律效力的判决、裁定；上级人民法院按照审判监督程序提审的，按照第二审程序审理"
    (行诉解释 art. 119 ¶1; 民事诉讼法(2021) art. 214, applied by 行政诉讼法 art. 101).
    The effective decision is the earlier instance's (`previous`): a 二审's (or a 再审 heard by the
    second-instance procedure) leaves only the second-instance procedure. A 一审's may be retried by
    the court that gave it (first-instance procedure) or taken up (提审) by a higher court
    (second-instance procedure) — which of the two the platform cannot know, so it is asked."""
    if instance != Instance.RETRIAL:
        if chosen:
            raise Refusal("只有再审案件登记再审程序。")
        return ""
    if chosen and chosen not in RetrialProcedure.values:
        raise Refusal(f"再审程序“{chosen}”无效。")
    by_second_court = previous.instance == Instance.SECOND or (
        previous.instance == Instance.RETRIAL
        and previous.retrial_procedure == RetrialProcedure.SECOND
    )
    if by_second_court:
        if chosen == RetrialProcedure.FIRST:
            raise Refusal(
                "原生效裁判由第二审法院作出的，再审按照第二审程序审理(行诉解释第一百一十九条)。"
            )
        return RetrialProcedure.SECOND
    if not chosen:
        raise Refusal(
            "原生效裁判由第一审法院作出的，请选择再审程序：原审法院再审按照第一审程序，上级法院"
            "提审按照第二审程序(行诉解释第一百一十九条)。"
        )
    return chosen


def answer(actor, channel: str, case, *, on: dt.date, evidence_later: bool = False) -> Lawsuit:
    """提交答辩状 and, unless `evidence_later`, the evidence and the 规范性文件 with it (行政诉讼法
    art. 67 ¶1). Lateness is recorded, not refused: a late 答辩状 (`answered_late`) does not stop
    the trial (art. 67 ¶2); evidence given late without a 正当理由 counts as no evidence
    (`evidence_late`; 行政诉讼法 art. 34 ¶2, after an allowed extension 行诉解释 art. 34). Evidence
    given later is recorded by the step 提交证据."""

    def change(case):
        require_date(
            on, label="答辩日期", not_before=case.copy_received_on, before_label="收到副本日期"
        )
        case.answered_on = on
        case.evidence_submitted_on = None if evidence_later else on
        case.status = Status.ANSWERED

    details = {"evidence_later": True} if evidence_later else None
    return _apply("answer", actor, channel, case, change, details, on=on)


def submit_evidence(actor, channel: str, case, *, on: dt.date) -> Lawsuit:
    """提交证据和所依据的规范性文件 after the 答辩状 — within the deadline the court allowed
    (15 日 after the 正当事由 ceased, 行诉解释 art. 34) or late, which is recorded
    (`evidence_late`: 行政诉讼法 art. 34 ¶2)."""

    def change(case):
        require_date(on, label="提交证据日期", not_before=case.answered_on, before_label="答辩日期")
        case.evidence_submitted_on = on

    return _apply("evidence", actor, channel, case, change, on=on)


def apply_extension(actor, channel: str, case, *, on: dt.date, reason: str) -> Lawsuit:
    """申请延期提供证据: "被告申请延期提供证据的，应当在收到起诉状副本之日起十五日内以书面方式
    向人民法院提出" (行诉解释 art. 34; the ground, 行政诉讼法 art. 36 ¶1: evidence gathered when
    acting that 不可抗力等正当事由 keeps from the court). After the 15 日 it is refused."""
    reason = reason.strip()

    def change(case):
        require_date(
            on, label="申请日期", not_before=case.copy_received_on, before_label="收到副本日期"
        )
        if on > case.answer_due_on:
            raise Refusal(
                f"申请延期提供证据应在收到起诉状副本之日起十五日内(至{case.answer_due_on:%Y-%m-%d})"
                f"以书面方式提出({rules.EXTENSION_ARTICLE})，已逾期。"
            )
        if not reason:
            raise Refusal("应写明不能按期提供证据的正当事由(行政诉讼法第三十六条第一款)。")
        case.extension_applied_on, case.extension_reason = on, reason

    return _apply("extend", actor, channel, case, change, {"reason": reason}, on=on)


def decide_extension(
    actor, channel: str, case, *, on: dt.date, decision: str, reason_ends_on: dt.date | None = None
) -> Lawsuit:
    """人民法院对延期举证申请的决定. Allowed: "被告应当在正当事由消除后十五日内提供证据" (行诉解释
    art. 34), so the evidence deadline on the record becomes 15 日 after the day the 正当事由 ceases
    (which may still lie ahead). Refused: the 15 日 of 行政诉讼法 art. 67 stand."""

    def change(case):
        if decision not in ExtensionDecision.values:
            raise Refusal(f"法院决定“{decision}”无效。")
        require_date(
            on,
            label="法院决定日期",
            not_before=case.extension_applied_on,
            before_label="申请日期",
        )
        case.extension_decision, case.extension_decided_on = decision, on
        if decision == ExtensionDecision.GRANTED:
            if not isinstance(reason_ends_on, dt.date):
                raise Refusal("准许延期的，应登记正当事由消除日期(行诉解释第三十四条)。")
            if reason_ends_on < case.extension_applied_on:
                raise Refusal("正当事由消除日期不能早于申请日期。")
            case.reason_ends_on = reason_ends_on
            case.evidence_due_on = _clock(reason_ends_on, rules.EVIDENCE_AFTER_REASON)
        else:
            if reason_ends_on:
                raise Refusal("不准许延期的，不登记正当事由消除日期。")
            case.reason_ends_on = case.evidence_due_on = None

    details = {"decision": decision} | (
        {"reason_ends_on": reason_ends_on} if reason_ends_on else {}
    )
    return _apply("extension_decision", actor, channel, case, change, details, on=on)


def summon_head(
    actor, channel: str, case, *, on: dt.date, hearing_on: dt.date, basis: str
) -> Lawsuit:
    """收到负责人出庭通知书: the court notifies the 负责人 to appear (CT art. 4; 行诉解释 art. 129
    ¶1 — then the 负责人 "应当出庭"), at least 3 days before the hearing (CT art. 5 ¶2; a later
    notice is recorded, and shown as such, not refused). The hearing it names becomes the next
    hearing."""

    def change(case):
        require_date(
            on, label="收到通知日期", not_before=case.copy_received_on, before_label="收到副本日期"
        )
        if basis not in SummonsBasis.values:
            raise Refusal(f"通知出庭的情形“{basis}”无效。")
        if not isinstance(hearing_on, dt.date) or hearing_on <= on:
            raise Refusal("通知出庭的开庭日期应晚于收到通知的日期。")
        case.head_summoned_on, case.head_summons_hearing_on = on, hearing_on
        case.head_summons_basis = basis
        if not case.next_hearing_on or case.next_hearing_on > hearing_on:
            case.next_hearing_on = hearing_on

    details = {"hearing_on": hearing_on, "basis": basis}
    return _apply("summon", actor, channel, case, change, details, on=on)


def schedule_hearing(actor, channel: str, case, *, on: dt.date, hearing_on: dt.date) -> Lawsuit:
    """收到开庭传票 (the court summons the parties 开庭三日前: 行诉解释 art. 71; 民事诉讼法(2021)
    art. 139)."""

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
    excuse_rejected: bool = False,
    stand_in_name: str = "",
    stand_in_post: str = "",
    lawyer_name: str = "",
) -> Lawsuit:
    """开庭: who appeared for the defendant (行政诉讼法 art. 3 ¶3; CT arts. 2, 8, 10, 11; 行诉解释
    arts. 128–131). When the court had notified the 负责人 to appear at this hearing (CT art. 4),
    the row says so (`head_summoned`): then one appearance at another hearing does not discharge
    the duty (CT art. 7 ¶1)."""
    fields = {
        "head_appeared": bool(head_appeared),
        "head_name": head_name.strip(),
        "head_post": head_post.strip(),
        "head_rank": head_rank,
        "head_spoke_on_resolution": bool(head_spoke_on_resolution),
        "excuse": excuse,
        "excuse_note": excuse_note.strip(),
        "excuse_rejected": bool(excuse_rejected),
        "stand_in_name": stand_in_name.strip(),
        "stand_in_post": stand_in_post.strip(),
        "lawyer_name": lawyer_name.strip(),
    }

    def change(case):
        last = _last_hearing_day(case) or case.copy_received_on
        require_date(on, label="开庭日期", not_before=last, before_label="收到副本或上次开庭日期")
        _check_appearance(fields)
        summoned = case.head_summons_hearing_on == on
        Hearing.objects.create(lawsuit=case, held_on=on, head_summoned=summoned, **fields)
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
        if f["excuse"] or f["excuse_rejected"]:
            raise Refusal("负责人已出庭，不应登记未出庭事由。")
        return
    if f["head_rank"] or f["head_spoke_on_resolution"]:
        raise Refusal("负责人未出庭，不应登记负责人类别或其发表意见的情况。")
    if f["excuse"] not in Excuse.values:
        raise Refusal(
            "负责人未出庭的，应登记不能出庭的法定情形：不可抗力、意外事件、需要履行他人不能代替的"
            "公务或其他正当事由(最高法出庭应诉规定第八条)；未说明理由的，登记“未说明理由”"
            "(第十二条第一款第一项)。"
        )
    if f["excuse"] == Excuse.NONE and f["excuse_rejected"]:
        raise Refusal("未说明理由的，无所谓理由是否成立。")
    if f["excuse"] == Excuse.OTHER and not f["excuse_note"]:
        raise Refusal(
            "以“其他正当事由”不能出庭的，应说明具体事由(最高法出庭应诉规定第八条第四项)。"
        )
    if not f["stand_in_name"]:
        raise Refusal(
            "负责人不能出庭的，应当委托行政机关相应的工作人员出庭，不得仅委托律师出庭"
            "(行政诉讼法第三条第三款，行诉解释第一百二十八条第二款)。"
        )


def _last_hearing_day(case) -> dt.date | None:
    return case.hearings.order_by("-held_on").values_list("held_on", flat=True).first()


def decide(
    actor, channel: str, case, *, on: dt.date, result: str, served_on: dt.date | None = None
) -> Lawsuit:
    """判决、裁定或调解 of this instance. 败诉 is derived from the result (`Result.losing()`).
    A 二审 decision is final (行政诉讼法 art. 7 两审终审), so is a 再审 heard by the second-instance
    procedure (行诉解释 art. 119 ¶1; 民事诉讼法(2021) art. 214), and so are 撤诉 and 调解书;
    otherwise — a 一审, or a 再审 heard by the first-instance procedure — the appeal period runs
    from service (行政诉讼法 art. 85)."""
    served = served_on or on

    def change(case):
        if result not in Result.values:
            raise Refusal(f"裁判结果“{result}”无效。")
        second = case.instance == Instance.SECOND
        final = second or _retried_as_second_instance(case)
        if result in (Result.UPHELD, Result.REMANDED) and not second:
            raise Refusal("“驳回上诉、维持原判”和“发回重审”只适用于二审(行政诉讼法第八十九条)。")
        last = _last_hearing_day(case) or case.copy_received_on
        require_date(on, label="裁判日期", not_before=last, before_label="收到副本或开庭日期")
        require_date(served, label="送达日期", not_before=on, before_label="裁判日期")
        case.result, case.decided_on, case.served_on = result, on, served
        case.decision_kind = _kind_of(case, result)
        case.lost = _lost(case, result)
        if final or result in Result.final_at_once() or not _appealable(case):
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


def _retried_as_second_instance(case) -> bool:
    """A 再审 whose judgment is final at once (行诉解释 art. 119 ¶1; 民事诉讼法(2021) art. 214). A
    row registered before the procedure was recorded has none: it is read from the effective
    decision it retries, as at registration, and a 一审's retrial counts as appealable."""
    if case.instance != Instance.RETRIAL:
        return False
    if case.retrial_procedure:
        return case.retrial_procedure == RetrialProcedure.SECOND
    previous = case.previous
    return bool(previous and previous.instance == Instance.SECOND)


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


def record_advice(
    actor,
    channel: str,
    case,
    *,
    on: dt.date,
    ground: str,
    addressee: str,
    reply_due_on: dt.date | None = None,
) -> Lawsuit:
    """收到司法建议 (a copy, or the supervisory organ's forwarding of it): the court's answer to a
    负责人 who did not appear without a 正当理由, or to nobody appearing (CT art. 12 ¶1; 行诉解释
    arts. 129 ¶4, 132; 行政诉讼法 art. 66). Its reply is due by the date the court's letter sets,
    or else by the platform's default (rules.advice_reply_limit: no statute sets one). It may come
    with or after the judgment, so it is taken in every status, a closed case's included: it does
    not change the case, it adds what the court asked of the defendant."""
    addressee = addressee.strip()

    def change(case):
        require_date(
            on,
            label="收到司法建议日期",
            not_before=case.copy_received_on,
            before_label="收到副本日期",
        )
        if ground not in AdviceGround.values:
            raise Refusal(f"司法建议事由“{ground}”无效。")
        if not addressee:
            raise Refusal("应登记司法建议的对象(监察机关、上一级行政机关等)。")
        if reply_due_on is not None and (
            not isinstance(reply_due_on, dt.date) or reply_due_on <= on
        ):
            raise Refusal("答复期限应晚于收到司法建议的日期。")
        case.advice_received_on, case.advice_ground, case.advice_addressee = on, ground, addressee
        case.advice_reply_due_on = reply_due_on or _clock(on, rules.advice_reply_limit())

    details = {"ground": ground, "addressee": addressee}
    details |= {"reply_due_on": reply_due_on} if reply_due_on else {}
    return _apply("advice", actor, channel, case, change, details, on=on)


def reply_advice(actor, channel: str, case, *, on: dt.date, reply: str) -> Lawsuit:
    """司法建议的答复: the handling is reported to the court (行政诉讼法 art. 96 (4): "将处理情况
    告知人民法院"). A late reply is recorded, not refused."""
    reply = reply.strip()

    def change(case):
        require_date(
            on,
            label="答复日期",
            not_before=case.advice_received_on,
            before_label="收到司法建议日期",
        )
        if not reply:
            raise Refusal("答复内容不能为空。")
        case.advice_replied_on, case.advice_reply = on, reply

    return _apply("advice_reply", actor, channel, case, change, {"reply": reply}, on=on)


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
    """The next due date the workbench sorts by, the earliest of what is owed: before the
    decision the 答辩状 (and the evidence with it) while unanswered, evidence still owed (by the
    deadline the court allowed, 行诉解释 art. 34, or else the 15 日 of art. 67), and the next
    hearing; after it the appeal period; at any time a 司法建议 awaiting its reply."""
    owed = []
    if case.status in Status.pending():
        if not case.answered_on:
            label = "答辩" if case.evidence_due_on else "答辩举证"
            owed.append((case.answer_due_on, label))
        if not case.evidence_submitted_on and (case.answered_on or case.evidence_due_on):
            label = "延期举证" if case.evidence_due_on else "举证"
            owed.append((case.evidence_due, label))
        if case.next_hearing_on:
            owed.append((case.next_hearing_on, "开庭"))
    elif case.status == Status.DECIDED:
        owed.append((case.appeal_due_on, "上诉期限"))
    if case.advice_reply_due_on and not case.advice_replied_on:
        owed.append((case.advice_reply_due_on, "司法建议答复"))
    owed = [(due, label) for due, label in owed if due]
    # min() keeps the first of equal dates: the answer before a hearing on the same day, as before.
    case.next_due_on, case.next_due_label = min(owed, key=lambda o: o[0]) if owed else (None, "")
