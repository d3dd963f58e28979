"""行政规范性文件 (法治政府建设实施纲要(2021－2025年) (九); legal_deadlines.md §5): the document
from its draft to its end, every published text kept as a version; the 清理 campaigns that decide
what becomes of the documents in force; and the 备案审查 of documents filed with a government.

A document belongs to the organ that issues it (`organ`, 制定机关: the government itself, one of
its departments or a town) — the scope its figures roll up by — and is drafted by `unit`
(起草单位). Its current text, 文号 and dates are those of its latest version; the earlier versions
stay in `DocumentVersion`, so the document's history is its list of versions.
"""

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.models import OrgUnit
from fazhi.core.records import ClockedRecord, Record, ledger_indexes, unit_field


# open: some work remains on it (a draft, its filing, its validity clock); awaiting_filing: the
# filing clock runs (备案) and a passed date is overdue.
@groups(
    open=["drafted", "reviewing", "deliberated", "published", "effective"],
    awaiting_filing=["published"],
    in_force=["published", "effective"],
)
class DocStatus(models.TextChoices):
    DRAFTED = "drafted", "起草"
    REVIEWING = "reviewing", "合法性审核"
    DELIBERATED = "deliberated", "已集体审议"
    PUBLISHED = "published", "已公布待备案"
    EFFECTIVE = "effective", "有效"
    EXPIRED = "expired", "失效"
    ABOLISHED = "abolished", "废止"


class NormativeDocument(ClockedRecord):
    statuses = DocStatus
    scope_field = "organ"
    breakdown_field = "unit"
    awaiting = "awaiting_filing"

    organ = unit_field("制定机关")
    unit = unit_field("起草单位")
    title = models.CharField("标题", max_length=200)
    provisional = models.BooleanField(
        "暂行或试行", default=False, help_text="名称冠以“暂行”“试行”的，有效期较短。"
    )
    text = models.TextField("正文", max_length=100000, blank=True)
    drafted_on = models.DateField("登记日期")
    status = models.CharField(
        "状态", max_length=12, choices=DocStatus.choices, default=DocStatus.DRAFTED
    )
    review_opinion_on = models.DateField("合法性审核意见日期", null=True, blank=True)
    deliberated_on = models.DateField("集体审议日期", null=True, blank=True)
    meeting = models.CharField("审议会议", max_length=100, blank=True)
    first_published_on = models.DateField("首次公布日期", null=True, blank=True)
    # The current version's
    version = models.PositiveSmallIntegerField("现行版本", default=0)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    filing_organ = models.CharField("备案机关", max_length=200, blank=True)
    filing_due_on = models.DateField("备案期限", null=True, blank=True)
    filed_on = models.DateField("报送备案日期", null=True, blank=True)
    # How it ended
    abolished_on = models.DateField("废止日期", null=True, blank=True)
    expired_on = models.DateField("失效日期", null=True, blank=True)
    end_reason = models.CharField("废止理由", max_length=300, blank=True)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政规范性文件"
        ordering = ["-drafted_on", "-id"]
        indexes = [
            *ledger_indexes(
                "normdoc",
                "drafted_on",
                visible_by=("unit", "organ"),
                scope="organ",
                counted=(("issued", "first_published_on"), ("abolished", "abolished_on")),
            ),
            # The public library's pages (public.py), newest first; status and organ after the
            # unique id, as in a ledger's list index: its bounded total reads only the index.
            # Plain keys: the kernel's keyset reads the dated documents and the undated ones as
            # two ranges, each in an order this index gives (fazhi.core.ledger.keyset).
            models.Index(fields=["-published_on", "-id", "status", "organ"], name="normdoc_public"),
            models.Index(fields=["doc_number"], name="normdoc_number"),
            models.Index(fields=["title"], name="normdoc_title"),
        ]

    def __str__(self) -> str:
        return f"{self.title}({self.doc_number})" if self.doc_number else self.title

    @property
    def validity(self) -> str:
        """有效 / 失效 / 废止 as the public library shows it (a draft has none)."""
        if self.status in DocStatus.in_force():
            return "有效"
        if self.status in (DocStatus.EXPIRED, DocStatus.ABOLISHED):
            return self.get_status_display()
        return ""


class ChangeKind(models.TextChoices):
    ISSUED = "issued", "制定"
    AMENDED = "amended", "修改"


