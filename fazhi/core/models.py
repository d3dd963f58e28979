"""The kernel's records: org units, users and roles, the audit trail, the work calendar."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr


class UnitKind(models.TextChoices):
    PROVINCE = "province", "省级人民政府"
    PREFECTURE = "prefecture", "州(市)级人民政府"
    COUNTY = "county", "县(市、区)级人民政府"
    DEPARTMENT = "department", "政府工作部门"
    TOWN = "town", "乡镇(街道)"
    OTHER = "other", "其他单位"

    @classmethod
    def governments(cls):
        return [cls.PROVINCE, cls.PREFECTURE, cls.COUNTY]


class OrgUnit(models.Model):
    """A government, department or town. `path` makes a subtree one indexed prefix query."""

    code = models.CharField("单位代码", max_length=32, unique=True)
    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类别", max_length=16, choices=UnitKind.choices)
    division_code = models.CharField("所属行政区划代码", max_length=12)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Keep the materialised path true for the whole subtree: when a unit moves or its code
        changes, every unit under it gets the new prefix in the same transaction. Changes made
        by people go through fazhi.core.services.update_unit, which checks them first."""
        prefix = self.parent.path if self.parent_id else ""
        new_path = f"{prefix}{self.code}/"
        old_path = self._stored_path()
        if old_path and old_path != new_path and new_path.startswith(old_path):
            raise ValidationError("不能把单位移到它自己或它的下级单位之下")
        self.path = new_path
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != new_path:
                self._rewrite_descendant_paths(old_path, new_path)

    def _stored_path(self) -> str:
        if self._state.adding or self.pk is None:
            return ""
        return OrgUnit.objects.filter(pk=self.pk).values_list("path", flat=True).first() or ""

    def _rewrite_descendant_paths(self, old_path: str, new_path: str) -> int:
        """One UPDATE: every path under old_path gets new_path as its prefix instead."""
        descendants = OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk)
        rest = Substr("path", len(old_path) + 1)
        return descendants.update(
            path=Concat(Value(new_path), rest, output_field=models.CharField())
        )

    @property
    def is_government(self) -> bool:
        return self.kind in UnitKind.governments()

    def subtree(self):
        return OrgUnit.objects.filter(path__startswith=self.path)

    def working_units(self):
        """A government's departments and towns (and the offices under them), in tree order: the
        units that do its work, a record's 承办单位 — never a government itself."""
        return self.subtree().exclude(kind__in=UnitKind.governments()).order_by("path")

    def works_for(self, government: "OrgUnit") -> bool:
        """Whether this unit is one of `government`'s working units."""
        return self.path.startswith(government.path) and not self.is_government

    def government(self) -> "OrgUnit":
        """The nearest government at or above this unit (a department's own city)."""
        unit = self
        while not unit.is_government and unit.parent_id:
            unit = unit.parent
        return unit


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "统筹协调(司法局/依法治市办)"
    STAFF = "staff", "单位法制员"
    REVIEWER = "reviewer", "审核/复议人员"
    OFFICER = "officer", "执法人员"
    LEADER = "leader", "领导"

    @classmethod
    def overseers(cls):
        """Roles that see the whole scope (their government's subtree), not only their unit."""
        return [cls.COORDINATOR, cls.LEADER]


class User(AbstractUser):
    unit = models.ForeignKey(
        OrgUnit, verbose_name="所在单位", on_delete=models.PROTECT, null=True, blank=True
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.STAFF)
    full_name = models.CharField("姓名", max_length=40, blank=True)
    can_override_closed = models.BooleanField(
        "可修改已办结案件", default=False, help_text="已办结案件默认只读；仅授权人员可更正。"
    )
    can_approve_extension = models.BooleanField(
        "可批准延期", default=False, help_text="行政复议机关(机构)负责人等有权批准延长期限的人员。"
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def scope_unit(self) -> OrgUnit | None:
        """The subtree this user oversees: a coordinator's or leader's whole government."""
        if self.unit is None:
            return None
        if self.role in Role.overseers():
            return self.unit.government()
        return self.unit


class Channel(models.TextChoices):
    """The write path a change came through."""

    WEB = "web", "网页"
    API = "api", "接口"
    ADMIN = "admin", "管理后台"
    IMPORT = "import", "导入"
    JOB = "job", "定时任务"
    CLI = "cli", "命令行"


class AuditEntry(models.Model):
    """One row of the append-only, hash-chained audit trail (see fazhi.core.audit)."""

    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True)
    actor_label = models.CharField("操作人", max_length=80)
    channel = models.CharField("途径", max_length=16, choices=Channel.choices)
    action = models.CharField("操作", max_length=80)
    object_type = models.CharField("对象类型", max_length=80)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class AuditHead(models.Model):
    """A single row holding the chain's last hash; locking it serialises appends."""

    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.count} 条，链尾 {self.last_hash[:12]}"


