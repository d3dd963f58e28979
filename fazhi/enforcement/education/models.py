"""普法学法 (seed 四.3 and 八.5): the ledger of legal-education activities each unit holds, and
each unit's 普法责任清单 ("谁执法谁普法").

- `Activity` — one 普法 or 学法 activity held (登记 after it took place): its type, date,
  organising unit, place, audience, attendance and, for the types that count things, a quantity
  (份 of leaflets, 块 of boards, 人次 of consultations, 期 of episodes). Its materials (photos,
  sign-in sheets, the leaflet itself) are the kernel's attachments on its page. A mistaken entry
  is 更正 (the audit row keeps what it said before) or 撤销 with a reason — never deleted.

  No 计划 → 已开展 lifecycle: what a unit plans is its 普法责任清单 (items with planned times),
  and the ledger records what was held. An activity may name the 清单事项 it carries out, so an
  item without any activity in its year shows on the list.
- `DutyItem` — one item of a unit's 普法责任清单 for a year: the laws it must publicise, to whom,
  by what measures, when. 拟定 → 公布 (then on the portal, no login) → 撤回 (with a reason).

Basis: 法治政府建设与责任落实督察工作规定 art. 9 (十) ("认真落实‘谁执法谁普法’普法责任制，加强
本部门法治政府建设宣传教育工作"); 法治政府建设实施纲要(2021－2025年) (十六) ("全面落实‘谁执法
谁普法’普法责任制，加强以案释法") and (三十四) (领导干部学法用法, 法治专题讲座); 优化营商环境条例
art. 67 ("落实国家机关普法责任制"). None fixes a form or a period: the ledger is local practice.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.db.models.signals import pre_save
from django.dispatch import receiver

from fazhi.core.choices import groups
from fazhi.core.models import OrgUnit
from fazhi.core.records import Record, unit_field

MAX_QUANTITY = 999_999  # one line: a county's year of leaflets stays far below this
MAX_ATTENDANCE = 99_999
NEWS = "弥勒新闻"  # the demo city's daily news programme, in which the 栏目 may be broadcast
PROGRAMME = "平安法治弥勒"  # the demo city's 普法 TV 栏目


class ActivityKind(models.TextChoices):
    LAW_EVENT = "law_event", "送法活动"
    LEADER_LECTURE = "leader_lecture", "领导干部法治专题讲座"
    CIVIL_CODE = "civil_code", "民法典专题宣讲"
    LEGAL_LITERATE = "legal_literate", "“法律明白人”培训"
    TV = "tv", "电视普法节目"
    LEAFLETS = "leaflets", "宣传资料发放"
    BOARDS = "boards", "法治文化阵地展板更新"
    CONSULTATION = "consultation", "法律咨询"
    CHECKUP = "checkup", "民营企业“法治体检”"
    OATH = "oath", "宪法宣誓"
    REPORTING = "reporting", "述法"
    PRE_MEETING = "pre_meeting", "会前学法"
    TRIAL = "trial", "旁听庭审"
    CASE_TEACHING = "case_teaching", "以案释法"
    OTHER = "other", "其他"


# The types whose line counts things, and the measure it counts in (the seed's units).
QUANTITY_UNITS = {
    ActivityKind.TV: "期",
    ActivityKind.LEAFLETS: "份",
    ActivityKind.BOARDS: "块",
    ActivityKind.CONSULTATION: "人次",
}
# The types whose attendance must be given: a training is counted by the people trained.
ATTENDANCE_REQUIRED = {ActivityKind.LEGAL_LITERATE}


@groups(open=["registered"])
class ActivityStatus(models.TextChoices):
    REGISTERED = "registered", "已登记"
    REVOKED = "revoked", "已撤销"


class Activity(Record):
    statuses = ActivityStatus
    scope_field = "unit"

    unit = unit_field("组织单位")
    kind = models.CharField("活动类型", max_length=16, choices=ActivityKind.choices)
    held_on = models.DateField("开展日期")
    title = models.CharField("活动名称", max_length=200)
    place = models.CharField("地点", max_length=200, blank=True)
    audience = models.CharField("对象", max_length=200, blank=True)
    attendance = models.PositiveIntegerField(
        "参加人数",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_ATTENDANCE)],
        help_text="“法律明白人”培训必填(计入培训人数)。",
    )
    quantity = models.PositiveIntegerField(
        "数量",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
        help_text="宣传资料发放填份数，展板更新填块数，法律咨询填人次，电视普法节目填期数；"
        "其他类型不填。",
    )
    programme = models.CharField(
        "节目(栏目)名称", max_length=100, blank=True, help_text="电视普法节目必填。"
    )
    broadcaster = models.CharField("播出频道", max_length=100, blank=True)
    in_news = models.BooleanField(
        "在新闻节目中播出",
        default=False,
        help_text=f"作为栏目在《{NEWS}》中播出的为“是”；单独拍摄播出的专题节目为“否”。",
    )
    duty_item = models.ForeignKey(
        "DutyItem",
        verbose_name="落实的普法责任清单事项",
        on_delete=models.PROTECT,
        related_name="activities",
        null=True,
        blank=True,
    )
    status = models.CharField(
        "状态", max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.REGISTERED
    )
    corrections = models.PositiveSmallIntegerField("更正次数", default=0)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "普法活动"
        ordering = ["-held_on", "-id"]
        indexes = [
            # After (date, id), the columns visible() filters on: see records.ledger_indexes.
            models.Index(fields=["held_on", "id", "unit"], name="eduact_list"),
            models.Index(fields=["unit", "held_on"], name="eduact_counted"),
            models.Index(fields=["duty_item", "held_on"], name="eduact_item"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"[:120]

    @property
    def quantity_text(self) -> str:
        return quantity_text(self.kind, self.quantity)


def quantity_text(kind: str, quantity) -> str:
    """An activity's quantity with its unit (册, 人次 …) where its kind counts one."""
    unit = QUANTITY_UNITS.get(kind)
    return f"{quantity}{unit}" if unit and quantity is not None else ""


