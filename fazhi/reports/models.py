"""The annual report 《××人民政府关于××年法治政府建设工作情况的报告》 and its editable parts.

A report's prose is a set of templates (one per part) that the coordinator edits; its figures come
from the figures registry, computed live while the report is a draft and frozen when it is issued.
"""

import datetime as dt

from django.db import models

from fazhi.core.records import unit_field, user_field
from fazhi.figures.registry import Period

CHINESE_NUMERALS = "〇一二三四五六七八九十"


class ReportStatus(models.TextChoices):
    """起草 → 审核 → 签发 (党政机关公文处理工作条例 art. 19–20: a document is checked before
    the leader signs it; the signature is the leader's own). A returned report is edited again."""

    DRAFT = "draft", "起草中"
    IN_REVIEW = "review", "待审核"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "待签发"
    ISSUED = "issued", "已签发"

    @classmethod
    def editable(cls) -> list[str]:
        """The text changes only while the coordinator holds the report."""
        return [cls.DRAFT, cls.RETURNED]


class ReportKind(models.TextChoices):
    """The annual reports a government issues through the same 起草 → 审核 → 签发: the
    法治政府建设 report (督察工作规定 art. 25) and the 政府信息公开工作年度报告 (政府信息公开条例
    arts. 49–50, in the format of 国办公开办函〔2021〕30号; see fazhi.reports.ogi)."""

    RULE_OF_LAW = "rule_of_law", "法治政府建设年度报告"
    DISCLOSURE = "disclosure", "政府信息公开工作年度报告"


class AnnualReport(models.Model):
    """One unit's annual report of one kind for one year (督察工作规定 art. 25 sets the
    法治政府建设 report's content; 政府信息公开条例 art. 50 the 政府信息公开 report's)."""

    unit = unit_field("报告单位", related_name="annual_reports")
    year = models.PositiveIntegerField("年度")
    kind = models.CharField(
        "报告类别", max_length=16, choices=ReportKind.choices, default=ReportKind.RULE_OF_LAW
    )
    title = models.CharField("标题", max_length=200)
    addressee = models.CharField(
        "主送机关", max_length=200, blank=True, help_text="一般为上一级人民政府。"
    )
    status = models.CharField(
        "状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    doc_number = models.CharField(
        "文号", max_length=60, blank=True, help_text="如 弥政报〔2022〕5号"
    )
    index_number = models.CharField("索引号", max_length=60, blank=True)
    closing_date = models.DateField(
        "数据截止日期", help_text="统计数据截至该日；默认为当年12月31日。"
    )
    issued_on = models.DateField("成文日期", null=True, blank=True)
    submitted_by = user_field("送审人", null=True, blank=True)
    submitted_at = models.DateTimeField("送审时间", null=True, blank=True)
    reviewed_by = user_field("审核人", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField(
        "审核意见", blank=True, help_text="审核通过或退回修改时的意见；退回时必填。"
    )
    issued_by = user_field("签发人", null=True, blank=True)
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)
    problems_acknowledged = models.BooleanField(
        "确认存在问题后签发",
        default=False,
        help_text="签发时一致性检查仍有问题，签发人写明理由后签发。",
    )
    problems_reason = models.TextField(
        "带问题签发的理由", blank=True, help_text="签发人写明的、一致性问题不影响签发的理由。"
    )
    frozen_figures = models.JSONField(
        "印发时冻结的指标",
        null=True,
        blank=True,
        help_text="印发时的指标编号、数值、显示文本、分子分母，及所计记录的定义"
        "(指标定义、单位范围、统计期间和记录条件)；此前印发的报告另存有所计记录编号。",
    )
    statistical_returns = models.JSONField(
        "填报数据",
        default=dict,
        blank=True,
        help_text="平台尚未统计的数据(如政府信息公开年度报告表二的行政许可、行政处罚决定数量)"
        "由统筹协调人员填报的数值，按表格栏目编号记录。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度报告"
        ordering = ["-year", "unit__path", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind"], name="reports_one_report_per_unit_year_kind"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.closing_date is None:
            self.closing_date = dt.date(self.year, 12, 31)
        super().save(*args, **kwargs)

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED

    @property
    def is_disclosure(self) -> bool:
        return self.kind == ReportKind.DISCLOSURE

    @property
    def is_editable(self) -> bool:
        return self.status in ReportStatus.editable()

    @property
    def period(self) -> Period:
        """The year up to the closing date: the figures state what was recorded by then."""
        closing = self.closing_date or dt.date(self.year, 12, 31)
        return Period(dt.date(self.year, 1, 1), closing)


class ReportPart(models.Model):
    """One part of the report: 0 is the opening paragraph, 1–8 the eight numbered parts of the
    seed's structure, 9 the closing (shortcomings and next year's plans, art. 25 (二)(四)).

    `body_template` is Django template text; see fazhi.reports.prose for what it may contain.
    """

    OPENING, CLOSING = 0, 9

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveSmallIntegerField("序号")
    heading = models.CharField("标题", max_length=100)
    body_template = models.TextField("正文模板", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告组成部分"
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reports_part_number_unique"),
            models.CheckConstraint(
                condition=models.Q(number__lte=9), name="reports_part_number_0_to_9"
            ),
        ]

    def __str__(self) -> str:
        return self.display_heading or self.heading

    @property
    def is_numbered(self) -> bool:
        return 1 <= self.number <= 8

    @property
    def display_heading(self) -> str:
        """The heading as printed: "一、依法全面履行政府职能"; the opening and closing have none."""
        if not self.is_numbered:
            return ""
        return f"{CHINESE_NUMERALS[self.number]}、{self.heading}"