class CalendarYear(models.Model):
    """A year's State Council holiday notice as entered by the coordinator.

    A row here makes the year known; its CalendarDay rows then override chinese-calendar's data
    for that year (or are the only data, for years the library does not know).
    """

    year = models.PositiveIntegerField("年度", unique=True)
    notice = models.CharField("国务院办公厅通知文号", max_length=100)
    complete = models.BooleanField(
        "已录入全年安排", default=True, help_text="仅当全年放假与调休日期均已录入时勾选。"
    )
    entered_by = models.ForeignKey(
        User, verbose_name="录入人", on_delete=models.PROTECT, null=True, blank=True
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年 ({self.notice})"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class CalendarDay(models.Model):
    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类别", max_length=8, choices=DayKind.choices)
    name = models.CharField("节日", max_length=20, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class JobRun(models.Model):
    """One run of a scheduled job (`fazhi tick`): what it did, for the audit trail and people."""

    name = models.CharField("任务", max_length=40)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    stats = models.JSONField("结果", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "定时任务运行记录"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"


class Notice(models.Model):
    """A reminder for a unit's staff: a due date passed, or something the law moved by itself."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="notices")
    text = models.CharField("内容", max_length=200)
    link = models.CharField("链接", max_length=200)
    due_on = models.DateField("期限", null=True, blank=True)
    created_at = models.DateTimeField("提醒时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "提醒"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "read_at", "created_at"], name="notice_inbox")]

    def __str__(self) -> str:
        return self.text


class ImportBatch(models.Model):
    """One successful import: which ledger, which file, how many rows, by whom."""

    kind = models.CharField("台账", max_length=40)
    filename = models.CharField("文件名", max_length=200)
    rows = models.PositiveIntegerField("行数")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True)
    channel = models.CharField("途径", max_length=16)
    at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入批次"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.rows}行)"


class ImportRunStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "未完成"


class ImportRun(models.Model):
    """An import uploaded in the page, run outside the upload request (fazhi.core.imports
    .background): the file waits in storage, a process checks and writes it, and the page shows
    its progress and then its result."""

    kind = models.CharField("台账", max_length=40)
    label = models.CharField("台账名称", max_length=60)
    filename = models.CharField("文件名", max_length=200)
    stored = models.CharField("暂存文件", max_length=255, blank=True)  # deleted when done
    dry_run = models.BooleanField("仅校验", default=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="import_runs")
    status = models.CharField(
        "状态", max_length=8, choices=ImportRunStatus.choices, default=ImportRunStatus.QUEUED
    )
    stage = models.CharField("阶段", max_length=8, blank=True)  # "validate" | "write"
    done = models.PositiveIntegerField("已处理行数", default=0)
    total = models.PositiveIntegerField("总行数", null=True, blank=True)
    host = models.CharField("运行主机", max_length=255, blank=True)
    pid = models.PositiveIntegerField("进程号", null=True, blank=True)
    beat_at = models.DateTimeField("最近心跳", null=True, blank=True)  # the runner is alive
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    result = models.JSONField("结果", null=True, blank=True)
    failure = models.CharField("未完成原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "页面导入"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="importrun_user_recent"),
            models.Index(fields=["status", "created_at"], name="importrun_status_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.filename}({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportRunStatus.DONE, ImportRunStatus.FAILED)

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0


class UnitDuty(models.Model):
    """A duty a government assigns to one of its units, such as being its 行政复议机构. Procedures
    declare the duties they know (fazhi.core.procedures); the coordinator keeps who holds them."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="duties")
    duty = models.CharField("职责", max_length=40)

    class Meta:
        verbose_name = verbose_name_plural = "单位职责"
        constraints = [models.UniqueConstraint(fields=["unit", "duty"], name="unit_duty_unique")]

    def __str__(self) -> str:
        from .procedures import duty_label

        return f"{self.unit} · {duty_label(self.duty)}"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"
    WITHDRAWN = "withdrawn", "已撤回"


class ApprovalRequest(models.Model):
    """A step that needs someone else's approval (延期, 负责人同意 …), asked by the person handling
    the record and decided by the approver in their own session (fazhi.core.approvals)."""

    procedure = models.CharField("事项", max_length=40)
    object_id = models.BigIntegerField("记录编号")
    object_repr = models.CharField("记录", max_length=200)
    step = models.CharField("环节", max_length=40)
    step_label = models.CharField("环节名称", max_length=60)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField("申请内容", default=dict)
    summary = models.CharField("申请事项", max_length=300)
    requested_by = models.ForeignKey(
        User, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    status = models.CharField(
        "状态", max_length=12, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name="审批人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    note = models.CharField("审批意见", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审批申请"
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "unit"], name="approval_pending")]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "object_id", "step"],
                condition=models.Q(status="pending"),
                name="approval_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.step_label}：{self.object_repr}"


class DeadlineMove(models.Model):
    """A stored due date that moved because a year's holiday notice was entered or corrected
    (fazhi.core.deadlines): listed for the coordinator, so a changed deadline is never silent."""

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name="节假日安排", on_delete=models.CASCADE, related_name="moves"
    )
    record_type = models.CharField("记录类型", max_length=60)  # app_label.model, as in audit
    record_id = models.PositiveBigIntegerField("记录ID")
    record = models.CharField("记录", max_length=200)
    unit = models.ForeignKey(OrgUnit, verbose_name="所属单位", on_delete=models.CASCADE)
    label = models.CharField("期限事项", max_length=40)
    old_on = models.DateField("原期限", null=True, blank=True)
    new_on = models.DateField("新期限", null=True, blank=True)
    created_at = models.DateTimeField("重算时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "期限变动"
        ordering = ["-id"]
        indexes = [models.Index(fields=["unit", "id"], name="deadline_move_unit")]

    def __str__(self) -> str:
        return f"{self.record} {self.label} {self.old_on}→{self.new_on}"

    @property
    def url(self) -> str:
        from django.apps import apps  # the record's app is a procedure: core does not import it

        return apps.get_model(self.record_type)(pk=self.record_id).get_absolute_url()


# The 文书 and attachments live in their own module of the kernel; Django finds models here.
from .instruments.models import (  # noqa: E402
    Attachment,
    Instrument,
    InstrumentSequence,
    InstrumentTemplate,
)

__all__ = ["Attachment", "Instrument", "InstrumentSequence", "InstrumentTemplate"]


class Urge(models.Model):
    """One 催办: a coordinator or leader presses the unit that must act on an overdue or
    long-waiting record (fazhi.core.urge). A row each, so that 催办 count per unit and year."""

    record_type = models.CharField("记录类型", max_length=60)  # app_label.model, as in audit
    record_id = models.PositiveBigIntegerField("记录ID")
    record = models.CharField("记录", max_length=200)
    procedure = models.CharField("事项", max_length=40)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="被催办单位", on_delete=models.PROTECT, related_name="urges"
    )
    government = models.ForeignKey(
        OrgUnit, verbose_name="所属政府", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    reason = models.CharField("催办原因", max_length=40)  # 逾期 / 等待N日
    note = models.CharField("催办意见", max_length=200, blank=True)
    by = models.ForeignKey(User, verbose_name="催办人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("催办时间", auto_now_add=True)
    notice = models.OneToOneField(
        Notice, verbose_name="提醒", on_delete=models.PROTECT, related_name="urge"
    )

    class Meta:
        verbose_name = verbose_name_plural = "催办"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["unit", "year"], name="urge_unit_year"),
            models.Index(fields=["record_type", "record_id"], name="urge_record"),
        ]

    def __str__(self) -> str:
        return f"催办：{self.record}"


