"""行政复议 records: the case, its paused spans, and the choices the two laws give.

Cases received before 2024-01-01 follow 《行政复议法》(2017修正) with its 实施条例 (2007);
cases received from 2024-01-01 follow 《行政复议法》(2023修订) (art. 90: in force 2024-01-01).
"""

import datetime as dt

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.models import OrgUnit
from fazhi.core.records import ClockedRecord

NEW_LAW_FROM = dt.date(2024, 1, 1)  # 行政复议法(2023修订) art. 90


class LawVersion(models.TextChoices):
    FY2017 = "2017", "行政复议法(2017修正)"
    FY2023 = "2023", "行政复议法(2023修订)"

    @classmethod
    def for_receipt(cls, received_on: dt.date) -> "LawVersion":
        return cls.FY2023 if received_on >= NEW_LAW_FROM else cls.FY2017


class ReceiptChannel(models.TextChoices):
    """How the application arrived; it decides which date is the date of receipt."""

    IN_PERSON = "in_person", "当面递交"
    ORAL = "oral", "口头申请"
    MAIL = "mail", "邮寄"
    FAX = "fax", "传真"
    ONLINE = "online", "网上申请/电子邮件"


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "person", "自然人"
    PRIVATE_ENTERPRISE = "private_enterprise", "民营企业"
    OTHER_ORG = "other_org", "其他组织"


class Category(models.TextChoices):
    LAND = "land", "土地管理"
    TRAFFIC = "traffic", "交通管理"
    PUBLIC_SECURITY = "public_security", "治安处罚"
    MARKET = "market", "市场监管"
    CONSTRUCTION = "construction", "城乡建设"
    LABOUR = "labour", "劳动和社会保障"
    ENVIRONMENT = "environment", "生态环境"
    DISCLOSURE = "disclosure", "政府信息公开"
    OTHER = "other", "其他"


# concluded: Cases heard and concluded: they count as 办结.
@groups(
    open=["received", "correcting", "accepted", "suspended"],
    concluded=["decided", "terminated"],
    not_accepted=["rejected", "referred"],
)
class Status(models.TextChoices):
    RECEIVED = "received", "待审查"
    CORRECTING = "correcting", "补正中"
    ACCEPTED = "accepted", "审理中"
    SUSPENDED = "suspended", "中止"
    DECIDED = "decided", "已决定"
    TERMINATED = "terminated", "已终止"
    REJECTED = "rejected", "不予受理"
    REFERRED = "referred", "已告知向有权机关申请"
    ABANDONED = "abandoned", "视为放弃"


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLIFIED = "simplified", "简易程序"


class ReviewMode(models.TextChoices):
    WRITTEN = "written", "书面审理"
    HEARING = "hearing", "听证审理"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "维持"
    DISMISSED = "dismissed", "驳回"
    REVOKED = "revoked", "撤销"
    VARIED = "varied", "变更"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    CONFIRMED_INVALID = "confirmed_invalid", "确认无效"
    ORDERED_PERFORMANCE = "ordered_performance", "责令履行"
    MEDIATED = "mediated", "调解结案"
    SETTLED = "settled", "和解结案"
    TERMINATED = "terminated", "终止"

    @classmethod
    def for_law(cls, law: str) -> list:
        """确认无效 is a decision the 2023 law added (art. 67)."""
        if law == LawVersion.FY2023:
            return list(cls.values)
        return [o for o in cls.values if o != cls.CONFIRMED_INVALID]

    @classmethod
    def corrective(cls):
        """Outcomes that correct the act under review: they make up the 纠错率."""
        return [
            cls.REVOKED,
            cls.VARIED,
            cls.CONFIRMED_ILLEGAL,
            cls.CONFIRMED_INVALID,
            cls.ORDERED_PERFORMANCE,
        ]


class PauseKind(models.TextChoices):
    CORRECTION = "correction", "补正"
    SUSPENSION = "suspension", "中止"


class ReconsiderationCase(ClockedRecord):
    statuses = Status
    scope_field = "organ"
    breakdown_field = "respondent"

    organ = models.ForeignKey(
        OrgUnit, verbose_name="复议机关", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="承办机构",
        on_delete=models.PROTECT,
        related_name="reconsideration_cases",
        help_text="代表复议机关办理案件的行政复议机构(如司法局)。",
    )
    number = models.CharField("案号", max_length=40)
    applicant_name = models.CharField("申请人", max_length=100)
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    applicant_id_number = models.CharField("身份证号码", max_length=18, blank=True)
    applicant_uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    applicant_phone = models.CharField("联系电话", max_length=20, blank=True)
    respondent = models.ForeignKey(
        OrgUnit, verbose_name="被申请人", on_delete=models.PROTECT, related_name="+"
    )
    act = models.CharField("被申请复议的行政行为", max_length=200)
    category = models.CharField("案件类别", max_length=20, choices=Category.choices)
    receipt_channel = models.CharField("申请方式", max_length=12, choices=ReceiptChannel.choices)
    submitted_on = models.DateField("递交/寄出日期")
    received_on = models.DateField("收到申请日期")
    law = models.CharField("适用法律", max_length=4, choices=LawVersion.choices)
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    review_started_on = models.DateField("受理审查起算日")
    correction_due_on = models.DateField("补正期限", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField("视为受理", default=False)
    procedure = models.CharField(
        "审理程序", max_length=12, choices=Procedure.choices, default=Procedure.ORDINARY
    )
    review_mode = models.CharField(
        "审理方式", max_length=10, choices=ReviewMode.choices, default=ReviewMode.WRITTEN
    )
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长天数", default=0)
    decision_due_on = models.DateField("决定期限", null=True, blank=True)
    next_due_on = models.DateField("下一法定期限", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    outcome = models.CharField("结果", max_length=20, choices=Outcome.choices, blank=True)
    closing_note = models.CharField("结案说明", max_length=300, blank=True)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True)

    class Meta:
        db_table = "disputes_reconsiderationcase"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "行政复议案件"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "number"], name="reconsideration_number_unique"
            )
        ]
        indexes = [
            # Lists walk received_on backwards; the workbench walks open cases by due date.
            models.Index(fields=["received_on", "id"], name="rec_list"),
            models.Index(
                fields=["next_due_on", "id"],
                name="rec_open_due",
                condition=models.Q(status__in=Status.open()),
            ),
            models.Index(fields=["unit", "status", "next_due_on"], name="rec_workbench"),
            models.Index(fields=["status", "next_due_on"], name="rec_due"),
            models.Index(fields=["organ", "received_on"], name="rec_received"),
            models.Index(fields=["organ", "accepted_on"], name="rec_accepted"),
            models.Index(fields=["organ", "closed_on"], name="rec_closed"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.number} {self.applicant_name}诉{self.respondent.short_name or self.respondent}"
        )

    @property
    def new_law(self) -> bool:
        return self.law == LawVersion.FY2023


class CasePause(models.Model):
    """A span whose days do not count towards the decision period (补正, 中止)."""

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField("类别", max_length=12, choices=PauseKind.choices)
    start = models.DateField("起始日")
    end = models.DateField("结束日", null=True, blank=True)
    reason = models.CharField("事由", max_length=200)

    class Meta:
        db_table = "disputes_casepause"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "期限中止/扣除"
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}至{self.end or '今'}"
