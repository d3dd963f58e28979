"""行政应诉 records: one lawsuit per instance (一审、二审、再审), its hearings, and the choices the
行政诉讼法(2017) and the 最高人民法院关于行政机关负责人出庭应诉若干问题的规定(2020, "CT") give.

A lawsuit belongs to its defendant unit (被告); the unit that prepares the defence (承办单位) is the
defendant itself for a department or town, and the 司法局 for a suit against the government.
An appeal does not change the first-instance row: the 二审 is a new row linked to it (`previous`),
because CT art. 7 ¶2 makes each instance carry its own duty to appear.
"""

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.records import ClockedRecord, ledger_indexes, unit_field


class PlaintiffType(models.TextChoices):
    NATURAL_PERSON = "person", "自然人"
    PRIVATE_ENTERPRISE = "private_enterprise", "民营企业"
    OTHER_ORG = "other_org", "其他组织"


class Instance(models.TextChoices):
    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


# open: Statuses in which the defendant still has something to do in this instance.
# pending: Before the court's decision: the lawsuit can be answered, heard, decided.
# done: Read-only without the override: the instance is over (appealed on, or final).
@groups(
    open=["received", "answered", "heard", "decided"],
    pending=["received", "answered", "heard"],
    done=["appealed", "closed"],
)
class Status(models.TextChoices):
    RECEIVED = "received", "收到应诉通知"
    ANSWERED = "answered", "已答辩"
    HEARD = "heard", "已开庭"
    DECIDED = "decided", "已判决或裁定"
    APPEALED = "appealed", "上诉中"
    CLOSED = "closed", "已结案"


class RetrialProcedure(models.TextChoices):
    """Which procedure a 再审 follows (行诉解释 art. 119 ¶1; the same rule in 民事诉讼法(2021)
    art. 214, applied through 行政诉讼法 art. 101): it decides whether its judgment may be
    appealed."""

    FIRST = "first", "按照第一审程序(原生效裁判由第一审法院作出)"
    SECOND = "second", "按照第二审程序(原生效裁判由第二审法院作出，或上级法院提审)"


class ExtensionDecision(models.TextChoices):
    """The court's answer to the defendant's request to provide evidence later (行政诉讼法 art. 36
    ¶1; 行诉解释 art. 34)."""

    GRANTED = "granted", "准许延期提供证据"
    REFUSED = "refused", "不准许"


class SummonsBasis(models.TextChoices):
    """Why the court notified the 负责人 to appear (CT art. 4; 行诉解释 art. 129 ¶1)."""

    MUST = (
        "must",
        "重大公共利益、社会高度关注或可能引发群体性事件等，应当通知(出庭应诉规定第四条第一款)",
    )
    MAY = "may", "人民法院认为需要负责人出庭，可以通知(出庭应诉规定第四条第二款)"
    WRITTEN = "written", "人民法院书面建议负责人出庭(行诉解释第一百二十九条第一款)"


class AdviceGround(models.TextChoices):
    """Why the court issued a 司法建议 to the 监察机关 or the 上一级行政机关 (CT art. 12 ¶1;
    行诉解释 arts. 129 ¶4, 132)."""

    NO_REASON = "no_reason", "负责人未出庭应诉，且未说明理由或者理由不成立"
    AGAIN_ABSENT = "again_absent", "准许延期开庭后再次开庭时负责人仍未出庭且无正当理由"
    NOBODY = "nobody", "负责人和相应的工作人员均不出庭应诉"
    LEFT = "left", "负责人未经法庭许可中途退庭"
    REFUSED_TO_EXPLAIN = "refused_to_explain", "负责人拒绝解释或者说明，导致庭审无法进行"
    OTHER = "other", "其他(行政诉讼法第六十六条等)"


class DecisionKind(models.TextChoices):
    JUDGMENT = "judgment", "判决"
    RULING = "ruling", "裁定"
    MEDIATION = "mediation", "调解书"