class DocumentVersion(models.Model):
    """One published text of a document: the first (制定) and one more for each 修改. Kept as it
    was published: a version is never rewritten, only followed by the next."""

    document = models.ForeignKey(
        NormativeDocument, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField("版本")
    change = models.CharField("变更", max_length=8, choices=ChangeKind.choices)
    title = models.CharField("标题", max_length=200)
    doc_number = models.CharField("文号", max_length=60)
    text = models.TextField("正文", max_length=100000, blank=True)
    reason = models.CharField("修改理由", max_length=300, blank=True)
    published_on = models.DateField("公布日期")
    effective_from = models.DateField("施行日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    filing_due_on = models.DateField("备案期限", null=True, blank=True)
    filed_on = models.DateField("报送备案日期", null=True, blank=True)
    superseded_on = models.DateField("被修改日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件版本"
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="normdoc_version_unique")
        ]
        indexes = [models.Index(fields=["published_on"], name="normdoc_version_published")]

    def __str__(self) -> str:
        return f"{self.title}({self.doc_number}) 第{self.number}版"


# --- 清理 -----------------------------------------------------------------------------------------


@groups(open=["open"])
class CampaignStatus(models.TextChoices):
    OPEN = "open", "清理中"
    CLOSED = "closed", "已完成"


class CleanupCampaign(Record):
    """A 清理 of the documents in force (纲要 (九) "健全行政规范性文件动态清理工作机制"): every
    document in its scope gets a decision before it closes."""

    statuses = CampaignStatus
    scope_field = "government"

    government = unit_field("组织清理的政府")
    office = unit_field("牵头单位")
    title = models.CharField("清理名称", max_length=200)
    units = models.ManyToManyField(
        OrgUnit,
        verbose_name="清理范围(制定机关)",
        related_name="+",
        blank=True,
        help_text="不选则为本级政府及其部门、乡镇制定的全部文件。",
    )
    cutoff_on = models.DateField("清理基准日", help_text="此日有效的文件纳入清理。")
    opened_on = models.DateField("开始日期")
    status = models.CharField(
        "状态", max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    closed_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件清理"
        ordering = ["-opened_on", "-id"]
        indexes = [
            # After (date, id), the columns visible() filters on: see records.ledger_indexes.
            models.Index(fields=["opened_on", "id", "office", "government"], name="normclean_list")
        ]

    def __str__(self) -> str:
        return self.title


class Decision(models.TextChoices):
    KEEP = "keep", "保留"
    AMEND = "amend", "修改"
    ABOLISH = "abolish", "废止"


class CleanupDecision(models.Model):
    campaign = models.ForeignKey(
        CleanupCampaign, on_delete=models.CASCADE, related_name="decisions"
    )
    document = models.ForeignKey(
        NormativeDocument, on_delete=models.PROTECT, related_name="cleanup_decisions"
    )
    decision = models.CharField("清理结果", max_length=8, choices=Decision.choices)
    reason = models.CharField("理由", max_length=300)
    decided_on = models.DateField("决定日期")
    applied_on = models.DateField("执行日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "清理结果"
        ordering = ["campaign", "document"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "document"], name="normclean_once")
        ]

    def __str__(self) -> str:
        return f"{self.document}：{self.get_decision_display()}"


# --- 备案审查 -------------------------------------------------------------------------------------


@groups(
    open=["received", "correcting"],
    awaiting=["received", "correcting"],
)
class FilingStatus(models.TextChoices):
    RECEIVED = "received", "审查中"
    REGISTERED = "registered", "予以备案登记"
    CORRECTING = "correcting", "建议纠正待报处理情况"
    CORRECTED = "corrected", "已报处理情况"
    REFUSED = "refused", "不予备案登记"


class FilingReview(ClockedRecord):
    """The 备案审查 of one filed document by the 备案审查机构 (a unit duty, usually the 司法局):
    documents of the government's departments and towns filed with it, and the government's own,
    examined before they are filed upward (seed 二.2)."""

    statuses = FilingStatus
    scope_field = "government"
    breakdown_field = "organ"
    awaiting = "awaiting"

    government = unit_field("备案审查政府")
    office = unit_field("备案审查机构")
    organ = unit_field("制定机关")
    document = models.ForeignKey(
        NormativeDocument,
        verbose_name="规范性文件",
        on_delete=models.PROTECT,
        related_name="filing_reviews",
    )
    received_on = models.DateField("收到备案日期")
    status = models.CharField(
        "状态", max_length=12, choices=FilingStatus.choices, default=FilingStatus.RECEIVED
    )
    review_due_on = models.DateField("审查期限", null=True, blank=True)
    concluded_on = models.DateField("审查完成日期", null=True, blank=True)
    opinion = models.TextField("审查意见", max_length=2000, blank=True)
    report_due_on = models.DateField("处理情况报送期限", null=True, blank=True)
    reported_on = models.DateField("处理情况报送日期", null=True, blank=True)
    report = models.TextField("处理情况", max_length=2000, blank=True)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件备案审查"
        ordering = ["-received_on", "-id"]
        indexes = ledger_indexes(
            "normfiling",
            "received_on",
            visible_by=("office", "organ"),
            handler="office",
            scope="government",
            counted=(("concluded", "concluded_on"),),
        )

    def __str__(self) -> str:
        return f"备案审查：{self.document.title}"


# --- 附带审查 (行政复议法(2023) arts. 13, 56–60) -------------------------------------------------


@groups(
    open=["received", "notified", "answered", "forwarded"],
    awaiting=["received", "notified", "answered", "forwarded"],
)
class IncidentalStatus(models.TextChoices):
    RECEIVED = "received", "待处理"
    NOTIFIED = "notified", "已通知制定机关答复"
    ANSWERED = "answered", "制定机关已答复"
    FORWARDED = "forwarded", "已转送有权机关"
    HANDLED = "handled", "已处理"


class IncidentalResult(models.TextChoices):
    LAWFUL = "lawful", "相关条款合法"
    UNLAWFUL = "unlawful", "相关条款超越权限或者违反上位法，决定停止执行并责令制定机关纠正"


class IncidentalReview(ClockedRecord):
    """A 复议 applicant's request to review the 规范性文件 the act rests on (art. 13): the 复议机关
    handles it within 30 日 where it has the power, or forwards it within 7 日 (工作日, art. 88) to
    the organ that has (art. 56); the 复议 is 中止 meanwhile (art. 39 ¶1 (九)) and resumes with the
    result (art. 59 tells it in the 复议决定书)."""

    statuses = IncidentalStatus
    scope_field = "organ"
    awaiting = "awaiting"

    organ = unit_field("复议机关")
    office = unit_field("行政复议机构")
    case = models.ForeignKey(
        "reconsideration.ReconsiderationCase",
        verbose_name="行政复议案件",
        on_delete=models.PROTECT,
        related_name="incidental_reviews",
    )
    document = models.ForeignKey(
        NormativeDocument,
        verbose_name="规范性文件",
        on_delete=models.PROTECT,
        related_name="incidental_reviews",
        null=True,
        blank=True,
    )
    document_title = models.CharField("申请审查的规范性文件", max_length=200)
    clauses = models.CharField("申请审查的条款", max_length=200, blank=True)
    requested_on = models.DateField("中止审理日期")
    competent = models.BooleanField("复议机关有权处理", default=True)
    status = models.CharField(
        "状态", max_length=12, choices=IncidentalStatus.choices, default=IncidentalStatus.RECEIVED
    )
    handle_due_on = models.DateField("处理期限", null=True, blank=True)
    notify_due_on = models.DateField("通知答复期限", null=True, blank=True)
    notified_on = models.DateField("通知制定机关日期", null=True, blank=True)
    answer_due_on = models.DateField("制定机关答复期限", null=True, blank=True)
    answered_on = models.DateField("制定机关答复日期", null=True, blank=True)
    forward_due_on = models.DateField("转送期限", null=True, blank=True)
    forwarded_on = models.DateField("转送日期", null=True, blank=True)
    forwarded_to = models.CharField("转送机关", max_length=200, blank=True)
    reply_due_on = models.DateField("处理意见回复期限", null=True, blank=True)
    handled_on = models.DateField("处理日期", null=True, blank=True)
    result = models.CharField(
        "处理结果", max_length=10, choices=IncidentalResult.choices, blank=True
    )
    result_text = models.TextField("处理意见", max_length=2000, blank=True)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件附带审查"
        ordering = ["-requested_on", "-id"]
        indexes = ledger_indexes(
            "normincid",
            "requested_on",
            visible_by=("office", "document"),
            handler="office",
            scope="organ",
        )

    def __str__(self) -> str:
        return f"附带审查：{self.document_title}"
