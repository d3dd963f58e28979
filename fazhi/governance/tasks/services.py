"""Every state change of a 任务分工表 and its tasks is one function here: it describes its change
and runs it through the transition table (steps.py), which checks the step, its statuses and who
takes it under the row lock, recomputes the due dates, saves and appends the audit row in one
transaction. Views, the API, imports, the demo and `fazhi tick` all call these.

The path of a task: 分解 (added to a draft table: 待印发) → 印发 with the table (已分解) → 季度进展
(推进中; each quarter's return due FAZHI_TASK_RETURN_DAYS 工作日 after the quarter, rules.py) →
报告完成 (the 牵头单位) → 确认完成 by a coordinator of the office (已完成), or 退回. A task past
its 完成时限 is moved to 逾期未完成 by the tick; a late or slow task may be 督办'd
(督察工作规定 art. 18, 30): a 督办通知 with its 整改期限, to which the 牵头单位 answers with its
整改情况.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from fazhi.core import audit, inbox
from fazhi.core import urge as kernel_urge
from fazhi.core.authority import acts_for
from fazhi.core.clocks import due_date
from fazhi.core.models import Notice, OrgUnit, UnitKind
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, locked, refresh_or_refuse, require_date

from . import rules
from .models import (
    Escalation,
    Pace,
    Status,
    TableStatus,
    Task,
    TaskContribution,
    TaskReturn,
)
from .steps import STEPS, late_or_slow

AUDITED = (
    "status",
    "text",
    "unit",
    "due_on",
    "issued_on",
    "quarter_end",
    "return_due_on",
    "pace",
    "reported_on",
    "completed_on",
    "accepted_on",
    "escalation_due_on",
    "escalations",
    "cancelled_on",
    "next_due_on",
)


def issue_task(task: Task, on: dt.date, number: str) -> audit.Change:
    before = FRAME.snapshot(task)
    if task.due_on < on:
        raise Refusal(f"第{task.number}项任务的完成时限({task.due_on:%Y-%m-%d})早于印发日期。")
    task.status, task.issued_on = Status.ASSIGNED, on
    task.quarter_end = rules.quarter_end(on)
    refresh_or_refuse(compute_due, task)
    task.save()
    after = FRAME.snapshot(task) | {"on": on, "details": {"文号": number}}
    return audit.Change("随分工表印发", task, before, after)


# --- tasks -----------------------------------------------------------------------------------


def add_task(actor, channel: str, data: dict) -> Task:
    """分解任务: a task of a table, with its 牵头单位, 配合单位 and 完成时限. Added to an issued
    table it is a recorded 调整 (增补): issued at once, with its date and reason."""
    table = data["table"]
    co_units = list(data.get("co_units") or [])
    text = (data.get("text") or "").strip()
    if not text:
        raise Refusal("应填写任务内容。")
    if table.status not in (TableStatus.DRAFT, TableStatus.ISSUED):
        raise Refusal("该任务分工表不能再分解任务。")
    _check_units(table.government, data["unit"], co_units)
    issued = table.status == TableStatus.ISSUED
    on, reason = data.get("on"), (data.get("reason") or "").strip()
    if issued:
        if on is None or not reason:
            raise Refusal("任务分工表已印发，增补任务应填写增补日期和理由。")
        require_date(on, label="增补日期", not_before=table.issued_on, before_label="印发日期")
        if data["due_on"] < on:
            raise Refusal("完成时限不能早于增补日期。")
    with transaction.atomic():
        table = locked(table)
        last = table.tasks.aggregate(n=Max("number"))["n"] or 0
        task = Task(
            government=table.government,
            office=table.office,
            table=table,
            year=table.year,
            number=last + 1,
            text=text[:500],
            unit=data["unit"],
            due_on=data["due_on"],
            **{f"milestone_q{q}": (data.get(f"milestone_q{q}") or "")[:200] for q in range(1, 5)},
        )
        if issued:
            task.status, task.issued_on = Status.ASSIGNED, on
            task.quarter_end = rules.quarter_end(on)
        details = {"co_units": [str(u) for u in co_units]}
        details |= {"reason": reason} if issued else {}
        return STEPS.create(
            actor,
            channel,
            task,
            action="增补任务" if issued else "分解任务",
            on=on or table.drafted_on,
            details=details,
            then=lambda t: t.co_units.set(co_units),
        )


def _check_units(government: OrgUnit, unit: OrgUnit | None, co_units: list) -> None:
    for u in [unit, *co_units]:
        if u is None or not u.path.startswith(government.path) or u.pk == government.pk:
            raise Refusal(f"承担单位“{u or '未指定'}”不是{government}的部门或乡镇。")
        if u.kind in UnitKind.governments():
            raise Refusal(f"承担单位“{u}”是一级政府，应由其部门或乡镇承担。")
    if unit.pk in {u.pk for u in co_units}:
        raise Refusal("牵头单位不能同时作为配合单位。")


def amend(
    actor,
    channel: str,
    task,
    *,
    on: dt.date,
    text: str = "",
    unit: OrgUnit | None = None,
    co_units: Iterable = (),
    due_on: dt.date | None = None,
    reason: str = "",
) -> Task:
    """调整任务: before 印发 a draft is edited freely; after it every change is recorded with its
    reason. A field left empty keeps its value. A task past its time limit given a later one
    goes back to 推进中."""
    co_units = list(co_units or [])

    def change(t):
        issued = t.status != Status.PENDING
        if issued:
            require_date(on, label="调整日期", not_before=t.issued_on, before_label="印发日期")
            if not reason.strip():
                raise Refusal("任务分工表已印发，调整任务应说明理由。")
        if not (text.strip() or unit or co_units or due_on):
            raise Refusal("请填写需要调整的内容。")
        new_unit, new_co = unit or t.unit, co_units or list(t.co_units.all())
        _check_units(t.government, new_unit, new_co)
        if text.strip():
            t.text = text.strip()[:500]
        t.unit = new_unit
        if due_on:
            if issued and due_on < t.issued_on:
                raise Refusal("完成时限不能早于印发日期。")
            t.due_on = due_on
        if co_units:
            t.co_units.set(co_units)
        if t.status == Status.OVERDUE and t.due_on >= on:
            t.status = Status.PROGRESSING

    details = {"reason": reason} | ({"co_units": [str(u) for u in co_units]} if co_units else {})
    return STEPS.apply("amend", actor, channel, task, change, details=details, on=on)


def cancel(actor, channel: str, task, *, on: dt.date, reason: str) -> Task:
    def change(t):
        require_date(on, label="撤销日期", not_before=t.issued_on, before_label="印发日期")
        if not reason.strip():
            raise Refusal("撤销任务应说明理由。")
        t.status, t.cancelled_on, t.escalation_due_on = Status.CANCELLED, on, None

    return STEPS.apply("cancel", actor, channel, task, change, details={"reason": reason}, on=on)


def file_return(actor, channel: str, task, *, on: dt.date, progress: str, pace: str) -> Task:
    """季度进展报告, for the quarter whose return is pending; the next quarter's falls due."""

    def change(t):
        if pace not in Pace.values:
            raise Refusal(f"推进情况“{pace}”无效，应为正常推进或滞后。")
        if not progress.strip():
            raise Refusal("应填写本季度进展情况。")
        end = t.quarter_end
        opens = rules.filing_opens(end)
        require_date(
            on, label="报送日期", not_before=max(opens, t.issued_on), before_label="可报送日期"
        )
        TaskReturn.objects.create(
            task=t,
            quarter_end=end,
            due_on=t.return_due_on or end,
            filed_on=on,
            progress=progress.strip()[:2000],
            pace=pace,
        )
        t.last_return_on, t.pace = on, pace
        t.quarter_end = rules.next_quarter_end(end)
        if t.status == Status.ASSIGNED:
            t.status = Status.PROGRESSING

    details = {"pace": Pace(pace).label if pace in Pace.values else pace, "progress": progress}
    return STEPS.apply("file_return", actor, channel, task, change, details=details, on=on)


