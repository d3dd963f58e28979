"""行政执法案件 and the 三项制度 around them (国办发〔2018〕118号): a case of one of the
enforcement kinds (处罚, 许可, 强制, 检查, 征收征用, 确认, 裁决, 其他) handled by an 执法部门
through the ordinary procedure (立案 → 调查取证 → 调查终结 → [法制审核] → 告知 → 决定 →
送达 → 执行 → 结案, 行政处罚法 arts. 54–61), with at least two certified officers (art. 42).

- 重大执法决定法制审核目录清单 (`Criterion`): each unit's published list of the decisions that need
  法制审核 (118号 (十二)); a case is flagged 重大 by one of its items, or by a 听证 (art. 58 (2)).
- 法制审核 (`LegalReview`): every review recorded is a row (a case reworked after 存在问题 and
  reviewed again has two), counted by the figure enf.legal_reviews.
- 备案: a 重大 decision filed with the government's 司法局 (the duty `enforcement.filing`), which
  records its 审查.
- 执法公示: the decision's basic information on the portal (118号 (六)), withdrawn when the decision
  is changed, revoked or found unlawful (行政处罚法 art. 48 ¶2).
- 全过程记录 (`ProcessRecord`): the written and audio-visual records of each key step, each file a
  kernel Attachment with its SHA-256 (118号 (七)–(九); 行政处罚法 art. 47)."""

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.instruments.models import Attachment
from fazhi.core.records import ClockedRecord, ledger_indexes, unit_field, user_field
from fazhi.enforcement.officers.queries import EnforcementField


class CaseKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENCE = "licence", "行政许可"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    EXPROPRIATION = "expropriation", "行政征收征用"
    CONFIRMATION = "confirmation", "行政确认"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER = "other", "其他行政执法行为"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或者其他组织"


class CriterionCategory(models.TextChoices):
    """国办发〔2018〕118号 (十二): the kinds of decision that need 法制审核."""

    PUBLIC_INTEREST = "public_interest", "涉及重大公共利益"
    SOCIAL_RISK = "social_risk", "可能造成重大社会影响或者引发社会风险"
    MAJOR_RIGHTS = "major_rights", "直接关系行政相对人或者第三人重大权益"
    HEARING = "hearing", "经过听证程序作出行政执法决定"
    COMPLEX = "complex", "案件情况疑难复杂、涉及多个法律关系"
    OTHER = "other", "法律、法规规定应当进行法制审核的其他情形"