class DigestMark(models.Model):
    """How far the e-mail digest has reached for one user: the last reminder (Notice id) sent, so
    that each tick mails only what is new (fazhi.core.inbox.send_digests)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="digest_mark")
    last_notice_id = models.PositiveBigIntegerField("已发送至提醒编号", default=0)
    sent_at = models.DateTimeField("最近发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "提醒邮件发送进度"

    def __str__(self) -> str:
        return f"{self.user} ≤ {self.last_notice_id}"


class OpenItem(models.Model):
    """One open record of any procedure with its next deadline, kept by the transition frame
    (fazhi.core.openitems) in the same transaction as the record: the workbench, the 待办 badge
    and the 驾驶舱 read this one indexed table, whatever the number of procedures — as Healthchecks
    keeps each check's next alert time in one column rather than asking every check."""

    procedure = models.CharField("办理事项", max_length=40)
    record_id = models.PositiveBigIntegerField()
    unit = models.ForeignKey(  # none until a unit is given the record (a proposal before 交办)
        OrgUnit,
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acting_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="待其办理的单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField("事项", max_length=200)
    status = models.CharField("状态", max_length=40)
    due_on = models.DateField("下一期限", null=True, blank=True)
    due_label = models.CharField("期限事项", max_length=20, blank=True)
    changed_at = models.DateTimeField("最近办理")

    class Meta:
        verbose_name = verbose_name_plural = "在办事项"
        constraints = [
            models.UniqueConstraint(fields=["procedure", "record_id"], name="openitem_record")
        ]
        indexes = [
            models.Index(fields=["unit", "due_on"], name="openitem_unit_due"),
            models.Index(fields=["acting_unit", "due_on"], name="openitem_acting_due"),
            models.Index(fields=["due_on"], name="openitem_due"),
            # The workbench's soonest items of each procedure (fazhi.core.workbench._soonest).
            models.Index(fields=["procedure", "due_on", "id"], name="openitem_procedure_due"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from .records import record_url

        return record_url(self.procedure, self.record_id)

    @property
    def status_label(self) -> str:
        from .procedures import get

        try:
            return get(self.procedure).statuses(self.status).label
        except (KeyError, ValueError):
            return self.status


# The verifiable random draws live in their own module of the kernel (fazhi.core.draws).
from .draws.models import Draw  # noqa: E402, F401