def contribute(actor, channel: str, task, *, on: dt.date, text: str) -> Task:
    """配合单位报送配合情况: the unit is the actor's own among the task's 配合单位."""

    def change(t):
        require_date(on, label="报送日期", not_before=t.issued_on, before_label="印发日期")
        if not text.strip():
            raise Refusal("应填写配合工作情况。")
        unit = next(u for u in t.co_units.all() if acts_for(actor, u))
        TaskContribution.objects.create(task=t, unit=unit, on=on, text=text.strip()[:2000])

    return STEPS.apply("contribute", actor, channel, task, change, details={"text": text}, on=on)


def report_done(actor, channel: str, task, *, on: dt.date, report: str) -> Task:
    """The 牵头单位 reports the task done; the office's coordinator confirms it (accept)."""

    def change(t):
        require_date(on, label="完成日期", not_before=t.issued_on, before_label="印发日期")
        if not report.strip():
            raise Refusal("应填写完成情况。")
        t.status, t.reported_on, t.report = Status.REPORTED, on, report.strip()[:2000]

    return STEPS.apply(
        "report_done", actor, channel, task, change, details={"report": report}, on=on
    )


def accept(actor, channel: str, task, *, on: dt.date) -> Task:
    """确认完成, by a coordinator of the office in their own session: the task counts as done on
    the day the 牵头单位 reported it done (its completion date for the completion rate)."""

    def change(t):
        require_date(on, label="确认日期", not_before=t.reported_on, before_label="报告完成日期")
        t.status, t.accepted_on, t.completed_on = Status.DONE, on, t.reported_on
        t.escalation_due_on = None

    details = {"confirmed_by": audit.actor_label(actor)}
    return STEPS.apply("accept", actor, channel, task, change, details=details, on=on)