class Criterion(models.Model):
    """One item of a unit's 重大执法决定法制审核目录清单 (118号 (十二): "各级行政执法机关要结合
    本机关行政执法行为的类别、执法层级、所属领域、涉案金额等因素，制定重大执法决定法制审核目录清单")."""

    unit = unit_field("执法部门")
    category = models.CharField("审核情形", max_length=20, choices=CriterionCategory.choices)
    description = models.CharField("具体事项", max_length=300)
    listed_on = models.DateField("列入日期")
    published_on = models.DateField("公布日期", null=True, blank=True)
    removed_on = models.DateField("停止适用日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "重大执法决定法制审核目录清单事项"
        ordering = ["unit_id", "category", "id"]
        indexes = [models.Index(fields=["unit", "published_on"], name="enf_criterion_unit")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.description}"[:120]


@groups(
    open=[
        "opened",
        "investigating",
        "concluded",
        "reviewing",
        "rework",
        "reviewed",
        "notified",
        "heard",
        "decided",
        "served",
        "executed",
    ],
    deciding=["concluded", "reviewed", "notified", "heard"],
    undecided=[
        "opened",
        "investigating",
        "concluded",
        "reviewing",
        "rework",
        "reviewed",
        "notified",
        "heard",
    ],
    after_decision=["decided", "served", "executed", "closed"],
)
class Status(models.TextChoices):
    OPENED = "opened", "已立案"
    INVESTIGATING = "investigating", "调查取证"
    CONCLUDED = "concluded", "调查终结"
    REVIEWING = "reviewing", "法制审核中"
    REWORK = "rework", "审核存在问题待补正"
    REVIEWED = "reviewed", "法制审核同意"
    NOTIFIED = "notified", "已告知(陈述申辩/听证)"
    HEARD = "heard", "已听证"
    DECIDED = "decided", "已作出决定"
    SERVED = "served", "已送达"
    EXECUTED = "executed", "已执行"
    CLOSED = "closed", "已结案"


class Outcome(models.TextChoices):
    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    TRANSFER = "transfer", "移送司法机关"
    GRANTED = "granted", "准予(确认、支持)"
    REFUSED = "refused", "不予准予(不予确认、驳回)"
    MEASURE = "measure", "采取行政强制措施或者执行"
    INSPECTED = "inspected", "检查结论"
    OTHER = "other", "其他决定"


class ReviewOpinion(models.TextChoices):
    """国办发〔2018〕118号 (十三): "提出同意或者存在问题的书面审核意见"."""

    AGREE = "agree", "同意"
    PROBLEMS = "problems", "存在问题"


class FilingOpinion(models.TextChoices):
    NO_OBJECTION = "no_objection", "无异议"
    OPINIONS = "opinions", "提出意见"


class RevocationKind(models.TextChoices):
    """行政处罚法 art. 48 ¶2: "依法变更、撤销、确认违法或者确认无效"."""

    CHANGED = "changed", "变更"
    REVOKED = "revoked", "撤销"
    UNLAWFUL = "unlawful", "确认违法"
    VOID = "void", "确认无效"


class Case(ClockedRecord):
    statuses = Status
    scope_field = "unit"

    unit = unit_field("执法部门")
    number = models.CharField("案号", max_length=60, blank=True)
    title = models.CharField("案由(事项)", max_length=200)
    kind = models.CharField("执法类别", max_length=16, choices=CaseKind.choices)
    field = models.CharField("执法领域", max_length=20, choices=EnforcementField.choices)
    party_kind = models.CharField("当事人类型", max_length=14, choices=PartyKind.choices)
    party_name = models.CharField("当事人", max_length=200)
    party_id_number = models.CharField("身份证号码或统一社会信用代码", max_length=18, blank=True)
    party_phone = models.CharField("联系电话", max_length=20, blank=True)
    officers = models.ManyToManyField(
        "officers.Officer", through="CaseOfficer", verbose_name="执法人员", related_name="+"
    )
    status = models.CharField("状态", max_length=14, choices=Status.choices, default=Status.OPENED)
    opened_on = models.DateField("立案日期")
    decide_due_on = models.DateField("办案期限", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长期限(日)", default=0)
    extended_on = models.DateField("延长日期", null=True, blank=True)
    extension_reason = models.CharField("延长理由", max_length=300, blank=True)
    investigating_on = models.DateField("开始调查取证日期", null=True, blank=True)
    concluded_on = models.DateField("调查终结日期", null=True, blank=True)
    major = models.BooleanField("重大执法决定", default=False)
    criterion = models.ForeignKey(
        Criterion,
        verbose_name="法制审核目录清单事项",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_sent_on = models.DateField("提交法制审核日期", null=True, blank=True)
    review_due_on = models.DateField("法制审核期限", null=True, blank=True)
    cleared_on = models.DateField("法制审核同意日期", null=True, blank=True)
    notified_on = models.DateField("告知日期", null=True, blank=True)
    heard_on = models.DateField("听证日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    outcome = models.CharField("决定结果", max_length=12, choices=Outcome.choices, blank=True)
    conclusion = models.CharField("决定内容(结论)", max_length=500, blank=True)
    serve_due_on = models.DateField("送达期限", null=True, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    publish_due_on = models.DateField("公示期限", null=True, blank=True)
    published_on = models.DateField("公示日期", null=True, blank=True)
    revoked_on = models.DateField("决定变更撤销日期", null=True, blank=True)
    revocation = models.CharField(
        "变更撤销情形", max_length=10, choices=RevocationKind.choices, blank=True
    )
    revocation_reason = models.CharField("变更撤销说明", max_length=300, blank=True)
    withdraw_due_on = models.DateField("撤下公示期限", null=True, blank=True)
    withdrawn_on = models.DateField("撤下公示日期", null=True, blank=True)
    filing_office = unit_field("备案机关", null=True, blank=True)
    filing_due_on = models.DateField("备案期限", null=True, blank=True)
    filing_on = models.DateField("报送备案日期", null=True, blank=True)
    filing_opinion = models.CharField(
        "备案审查意见", max_length=14, choices=FilingOpinion.choices, blank=True
    )
    filing_reviewed_on = models.DateField("备案审查日期", null=True, blank=True)
    filing_text = models.CharField("备案审查意见内容", max_length=1000, blank=True)
    executed_on = models.DateField("执行完毕日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    soon_notified_on = models.DateField("已作临期提醒的期限", null=True, blank=True, editable=False)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "行政执法案件"
        ordering = ["-opened_on", "-id"]
        indexes = [
            *ledger_indexes(
                "enf",
                "opened_on",
                visible_by=("unit", "filing_office"),
                scope="unit",
                counted=(("decided", "decided_on"), ("filing", "filing_on")),
            ),
            # the portal's 执法公示 list: published and not withdrawn, newest first
            models.Index(
                fields=["published_on", "id"],
                name="enf_published",
                condition=models.Q(published_on__isnull=False, withdrawn_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"[:120]


class CaseOfficer(models.Model):
    """An officer put on a case, and the day: the certificate is checked for that day."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    officer = models.ForeignKey("officers.Officer", on_delete=models.PROTECT, related_name="+")
    assigned_on = models.DateField("参与办案日期")

    class Meta:
        verbose_name = verbose_name_plural = "办案执法人员"
        constraints = [
            models.UniqueConstraint(fields=["case", "officer"], name="enf_case_officer_once")
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}@{self.case_id}"


class LegalReview(models.Model):
    """One 法制审核 of a case: the reviewer is the user who recorded it (their own act)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    unit = unit_field("执法部门")
    reviewer = user_field("审核人")
    opinion = models.CharField("审核意见", max_length=10, choices=ReviewOpinion.choices)
    reviewed_on = models.DateField("审核日期")
    text = models.CharField("审核意见内容", max_length=2000, blank=True)
    major = models.BooleanField("重大执法决定", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "法制审核"
        ordering = ["reviewed_on", "id"]
        indexes = [models.Index(fields=["unit", "reviewed_on"], name="enf_review_counted")]

    def __str__(self) -> str:
        return f"法制审核({self.get_opinion_display()})：{self.case.title}"[:120]


class RecordStep(models.TextChoices):
    """The key steps recorded (国办发〔2018〕118号 (七)–(八); 行政处罚法 art. 47)."""

    OPENING = "opening", "立案"
    EVIDENCE = "evidence", "调查取证"
    SEIZURE = "seizure", "查封扣押"
    DEMOLITION = "demolition", "强制拆除"
    HEARING = "hearing", "听证"
    REVIEW = "review", "法制审核"
    DECISION = "decision", "决定"
    SERVICE = "service", "送达"
    EXECUTION = "execution", "执行"
    OTHER = "other", "其他"


class Medium(models.TextChoices):
    TEXT = "text", "文字"
    PHOTO = "photo", "照片"
    AUDIO = "audio", "录音"
    VIDEO = "video", "录像"

    @classmethod
    def audio_visual(cls) -> list[str]:
        return [cls.AUDIO, cls.VIDEO]


class ProcessRecord(models.Model):
    """One entry of a case's 全过程记录 index: which step, what medium, who recorded it and when,
    and the file (a kernel Attachment of the case, kept with its SHA-256)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="process_records")
    step = models.CharField("执法环节", max_length=12, choices=RecordStep.choices)
    medium = models.CharField("记录形式", max_length=6, choices=Medium.choices)
    recorder = models.CharField("记录人", max_length=50)
    recorded_at = models.DateTimeField("记录时间")
    attachment = models.ForeignKey(
        Attachment, verbose_name="文件", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    entered_by = user_field("登记人")

    class Meta:
        verbose_name = verbose_name_plural = "执法全过程记录"
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["case", "step"], name="enf_record_step")]

    def __str__(self) -> str:
        return f"{self.get_step_display()}·{self.get_medium_display()}"
