"""任务分工 and 督办: the year's 任务分工表 the coordinating office (依法治市办) issues, each task
of it with its 牵头单位 and 配合单位, its quarterly progress returns, its completion and the
督办 of late or slow tasks.

督察工作规定(2019) art. 8 (九): a government "统筹推进对本地区法治政府建设情况的考核评价和
督促检查，对工作不力、问题较多的部门或者下级政府，应当及时约谈、责令整改、通报批评";
art. 11: the 督察单位 "建立督察任务台账"; art. 18: "督促其限期整改。被督察单位应当按照要求
整改并及时报告整改情况"; art. 30: "挂牌督办制度 … 督促其限期完成有关查处、整改任务". The quarterly
return and its period are local practice, not law (rules.py).

A table and its tasks belong to the government that issues them (`government`, the roll-up scope);
the office that drafts them (`office`) keeps them; a task's 牵头单位 (`unit`) answers for it.
"""

from django.db import models
from django.urls import reverse

from fazhi.core.choices import groups
from fazhi.core.models import OrgUnit, Urge
from fazhi.core.records import ClockedRecord, Record, ledger_indexes, unit_field


@groups(open=["draft"])
class TableStatus(models.TextChoices):
    DRAFT = "draft", "起草中"
    ISSUED = "issued", "已印发"


class TaskTable(Record):
    """任务分工表: a year's tasks, drafted by the coordinating office and issued (印发) with its
    文号."""

    statuses = TableStatus
    scope_field = "government"

    government = unit_field("印发政府")
    office = unit_field("统筹单位")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    drafted_on = models.DateField("起草日期")
    status = models.CharField(
        "状态", max_length=10, choices=TableStatus.choices, default=TableStatus.DRAFT
    )
    number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "任务分工表"
        ordering = ["-year", "-drafted_on", "-id"]
        indexes = [
            # After (date, id), the columns visible() filters on: see records.ledger_indexes.
            models.Index(
                fields=["drafted_on", "id", "office", "government", "status"],
                name="tasktable_list",
            ),
            models.Index(fields=["government", "year"], name="tasktable_year"),
        ]

    def __str__(self) -> str:
        return self.title


# awaiting: the statuses in which a passed deadline (a return, the task's own, a 督办's) is late.
@groups(
    open=["pending", "assigned", "progressing", "overdue", "reported"],
    awaiting=["assigned", "progressing", "overdue", "reported"],
    working=["assigned", "progressing", "overdue"],
)
class Status(models.TextChoices):
    PENDING = "pending", "待印发"
    ASSIGNED = "assigned", "已分解"
    PROGRESSING = "progressing", "推进中"
    OVERDUE = "overdue", "逾期未完成"
    REPORTED = "reported", "待确认完成"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已撤销"


class Pace(models.TextChoices):
    NORMAL = "normal", "正常推进"
    SLOW = "slow", "滞后"