def send_back(actor, channel: str, task, *, on: dt.date, reason: str) -> Task:
    def change(t):
        require_date(on, label="退回日期", not_before=t.reported_on, before_label="报告完成日期")
        if not reason.strip():
            raise Refusal("退回应说明理由。")
        t.status = Status.OVERDUE if t.due_on < on else Status.PROGRESSING
        t.reported_on, t.report = None, ""

    return STEPS.apply("send_back", actor, channel, task, change, details={"reason": reason}, on=on)


def escalate(
    actor, channel: str, task, *, on: dt.date, respond_by: dt.date, requirement: str
) -> Task:
    """督办 (督察工作规定 art. 18, 30: 限期整改): a 督办通知 to the 牵头单位 with its 整改期限,
    on a task late (a return or the task past its date) or slow (滞后) on the day of the notice.
    The notice reaches the unit's inbox as a 催办 (fazhi.core.urge's Urge, counted per unit and
    year); a later 督办 may follow while the task stays late or slow."""
    made: list = []

    def change(t):
        require_date(on, label="督办日期", not_before=t.issued_on, before_label="印发日期")
        why = late_or_slow(t, on)
        if not why:
            raise Refusal(f"{on:%Y-%m-%d}本任务未逾期，进展也未滞后，不能督办({rules.ARTICLE})。")
        if respond_by <= on:
            raise Refusal("整改期限应晚于督办日期。")
        if not requirement.strip():
            raise Refusal("应写明督办要求。")
        t.escalations += 1
        t.escalation_due_on = respond_by
        made.append(_escalation(actor, t, on, why, respond_by, requirement.strip()))

    details = {"respond_by": respond_by, "requirement": requirement}
    task = STEPS.apply("escalate", actor, channel, task, change, details=details, on=on)
    inbox.forget_badges([task.unit_id])
    return task


