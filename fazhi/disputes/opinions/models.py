"""行政复议意见书 (行政复议法(2023) art. 76; 实施条例 art. 57 under the 2017 law): written by the
复议机关 to the respondent or another lower organ whose act it found unlawful or improper while
handling a case; that organ reports its correction within 60 日 of receipt, and must carry it out
(art. 77). An opinion outlives the case that gave rise to it, so it is a record of its own."""

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.instruments.models import ServiceWay
from fazhi.core.records import ClockedRecord, ledger_indexes, unit_field


@groups(open=["draft", "issued", "served"], awaiting_report=["served"])
class OpinionStatus(models.TextChoices):
    DRAFT = "draft", "拟制发"
    ISSUED = "issued", "已制发待送达"
    SERVED = "served", "待报送纠正情况"
    REPORTED = "reported", "已报送纠正情况"


class ReviewOpinion(ClockedRecord):
    statuses = OpinionStatus
    scope_field = "organ"
    breakdown_field = "addressee"
    awaiting = "awaiting_report"

    organ = unit_field("复议机关")
    unit = unit_field("承办机构")
    addressee = unit_field("制发对象")
    case = models.ForeignKey(
        "reconsideration.ReconsiderationCase",
        verbose_name="所涉行政复议案件",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    act = models.CharField("违法或者不当的行政行为", max_length=200)
    opinion = models.TextField("意见和建议", max_length=2000)
    drafted_on = models.DateField("拟稿日期")
    status = models.CharField(
        "状态", max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.DRAFT
    )
    issued_on = models.DateField("制发日期", null=True, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    served_way = models.CharField("送达方式", max_length=16, choices=ServiceWay.choices, blank=True)
    report_due_on = models.DateField("报送期限", null=True, blank=True)
    reported_on = models.DateField("报送日期", null=True, blank=True)
    report = models.TextField("纠正情况", max_length=2000, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议意见书"
        ordering = ["-drafted_on", "-id"]
        indexes = ledger_indexes(
            "opinion",
            "drafted_on",
            visible_by=("unit", "addressee"),
            scope="organ",
            counted=(("issued", "issued_on"),),
        )

    def __str__(self) -> str:
        return f"致{self.addressee.short_name or self.addressee}的行政复议意见书：{self.act}"[:120]
