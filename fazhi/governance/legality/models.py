"""合法性审核: a unit sends a draft (a 重大行政决策草案, a 行政规范性文件, a 合同协议 or
another document of the government) to its government's reviewing office (合法性审核机构,
usually the 司法局), which accepts it or returns it for more materials, and gives its written
opinion: 合法, 修改后合法 or 不合法 (重大行政决策程序暂行条例 arts. 25–28; 国办发〔2018〕115号
for 行政规范性文件).

The record reviewed, when it is a record of another procedure (a decision, a normative
document), is the review's `subject`; other procedures ask `queries.review_of/cleared` about it."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from fazhi.core.choices import groups
from fazhi.core.records import ClockedRecord, ledger_indexes, unit_field


class ReviewKind(models.TextChoices):
    DECISION = "decision", "重大行政决策"
    NORMATIVE = "normative", "行政规范性文件"
    CONTRACT = "contract", "合同协议"
    OTHER = "other", "其他文件"


class Opinion(models.TextChoices):
    LAWFUL = "lawful", "合法"
    AMEND = "amend", "修改后合法"
    UNLAWFUL = "unlawful", "不合法"

    @classmethod
    def clearing(cls) -> list[str]:
        """The opinions after which the draft may go on (art. 25 ¶2: not one found 不合法)."""
        return [cls.LAWFUL, cls.AMEND]


@groups(open=["submitted", "returned", "reviewing"], awaiting=["submitted", "reviewing"])
class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", "已送审待受理"
    RETURNED = "returned", "退回补充材料"
    REVIEWING = "reviewing", "审核中"
    GIVEN = "given", "已出具审核意见"
    WITHDRAWN = "withdrawn", "已撤回"


class Review(ClockedRecord):
    statuses = ReviewStatus
    scope_field = "unit"
    awaiting = "awaiting"

    unit = unit_field("送审单位")
    office = unit_field("审核机构")
    kind = models.CharField("送审类别", max_length=10, choices=ReviewKind.choices)
    title = models.CharField("送审文件名称", max_length=200)
    note = models.TextField("送审说明", max_length=2000, blank=True)
    submitted_on = models.DateField("送审日期")
    subject_type = models.ForeignKey(
        ContentType,
        verbose_name="审核对象类型",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField("审核对象编号", null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    status = models.CharField(
        "状态", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.SUBMITTED
    )
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    returned_on = models.DateField("退回日期", null=True, blank=True)
    return_reason = models.TextField("需要补充的材料", max_length=2000, blank=True)
    resubmitted_on = models.DateField("补充材料后重新送审日期", null=True, blank=True)
    started_on = models.DateField("审核期限起算日", null=True, blank=True)
    due_on = models.DateField("审核期限", null=True, blank=True)
    opinion = models.CharField("审核意见", max_length=10, choices=Opinion.choices, blank=True)
    opinion_on = models.DateField("出具意见日期", null=True, blank=True)
    opinion_text = models.TextField("审核意见内容", max_length=5000, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdraw_reason = models.CharField("撤回理由", max_length=200, blank=True)
    counterparty = models.CharField("合同相对方", max_length=200, blank=True)
    signed_on = models.DateField("合同签订日期", null=True, blank=True)
    soon_notified_on = models.DateField("已作临期提醒的期限", null=True, blank=True, editable=False)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "合法性审核"
        ordering = ["-submitted_on", "-id"]
        indexes = [
            *ledger_indexes(
                "legality",
                "submitted_on",
                visible_by=("unit", "office"),
                handler="office",
                scope="unit",
                counted=(("opinion", "opinion_on"), ("signed", "signed_on")),
            ),
            models.Index(fields=["subject_type", "subject_id"], name="legality_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}合法性审核：{self.title}"[:120]
