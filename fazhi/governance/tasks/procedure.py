"""任务分工 and 督办 as the kernel knows them: two declarations (fazhi.core.procedures) — the
任务分工表 the coordinating office drafts and issues, and the tasks of it."""

from django.db.models import Q
from django.utils import timezone

from fazhi.core.procedures import Column, Creation, Duty, Ledger, Names, Procedure, ReportText

from . import queries
from .models import Status, TableStatus
from .steps import OFFICE, STEPS, TABLE_STEPS

MENU = "依法决策"


def _task_facts(task, user) -> dict:
    return {
        "co_units": task.co_units.order_by("path"),
        "returns": task.returns.all(),
        "contributions": task.contributions.select_related("unit"),
        "escalation_rows": queries.escalations_of(task),
    }


def _table_facts(table, user) -> dict:
    return {"tasks": queries.visible_tasks(user).filter(table=table).order_by("number")}


TABLES = Procedure(
    names=Names(
        "task_tables", "任务分工表", "分工表", "renwu/fengong/", MENU, api_prefix="/tasks/tables"
    ),
    steps=TABLE_STEPS,
    statuses=TableStatus,
    visible=queries.visible_tables,
    ledger=Ledger(
        columns=[
            Column("标题", "title", phone=True, link=True),
            Column("年度", "year", sort="year"),
            Column("文号", "number"),
            Column("起草日期", "drafted_on", sort="drafted_on"),
            Column("印发日期", "issued_on", sort="issued_on"),
            Column.status(),
        ],
        date_field="drafted_on",
        search=["title"],
        search_label="标题",
        related=["government", "office"],
    ),
    facts_template="tasks/_table_facts.html",
    creation=Creation(
        label="起草任务分工表",
        form="fazhi.governance.tasks.forms.TableForm",
        create="fazhi.governance.tasks.table_services.draft_table",
        form_args=lambda user: {"initial": {"year": timezone.localdate().year}},
        intro="由本级政府的任务分工统筹单位(依法治市办)起草；分解任务后印发，印发后任务只能经"
        "“调整任务”并说明理由变更。",
    ),
    duties=[Duty(OFFICE, "任务分工统筹单位(依法治市办)")],
    detail_context=_table_facts,
)

TASKS = Procedure(
    names=Names("tasks", "任务督办", "任务", "renwu/", MENU),
    steps=STEPS,
    statuses=Status,
    visible=queries.visible_tasks,
    ledger=Ledger(
        columns=[
            Column("序号", lambda t: f"{t.year}-{t.number}", reads=("year", "number"), link=True),
            Column("任务内容", "text", phone=True),
            Column.unit("牵头单位", "unit"),
            Column("完成时限", "due_on", sort="due_on"),
            Column("推进情况", "pace"),
            Column("督办", "escalations", sort="escalations"),
            Column.status(),
            Column.next_due(),
        ],
        date_field="issued_on",
        filters=["unit", "pace"],
        search=["text"],
        search_label="任务内容",
        related=["unit", "office", "government"],
    ),
    facts_template="tasks/_facts.html",
    creation=Creation(
        label="分解任务",
        form="fazhi.governance.tasks.forms.TaskForm",
        create="fazhi.governance.tasks.services.add_task",
        form_args=lambda user: {"user": user},
        intro="任务分工表印发前可自由分解、调整任务；印发后增补任务须填写增补日期和理由。"
        "季度进展报告于每季度结束后5个工作日内报送(本地规定，可由设置调整)。",
    ),
    workbench=queries.open_tasks,
    workbench_lists=Q(status__in=Status.awaiting()),
    jobs=[
        ("分工任务·逾期", "fazhi.governance.tasks.jobs.lapse_overdue"),
        ("分工任务·逾期提醒", "fazhi.governance.tasks.jobs.remind_overdue"),
    ],
    importers=["fazhi.governance.tasks.imports.TaskImporter"],
    metrics="fazhi.governance.tasks.metrics",
    demo="fazhi.governance.tasks.demo",
    report=[
        ReportText(
            8,
            25,
            "{{ year }}年，印发法治建设任务分工表，分解法治建设指标任务"
            '{% fig "tasks.total" %}，逐项明确牵头单位、配合单位和完成时限，按季度调度工作进展；'
            '对逾期或进展滞后的任务督办{% fig "tasks.escalations" %}，'
            '完成时限在年内的任务按期完成{% fig "tasks.on_time" %}，'
            '按期完成率{% fig "tasks.completion_rate" %}，完成情况列入年度目标责任考核。',
        ),
    ],
    detail_context=_task_facts,
    # A task waiting for the coordinator's confirmation waits on the office, not on its 牵头单位
    # (whose only step then is answering a 督办 still open).
    acting={Status.REPORTED: "office"},
)

PROCEDURES = [TASKS, TABLES]