def _escalation(actor, t: Task, on, why, respond_by, requirement) -> Escalation:
    text = f"督办：{t}（{why}），请于{respond_by:%Y-%m-%d}前整改并报送整改情况"
    urge = None
    if inbox.is_person(actor):  # a 督办 counted per unit as the kernel counts 催办
        urge = kernel_urge.deliver(
            actor,
            t,
            "tasks",
            t.unit,
            text,
            reason="督办",
            note=requirement,
            due_on=respond_by,
            year=on.year,
        )
    else:
        Notice.objects.create(
            unit=t.unit, text=text[:200], link=t.get_absolute_url(), due_on=respond_by
        )
    return Escalation.objects.create(
        task=t,
        government=t.government,
        unit=t.unit,
        round=t.escalations,
        on=on,
        reason=why[:100],
        requirement=requirement[:500],
        respond_by=respond_by,
        urge=urge,
    )


def respond(actor, channel: str, task, *, on: dt.date, response: str) -> Task:
    """The 牵头单位's 整改情况 in answer to the latest 督办 (art. 18: "及时报告整改情况")."""

    def change(t):
        last = t.escalation_set.filter(responded_on__isnull=True).order_by("-round").first()
        if last is None:
            raise Refusal("本任务没有待回复的督办通知。")
        require_date(on, label="报送日期", not_before=last.on, before_label="督办日期")
        if not response.strip():
            raise Refusal("应填写整改情况。")
        last.responded_on, last.response = on, response.strip()[:2000]
        last.save(update_fields=["responded_on", "response"])
        t.escalation_due_on = None

    return STEPS.apply(
        "respond", actor, channel, task, change, details={"response": response}, on=on
    )


def lapse(actor, channel: str, task, *, on: dt.date) -> Task:
    """逾期 (by the system only): a task past its 完成时限 without a completion report."""

    def change(t):
        if t.due_on >= on:
            raise Refusal(f"完成时限({t.due_on:%Y-%m-%d})未过，不能认定逾期。")
        t.status = Status.OVERDUE

    return STEPS.apply("lapse", actor, channel, task, change, on=on)


def lapse_overdue(run, today: dt.date) -> tuple[list, dict]:
    """The tick: a task past its 完成时限 without a completion report becomes 逾期未完成."""
    ids = Task.objects.filter(
        status__in=[Status.ASSIGNED, Status.PROGRESSING], due_on__lt=today
    ).values_list("pk", flat=True)

    def change(t):
        t.status = Status.OVERDUE

    return STEPS.apply_many(
        "lapse", None, audit.Channel.JOB, list(ids), change, on=lambda t: t.due_on
    )


# --- due dates -------------------------------------------------------------------------------


def compute_due(t: Task) -> None:
    """The next quarterly return is due FAZHI_TASK_RETURN_DAYS 工作日 after its quarter (rules.py);
    the task itself by its 完成时限; a 督办 by its 整改期限. The nearest is the task's next."""
    working = t.status in Status.working()
    if working and t.quarter_end:
        t.return_due_on = due_date(t.quarter_end, rules.return_period())
    elif not working:
        t.return_due_on = None
    found = []
    if working:
        found += [(t.return_due_on, "季度进展报告"), (t.due_on, "完成任务")]
    if t.escalation_due_on and t.status in Status.awaiting():
        found.append((t.escalation_due_on, "督办整改"))
    found = [(d, label) for d, label in found if d]
    if found:
        t.next_due_on, t.next_due_label = min(found, key=lambda pair: pair[0])
    else:
        t.next_due_on, t.next_due_label = None, ""


FRAME = Frame(
    snapshot=lambda t: audit.snapshot(t, AUDITED),
    refresh_due=compute_due,
    default_on=lambda t: t.issued_on or t.table.drafted_on,
)
