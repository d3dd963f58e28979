"""行政执法队伍、执法人员与执法证 (seed 三, 四.1–四.2): the records of who may enforce.

- `Team` — a 综合执法大队 a department sets up (综合行政执法改革): its unit, name, date
  established, the 执法领域 it covers and its staff; 成立登记 → [撤销].
- `Officer` — a 行政执法人员 (not necessarily a platform user) of a unit (its 执法部门), perhaps
  of a team, with a post and a status: 在岗 → 调离 / 退休. The 身份证号 and phone are personal
  data, masked wherever they are not needed.
- `Certificate` — a 行政执法证 of an officer for one 执法领域: number (unique), 发证机关,
  issued and valid dates; 发证 → [换证 …] → 暂扣 ⇄ 发还, 注销, or 过期 (the tick). A public
  verification page addresses it by an unguessable `token` (the QR code on the printed card).
- `ExamBatch` / `ExamEntry` — a 行政执法资格考试 batch (新申请 or 换证) at a 考点 and its takers'
  scores; `Training` / `TrainingAttendance` — a 业务培训 with its 学时 and who attended.

The legal basis is policy: 国办发〔2018〕118号 (十九) ("推进全国统一的行政执法资格和证件管理")
and (二十三) ("加强行政执法人员资格管理，统一行政执法证件样式，建立全国行政执法人员和法制审核
人员数据库"), 行政处罚法 art. 42 ("行政处罚应当由具有行政执法资格的执法人员实施") and
arts. 52, 55 (出示执法证件); no national statute governs the card itself (the reference §8).
"""

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fazhi.core.choices import groups
from fazhi.core.records import Record, unit_field


class EnforcementField(models.TextChoices):
    """执法领域 (values are short ASCII codes: other apps name them)."""

    MARKET = "market", "市场监管"
    CULTURE = "culture", "文化旅游"
    TRANSPORT = "transport", "交通运输"
    AGRICULTURE = "agriculture", "农业农村"
    ENVIRONMENT = "environment", "生态环境"
    EMERGENCY = "emergency", "应急管理"
    NATURAL_RESOURCES = "natural_resources", "自然资源"
    HOUSING = "housing", "住房城乡建设"
    HEALTH = "health", "卫生健康"
    FORESTRY = "forestry", "林业草原"
    WATER = "water", "水务"
    PUBLIC_SECURITY = "public_security", "公安"
    FINANCE = "finance", "财政"
    OTHER = "other", "其他"


# --- 综合执法队伍 -------------------------------------------------------------------------------


@groups(open=["active"])
class TeamStatus(models.TextChoices):
    ACTIVE = "active", "存续"
    REVOKED = "revoked", "已撤销"


class Team(Record):
    statuses = TeamStatus
    scope_field = "unit"

    unit = unit_field("设立部门")
    name = models.CharField("队伍名称", max_length=100)
    established_on = models.DateField("成立日期")
    covered = models.JSONField("执法领域", default=list)
    staff_count = models.PositiveIntegerField("编制(人)", default=0)
    approval_number = models.CharField("批准文号", max_length=60, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=TeamStatus.choices, default=TeamStatus.ACTIVE
    )
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "综合执法队伍"
        ordering = ["-established_on", "-id"]
        indexes = [
            # After (date, id), the columns visible() filters on: see records.ledger_indexes.
            models.Index(fields=["established_on", "id", "unit"], name="enfteam_list"),
            models.Index(fields=["unit", "status"], name="enfteam_unit"),
        ]

    def __str__(self) -> str:
        return self.name

    def field_labels(self) -> str:
        return field_labels(self.covered)


def field_labels(covered) -> str:
    """The 执法领域 a team covers, by their labels."""
    labels = dict(EnforcementField.choices)
    return "、".join(str(labels.get(f, f)) for f in covered)


# --- 执法人员 ---------------------------------------------------------------------------------


