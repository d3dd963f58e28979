"""依申请公开 records: the request, the spans that do not count against its reply clock, and the
复议/诉讼 that followed a reply. Rules and articles are in rules.py; every change is in services.py.

The reply types follow the 办理结果 rows of table 三 of the 政府信息公开工作年度报告
(国办公开办函〔2021〕30号), and `rules.SITUATION_ROWS` maps the 政府信息公开条例 art. 36 situations
onto them.
"""

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.forms import ServiceWay
from fazhi.core.models import OrgUnit
from fazhi.core.records import ClockedRecord, ledger_indexes, user_field


class ApplicantType(models.TextChoices):
    """The columns of table 三 (30号): 自然人, and 法人或其他组织 by sub-type."""

    PERSON = "person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他组织"

    @classmethod
    def organisations(cls):
        return [cls.BUSINESS, cls.RESEARCH, cls.NONPROFIT, cls.LEGAL_SERVICE, cls.OTHER_ORG]


class ReceiptChannel(models.TextChoices):
    """How the request arrived; it decides which day is the day of receipt (条例 art. 31)."""

    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered", "邮寄(挂号信/快递)"
    ORDINARY_POST = "letter", "邮寄(平信)"
    WEB = "web", "互联网"
    FAX = "fax", "传真"


class Format(models.TextChoices):
    """The form in which the applicant asks to receive the information (条例 art. 29 ¶2(三))."""

    PAPER = "paper", "纸质文本"
    EMAIL = "email", "电子邮件"
    DISC = "disc", "光盘/移动存储介质"
    VIEW = "view", "现场查阅"
    OTHER = "other", "其他"


class Collection(models.TextChoices):
    """How a paper copy or a disc reaches the applicant: sent by post to the address they give,
    or collected at the agency."""

    POST = "post", "邮寄"
    COLLECT = "collect", "到受理机关领取"


# concluded: Requests with a 办理结果 (table 三 row 三): answered, or no longer handled.
@groups(
    open=["processing", "correcting", "consulting", "fee_pending"],
    concluded=["replied", "abandoned"],
)
class Status(models.TextChoices):
    PROCESSING = "processing", "办理中"
    CORRECTING = "correcting", "补正中"
    CONSULTING = "consulting", "征求意见中"
    FEE_PENDING = "fee_pending", "待缴费"
    REPLIED = "replied", "已答复"
    ABANDONED = "abandoned", "不再处理"


class Situation(models.TextChoices):
    """The situation the reply answers: what the staff decide. One kind each for the seven
    situations of 条例 art. 36, for art. 37 (区分处理), art. 38 (加工、分析), art. 39 ¶1
    (信访、投诉、举报), art. 39 ¶2 (公开出版物), art. 35 (unreasonable volume or frequency) and
    information that is not 政府信息 at all (art. 2: not made or obtained by an agency in
    performing its administrative functions — not one of art. 36's items, but a common answer);
    each is counted in the table 三 rows that `rules.SITUATION_ROWS` allows for it."""

    ALREADY_PUBLIC = "36_1", "已主动公开，告知获取的方式、途径(第三十六条第一项)"
    DISCLOSE = "36_2", "予以提供，或告知获取的方式、途径和时间(第三十六条第二项)"
    PARTIAL = "37", "区分处理，提供可以公开的内容，对不予公开的内容说明理由(第三十七条)"
    WITHHOLD = "36_3", "不予公开并说明理由(第三十六条第三项)"
    NOT_EXIST = "36_4", "经检索没有所申请公开信息，告知该政府信息不存在(第三十六条第四项)"
    NOT_OURS = (
        "36_5",
        (
            "不属于本机关负责公开，说明理由；能够确定负责机关的，告知其名称、联系方式(第三十六条第五项)"
        ),
    )
    REPEAT = "36_6", "已作答复后重复申请，告知不予重复处理(第三十六条第六项)"
    SPECIAL_RULES = (
        "36_7",
        ("工商、不动产登记资料等，告知依照有关法律、行政法规的规定办理(第三十六条第七项)"),
    )
    NEEDS_PROCESSING = "38", "需要对现有政府信息进行加工、分析，不予提供(第三十八条)"
    PETITION = (
        "39",
        (
            "以申请形式进行信访、投诉、举报，告知不作为政府信息公开申请处理，可告知通过相应渠道提出"
            "(第三十九条第一款)"
        ),
    )
    PUBLICATION = "39_2", "要求提供公开出版物，告知获取的途径(第三十九条第二款)"
    EXCESSIVE = "35", "数量、频次明显超过合理范围且理由不合理，告知不予处理(第三十五条)"
    NOT_GOVERNMENT_INFO = (
        "2",
        (
            "所申请信息不属于行政机关在履行行政管理职能过程中制作或者获取的政府信息，告知申请人(第二条)"
        ),
    )


