"""Every state change of a 调解 case is one function here; views, the API, imports and the demo
call these, none writes by itself.

Each transition is a pure `_<step>(case, ...)` that checks the step's dates and conditions and
changes the object, raising `Refusal` in Chinese. `_apply` runs one of them as a recorded step
through the transition table (steps.py: status, actor and unit checked under the row lock, due
dates, save, one audit row). `record_concluded_cases` runs the same functions over many rows of a
ledger and saves them through `STEPS.create_many` — the same creator rule and reach as one case,
one bulk insert and one audit append — which is how thousands of 调解 cases a year come in
(ledgers, the demo).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q

from fazhi.core import audit, bulk, held
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.clocks import ClockError, due_date
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, RowRefusal, require_date

from . import rules
from .models import (
    AgreementForm,
    BodyKind,
    ConfirmationResult,
    DisputeType,
    MediationBody,
    MediationCase,
    MediationKind,
    Mediator,
    Origin,
    Status,
)
from .steps import STEPS

AUDITED = (
    "status",
    "mediator",
    "received_on",
    "started_on",
    "mediation_due_on",
    "closed_on",
    "closing_note",
    "agreement_form",
    "agreement_on",
    "agreement_effective_on",
    "confirmation_due_on",
    "confirmation_applied_on",
    "confirmation_court",
    "confirmation_result",
    "confirmation_decided_on",
    "next_due_on",
)


# Checked on every row of a ledger: a TextChoices' `.values` builds a new list at each call.
DISPUTE_TYPES = frozenset(DisputeType.values)
ORIGINS = frozenset(Origin.values)
AGREEMENT_FORMS = frozenset(AgreementForm.values)

# --- bodies and mediators -----------------------------------------------------------------------


def create_body(actor, channel: str, *, code: str, name: str, kind: str, unit) -> MediationBody:
    """Register a 调解组织 (人民调解法 arts. 7–8, 34) or an agency doing 行政调解."""
    if kind not in BodyKind.values:
        raise Refusal(f"调解组织类别“{kind}”无效。")
    if not code.strip() or not name.strip():
        raise Refusal("调解组织的代码和名称不能为空。")
    with transaction.atomic():
        if MediationBody.objects.filter(code=code).exists():
            raise Refusal(f"调解组织代码 {code} 已存在。")
        if MediationBody.objects.filter(unit=unit, name=name).exists():
            raise Refusal(f"{unit}已有名为“{name}”的调解组织。")
        body = MediationBody.objects.create(code=code, name=name, kind=kind, unit=unit)
        audit.record(actor, channel, "设立调解组织", body, None, audit.snapshot(body, BODY_FIELDS))
    return body


BODY_FIELDS = ("code", "name", "kind", "unit", "active")


def add_mediator(actor, channel: str, *, body: MediationBody, name: str) -> Mediator:
    """Add a 调解员 to a body (人民调解法 arts. 13–14)."""
    if not name.strip():
        raise Refusal("调解员姓名不能为空。")
    with transaction.atomic():
        mediator = Mediator.objects.create(body=body, name=name.strip())
        audit.record(actor, channel, "增加调解员", mediator, None, {"body": body.pk, "name": name})
    return mediator


# --- one case, step by step ---------------------------------------------------------------------


@dataclass
class Intake:
    """A dispute as registered when the body takes it up."""

    dispute_type: str
    parties: str
    origin: str
    received_on: dt.date
    party_phone: str = ""
    summary: str = ""


def receive(actor, channel: str, *, body: MediationBody, intake: Intake, number: str = ""):
    """受理: on a party's application or on the body's own initiative, or as entrusted by the court
    or transferred (人民调解法 arts. 17–18). Only for a body of a unit the actor acts for (the
    table's creator rule), checked before anything else."""
    STEPS.check_creation(actor, MediationCase(body=body, unit=body.unit))
    case = _new_case(body, intake, number)
    with held.atomic():  # no savepoint in an import's chunk
        if not number:
            MediationBody.objects.select_for_update().filter(pk=body.pk).first()
            case.number = _number(body, intake.received_on.year, _taken(body, intake))
        if MediationCase.objects.filter(body=body, number=case.number).exists():
            raise Refusal(f"编号 {case.number} 已存在。")
        return STEPS.create(actor, channel, case, action="受理调解", on=case.received_on)


def register(actor, channel: str, data: dict) -> MediationCase:
    """The intake form's data: the body the case is brought to, and the dispute."""
    data = dict(data)
    body = data.pop("body")
    return receive(actor, channel, body=body, intake=Intake(**data))


def start(actor, channel: str, case, *, on: dt.date, mediator: Mediator) -> MediationCase:
    """开始调解 with a designated or chosen 调解员 (人民调解法 art. 19)."""
    return _apply("start", actor, channel, case, lambda c: _start(c, on, mediator), on=on)


def refuse(actor, channel: str, case, *, on: dt.date, note: str = "") -> MediationCase:
    """当事人一方明确拒绝调解的，不得调解 (人民调解法 art. 17): the case ends there."""
    return _apply("refuse", actor, channel, case, lambda c: _refuse(c, on, note), on=on)


def fail(actor, channel: str, case, *, on: dt.date, note: str = "") -> MediationCase:
    """调解不成的，应当终止调解，并告知当事人其他途径 (人民调解法 art. 26)."""
    return _apply("fail", actor, channel, case, lambda c: _fail(c, on, note), on=on)


def succeed(
    actor,
    channel: str,
    case,
    *,
    on: dt.date,
    form: str,
    summary: str,
    effective_on: dt.date | None = None,
) -> MediationCase:
    """调解成功 with a written or oral agreement (人民调解法 arts. 28–30); the 30 days for
    司法确认 start from the day it takes effect (art. 33)."""
    return _apply(
        "succeed",
        actor,
        channel,
        case,
        lambda c: _succeed(c, on, form, summary, effective_on),
        {"summary": summary},
        on=on,
    )


def apply_confirmation(actor, channel: str, case, *, on: dt.date, court: str) -> MediationCase:
    """共同申请司法确认 within 30 days of the agreement taking effect (人民调解法 art. 33;
    民事诉讼法 art. 201): a step on a case concluded with an agreement (the table)."""
    return _apply(
        "confirmation",
        actor,
        channel,
        case,
        lambda c: _apply_confirmation(c, on, court),
        {"court": court},
        on=on,
    )


def record_confirmation(actor, channel: str, case, *, on: dt.date, result: str) -> MediationCase:
    """The court's ruling: the agreement is valid, or the application is dismissed
    (民事诉讼法 art. 202)."""
    return _apply(
        "confirmation_result",
        actor,
        channel,
        case,
        lambda c: _record_confirmation(c, on, result),
        {"result": result},
        on=on,
    )


def _apply(key, actor, channel, case, change, details=None, *, on=None):
    return STEPS.apply(key, actor, channel, case, change, details=details, on=on)


FRAME = Frame(
    snapshot=lambda case: audit.snapshot(case, AUDITED),
    refresh_due=lambda case: _refresh_due(case),
    # A ledger's concluded case is dated by its closing (every step passes its own date).
    default_on=lambda case: case.closed_on or case.received_on,
)


# --- the transitions (pure: they check and change the object, nothing else) ---------------------


def _new_case(body: MediationBody, intake: Intake, number: str = "") -> MediationCase:
    if not body.active:
        raise Refusal(f"调解组织“{body}”已停用，不能受理新的纠纷。")
    if intake.dispute_type not in DISPUTE_TYPES:
        raise Refusal(f"纠纷类型“{intake.dispute_type}”无效。")
    if intake.origin not in ORIGINS:
        raise Refusal(f"调解来源“{intake.origin}”无效。")
    if not intake.parties.strip():
        raise Refusal("当事人不能为空。")
    require_date(intake.received_on, label="受理日期")
    return bulk.instance(  # MediationCase(...), built faster: a ledger builds thousands
        MediationCase,
        body=body,
        unit=body.unit,
        kind=body.mediation_kind,
        number=number,
        dispute_type=intake.dispute_type,
        parties=intake.parties.strip()[:200],
        party_phone=intake.party_phone.strip(),
        summary=intake.summary[:300],
        origin=intake.origin,
        received_on=intake.received_on,
        status=Status.RECEIVED,
    )


def _start(case, on, mediator) -> None:
    require_date(on, label="开始调解日期", not_before=case.received_on, before_label="受理日期")
    if mediator is None or mediator.body_id != case.body_id or not mediator.active:
        raise Refusal(
            f"调解员“{mediator or '未指定'}”不是{case.body}的在册调解员(人民调解法第十九条)。"
        )
    case.mediator = mediator
    case.started_on = on
    case.status = Status.MEDIATING


def _refuse(case, on, note) -> None:
    require_date(on, label="终止日期", not_before=case.received_on, before_label="受理日期")
    case.status = Status.REFUSED
    case.closed_on = on
    case.closing_note = (note or "当事人一方明确拒绝调解")[:300]


def _fail(case, on, note) -> None:
    require_date(on, label="终止日期", not_before=case.started_on, before_label="开始调解日期")
    case.status = Status.FAILED
    case.closed_on = on
    case.closing_note = (note or "调解不成，已告知当事人依法通过仲裁、行政、司法等途径解决")[:300]


def _succeed(case, on, form, summary, effective_on) -> None:
    require_date(on, label="达成协议日期", not_before=case.started_on, before_label="开始调解日期")
    if form not in AGREEMENT_FORMS:
        raise Refusal(f"协议形式“{form}”无效，应为书面协议或口头协议(人民调解法第二十八条)。")
    if not summary.strip():
        raise Refusal("应当记录调解协议的内容(人民调解法第二十八条、第二十九条)。")
    effective = effective_on or on
    if form == AgreementForm.ORAL and effective != on:
        raise Refusal("口头调解协议自各方当事人达成协议之日起生效(人民调解法第三十条)。")
    require_date(effective, label="协议生效日期", not_before=on, before_label="达成协议日期")
    case.status = Status.SUCCEEDED
    case.closed_on = on
    case.agreement_form = form
    case.agreement_on = on
    case.agreement_effective_on = effective
    case.agreement_summary = summary[:300]


def _apply_confirmation(case, on, court) -> None:
    if not court.strip():
        raise Refusal("应当写明受理申请的人民法院(民事诉讼法第二百零一条)。")
    require_date(
        on,
        label="申请司法确认日期",
        not_before=case.agreement_effective_on,
        before_label="协议生效日期",
    )
    due = case.confirmation_due_on or _confirmation_due(case)
    if on > due:
        raise Refusal(
            f"司法确认应自调解协议生效之日起三十日内({due:%Y-%m-%d}前)共同申请"
            f"({rules.ARTICLE['confirmation']})，已逾期。"
        )
    case.confirmation_applied_on = on
    case.confirmation_court = court.strip()[:100]
    case.confirmation_result = ConfirmationResult.PENDING


def _record_confirmation(case, on, result) -> None:
    if result not in (ConfirmationResult.VALID, ConfirmationResult.DISMISSED):
        raise Refusal(f"司法确认结果“{result}”无效({rules.ARTICLE['confirmation_result']})。")
    require_date(
        on,
        label="裁定日期",
        not_before=case.confirmation_applied_on,
        before_label="申请司法确认日期",
    )
    case.confirmation_result = result
    case.confirmation_decided_on = on


def _confirmation_due(case) -> dt.date:
    return due_date(case.agreement_effective_on, rules.CONFIRMATION)


def _refresh_due(case: MediationCase) -> None:
    """Store the mediation and 司法确认 due dates, and the next due date the workbench sorts by.
    A date that cannot be computed (a year nobody entered) refuses the step, never guesses."""
    try:
        case.mediation_due_on = due_date(case.received_on, rules.mediation_period())
        case.confirmation_due_on = _confirmation_due(case) if case.agreement_effective_on else None
    except (ClockError, CalendarYearUnknown) as exc:
        raise Refusal(f"无法计算期限：{exc}") from exc
    if case.status in Status.open():
        case.next_due_on, case.next_due_label = case.mediation_due_on, "调解期限"
    else:  # 司法确认 is the parties' choice, not the body's duty: nothing is due
        case.next_due_on, case.next_due_label = None, ""


def _taken(body, intake) -> int:
    prefix = _number(body, intake.received_on.year, None)
    return MediationCase.objects.filter(body=body, number__startswith=prefix).count()


def _number(body, year: int, taken: int | None) -> str:
    """调〔2021〕12号 (人民调解) or 行调〔2021〕12号 (行政调解), numbered within the body."""
    head = "行调" if body.mediation_kind == MediationKind.ADMIN else "调"
    return f"{head}〔{year}〕" if taken is None else f"{head}〔{year}〕{taken + 1}号"


# --- a ledger of concluded cases, in bulk ---------------------------------------------------------


@dataclass
class ConcludedCase:
    """One concluded case of a ledger: what `receive`, `start` and the closing step would take."""

    body: MediationBody
    intake: Intake
    outcome: str  # Status.SUCCEEDED / FAILED / REFUSED
    closed_on: dt.date
    mediator: Mediator | None = None
    started_on: dt.date | None = None  # default: the day received
    note: str = ""
    agreement_form: str = ""
    agreement_summary: str = ""
    agreement_effective_on: dt.date | None = None
    confirmation_applied_on: dt.date | None = None
    confirmation_court: str = ""
    confirmation_result: str = ""
    confirmation_decided_on: dt.date | None = None
    number: str = ""


def record_concluded_cases(actor, channel: str, rows: list[ConcludedCase]) -> int:
    """Record concluded cases as a batch, each checked by the same transition functions as the
    single steps (受理 → 开始调解 → 成功/不成功, or 受理 → 当事人拒绝; then 司法确认) and by the
    table's creator rule and reach, as one case is. All or nothing: the first refused row raises
    `RowRefusal` with its index and nothing is written. Saved through `STEPS.create_many`: one
    bulk insert and one audit append of one row per case."""
    cases = [_concluded(actor, index, row) for index, row in enumerate(rows)]
    with transaction.atomic():
        _number_batch(cases, rows)
        STEPS.create_many(actor, channel, cases, action=LEDGER_ACTION)
    return len(cases)


LEDGER_ACTION = "登记已办结调解案件"


def _concluded(actor, index: int, row: ConcludedCase) -> MediationCase:
    """One row as a case, checked (with its row's index on refusal) before anything is saved."""
    try:
        if row.outcome not in Status.outcomes():
            raise Refusal(f"调解结果“{row.outcome}”无效，应为调解成功、调解不成功或当事人拒绝。")
        case = _new_case(row.body, row.intake, row.number)
        # Before its 编号 is compared with the body's: another government's numbers stay unseen.
        STEPS.check_creation(actor, case)
        _conclude(case, row)  # its due dates: in STEPS.create_many
    except Refusal as exc:
        raise RowRefusal(index, "；".join(exc.messages)) from exc
    return case


def _conclude(case: MediationCase, row: ConcludedCase) -> None:
    if row.outcome == Status.REFUSED:
        _refuse(case, row.closed_on, row.note)
        return
    _start(case, row.started_on or case.received_on, row.mediator)
    if row.outcome == Status.FAILED:
        _fail(case, row.closed_on, row.note)
        return
    _succeed(
        case, row.closed_on, row.agreement_form, row.agreement_summary, row.agreement_effective_on
    )
    if row.confirmation_applied_on:
        _apply_confirmation(case, row.confirmation_applied_on, row.confirmation_court)
        if row.confirmation_result and row.confirmation_result != ConfirmationResult.PENDING:
            _record_confirmation(case, row.confirmation_decided_on, row.confirmation_result)


def _number_batch(cases: list[MediationCase], rows: list[ConcludedCase]) -> None:
    """Give unnumbered cases the next numbers of their body and year (bodies locked first), and
    refuse numbers already taken, in the database or earlier in the batch."""
    body_ids = {c.body_id for c in cases}
    list(MediationBody.objects.select_for_update().filter(pk__in=body_ids).values_list("pk"))
    # Counted only when a case needs a number: the count reads every case of the body's year,
    # which a ledger of a million numbered rows would otherwise do for each of its batches.
    years = {c.received_on.year for c in cases if not c.number}
    taken: Counter = Counter()
    for year in years:
        counts = (
            MediationCase.objects.filter(body_id__in=body_ids)
            .filter(Q(number__startswith=f"调〔{year}〕") | Q(number__startswith=f"行调〔{year}〕"))
            .values("body_id")
            .annotate(n=Count("pk"))
        )
        taken.update({(r["body_id"], year): r["n"] for r in counts})
    given = {(c.body_id, c.number) for c in cases if c.number}
    for case, row in zip(cases, rows, strict=True):
        if not case.number:
            key = (case.body_id, case.received_on.year)
            while not case.number or (case.body_id, case.number) in given:
                case.number = _number(row.body, key[1], taken[key])
                taken[key] += 1
    clash = set(
        MediationCase.objects.filter(
            body_id__in=body_ids, number__in={c.number for c in cases}
        ).values_list("body_id", "number")
    )
    seen = set()
    for index, case in enumerate(cases):
        pair = (case.body_id, case.number)
        if pair in clash or pair in seen:
            raise RowRefusal(index, f"编号 {case.number} 已存在。")
        seen.add(pair)
