"""权责清单: the list of every power (职权) the departments and towns of a government exercise, in
versions. The office that compiles it (编办 or the unit the government names: duty
`powerlists.office`) drafts a version (编制), the units' items are entered or imported into it, and
it is published (公布); publishing a version retires the one before it (已被替代). A published
version is not edited: 动态调整 is a new version (纲要(2021—2025年) 二(一): "建立公开、动态调整…
等配套机制").

An item (职权事项) belongs to the unit that exercises it (实施主体) and to one version. Its type
is one of the ten 职权类型 of the provincial lists (reference/market_rules.md §7: the list is
confirmed, the 中办发〔2015〕21号 wording is not; some places use "9+X").
"""

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.records import Record, unit_field


@groups(open=["draft"])
class ListStatus(models.TextChoices):
    DRAFT = "draft", "编制中"
    PUBLISHED = "published", "已公布"
    SUPERSEDED = "superseded", "已被新版本替代"


class PowerList(Record):
    """One version of a government's 权责清单 (e.g. 2021年版)."""

    statuses = ListStatus
    scope_field = "government"

    government = unit_field("本级政府")
    office = unit_field("编制单位")
    year = models.PositiveSmallIntegerField("版本年度")
    title = models.CharField("名称", max_length=200)
    drafted_on = models.DateField("编制日期")
    status = models.CharField(
        "状态", max_length=12, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    published_on = models.DateField("公布日期", null=True, blank=True)
    published_where = models.CharField("公布渠道", max_length=200, blank=True)
    superseded_on = models.DateField("被替代日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "权责清单"
        ordering = ["-year", "-drafted_on", "-id"]
        indexes = [
            # After (date, id), the columns visible() filters on: see records.ledger_indexes.
            models.Index(
                fields=["drafted_on", "id", "office", "government", "status"],
                name="powerlist_list",
            ),
            models.Index(fields=["government", "published_on"], name="powerlist_in_force"),
        ]

    def __str__(self) -> str:
        return self.title


class Category(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LEVY = "levy", "行政征收"
    PAYMENT = "payment", "行政给付"
    INSPECTION = "inspection", "行政检查"
    CONFIRMATION = "confirmation", "行政确认"
    REWARD = "reward", "行政奖励"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER = "other", "其他行政权力"


@groups(open=["listed"])
class ItemStatus(models.TextChoices):
    LISTED = "listed", "列入清单"
    REMOVED = "removed", "已删除"


class PowerItem(Record):
    """One power of one unit in one version of the list."""

    statuses = ItemStatus

    power_list = models.ForeignKey(
        PowerList, verbose_name="权责清单", on_delete=models.PROTECT, related_name="items"
    )
    government = unit_field("本级政府")
    office = unit_field("编制单位")
    unit = unit_field("实施主体")
    code = models.CharField("职权编码", max_length=60)
    name = models.CharField("职权名称", max_length=300)
    category = models.CharField("职权类型", max_length=16, choices=Category.choices)
    basis = models.TextField("设定依据", max_length=4000)
    duties = models.TextField("责任事项", max_length=4000, blank=True)
    accountability = models.TextField("追责情形", max_length=2000, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ItemStatus.choices, default=ItemStatus.LISTED
    )
    listed_on = models.DateField("列入日期")
    removed_on = models.DateField("删除日期", null=True, blank=True)
    removal_reason = models.CharField("删除理由", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "权责事项"
        ordering = ["power_list", "unit", "code"]
        constraints = [
            models.UniqueConstraint(fields=["power_list", "code"], name="poweritem_code_once")
        ]
        indexes = [
            models.Index(  # a unit also sees its government's published versions' items
                fields=["listed_on", "id", "unit", "office", "government", "status", "power_list"],
                name="poweritem_list",
            ),
            # The figures: a version's items by type, and by unit within it.
            models.Index(fields=["power_list", "category", "status"], name="poweritem_type"),
            models.Index(fields=["power_list", "unit", "status"], name="poweritem_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"[:160]