@groups(open=["in_post"])
class OfficerStatus(models.TextChoices):
    IN_POST = "in_post", "在岗"
    TRANSFERRED = "transferred", "调离"
    RETIRED = "retired", "退休"


class Officer(Record):
    statuses = OfficerStatus
    scope_field = "unit"

    unit = unit_field("执法部门")
    team = models.ForeignKey(
        Team,
        verbose_name="所属执法队伍",
        on_delete=models.PROTECT,
        related_name="officers",
        null=True,
        blank=True,
    )
    name = models.CharField("姓名", max_length=50)
    # "…id_number" / "…phone": the kernel masks them by that ending wherever not needed
    id_number = models.CharField("身份证号", max_length=18)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    post = models.CharField("职务(岗位)", max_length=60, blank=True)
    registered_on = models.DateField("登记日期")
    status = models.CharField(
        "状态", max_length=12, choices=OfficerStatus.choices, default=OfficerStatus.IN_POST
    )
    left_on = models.DateField("离岗日期", null=True, blank=True)
    leave_reason = models.CharField("离岗说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政执法人员"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["registered_on", "id", "unit"], name="enfofficer_list"),
            models.Index(fields=["unit", "status"], name="enfofficer_unit"),
            models.Index(fields=["id_number"], name="enfofficer_idno"),
            models.Index(fields=["name"], name="enfofficer_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def in_post_on(self, on) -> bool:
        if self.registered_on > on:
            return False
        return self.status == OfficerStatus.IN_POST or (
            self.left_on is not None and self.left_on > on
        )


# --- 执法证 -----------------------------------------------------------------------------------


@groups(open=["valid", "suspended"], awaiting=["valid"])
class CertificateStatus(models.TextChoices):
    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "注销"
    EXPIRED = "expired", "过期"


def new_token() -> str:
    """The verification page's address: 128 random bits, neither the id nor the number."""
    return secrets.token_urlsafe(16)


class Certificate(Record):
    """Its next date is `valid_until` (the card's own date, not a period over the work calendar),
    so, like an adviser's engagement, it is a plain Record keeping the next-date columns itself."""

    statuses = CertificateStatus
    scope_field = "unit"
    awaiting = "awaiting"

    officer = models.ForeignKey(
        Officer, verbose_name="持证人", on_delete=models.PROTECT, related_name="certificates"
    )
    # The officer's unit, kept on the row so that scope and figures read it alone.
    unit = unit_field("执法部门")
    number = models.CharField("证号", max_length=40, unique=True)
    field = models.CharField("执法领域", max_length=20, choices=EnforcementField.choices)
    issuer = models.CharField("发证机关", max_length=100)
    issued_on = models.DateField("发证日期")
    valid_until = models.DateField("有效期至")
    status = models.CharField(
        "状态", max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    previous_number = models.CharField("换证前证号", max_length=40, blank=True)
    suspended_on = models.DateField("暂扣日期", null=True, blank=True)
    revoked_on = models.DateField("注销日期", null=True, blank=True)
    reason = models.CharField("暂扣或注销原因", max_length=200, blank=True)
    notice_sent_for = models.DateField(
        "已提醒的有效期", null=True, blank=True, help_text="换证提醒已发出时的有效期截止日期。"
    )
    next_due_on = models.DateField("下一期限", null=True, blank=True)
    next_due_label = models.CharField("期限事项", max_length=20, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "行政执法证"
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["issued_on", "id", "unit"], name="enfcert_list"),
            models.Index(fields=["officer", "field", "status"], name="enfcert_officer"),
            models.Index(fields=["unit", "status", "valid_until"], name="enfcert_unit"),
            models.Index(fields=["next_due_on", "id"], name="enfcert_due"),
        ]

    def __str__(self) -> str:
        return f"执法证{self.number}"

    def valid_on(self, on) -> bool:
        """Mirrors queries.valid_on_q for one row."""
        if not (self.issued_on <= on <= self.valid_until):
            return False
        if self.status in (CertificateStatus.VALID, CertificateStatus.EXPIRED):
            return True
        if self.status == CertificateStatus.SUSPENDED:
            return self.suspended_on is not None and on < self.suspended_on
        return self.revoked_on is not None and on < self.revoked_on


# --- 考试 -------------------------------------------------------------------------------------


class ExamKind(models.TextChoices):
    NEW = "new", "新申请"
    RENEWAL = "renewal", "换证"


@groups(open=["recorded"])
class ExamStatus(models.TextChoices):
    RECORDED = "recorded", "有效"
    VOIDED = "voided", "已作废"


class ExamBatch(Record):
    statuses = ExamStatus
    scope_field = "unit"

    unit = unit_field("组织单位")
    held_on = models.DateField("考试日期")
    venue = models.CharField("考点", max_length=100)
    kind = models.CharField("考试类别", max_length=10, choices=ExamKind.choices)
    takers = models.PositiveIntegerField("参考人数", default=0)
    passed_count = models.PositiveIntegerField("通过人数", default=0)
    status = models.CharField(
        "状态", max_length=10, choices=ExamStatus.choices, default=ExamStatus.RECORDED
    )
    voided_on = models.DateField("作废日期", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政执法考试"
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["held_on", "id", "unit"], name="enfexam_list"),
            models.Index(fields=["unit", "held_on"], name="enfexam_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y年%m月%d日}{self.venue}考点{self.get_kind_display()}考试"


class ExamEntry(models.Model):
    batch = models.ForeignKey(ExamBatch, on_delete=models.CASCADE, related_name="entries")
    unit = unit_field("所在单位")
    officer = models.ForeignKey(
        Officer,
        verbose_name="执法人员",
        on_delete=models.PROTECT,
        related_name="exams",
        null=True,
        blank=True,
    )
    name = models.CharField("姓名", max_length=50)
    score = models.DecimalField(
        "成绩",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    passed = models.BooleanField("合格", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "考试成绩"
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.score if self.score is not None else '缺考'}"


# --- 培训 -------------------------------------------------------------------------------------


class AttendeeRole(models.TextChoices):
    LEADER = "leader", "分管领导"
    REVIEWER = "reviewer", "法制审核人员"
    OFFICER = "officer", "执法人员"


@groups(open=["recorded"])
class TrainingStatus(models.TextChoices):
    RECORDED = "recorded", "有效"
    VOIDED = "voided", "已作废"


class Training(Record):
    statuses = TrainingStatus
    scope_field = "unit"

    unit = unit_field("组织单位")
    held_on = models.DateField("培训日期")
    topic = models.CharField("培训内容", max_length=200)
    organiser = models.CharField("主办或授课", max_length=100, blank=True)
    hours = models.DecimalField(
        "学时", max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )
    # 参训人数: the attendance list's length where one is kept, else the headcount given
    attendees = models.PositiveIntegerField("参训人数", default=0)
    status = models.CharField(
        "状态", max_length=10, choices=TrainingStatus.choices, default=TrainingStatus.RECORDED
    )
    voided_on = models.DateField("作废日期", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政执法培训"
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["held_on", "id", "unit"], name="enftrain_list"),
            models.Index(fields=["unit", "held_on"], name="enftrain_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y年%m月%d日}培训：{self.topic}"[:120]


class TrainingAttendance(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendance")
    unit = unit_field("所在单位")
    officer = models.ForeignKey(
        Officer,
        verbose_name="执法人员",
        on_delete=models.PROTECT,
        related_name="trainings",
        null=True,
        blank=True,
    )
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("参训身份", max_length=10, choices=AttendeeRole.choices)

    class Meta:
        verbose_name = verbose_name_plural = "培训签到"
        ordering = ["training", "id"]
        indexes = [models.Index(fields=["officer", "training"], name="enftrain_officer")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"
