"""人大代表建议 and 政协委员提案 handled by the government system: the proposal as numbered by
the 人大/政协, its 主办 and 协办 units, its answer rounds, and 并案 (several handled as one).

A proposal belongs to the government that handles it (`government`, the roll-up scope); before
交办 it sits with the unit that registered it (`office`, usually the 政府办督查室); from 交办 on
the 主办 unit (`unit`) handles it and the 协办 units (`co_units`) contribute their views.
"""

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.models import OrgUnit
from fazhi.core.records import ClockedRecord, ledger_indexes, unit_field


class Source(models.TextChoices):
    NPC = "npc", "人大代表建议"
    CPPCC = "cppcc", "政协委员提案"


# awaiting_answer: States in which the handling unit owes an answer: the answer clock runs.
@groups(
    open=["received", "assigned", "handling", "answered", "rehandling"],
    awaiting_answer=["assigned", "handling", "rehandling"],
)
class Status(models.TextChoices):
    RECEIVED = "received", "已收到"
    ASSIGNED = "assigned", "已交办"
    HANDLING = "handling", "办理中"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"
    REHANDLING = "rehandling", "重新办理"


class Category(models.TextChoices):
    """A/B/C as used in 南阳 and 广安 (practice, not statute: legal_deadlines.md §4); the
    statutory kinds behind them are 重庆 art. 22, 山东 art. 18, 河南 art. 19."""

    A = "A", "A类(已解决或采纳)"
    B = "B", "B类(正在解决或列入计划)"
    C = "C", "C类(因条件限制暂不能解决)"


class Satisfaction(models.TextChoices):
    """The deputy's or member's rating of an answer (重庆 art. 26)."""

    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"

    @classmethod
    def accepting(cls):
        return [cls.SATISFIED, cls.BASICALLY]


class Proposal(ClockedRecord):
    statuses = Status
    scope_field = "government"
    breakdown_field = "unit"  # the unit that answers
    awaiting = "awaiting_answer"

    government = unit_field("办理政府")
    office = models.ForeignKey(
        OrgUnit,
        verbose_name="登记交办单位",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="登记并交办建议提案的单位(通常为政府办督查室)。",
    )
    source = models.CharField("类别", max_length=8, choices=Source.choices)
    year = models.PositiveSmallIntegerField("年度")
    session = models.CharField("会议/届次", max_length=100, blank=True)
    number = models.CharField("编号", max_length=40, help_text="人大或政协所编的号。")
    title = models.CharField("标题", max_length=200)
    proposers = models.CharField("提出人", max_length=200)
    received_on = models.DateField("收到日期")
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    unit = unit_field("主办单位", related_name="proposals_led", null=True, blank=True)
    co_units = models.ManyToManyField(
        OrgUnit, verbose_name="协办单位", related_name="proposals_assisted", blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="并案至",
        on_delete=models.PROTECT,
        related_name="merged",
        null=True,
        blank=True,
        help_text="并案办理时，随之一并办理和答复的主件。",
    )
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    extended = models.BooleanField("已延期(六个月)", default=False)
    extension_approver = models.CharField("延期批准人", max_length=100, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True)
    round = models.PositiveSmallIntegerField("办理轮次", default=0)
    answered_on = models.DateField("最近答复日期", null=True, blank=True)
    category = models.CharField("答复类别", max_length=1, choices=Category.choices, blank=True)
    satisfaction = models.CharField(
        "满意度", max_length=12, choices=Satisfaction.choices, blank=True
    )
    rated_on = models.DateField("最近反馈日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True)

    class Meta:
        db_table = "oversight_proposal"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "建议提案"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "source", "year", "number"], name="proposal_number_unique"
            )
        ]
        indexes = ledger_indexes(
            "proposal", "received_on", visible_by=("office", "unit"), scope="government"
        )

    def __str__(self) -> str:
        return f"{self.get_source_display()}第{self.number}号 {self.title}"


class ProposalAnswer(models.Model):
    """One answer round: the first answer, and one more for each 重新办理."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveSmallIntegerField("轮次")
    answered_on = models.DateField("答复日期")
    category = models.CharField("答复类别", max_length=1, choices=Category.choices)
    summary = models.CharField("答复要点", max_length=500, blank=True)
    satisfaction = models.CharField(
        "满意度", max_length=12, choices=Satisfaction.choices, blank=True
    )
    rated_on = models.DateField("反馈日期", null=True, blank=True)

    class Meta:
        db_table = "oversight_proposalanswer"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "建议提案答复"
        ordering = ["proposal", "round"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "round"], name="proposal_answer_round")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} 第{self.round}次答复"
