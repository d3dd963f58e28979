"""重大行政决策 (《重大行政决策程序暂行条例》, 国务院令第713号, "JC"): the government's annual
决策事项目录 (art. 3 ¶3), each decision of it as a procedure of the statutory steps (arts. 10–36),
the public's opinions on a draft (arts. 14–15, 18), and the government's 常务会议 at which drafts
are discussed and decided (arts. 29–30).

A catalogue and a decision belong to the government that decides (决策机关, `government`, the
roll-up scope); the government's 重大行政决策统筹机构 (a unit duty, usually the 政府办) keeps the
catalogue, starts decisions, puts them to a meeting and publishes them (`office`); the 决策承办单位
(`unit`, art. 11) drafts, consults the public, holds hearings and has experts and risks assessed.
"""

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.records import ClockedRecord, Record, ledger_indexes, unit_field


@groups(open=["drafting", "agreed"])
class CatalogueStatus(models.TextChoices):
    DRAFTING = "drafting", "编制中"
    AGREED = "agreed", "党委已同意"
    PUBLISHED = "published", "已公布"


class Catalogue(Record):
    """决策事项目录 of one 决策机关 and year (JC art. 3 ¶3): adopted, agreed by the 同级党委,
    published, and adjusted during the year (each item added or removed a step with its reason)."""

    statuses = CatalogueStatus
    scope_field = "government"

    government = unit_field("决策机关")
    office = unit_field("编制单位")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("目录名称", max_length=200)
    drafted_on = models.DateField("编制日期")
    status = models.CharField(
        "状态", max_length=10, choices=CatalogueStatus.choices, default=CatalogueStatus.DRAFTING
    )
    party_agreed_on = models.DateField("同级党委同意日期", null=True, blank=True)
    party_document = models.CharField("党委同意文件", max_length=100, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    document_number = models.CharField("文号", max_length=60, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "重大行政决策事项目录"
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["government", "year"], name="decision_catalogue_year")
        ]
        indexes = [
            # After (date, id), the columns visible() filters on: see records.ledger_indexes.
            models.Index(fields=["drafted_on", "id", "government"], name="dec_catalogue_list")
        ]

    def __str__(self) -> str:
        return self.title


class Category(models.TextChoices):
    """The kinds of 决策事项 (JC art. 3 ¶1)."""

    POLICY = "policy", "重大公共政策和措施"
    PLAN = "plan", "经济和社会发展等方面的重要规划"
    RESOURCES = "resources", "开发利用、保护重要自然资源和文化资源"
    PROJECT = "project", "重大公共建设项目"
    OTHER = "other", "其他重大事项"


@groups(
    open=["listed", "started", "commenting", "preparing"],
    drafting=["started", "commenting", "preparing"],
    awaiting=["commenting"],
)
class Status(models.TextChoices):
    LISTED = "listed", "已列入目录"
    STARTED = "started", "已启动"
    COMMENTING = "commenting", "公开征求意见中"
    PREPARING = "preparing", "论证审查中"
    DECIDED = "decided", "已集体讨论决定"
    PUBLISHED = "published", "已公布"
    REMOVED = "removed", "已调出目录"


class RiskConclusion(models.TextChoices):
    """JC art. 24: a decision is made when the risk is 可控, or after measures make it so."""

    CONTROLLABLE = "controllable", "风险可控"
    AFTER_MEASURES = "after_measures", "采取调整措施后风险可控"
    UNCONTROLLABLE = "uncontrollable", "风险不可控"


class Outcome(models.TextChoices):
    """The 行政首长's decision after the collective discussion (JC art. 30)."""

    ADOPTED = "adopted", "通过"
    AMENDED = "amended", "修改后通过"
    DEFERRED = "deferred", "暂缓决定，退回修改"


