"""行政复议 records: the case, its paused spans, and the choices the two laws give.

Cases received before 2024-01-01 follow 《行政复议法》(2017修正) with its 实施条例 (2007);
cases received from 2024-01-01 follow 《行政复议法》(2023修订) (art. 90: in force 2024-01-01).
"""

import datetime as dt

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.forms import ServiceWay
from fazhi.core.models import OrgUnit
from fazhi.core.records import ClockedRecord, ledger_indexes, unit_field

NEW_LAW_FROM = dt.date(2024, 1, 1)  # 行政复议法(2023修订) art. 90


class LawVersion(models.TextChoices):
    FY2017 = "2017", "行政复议法(2017修正)"
    FY2023 = "2023", "行政复议法(2023修订)"

    @classmethod
    def for_receipt(cls, received_on: dt.date) -> "LawVersion":
        """The law of a case is fixed by the day its application was received.

        行政复议法(2023) art. 90 says only "本法自2024年1月1日起施行" and has no transitional
        provision for cases pending on that day. Two readings are defensible: 程序从新 (a
        case received in 2023 and still open on 2024-01-01 takes its remaining procedural
        steps — 补正, 简易程序, 听证, 延长 approved by the 复议机构负责人 — under the 2023
        law, while 实体从旧 keeps the review of the act under the law in force when it was
        made) or the law of receipt for the whole case. We keep the law of receipt: a
        case's clocks (受理 as of receipt under 2017 art. 17 ¶2, or as of the decision
        under 2023 art. 30) were started under one law and cannot be re-run under the other
        without changing days already counted, and no step of the 2017 procedure offends
        the 2023 law. A case received in 2023 and decided in 2024 is therefore a 2017-law
        case throughout; its decision applies the substantive law of the time of the act
        either way (实体从旧)."""
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


class SimplifiedGround(models.TextChoices):
    """行政复议法(2023) art. 53: the four kinds of case that may take the 简易程序 where the facts
    are clear, rights and duties definite and the dispute small (¶1), or any other case with all
    parties' consent (¶2)."""

    ON_THE_SPOT = "on_the_spot", "被申请行政复议的行政行为是当场作出(第五十三条第一款第一项)"
    WARNING = "warning", "行政行为是警告或者通报批评(第五十三条第一款第二项)"
    SMALL_AMOUNT = "small_amount", "案件涉及款额三千元以下(第五十三条第一款第三项)"
    DISCLOSURE = "disclosure", "属于政府信息公开案件(第五十三条第一款第四项)"
    CONSENT = "consent", "当事人各方同意适用简易程序(第五十三条第二款)"


class SuspensionGround(models.TextChoices):
    """中止的法定情形: 行政复议法(2023) art. 39 ¶1; for 2017-law cases 实施条例 art. 41 ¶1 (and
    2017 law arts. 26–27, the review of a 规定 or 依据). `for_law` gives each law's list."""

    DEATH = "death", "作为申请人的公民(自然人)死亡，其近亲属尚未确定是否参加行政复议"
    INCAPACITY = "incapacity", "作为申请人的公民丧失参加行政复议的行为能力，尚未确定法定代理人"
    MISSING = "missing", "作为申请人的公民下落不明(或者被宣告失踪)"
    ORG_ENDED = "org_ended", "作为申请人的法人或者其他组织终止，尚未确定权利义务承受人"
    FORCE_MAJEURE = "force_majeure", "申请人、被申请人因不可抗力(或者其他正当理由)不能参加行政复议"
    SETTLEMENT = "settlement", "依法进行调解、和解，申请人和被申请人同意中止"
    INTERPRETATION = "interpretation", "法律适用问题需要有权机关作出解释或者确认"
    OTHER_CASE = "other_case", "案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结"
    NORM_REVIEW = "norm_review", "对规范性文件或者行政行为依据的审查(处理)期间"
    OTHER = "other", "需要中止行政复议的其他情形"

    @classmethod
    def for_law(cls, law: str) -> list[str]:
        if law == LawVersion.FY2023:  # art. 39 ¶1 (一)–(十)
            return list(cls.values)
        # 实施条例 art. 41 ¶1 (一)–(八) and 2017 law arts. 26–27; 调解/和解 by agreement is new.
        return [g for g in cls.values if g != cls.SETTLEMENT]

    @classmethod
    def ending_after_60_days(cls) -> list[str]:
        """中止满60日原因仍未消除即终止: 2023 art. 41 ¶1 (五) naming art. 39 ¶1 (一)(二)(四);
        实施条例 art. 42 ¶2 naming art. 41 ¶1 (一)(二)(三) — the same three situations."""
        return [cls.DEATH, cls.INCAPACITY, cls.ORG_ENDED]