class Result(models.TextChoices):
    """The court's disposition. `lost` (败诉) is derived from it — see `Result.losing()`."""

    DISMISSED_CLAIMS = "dismissed_claims", "判决驳回诉讼请求"  # 行政诉讼法 art. 69
    REVOKED = "revoked", "判决撤销(部分撤销)"  # art. 70
    PERFORMANCE = "performance", "判决履行法定职责"  # art. 72
    PAYMENT = "payment", "判决给付"  # art. 73
    CONFIRMED_ILLEGAL = "confirmed_illegal", "判决确认违法"  # art. 74
    CONFIRMED_INVALID = "confirmed_invalid", "判决确认无效"  # art. 75
    VARIED = "varied", "判决变更"  # art. 77
    AGREEMENT = "agreement", "判决继续履行协议、补救或赔偿"  # art. 78
    WITHDRAWN = "withdrawn", "裁定准予撤诉"  # art. 62
    DISMISSED_SUIT = "dismissed_suit", "裁定驳回起诉"  # 行诉解释 art. 69
    MEDIATED = "mediated", "调解结案"  # art. 60
    UPHELD = "upheld", "驳回上诉、维持原判"  # art. 89 ¶1 (1)
    REMANDED = "remanded", "裁定发回重审"  # art. 89 ¶1 (3)(4)

    @classmethod
    def losing(cls):
        """败诉: the court found against the defendant's act or inaction (arts. 70–78). Not 败诉:
        驳回诉讼请求, 撤诉, 驳回起诉, 调解 (a settlement, not a finding), 发回重审 (no finding yet).
        驳回上诉、维持原判 takes the loss of the judgment it upholds."""
        return [
            cls.REVOKED,
            cls.PERFORMANCE,
            cls.PAYMENT,
            cls.CONFIRMED_ILLEGAL,
            cls.CONFIRMED_INVALID,
            cls.VARIED,
            cls.AGREEMENT,
        ]

    @classmethod
    def rulings(cls):
        return [cls.WITHDRAWN, cls.DISMISSED_SUIT, cls.REMANDED]

    @classmethod
    def final_at_once(cls):
        """Not open to appeal: 撤诉 (行诉解释 art. 101 ¶2 opens to appeal only the rulings of ¶1
        items 1–3, 不予立案、驳回起诉、管辖异议; 准许撤诉 is item 10) and 调解书 (effective when
        both parties have signed for it, 行诉解释 art. 85 ¶3; the same in 民事诉讼法(2021) art. 100
        ¶3)."""
        return [cls.WITHDRAWN, cls.MEDIATED]


class Appellant(models.TextChoices):
    PLAINTIFF = "plaintiff", "原告"
    DEFENDANT = "defendant", "被告(本机关)"
    THIRD_PARTY = "third_party", "第三人"


class HeadRank(models.TextChoices):
    """Who counts as 被诉行政机关负责人 (CT art. 2 ¶1). The 负责人 of an entrusted organisation or a
    lower agency does not (CT art. 2 ¶2): such a person appears as staff (CT art. 10 ¶2)."""

    PRINCIPAL = "principal", "正职负责人"
    DEPUTY = "deputy", "副职负责人"
    DEPUTY_LEVEL_IN_CHARGE = "deputy_level", "参与分管被诉行为的副职级别负责人"
    OTHER_IN_CHARGE = "other_in_charge", "其他参与分管的负责人"


class Excuse(models.TextChoices):
    """负责人不能出庭的情形 (CT art. 8); proof sealed or signed by the 主要负责人 (CT art. 9)."""

    FORCE_MAJEURE = "force_majeure", "不可抗力"
    ACCIDENT = "accident", "意外事件"
    IRREPLACEABLE_DUTY = "duty", "需要履行他人不能代替的公务"
    OTHER = "other", "无法出庭的其他正当事由"
    # Not a lawful excuse: recorded because it happens, and because it is what the court records
    # and may answer with a 司法建议 (CT art. 12 ¶1 (1); 行诉解释 art. 129 ¶4).
    NONE = "none", "未说明理由"

    @classmethod
    def lawful(cls):
        """The CT art. 8 cases; `NONE` is not one."""
        return [cls.FORCE_MAJEURE, cls.ACCIDENT, cls.IRREPLACEABLE_DUTY, cls.OTHER]


