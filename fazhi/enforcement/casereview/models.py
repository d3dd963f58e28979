"""行政执法案卷评查 (seed 四.1: "每年组织至少一次行政执法案卷评查，随机抽查市市场监管局、市财政局、
市住建局、市文化旅游局、市水务局、市林草局等执法部门年度已结执法案卷进行评查").

- 评查活动 (`Campaign`): kept by the government's 评查组织单位 (the duty `casereview.coordinator`,
  the 司法局) for one year: the departments, how many closed case files per department (or a
  total with at least one each), the 评查标准 (`RubricItem`: items with their maximum points,
  editable until the draw is committed, frozen after), the reviewers and the pass line (a
  setting, rules.py).
- The draw is the kernel's verifiable random draw (`fazhi.core.draws`): the pool is the chosen
  departments' cases closed in the year (key = case id, stratum = department code), committed
  (公示) before the seed is known, drawn after; the drawn files become `ReviewFile` rows.
- 评查案卷 (`ReviewFile`): one drawn case file, scored item by item (`Score`) by a reviewer who is
  not of the file's unit, its result sent back to the department with 整改事项 and a deadline,
  and the department's 整改情况."""

from django.conf import settings
from django.db import models

from fazhi.core.choices import groups
from fazhi.core.draws import Draw
from fazhi.core.models import OrgUnit
from fazhi.core.records import ClockedRecord, unit_field, user_field


@groups(open=["planning", "committed", "reviewing"], awaiting=[])
class CampaignStatus(models.TextChoices):
    PLANNING = "planning", "制定方案"
    COMMITTED = "committed", "已公示抽取"
    REVIEWING = "reviewing", "评查中"
    DONE = "done", "已完成"


class Campaign(ClockedRecord):
    statuses = CampaignStatus
    scope_field = "unit"
    awaiting = "awaiting"

    unit = unit_field("组织单位")
    year = models.PositiveSmallIntegerField("评查年度")
    title = models.CharField("活动名称", max_length=200)
    status = models.CharField(
        "状态", max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.PLANNING
    )
    departments = models.ManyToManyField(OrgUnit, verbose_name="被评查部门", related_name="+")
    per_department = models.PositiveSmallIntegerField("每部门抽取案卷数", null=True, blank=True)
    total = models.PositiveSmallIntegerField("抽取案卷总数(每部门至少一卷)", null=True, blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="评查人员", related_name="+"
    )
    planned_on = models.DateField("方案制定日期")
    draw = models.OneToOneField(
        Draw,
        verbose_name="随机抽取",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    committed_on = models.DateField("公示抽取日期", null=True, blank=True)
    drawn_on = models.DateField("抽取日期", null=True, blank=True)
    finished_on = models.DateField("评查完成日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政执法案卷评查活动"
        ordering = ["-year", "-id"]
        indexes = [
            # After (date, id), the columns visible() filters on: see records.ledger_indexes.
            models.Index(fields=["planned_on", "id", "unit"], name="crv_campaign_list"),
            models.Index(fields=["unit", "year"], name="crv_campaign_unit"),
        ]

    def __str__(self) -> str:
        return self.title[:120]


class RubricItem(models.Model):
    """One item of the campaign's 评查标准: its name and maximum points (分值)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("序号")
    name = models.CharField("评查项目", max_length=60)
    max_points = models.DecimalField("分值", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = verbose_name_plural = "评查标准项目"
        ordering = ["campaign_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "order"], name="crv_item_order_once")
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.max_points}分)"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"

    @classmethod
    def passing(cls) -> list[str]:
        return [cls.EXCELLENT, cls.PASS]


@groups(
    open=["pending", "scored", "rectifying"],
    awaiting=["rectifying"],
    scored_group=["scored", "rectifying", "rectified", "returned"],
)
class FileStatus(models.TextChoices):
    PENDING = "pending", "待评查"
    SCORED = "scored", "已评分"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "已整改"
    RETURNED = "returned", "已反馈(无需整改)"


class ReviewFile(ClockedRecord):
    statuses = FileStatus
    scope_field = "unit"
    awaiting = "awaiting"

    campaign = models.ForeignKey(
        Campaign, verbose_name="评查活动", on_delete=models.PROTECT, related_name="files"
    )
    case = models.ForeignKey(
        "enforcement.Case", verbose_name="执法案卷", on_delete=models.PROTECT, related_name="+"
    )
    unit = unit_field("执法部门")
    year = models.PositiveSmallIntegerField("评查年度")
    drawn_on = models.DateField("抽中日期")
    status = models.CharField(
        "状态", max_length=12, choices=FileStatus.choices, default=FileStatus.PENDING
    )
    reviewer = user_field("评查人", null=True, blank=True)
    scored_on = models.DateField("评分日期", null=True, blank=True)
    total = models.DecimalField("得分", max_digits=6, decimal_places=1, null=True, blank=True)
    max_total = models.DecimalField("满分", max_digits=6, decimal_places=1, null=True, blank=True)
    percent = models.DecimalField(
        "得分(百分制)", max_digits=5, decimal_places=1, null=True, blank=True
    )
    grade = models.CharField("评查等次", max_length=10, choices=Grade.choices, blank=True)
    findings = models.CharField("整改事项", max_length=2000, blank=True)
    sent_on = models.DateField("反馈日期", null=True, blank=True)
    rectify_due_on = models.DateField("整改期限", null=True, blank=True)
    rectification = models.CharField("整改情况", max_length=2000, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "评查案卷"
        ordering = ["campaign_id", "unit_id", "id"]
        indexes = [
            models.Index(fields=["drawn_on", "id", "unit", "campaign"], name="crv_file_list"),
            models.Index(fields=["unit", "status", "next_due_on"], name="crv_file_workbench"),
            models.Index(fields=["status", "next_due_on"], name="crv_file_due"),
            models.Index(fields=["unit", "scored_on"], name="crv_file_scored"),
        ]
        constraints = [models.UniqueConstraint(fields=["campaign", "case"], name="crv_file_once")]

    def __str__(self) -> str:
        return f"评查案卷：{self.case}"[:120]


class Score(models.Model):
    """A reviewer's points and comment on one item of the rubric for one file."""

    file = models.ForeignKey(ReviewFile, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("得分", max_digits=5, decimal_places=1)
    comment = models.CharField("评查意见", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评查评分"
        ordering = ["file_id", "item__order"]
        constraints = [models.UniqueConstraint(fields=["file", "item"], name="crv_score_once")]

    def __str__(self) -> str:
        return f"{self.item.name}：{self.points}"
