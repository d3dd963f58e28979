"""政府法律顾问 (seed 二.3): the advisers a government's units engage, their engagements (聘任) with
each contract period as a row of its own, and the work log of what the advisers did.

- `Adviser` — the register (法律顾问名册) of one government: a person (社会律师, 公职律师,
  法律专家 …) with the law firm or unit they work for, registered by a unit of that government.
  The licence number and phone are personal data, masked wherever they are not needed.
- `Engagement` — one unit's engagement of one adviser (聘请单位 + 法律顾问): in force (在聘) from
  its first period's start to its current period's end; 续聘 adds a period (`EngagementPeriod`,
  one row each, never rewritten), 解聘 ends it early, and the tick marks it 已到期 once its last
  period has ended.
- `WorkEntry` — one line of the work log (法律顾问工作台账): on a day, of a kind (重大决策, 合同协议
  …), about a matter, counting 件次 (default 1; a batch line such as "审核合同12份" counts 12).

The legal basis is policy rather than statute: 重大行政决策程序暂行条例 art. 28 (合法性审查
"应当组织法律顾问、公职律师提出法律意见"), 国办发〔2018〕118号 (十一) (法律顾问、公职律师 in
法制审核), 法治政府建设实施纲要(2021-2025年) (十) and 督察工作规定 art. 25 (落实政府法律顾问制度);
none fixes how an engagement is made or how long it lasts.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fazhi.core.choices import groups
from fazhi.core.records import Record, ledger_indexes, unit_field

MAX_COUNT = 9999  # 件次 of one line: a year's summary line of a busy unit stays below this


class AdviserKind(models.TextChoices):
    LAWYER = "lawyer", "社会律师"
    PUBLIC_LAWYER = "public_lawyer", "公职律师"
    EXPERT = "expert", "法律专家"
    OTHER = "other", "其他"

    @classmethod
    def licensed(cls):
        """The kinds that hold a 律师执业证 (社会律师) or 公职律师证 and must give its number."""
        return [cls.LAWYER, cls.PUBLIC_LAWYER]


@groups(open=["active"])
class AdviserStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    WITHDRAWN = "withdrawn", "已停用"


class Adviser(Record):
    statuses = AdviserStatus
    scope_field = "unit"

    unit = unit_field("登记单位")
    name = models.CharField("姓名", max_length=50)
    kind = models.CharField("类别", max_length=16, choices=AdviserKind.choices)
    organisation = models.CharField("律师事务所或工作单位", max_length=100)
    # "…id_number": the kernel masks it by that ending wherever it is not needed (exports whole)
    licence_id_number = models.CharField("执业证号", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    expertise = models.CharField("专业领域", max_length=200, blank=True)
    registered_on = models.DateField("登记日期")
    status = models.CharField(
        "状态", max_length=10, choices=AdviserStatus.choices, default=AdviserStatus.ACTIVE
    )
    withdrawn_on = models.DateField("停用日期", null=True, blank=True)
    withdrawn_reason = models.CharField("停用原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "法律顾问"
        ordering = ["name", "id"]
        indexes = [
            # After (date, id), the columns visible() filters on: see records.ledger_indexes.
            models.Index(fields=["registered_on", "id", "unit"], name="adviser_list"),
            models.Index(fields=["unit", "status"], name="adviser_unit"),
            models.Index(fields=["licence_id_number"], name="adviser_licence"),
            models.Index(fields=["name"], name="adviser_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）"


# awaiting: an engagement in force; its next date is the end of its current period.
@groups(open=["engaged"], awaiting=["engaged"])
class EngagementStatus(models.TextChoices):
    ENGAGED = "engaged", "在聘"
    EXPIRED = "expired", "已到期"
    TERMINATED = "terminated", "已解聘"


class Engagement(Record):
    """Its next date is the end of its current period: a date of the contract, not a period
    counted over the work calendar, so a holiday notice never moves it. It is therefore a plain
    Record keeping the three columns of a ClockedRecord itself — the next date and its label
    (workbench, inbox), the tick's claim token — and is left out of the recompute that follows a
    calendar change (fazhi.core.deadlines), which only concerns ClockedRecords."""

    statuses = EngagementStatus
    scope_field = "unit"
    awaiting = "awaiting"

    unit = unit_field("聘请单位")
    adviser = models.ForeignKey(
        Adviser, verbose_name="法律顾问", on_delete=models.PROTECT, related_name="engagements"
    )
    start_on = models.DateField("首次聘期开始日期")
    end_on = models.DateField("聘期届满日期", help_text="当前聘期(含续聘)的届满日期。")
    fee = models.DecimalField(
        "当前聘期顾问费(元)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    renewals = models.PositiveSmallIntegerField("续聘次数", default=0)
    status = models.CharField(
        "状态", max_length=12, choices=EngagementStatus.choices, default=EngagementStatus.ENGAGED
    )
    terminated_on = models.DateField("解聘日期", null=True, blank=True)
    termination_reason = models.CharField("解聘原因", max_length=200, blank=True)
    expired_on = models.DateField("到期日期", null=True, blank=True)
    notice_sent_for = models.DateField(
        "已提醒的届满日期", null=True, blank=True, help_text="续聘提醒已发出时的聘期届满日期。"
    )
    next_due_on = models.DateField("下一期限", null=True, blank=True)
    next_due_label = models.CharField("期限事项", max_length=20, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "法律顾问聘任"
        ordering = ["-start_on", "-id"]
        indexes = ledger_indexes("advengage", "start_on", visible_by=("unit",), scope="unit")

    def __str__(self) -> str:
        return f"{self.unit.short_name or self.unit.name}聘请{self.adviser.name}"

    @property
    def ended_on(self):
        """The last day in force: the 解聘 date, or the end of the current period."""
        return self.terminated_on or self.end_on


class EngagementPeriod(models.Model):
    """One contract period: the first (期次 1) and one more for each 续聘, never rewritten. A
    解聘 is recorded on the engagement (its date ends the period in force)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveSmallIntegerField("期次")
    start_on = models.DateField("聘期开始日期")
    end_on = models.DateField("聘期届满日期")
    fee = models.DecimalField("顾问费(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    contract_number = models.CharField("合同编号", max_length=60, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "法律顾问聘期"
        ordering = ["engagement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "number"], name="adviser_period_number")
        ]
        indexes = [models.Index(fields=["start_on", "end_on"], name="adviser_period_dates")]

    def __str__(self) -> str:
        return f"第{self.number}期 {self.start_on:%Y-%m-%d}至{self.end_on:%Y-%m-%d}"


class WorkKind(models.TextChoices):
    DECISION = "decision", "重大决策"
    CONTRACT = "contract", "合同协议"
    DOCUMENT = "document", "规范性文件"
    ENFORCEMENT = "enforcement", "执法法制审核"
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"
    ARBITRATION = "arbitration", "仲裁"
    MEDIATION = "mediation", "纠纷调解"
    PUBLICITY = "publicity", "法治宣传"
    OTHER = "other", "其他法律事务"


@groups(open=["recorded"])
class WorkStatus(models.TextChoices):
    RECORDED = "recorded", "有效"
    VOIDED = "voided", "已作废"


class WorkEntry(Record):
    statuses = WorkStatus
    scope_field = "unit"

    engagement = models.ForeignKey(
        Engagement, verbose_name="聘任", on_delete=models.PROTECT, related_name="work"
    )
    # Both from the engagement, kept on the row so the figures count it by (unit, date) alone.
    unit = unit_field("聘请单位")
    adviser = models.ForeignKey(
        Adviser, verbose_name="法律顾问", on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField("日期")
    kind = models.CharField("工作类型", max_length=16, choices=WorkKind.choices)
    subject = models.CharField("事项", max_length=200)
    reference = models.CharField("关联文号或链接", max_length=200, blank=True)
    count = models.PositiveIntegerField(
        "件次",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_COUNT)],
        help_text="一行登记多件同类事项的(如“审核合同12份”)，填写件数。",
    )
    status = models.CharField(
        "状态", max_length=10, choices=WorkStatus.choices, default=WorkStatus.RECORDED
    )
    voided_on = models.DateField("作废日期", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "法律顾问工作台账"
        ordering = ["-done_on", "-id"]
        indexes = [
            models.Index(fields=["done_on", "id", "unit"], name="advwork_list"),
            models.Index(fields=["unit", "done_on"], name="advwork_counted"),
            models.Index(fields=["engagement", "done_on"], name="advwork_engagement"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject}"[:120]