class ResultRow(models.TextChoices):
    """The 办理结果 rows of table 三 (国办公开办函〔2021〕30号)."""

    DISCLOSED = "1", "(一)予以公开"
    PARTIAL = "2", "(二)部分公开"
    WITHHELD_SECRET = "3.1", "(三)不予公开·1.属于国家秘密"
    WITHHELD_LAW = "3.2", "(三)不予公开·2.其他法律行政法规禁止公开"
    WITHHELD_SAFETY = "3.3", "(三)不予公开·3.危及“三安全一稳定”"
    WITHHELD_THIRD_PARTY = "3.4", "(三)不予公开·4.保护第三方合法权益"
    WITHHELD_INTERNAL = "3.5", "(三)不予公开·5.属于三类内部事务信息"
    WITHHELD_PROCESS = "3.6", "(三)不予公开·6.属于四类过程性信息"
    WITHHELD_CASE_FILE = "3.7", "(三)不予公开·7.属于行政执法案卷"
    WITHHELD_QUERY = "3.8", "(三)不予公开·8.属于行政查询事项"
    NOT_HELD = "4.1", "(四)无法提供·1.本机关不掌握相关政府信息"
    NEEDS_MAKING = "4.2", "(四)无法提供·2.没有现成信息需要另行制作"
    STILL_UNCLEAR = "4.3", "(四)无法提供·3.补正后申请内容仍不明确"
    PETITION = "5.1", "(五)不予处理·1.信访举报投诉类申请"
    REPEAT = "5.2", "(五)不予处理·2.重复申请"
    PUBLICATION = "5.3", "(五)不予处理·3.要求提供公开出版物"
    EXCESSIVE = "5.4", "(五)不予处理·4.无正当理由大量反复申请"
    CONFIRMATION = "5.5", "(五)不予处理·5.要求行政机关确认或重新出具已获取信息"
    NO_CORRECTION = "6.1", "(六)其他处理·1.申请人无正当理由逾期不补正"
    NO_FEE = "6.2", "(六)其他处理·2.申请人逾期未按收费通知要求缴纳费用"
    OTHER = "6.3", "(六)其他处理·3.其他"


class FeeMethod(models.TextChoices):
    """国办函〔2020〕109号 art. 3: one of the two methods per request."""

    PER_REQUEST = "per_request", "按件计收"
    PER_PAGE = "per_page", "按量计收"


class PauseKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见"
    OTHER_AGENCY = "other_agency", "征求其他机关意见"
    FEE = "fee", "等待缴纳信息处理费"


class ChallengeKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class DisclosureRequest(ClockedRecord):
    statuses = Status
    scope_field = "agency"

    agency = models.ForeignKey(
        OrgUnit,
        verbose_name="受理机关",
        on_delete=models.PROTECT,
        related_name="disclosure_requests",
        help_text="申请所向的行政机关(政府办公室或政府部门)。",
    )
    number = models.CharField("受理编号", max_length=40, unique=True)
    check_code = models.CharField("查询码", max_length=12, editable=False)
    applicant_type = models.CharField("申请人类型", max_length=16, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    applicant_id_number = models.CharField("身份证号码", max_length=18, blank=True)
    applicant_uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    applicant_phone = models.CharField("联系电话", max_length=20, blank=True)
    applicant_address = models.CharField("通信地址", max_length=200, blank=True)
    description = models.TextField("所需政府信息的名称、文号或描述", max_length=2000)
    format_wanted = models.CharField(
        "信息的提供形式", max_length=8, choices=Format.choices, default=Format.PAPER
    )
    # What the chosen 提供形式 needs (required on the portal form, see services.check_delivery).
    delivery_email = models.EmailField("接收信息的电子邮箱", max_length=254, blank=True)
    delivery_collection = models.CharField(
        "纸质文本/光盘的获取方式", max_length=8, choices=Collection.choices, blank=True
    )
    delivery_address = models.CharField("邮寄地址", max_length=200, blank=True)
    delivery_other = models.CharField("其他提供形式的说明", max_length=200, blank=True)
    channel = models.CharField("申请方式", max_length=12, choices=ReceiptChannel.choices)
    submitted_on = models.DateField("提交/寄出日期")
    received_on = models.DateField("收到申请日期", db_index=True)
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.PROCESSING
    )
    clock_start_on = models.DateField(
        "答复期限起算日", help_text="收到申请之日；补正的，为收到补正后申请之日(条例第三十条)。"
    )
    correction_noticed_on = models.DateField("补正通知日期", null=True, blank=True)
    correction_items = models.CharField("补正事项", max_length=300, blank=True)
    correction_due_on = models.DateField("补正期限", null=True, blank=True)
    corrected_on = models.DateField("收到补正日期", null=True, blank=True)
    extended_on = models.DateField("延期批准日期", null=True, blank=True)
    extension_approver = user_field("同意延期的负责人", null=True, blank=True)
    extension_reason = models.CharField("延期理由", max_length=200, blank=True)
    extension_workdays = models.PositiveSmallIntegerField(
        "延长的工作日数",
        null=True,
        blank=True,
        help_text="最长不得超过20个工作日(条例第三十三条第二款)。",
    )
    reasons_asked_on = models.DateField(
        "要求说明理由日期", null=True, blank=True, help_text="条例第三十五条。"
    )
    reasons_asked = models.CharField("要求说明理由的事项", max_length=300, blank=True)
    delayed_reply_due_on = models.DateField(
        "延迟答复期限",
        null=True,
        blank=True,
        help_text="申请理由合理但无法在第三十三条期限内答复的，确定的延迟答复的合理期限(条例第三十五条)。",
    )
    delay_reason = models.CharField("延迟答复理由", max_length=200, blank=True)
    fee_method = models.CharField("收费方式", max_length=12, choices=FeeMethod.choices, blank=True)
    fee_amount = models.DecimalField("信息处理费(元)", max_digits=10, decimal_places=2, default=0)
    fee_noticed_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_served_on = models.DateField("收费通知送达日期", null=True, blank=True)
    fee_served_way = models.CharField(
        "收费通知送达方式", max_length=16, choices=ServiceWay.choices, blank=True
    )
    fee_due_on = models.DateField(
        "缴费期限", null=True, blank=True, help_text="收到收费通知的次日起20个工作日(109号)。"
    )
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)
    reply_due_on = models.DateField("答复期限", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    situation = models.CharField("答复情形", max_length=8, choices=Situation.choices, blank=True)
    result = models.CharField("办理结果", max_length=4, choices=ResultRow.choices, blank=True)
    reply_note = models.CharField("答复说明", max_length=300, blank=True)
    remedy = models.CharField(
        "救济途径告知",
        max_length=300,
        blank=True,
        help_text="答复时告知申请人的救济途径；不予公开的，复议前置(行政复议法第二十三条)。",
    )
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True)

    class Meta:
        db_table = "oversight_disclosurerequest"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "依申请公开"
        ordering = ["-received_on", "-id"]
        indexes = ledger_indexes(
            "disc",
            "received_on",
            visible_by=("agency",),
            handler="agency",
            scope="agency",
            counted=(("concluded", "concluded_on"),),
        )

    def __str__(self) -> str:
        return self.number

    @property
    def due_awaits_calendar(self) -> bool:
        """Received, and its reply due date not yet countable: it falls in a year whose holiday
        notice nobody has entered (a portal request in December; services.apply_on_portal)."""
        return self.status == Status.PROCESSING and self.reply_due_on is None

    @property
    def on_time(self) -> bool | None:
        if self.replied_on is None or self.reply_due_on is None:
            return None
        return self.replied_on <= self.reply_due_on


class DisclosurePause(models.Model):
    """A span whose days do not count against the reply clock (条例 art. 33 ¶3; fees: see
    services). Both ends are inclusive; an open span (`end` None) stops the clock."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField("类别", max_length=12, choices=PauseKind.choices)
    party = models.CharField("征求对象", max_length=100, blank=True)
    start = models.DateField("起始日")
    end = models.DateField("结束日", null=True, blank=True)
    reply_due_on = models.DateField(
        "对方答复期限",
        null=True,
        blank=True,
        help_text="自收到征求意见书之日起15个工作日(条例第三十二条、第三十四条)。",
    )
    letter_served_on = models.DateField("征求意见书送达日期", null=True, blank=True)
    letter_served_way = models.CharField(
        "征求意见书送达方式", max_length=16, choices=ServiceWay.choices, blank=True
    )

    class Meta:
        db_table = "oversight_disclosurepause"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "不计入答复期限的期间"
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}至{self.end or '今'}"


class DisclosureChallenge(models.Model):
    """A 行政复议 or 行政诉讼 brought against the handling of a request (条例 art. 51)."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.PROTECT, related_name="challenges"
    )
    kind = models.CharField("类别", max_length=16, choices=ChallengeKind.choices)
    filed_on = models.DateField("提起日期")
    reconsideration = models.ForeignKey(
        "reconsideration.ReconsiderationCase",
        verbose_name="行政复议案件",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField("说明(案号等)", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "oversight_disclosurechallenge"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "依申请公开引起的复议、诉讼"
        ordering = ["filed_on", "id"]
        indexes = [models.Index(fields=["kind", "filed_on"], name="disc_challenge")]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_kind_display()} {self.filed_on}"