class MediationGround(models.TextChoices):
    """实施条例 art. 50 ¶1: under the 2017 law a case may be mediated only in these two kinds."""

    DISCRETION = (
        "discretion",
        "对行使法律、法规规定的自由裁量权作出的具体行政行为不服(第五十条第一款第一项)",
    )
    COMPENSATION = "compensation", "当事人之间的行政赔偿或者行政补偿纠纷(第五十条第一款第二项)"


class ViewsWay(models.TextChoices):
    """行政复议法(2023) art. 49: 当面或者通过互联网、电话等方式听取当事人的意见; 因当事人原因
    不能听取意见的，可以书面审理."""

    IN_PERSON = "in_person", "当面听取"
    ONLINE = "online", "通过互联网听取"
    PHONE = "phone", "通过电话听取"
    NOT_POSSIBLE = "not_possible", "因当事人原因不能听取意见，书面审理"


class CommitteeGround(models.TextChoices):
    """行政复议法(2023) art. 52 ¶2: when the 复议机构 must ask the 行政复议委员会 for advice."""

    MAJOR = "major", "案情重大、疑难、复杂(第五十二条第二款第一项)"
    TECHNICAL = "technical", "专业性、技术性较强(第五十二条第二款第二项)"
    PROVINCIAL = "provincial", "第二十四条第二款规定的案件(第五十二条第二款第三项)"
    NECESSARY = "necessary", "行政复议机构认为有必要(第五十二条第二款第四项)"


class Compensation(models.TextChoices):
    """行政复议法(2023) art. 72: what the decision says about 行政赔偿."""

    ORDERED = "ordered", "同时决定被申请人依法给予赔偿(第七十二条第一款)"
    REFUSED = "refused", "同时决定驳回行政赔偿请求(第七十二条第一款)"
    RETURN = "return", "同时责令返还财产、解除查封扣押冻结或者赔偿相应价款(第七十二条第二款)"


class ReviewMode(models.TextChoices):
    WRITTEN = "written", "书面审理"
    HEARING = "hearing", "听证审理"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "维持"
    DISMISSED = "dismissed", "驳回行政复议请求"
    APPLICATION_DISMISSED = "dismissed_app", "驳回行政复议申请"
    REVOKED = "revoked", "撤销"
    VARIED = "varied", "变更"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    CONFIRMED_INVALID = "confirmed_invalid", "确认无效"
    ORDERED_PERFORMANCE = "ordered_performance", "责令履行"
    AGREEMENT = "agreement", "责令承担行政协议责任"
    AGREEMENT_COMPENSATION = "agreement_comp", "责令对变更、解除行政协议给予合理补偿"
    MEDIATED = "mediated", "调解结案"
    SETTLED = "settled", "和解结案"
    TERMINATED = "terminated", "终止"

    @classmethod
    def for_law(cls, law: str) -> list:
        """确认无效 is a decision the 2023 law added (art. 67). 驳回行政复议申请 (2023 art. 33;
        实施条例 art. 48 ¶1 (二)) has its own step, not the decision form."""
        values = [o for o in cls.values if o != cls.APPLICATION_DISMISSED]
        if law == LawVersion.FY2023:
            return values
        new = (cls.CONFIRMED_INVALID, cls.AGREEMENT, cls.AGREEMENT_COMPENSATION)  # arts. 67, 71
        return [o for o in values if o not in new]

    @classmethod
    def decisions(cls) -> list:
        """The 行政复议决定 proper (2023 arts. 63–72), which follow the 审理 of arts. 49–52: not
        调解, 和解, 终止 or 驳回申请."""
        other = (cls.MEDIATED, cls.SETTLED, cls.TERMINATED, cls.APPLICATION_DISMISSED)
        return [o for o in cls.values if o not in other]

    @classmethod
    def terminating(cls) -> list:
        """Outcomes that end the case by a 终止 decision, not a 复议决定: 终止 itself, and 和解,
        which leads to the applicant's withdrawal and a 终止 (2023 art. 74 ¶2, art. 41 ¶1 (一);
        实施条例 art. 42 ¶1 (四))."""
        return [cls.TERMINATED, cls.SETTLED]

    @classmethod
    def corrective(cls):
        """Outcomes that correct the act under review: they make up the 纠错率."""
        return [
            cls.REVOKED,
            cls.VARIED,
            cls.CONFIRMED_ILLEGAL,
            cls.CONFIRMED_INVALID,
            cls.ORDERED_PERFORMANCE,
            cls.AGREEMENT,
            cls.AGREEMENT_COMPENSATION,
        ]


