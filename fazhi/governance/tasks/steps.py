"""The transition tables of a 任务分工表 and of its tasks: the one source of what their pages offer,
what the API accepts and what the service functions allow.

The government's coordinating office (依法治市办, a unit duty `tasks.office`) drafts the table, adds
its tasks and issues it; after that a task changes only through a recorded 调整 with its reason.
The 牵头单位 files the quarterly returns, reports completion and answers a 督办; a 配合单位 adds
its contribution. Completion is confirmed by a coordinator of the office in their own session:
the table names the role, no form names the person.
"""

from django.utils import timezone

from fazhi.core.authority import ActsFor, Check, HasDuty, System, acts_for
from fazhi.core.form_args import government_args
from fazhi.core.models import Role
from fazhi.core.steps import Step, Steps

from .models import Status, TableStatus, Task, TaskTable
from .rules import ARTICLE

OFFICE = "tasks.office"  # 任务分工统筹单位 (依法治市办)

S = Status
OFFICE_STAFF = HasDuty(
    OFFICE, reason="只有本级政府的任务分工统筹单位(依法治市办)可以办理此环节。"
) & ActsFor("office", reason="只有印发本分工表的统筹单位的工作人员可以办理此环节。")
COORDINATOR = OFFICE_STAFF & ActsFor(
    "office",
    roles=(Role.COORDINATOR,),
    reason="确认任务完成须由统筹单位的统筹协调人员本人办理。",
)
LEAD = ActsFor("unit", reason="只有本任务牵头单位的工作人员可以办理。")


def _assists(user, task) -> bool:
    if user.role not in (Role.COORDINATOR, Role.REVIEWER, Role.STAFF):
        return False
    return any(acts_for(user, unit) for unit in task.co_units.all())


CO_UNIT = Check(_assists, reason="只有本任务配合单位的工作人员可以报送配合情况。")
WORKING = tuple(S.working())


def late_or_slow(task: Task, today=None) -> str:
    """Why a task may be 督办'd — a return or the task past its date, or marked 滞后 — or ""."""
    today = today or timezone.localdate()
    if task.status not in WORKING:
        return ""
    if task.due_on < today:
        return f"逾期未完成(完成时限{task.due_on:%Y-%m-%d})"
    if task.return_due_on and task.return_due_on < today:
        return f"季度进展逾期未报(期限{task.return_due_on:%Y-%m-%d})"
    if task.pace == "slow":
        return "进展滞后"
    return ""


TABLE_STEPS = Steps(
    TaskTable,
    "fazhi.governance.tasks.table_services",
    [
        Step(
            "issue",
            "印发",
            "IssueTableForm",
            (TableStatus.DRAFT,),
            (TableStatus.ISSUED,),
            OFFICE_STAFF,
            service="issue_table",
            confirm="印发后任务只能通过“调整任务”并说明理由变更。",
        ),
    ],
    forms="fazhi.governance.tasks.forms",
    creator=HasDuty(OFFICE, reason="只有本级政府的任务分工统筹单位(依法治市办)可以起草任务分工表。")
    & ActsFor("office"),
    reach=("office", "government"),
)

STEPS = Steps(
    Task,
    "fazhi.governance.tasks.services",
    [
        Step(
            "amend",
            "调整任务",
            "AmendForm",
            (S.PENDING, *WORKING),
            (),
            OFFICE_STAFF,
            form_args=lambda task, user: government_args(task, user) | {"task": task},
        ),
        Step(
            "file_return",
            "报送季度进展",
            "ReturnForm",
            WORKING,
            (S.PROGRESSING, S.OVERDUE),
            LEAD,
        ),
        Step(
            "contribute",
            "报送配合情况",
            "ContributeForm",
            WORKING,
            (),
            CO_UNIT,
        ),
        Step(
            "report_done",
            "报告完成",
            "ReportDoneForm",
            WORKING,
            (S.REPORTED,),
            LEAD,
        ),
        Step(
            "accept",
            "确认完成",
            "AcceptForm",
            (S.REPORTED,),
            (S.DONE,),
            COORDINATOR,
        ),
        Step(
            "send_back",
            "退回",
            "SendBackForm",
            (S.REPORTED,),
            (S.PROGRESSING, S.OVERDUE),
            COORDINATOR,
        ),
        Step(
            "escalate",
            "督办",
            "EscalateForm",
            WORKING,
            (),
            OFFICE_STAFF,
            when=lambda task: bool(late_or_slow(task)),
            when_reason=f"只有逾期(进展报告或任务逾期)或进展滞后的任务可以督办({ARTICLE})。",
        ),
        Step(
            "respond",
            "报送整改情况",
            "RespondForm",
            (*WORKING, S.REPORTED),
            (),
            LEAD,
            when=lambda task: task.escalation_due_on is not None,
            when_reason="本任务没有待回复的督办通知。",
        ),
        Step(
            "cancel",
            "撤销任务",
            "CancelForm",
            (S.PENDING, *WORKING),
            (S.CANCELLED,),
            OFFICE_STAFF,
            confirm="撤销后本任务不再计入任务总数和完成率。",
        ),
        Step("lapse", "逾期", "OnForm", (S.ASSIGNED, S.PROGRESSING), (S.OVERDUE,), System()),
    ],
    forms="fazhi.governance.tasks.forms",
    creator=HasDuty(OFFICE, reason="只有本级政府的任务分工统筹单位(依法治市办)可以分解任务。")
    & ActsFor("office"),
    reach=("unit", "office", "government"),
)