class Decision(ClockedRecord):
    """One 重大行政决策 of a catalogue, from 启动 to 公布 and 决策后评估."""

    statuses = Status
    scope_field = "government"
    breakdown_field = "unit"
    awaiting = "awaiting"

    catalogue = models.ForeignKey(
        Catalogue, verbose_name="决策事项目录", on_delete=models.PROTECT, related_name="items"
    )
    government = unit_field("决策机关")
    office = unit_field("统筹单位")
    unit = unit_field("决策承办单位")
    title = models.CharField("决策事项", max_length=200)
    category = models.CharField("事项类别", max_length=10, choices=Category.choices)
    listed_on = models.DateField("列入目录日期")
    listing_reason = models.CharField("列入理由", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.LISTED)
    # 启动 (arts. 10–11)
    started_on = models.DateField("启动日期", null=True, blank=True)
    needs_experts = models.BooleanField("需专家论证(专业性、技术性较强)", default=False)
    needs_risk = models.BooleanField("需风险评估(可能影响社会稳定、公共安全)", default=False)
    # 公众参与 (arts. 14–15, 18)
    draft = models.TextField("决策草案及其说明", max_length=5000, blank=True)
    comment_from = models.DateField("公开征求意见起始日期", null=True, blank=True)
    comment_days = models.PositiveSmallIntegerField("征求意见期限(日)", null=True, blank=True)
    comment_until = models.DateField("征求意见截止日期", null=True, blank=True)
    urgency_reason = models.CharField("缩短期限的理由", max_length=300, blank=True)
    comment_closed_on = models.DateField("征求意见结束日期", null=True, blank=True)
    handling_published_on = models.DateField("意见采纳情况公布日期", null=True, blank=True)
    # 听证 (arts. 16–17)
    hearing_unit = unit_field("听证组织单位", null=True, blank=True)
    hearing_place = models.CharField("听证地点", max_length=200, blank=True)
    hearing_announced_on = models.DateField("听证参加人名单公布日期", null=True, blank=True)
    hearing_materials_on = models.DateField("听证材料送达日期", null=True, blank=True)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    hearing_participants = models.TextField("听证参加人", max_length=2000, blank=True)
    hearing_record = models.TextField("听证会记录摘要", max_length=2000, blank=True)
    # 专家论证 (arts. 19–21)
    experts_on = models.DateField("专家论证日期", null=True, blank=True)
    experts_way = models.CharField("论证方式", max_length=20, blank=True)
    experts = models.CharField("论证专家、专业机构", max_length=500, blank=True)
    experts_opinion = models.TextField("论证意见及采纳情况", max_length=2000, blank=True)
    # 风险评估 (arts. 22–24)
    risk_on = models.DateField("风险评估日期", null=True, blank=True)
    risk_conclusion = models.CharField(
        "评估结论", max_length=16, choices=RiskConclusion.choices, blank=True
    )
    risk_report = models.TextField("风险评估报告摘要", max_length=2000, blank=True)
    # 合法性审查 (arts. 25–28): the review itself is the 合法性审核 app's record
    legality_requested_on = models.DateField("送请合法性审查日期", null=True, blank=True)
    # 集体讨论决定 (arts. 29–30)
    meeting = models.ForeignKey(
        "Meeting",
        verbose_name="讨论会议",
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    outcome = models.CharField("决定结果", max_length=10, choices=Outcome.choices, blank=True)
    dissent = models.TextField("不同意见", max_length=2000, blank=True)
    # 向党委请示报告 (art. 31), 公布 (art. 32)
    party_reported_on = models.DateField("向同级党委请示报告日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    document_number = models.CharField("文号", max_length=60, blank=True)
    published_text = models.TextField("公布的决策", max_length=5000, blank=True)
    adoption_note = models.TextField(
        "公众意见、专家论证意见采纳情况说明", max_length=2000, blank=True
    )
    # 决策后评估 (art. 36)
    evaluated_on = models.DateField("决策后评估日期", null=True, blank=True)
    evaluation_unit = models.CharField("评估单位", max_length=100, blank=True)
    evaluation = models.TextField("评估结论", max_length=2000, blank=True)
    # 调出目录
    removed_on = models.DateField("调出目录日期", null=True, blank=True)
    removal_reason = models.CharField("调出理由", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "重大行政决策"
        ordering = ["-listed_on", "-id"]
        indexes = ledger_indexes(
            "decision",
            "listed_on",
            visible_by=("office", "unit", "government"),
            scope="government",
            counted=(("decided", "decided_on"), ("hearing", "hearing_on")),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def comment_open(self) -> bool:
        return self.status == Status.COMMENTING


class OpinionOutcome(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    REJECTED = "rejected", "不采纳"


class CommentChannel(models.TextChoices):
    PORTAL = "portal", "政府网站"
    LETTER = "letter", "信函"
    EMAIL = "email", "电子邮件"
    MEETING = "meeting", "座谈会、走访"


class PublicOpinion(models.Model):
    """One opinion on a draft put to public comment (JC art. 15), and its handling (art. 18): the
    handling is published with the reasons; the person who gave it is shown masked."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="opinions")
    number = models.PositiveIntegerField("序号")
    received_on = models.DateField("收到日期")
    channel = models.CharField("提出方式", max_length=10, choices=CommentChannel.choices)
    name = models.CharField("提出人", max_length=100)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    text = models.TextField("意见建议", max_length=3000)
    outcome = models.CharField(
        "采纳情况", max_length=10, choices=OpinionOutcome.choices, blank=True
    )
    reason = models.CharField("理由", max_length=500, blank=True)
    handled_on = models.DateField("处理日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公众意见"
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="decision_opinion_number")
        ]

    def __str__(self) -> str:
        return f"{self.decision} 第{self.number}条意见"


class MeetingKind(models.TextChoices):
    """JC art. 30: a draft is discussed at the government's 常务会议 or 全体会议."""

    EXECUTIVE = "executive", "常务会议"
    PLENARY = "plenary", "全体会议"


@groups(open=["held"])
class MeetingStatus(models.TextChoices):
    HELD = "held", "已召开"
    MINUTED = "minuted", "纪要已印发"


class Meeting(Record):
    """A meeting of the government (常务会议 or 全体会议): its date, agenda (the decisions
    discussed there are linked by their 集体讨论决定 step), 会前学法 when held, and its minutes
    (纪要: number and date; the file is the record's attachment)."""

    statuses = MeetingStatus
    scope_field = "government"

    government = unit_field("政府")
    office = unit_field("会务单位")
    kind = models.CharField("会议类型", max_length=10, choices=MeetingKind.choices)
    number = models.CharField("届次", max_length=40, help_text="如“第十五届第23次”。")
    held_on = models.DateField("召开日期")
    chair = models.CharField("主持人", max_length=50, blank=True)
    agenda = models.TextField("其他议题", max_length=3000, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.HELD
    )
    study_topic = models.CharField("会前学法主题", max_length=200, blank=True)
    study_speaker = models.CharField("会前学法主讲人", max_length=100, blank=True)
    minutes_number = models.CharField("会议纪要编号", max_length=60, blank=True)
    minutes_on = models.DateField("纪要印发日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "政府常务会议"
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "kind", "number"], name="decision_meeting_number"
            )
        ]
        indexes = [
            models.Index(fields=["held_on", "id", "government"], name="dec_meeting_list"),
            models.Index(fields=["government", "held_on"], name="dec_meeting_held"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.number}({self.held_on:%Y-%m-%d})"