@groups(open=["drafted", "published"])
class DutyStatus(models.TextChoices):
    DRAFTED = "drafted", "拟定"
    PUBLISHED = "published", "已公布"
    WITHDRAWN = "withdrawn", "已撤回"


class DutyItem(Record):
    """One item of a unit's 普法责任清单 for a year. It holds no personal data: what is published
    is the unit's duty, not a person's."""

    statuses = DutyStatus
    scope_field = "unit"

    unit = unit_field("责任单位")
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    laws = models.CharField("普法内容(法律法规)", max_length=300)
    audience = models.CharField("普法对象", max_length=200)
    measures = models.TextField("普法措施", max_length=1000)
    planned_times = models.CharField("计划时间", max_length=200, help_text="如“3月、12月4日前后”。")
    status = models.CharField(
        "状态", max_length=12, choices=DutyStatus.choices, default=DutyStatus.DRAFTED
    )
    drafted_on = models.DateField("拟定日期")
    published_on = models.DateField("公布日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdraw_reason = models.CharField("撤回原因", max_length=200, blank=True)
    # The unit's materialised path (OrgUnit.path), copied so that a list may be keyset-paged in
    # the org tree's order on a column of the item itself (public.undone). Set when the item is
    # saved (its unit never changes) and rewritten with the unit's when a unit moves or is
    # recoded (`follow_unit_paths`); a stale copy would only misplace a row in that order, never
    # show it to anyone else: who sees an item is decided by `unit`. Bookkeeping: no Chinese
    # name, so neither exported nor offered by the API (fazhi.core.exports, procedures).
    unit_path = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = verbose_name_plural = "普法责任清单事项"
        ordering = ["-year", "unit", "id"]
        indexes = [
            models.Index(fields=["drafted_on", "id", "unit"], name="edutask_list"),
            models.Index(fields=["unit", "year", "status"], name="edutask_unit"),
            models.Index(fields=["year", "status"], name="edutask_public"),
            # A year's items in the tree's order, with what visible() and the list filter on.
            models.Index(fields=["year", "unit_path", "id", "unit", "status"], name="edutask_tree"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.laws}"[:120]

    def save(self, *args, **kwargs):
        if self.unit_id and not self.unit_path:
            self.unit_path = self.unit.path
        super().save(*args, **kwargs)


@receiver(pre_save, sender=OrgUnit, dispatch_uid="education.follow_unit_paths")
def follow_unit_paths(sender, instance, raw=False, **kwargs):
    """The items of a unit that moves or is recoded, and of every unit under it, take its new
    path. OrgUnit.save has set the new path and, in the same transaction, rewrites its subtree's
    after this signal: here the stored paths are still the old ones."""
    if raw or instance._state.adding:
        return
    old = OrgUnit.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
    if not old or old == instance.path:
        return
    rest = Substr("unit_path", len(old) + 1)
    subtree = OrgUnit.objects.filter(path__startswith=old).values("pk")
    DutyItem.objects.filter(unit__in=subtree).update(
        unit_path=Concat(Value(instance.path), rest, output_field=models.CharField())
    )