class PauseKind(models.TextChoices):
    CORRECTION = "correction", "补正"
    SUSPENSION = "suspension", "中止"


class ReconsiderationCase(ClockedRecord):
    statuses = Status
    scope_field = "organ"
    breakdown_field = "respondent"

    organ = unit_field("复议机关")
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
    respondent = unit_field("被申请人")
    act = models.CharField("被申请复议的行政行为", max_length=200)
    category = models.CharField("案件类别", max_length=20, choices=Category.choices)
    receipt_channel = models.CharField("申请方式", max_length=12, choices=ReceiptChannel.choices)
    submitted_on = models.DateField("递交/寄出日期")
    received_on = models.DateField("收到申请日期")
    law = models.CharField("适用法律", max_length=4, choices=LawVersion.choices)
    # 申请期限 (2023 arts. 20–21): what the applicant says at receipt, and the warning it gave.
    knew_on = models.DateField("知道或者应当知道该行政行为之日", null=True, blank=True)
    informed_of_right = models.BooleanField(
        "行政行为告知了复议权利、复议机关和申请期限", null=True, blank=True
    )
    act_made_on = models.DateField("行政行为作出日期", null=True, blank=True)
    real_property = models.BooleanField("因不动产提出", default=False)
    limit_warning = models.CharField("申请期限提示", max_length=300, blank=True)
    handler = models.ForeignKey(
        "core.User",
        verbose_name="承办人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    review_started_on = models.DateField("受理审查起算日")
    correction_due_on = models.DateField("补正期限", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField("视为受理", default=False)
    correction_noticed_on = models.DateField("补正通知日期", null=True, blank=True)
    correction_served_on = models.DateField("补正通知送达日期", null=True, blank=True)
    correction_served_way = models.CharField(
        "补正通知送达方式", max_length=16, choices=ServiceWay.choices, blank=True
    )
    procedure = models.CharField(
        "审理程序", max_length=12, choices=Procedure.choices, default=Procedure.ORDINARY
    )
    simplified_ground = models.CharField(
        "适用简易程序的情形", max_length=16, choices=SimplifiedGround.choices, blank=True
    )
    review_mode = models.CharField(
        "审理方式", max_length=10, choices=ReviewMode.choices, default=ReviewMode.WRITTEN
    )
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    # 审理 (2023 arts. 49–52)
    views_heard_on = models.DateField("听取意见日期", null=True, blank=True)
    views_way = models.CharField(
        "听取意见方式", max_length=16, choices=ViewsWay.choices, blank=True
    )
    major = models.BooleanField("重大、疑难、复杂案件", default=False)
    hearing_noticed_on = models.DateField("听证通知日期", null=True, blank=True)
    respondent_head_attended = models.BooleanField("被申请人负责人参加听证", null=True, blank=True)
    committee_consulted_on = models.DateField("提请复议委员会咨询日期", null=True, blank=True)
    committee_ground = models.CharField(
        "提请咨询的情形", max_length=16, choices=CommitteeGround.choices, blank=True
    )
    compensation = models.CharField(
        "行政赔偿", max_length=12, choices=Compensation.choices, blank=True
    )
    # 被申请人答复 (2023 arts. 48, 54, 70)
    copy_sent_on = models.DateField("申请书副本发送日期", null=True, blank=True)
    copy_served_on = models.DateField("申请书副本送达日期", null=True, blank=True)
    copy_served_way = models.CharField(
        "申请书副本送达方式", max_length=16, choices=ServiceWay.choices, blank=True
    )
    replied_on = models.DateField("被申请人答复日期", null=True, blank=True)
    reply_with_evidence = models.BooleanField("答复同时提交证据、依据", null=True, blank=True)
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
            *ledger_indexes(
                "rec",
                "received_on",
                visible_by=("unit", "respondent"),
                scope="organ",
                counted=(("accepted", "accepted_on"), ("closed", "closed_on")),
            ),
            # The tick walks only the open cases by due date.
            models.Index(
                fields=["next_due_on", "id"],
                name="rec_open_due",
                condition=models.Q(status__in=Status.open()),
            ),
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
    end = models.DateField(
        "结束日",
        null=True,
        blank=True,
        help_text="不计入期限的最后一日；早于起始日表示当日即恢复，未扣除任何一日。",
    )
    ground = models.CharField(
        "中止情形", max_length=16, choices=SuspensionGround.choices, blank=True
    )
    reason = models.CharField("事由", max_length=200)

    class Meta:
        db_table = "disputes_casepause"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "期限中止/扣除"
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}至{self.end or '今'}"

    @property
    def empty(self) -> bool:
        """Resumed the day it began: no day is taken out of the period."""
        return self.end is not None and self.end < self.start