class Lawsuit(ClockedRecord):
    statuses = Status
    scope_field = "defendant"

    number = models.CharField("案号", max_length=60)
    court = models.CharField("审理法院", max_length=60)
    instance = models.CharField("审级", max_length=8, choices=Instance.choices)
    previous = models.ForeignKey(
        "self",
        verbose_name="前一审级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_instances",
    )
    cause = models.CharField("案由", max_length=200)
    plaintiff_type = models.CharField("原告类型", max_length=20, choices=PlaintiffType.choices)
    plaintiff_name = models.CharField("原告", max_length=100)
    plaintiff_id_number = models.CharField("原告身份证号码", max_length=18, blank=True)
    defendant = unit_field("被告", related_name="lawsuits")
    unit = unit_field(
        "承办单位",
        help_text="负责答辩、举证和出庭准备的单位：部门、乡镇为其本身，市政府为被告的为司法局。",
    )
    copy_received_on = models.DateField("收到起诉状(上诉状)副本日期")
    answer_due_on = models.DateField("答辩举证期限")
    answered_on = models.DateField("提交答辩状日期", null=True, blank=True)
    # The evidence and the 规范性文件 are due with the 答辩状 (行政诉讼法 art. 67 ¶1) unless the
    # court allowed them later (行政诉讼法 art. 36 ¶1; 行诉解释 art. 34): then their own date.
    evidence_submitted_on = models.DateField("提交证据日期", null=True, blank=True)
    # 再审: which procedure (行诉解释 art. 119 ¶1 / 民事诉讼法(2021) art. 214). Blank otherwise.
    retrial_procedure = models.CharField(
        "再审程序", max_length=8, choices=RetrialProcedure.choices, blank=True
    )
    # 延期提供证据 (行政诉讼法 art. 36 ¶1; 行诉解释 art. 34).
    extension_applied_on = models.DateField("申请延期提供证据日期", null=True, blank=True)
    extension_reason = models.CharField("延期提供证据的正当事由", max_length=200, blank=True)
    extension_decision = models.CharField(
        "法院对延期举证申请的决定", max_length=8, choices=ExtensionDecision.choices, blank=True
    )
    extension_decided_on = models.DateField("法院决定日期", null=True, blank=True)
    reason_ends_on = models.DateField("正当事由消除日期", null=True, blank=True)
    evidence_due_on = models.DateField("准许延期后的举证期限", null=True, blank=True)
    # 负责人出庭通知 (CT arts. 4, 5 ¶2; 行诉解释 art. 129 ¶1).
    head_summoned_on = models.DateField("收到负责人出庭通知书日期", null=True, blank=True)
    head_summons_hearing_on = models.DateField("通知负责人出庭的开庭日期", null=True, blank=True)
    head_summons_basis = models.CharField(
        "通知负责人出庭的情形", max_length=8, choices=SummonsBasis.choices, blank=True
    )
    # 司法建议 (CT art. 12; 行诉解释 arts. 129 ¶4, 132; 行政诉讼法 art. 66).
    advice_received_on = models.DateField("收到司法建议日期", null=True, blank=True)
    advice_ground = models.CharField(
        "司法建议事由", max_length=20, choices=AdviceGround.choices, blank=True
    )
    advice_addressee = models.CharField("司法建议对象", max_length=60, blank=True)
    advice_reply_due_on = models.DateField("司法建议答复期限", null=True, blank=True)
    advice_replied_on = models.DateField("司法建议答复日期", null=True, blank=True)
    advice_reply = models.CharField("答复内容", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    next_hearing_on = models.DateField("下次开庭日期", null=True, blank=True)
    decision_kind = models.CharField(
        "裁判文书", max_length=10, choices=DecisionKind.choices, blank=True
    )
    decided_on = models.DateField("裁判日期", null=True, blank=True)
    served_on = models.DateField("裁判文书送达日期", null=True, blank=True)
    result = models.CharField("裁判结果", max_length=20, choices=Result.choices, blank=True)
    lost = models.BooleanField("败诉", default=False)
    appeal_due_on = models.DateField("上诉期限", null=True, blank=True)
    appealed_by = models.CharField("上诉人", max_length=12, choices=Appellant.choices, blank=True)
    appealed_on = models.DateField("上诉日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    answer_reminded_on = models.DateField("答辩提醒日期", null=True, blank=True)

    class Meta:
        db_table = "disputes_lawsuit"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "行政诉讼案件"
        ordering = ["-copy_received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["court", "number"], name="lawsuit_number_unique")
        ]
        indexes = ledger_indexes(
            "lit",
            "copy_received_on",
            visible_by=("unit", "defendant"),
            scope="defendant",
            counted=(("decided", "decided_on"),),
        )

    def __str__(self) -> str:
        return f"{self.number} {self.plaintiff_name}诉{self.defendant.short_name or self.defendant}"

    @property
    def evidence_due(self):
        """The evidence deadline in force: the court's extension when granted (行诉解释 art. 34),
        otherwise the 15 日 of 行政诉讼法 art. 67 ¶1."""
        return self.evidence_due_on or self.answer_due_on

    @property
    def answered_late(self) -> bool:
        """The 答辩状 after the 15 日 (行政诉讼法 art. 67 ¶1; an extension covers the evidence only,
        行诉解释 art. 34 — a missing or late 答辩状 does not stop the trial, art. 67 ¶2)."""
        return bool(self.answered_on and self.answered_on > self.answer_due_on)

    @property
    def evidence_late(self) -> bool:
        """The evidence after its deadline: counted as no evidence (行政诉讼法 art. 34 ¶2; after an
        allowed extension 行诉解释 art. 34)."""
        return bool(self.evidence_submitted_on and self.evidence_submitted_on > self.evidence_due)

    @property
    def summons_served_late(self) -> bool:
        """The 出庭通知书 reached the defendant less than 3 days before the hearing (CT art. 5 ¶2
        has the court serve it 开庭三日前): recorded, not refused — it is the court's act."""
        return bool(
            self.head_summoned_on
            and self.head_summons_hearing_on
            and (self.head_summons_hearing_on - self.head_summoned_on).days < 3
        )


class Hearing(models.Model):
    """One court session, and who spoke for the defendant at it (行政诉讼法 art. 3 ¶3; CT)."""

    lawsuit = models.ForeignKey(Lawsuit, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField("开庭日期")
    head_appeared = models.BooleanField("负责人出庭", default=False)
    head_name = models.CharField("出庭负责人", max_length=40, blank=True)
    head_post = models.CharField("职务", max_length=60, blank=True)
    head_rank = models.CharField("负责人类别", max_length=16, choices=HeadRank.choices, blank=True)
    head_spoke_on_resolution = models.BooleanField("负责人就实质性解决争议发表意见", default=False)
    excuse = models.CharField("未出庭事由", max_length=16, choices=Excuse.choices, blank=True)
    excuse_note = models.CharField("事由说明", max_length=200, blank=True)
    excuse_rejected = models.BooleanField(
        "人民法院认定理由不成立", default=False, help_text="出庭应诉规定第十二条第一款第一项"
    )
    head_summoned = models.BooleanField(
        "人民法院通知负责人出庭", default=False, help_text="出庭应诉规定第四条、第七条第一款"
    )
    stand_in_name = models.CharField("出庭工作人员", max_length=40, blank=True)
    stand_in_post = models.CharField("工作人员职务", max_length=60, blank=True)
    lawyer_name = models.CharField("委托律师", max_length=60, blank=True)

    class Meta:
        db_table = "disputes_hearing"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "开庭记录"
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["lawsuit", "head_appeared"], name="lit_hearing_head")]

    def __str__(self) -> str:
        who = self.head_name if self.head_appeared else f"{self.stand_in_name}(工作人员)"
        return f"{self.held_on:%Y-%m-%d} {who}"