class Task(ClockedRecord):
    statuses = Status
    scope_field = "government"
    breakdown_field = "unit"  # the 牵头单位
    awaiting = "awaiting"

    government = unit_field("印发政府")
    office = unit_field("统筹单位")
    table = models.ForeignKey(
        TaskTable, verbose_name="任务分工表", on_delete=models.PROTECT, related_name="tasks"
    )
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("序号")
    text = models.CharField("任务内容", max_length=500)
    unit = unit_field("牵头单位", related_name="tasks_led")
    co_units = models.ManyToManyField(
        OrgUnit, verbose_name="配合单位", related_name="tasks_assisted", blank=True
    )
    due_on = models.DateField("完成时限")
    milestone_q1 = models.CharField("第一季度目标", max_length=200, blank=True)
    milestone_q2 = models.CharField("第二季度目标", max_length=200, blank=True)
    milestone_q3 = models.CharField("第三季度目标", max_length=200, blank=True)
    milestone_q4 = models.CharField("第四季度目标", max_length=200, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    quarter_end = models.DateField("待报季度截止日", null=True, blank=True)
    return_due_on = models.DateField("季度进展报送期限", null=True, blank=True)
    last_return_on = models.DateField("最近报送进展日期", null=True, blank=True)
    pace = models.CharField("推进情况", max_length=8, choices=Pace.choices, blank=True)
    reported_on = models.DateField("报告完成日期", null=True, blank=True)
    report = models.TextField("完成情况", max_length=2000, blank=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    accepted_on = models.DateField("确认完成日期", null=True, blank=True)
    escalation_due_on = models.DateField("督办整改期限", null=True, blank=True)
    escalations = models.PositiveSmallIntegerField("督办次数", default=0)
    cancelled_on = models.DateField("撤销日期", null=True, blank=True)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "分工任务"
        ordering = ["-year", "table", "number"]
        constraints = [
            models.UniqueConstraint(fields=["table", "number"], name="task_number_unique")
        ]
        indexes = ledger_indexes(
            "task",
            "issued_on",
            visible_by=("office", "government", "unit"),
            scope="government",
            counted=(("deadline", "due_on"),),
        )

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}项：{self.text}"[:120]

    @property
    def milestones(self) -> list[tuple[str, str]]:
        quarters = ("第一季度", "第二季度", "第三季度", "第四季度")
        values = (self.milestone_q1, self.milestone_q2, self.milestone_q3, self.milestone_q4)
        return [(q, v) for q, v in zip(quarters, values, strict=True) if v]


class TaskReturn(models.Model):
    """季度进展报告: the lead unit's return for one quarter."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="returns")
    quarter_end = models.DateField("季度截止日")
    due_on = models.DateField("报送期限")
    filed_on = models.DateField("报送日期")
    progress = models.TextField("进展情况", max_length=2000)
    pace = models.CharField("推进情况", max_length=8, choices=Pace.choices)

    class Meta:
        verbose_name = verbose_name_plural = "季度进展报告"
        ordering = ["task", "quarter_end"]
        constraints = [
            models.UniqueConstraint(fields=["task", "quarter_end"], name="task_return_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.task} {quarter_label(self.quarter_end)}进展"

    @property
    def quarter(self) -> str:
        return quarter_label(self.quarter_end)

    @property
    def late(self) -> bool:
        return self.filed_on > self.due_on


class TaskContribution(models.Model):
    """A 配合单位's contribution to a task (报送配合情况)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="contributions")
    unit = models.ForeignKey(OrgUnit, verbose_name="配合单位", on_delete=models.PROTECT)
    on = models.DateField("报送日期")
    text = models.TextField("配合情况", max_length=2000)

    class Meta:
        verbose_name = verbose_name_plural = "配合情况"
        ordering = ["task", "on", "id"]

    def __str__(self) -> str:
        return f"{self.unit}：{self.text}"[:120]


class Escalation(models.Model):
    """督办通知 (督察工作规定 art. 18, 30): the office presses the lead unit of a late or slow task
    to 整改 by a deadline; the unit reports its 整改情况. Counted per unit and year."""

    breakdown_field = "unit"  # the 驾驶舱 tells a government's escalations apart by the unit

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="escalation_set")
    government = unit_field("印发政府")
    unit = unit_field("被督办单位")
    round = models.PositiveSmallIntegerField("督办轮次")
    on = models.DateField("督办日期")
    reason = models.CharField("督办原因", max_length=100)
    requirement = models.CharField("督办要求", max_length=500)
    respond_by = models.DateField("整改期限")
    responded_on = models.DateField("报送整改情况日期", null=True, blank=True)
    response = models.TextField("整改情况", max_length=2000, blank=True)
    urge = models.OneToOneField(
        Urge, verbose_name="催办", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "督办"
        ordering = ["task", "round"]
        constraints = [
            models.UniqueConstraint(fields=["task", "round"], name="task_escalation_round")
        ]
        indexes = [models.Index(fields=["government", "on"], name="task_escalation_on")]

    def __str__(self) -> str:
        return f"第{self.round}次督办：{self.task}"[:200]

    def get_absolute_url(self) -> str:
        return reverse("tasks:detail", args=[self.task_id])


def quarter_label(end) -> str:
    return f"{end.year}年第{'一二三四'[(end.month - 1) // 3]}季度"
