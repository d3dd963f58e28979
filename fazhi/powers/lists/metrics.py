"""The 权责清单 figures (seed part 一.3: "全市12个乡镇(街道)、32家市级部门共有权责事项6272项，
其中行政许可事项283项，较2019年减少57项").

A list is a state, not a flow: each figure reads the version in force at the period's end (the
last published by then and not yet 替代 by then), of each government in the scope (a 州 sums its
counties'). Items 删除 while the version was compiled are not counted.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from fazhi.core.models import OrgUnit, UnitKind
from fazhi.figures.registry import Table, Value, counted, figure

from .models import Category, ItemStatus, ListStatus, PowerItem, PowerList

ITEMS = Table(PowerItem, related=("power_list",))
PUBLISHED = (ListStatus.PUBLISHED, ListStatus.SUPERSEDED)


def in_force_on(day: dt.date, prefix: str = "power_list__") -> Q:
    """The versions in force on `day` (over an item's version with the default prefix)."""
    return Q(**{f"{prefix}status__in": PUBLISHED, f"{prefix}published_on__lte": day}) & (
        Q(**{f"{prefix}superseded_on__isnull": True}) | Q(**{f"{prefix}superseded_on__gt": day})
    )


def _listed_in_force(period) -> Q:
    return in_force_on(period.end) & Q(status=ItemStatus.LISTED)


@figure("pow.items.total", "权责事项", "项", section="一.3", table=ITEMS)
def total(scope, period) -> Q:
    """期末施行的权责清单(期末前最后公布且期末尚未被新版本替代的版本)所列权责事项数；编制中删除的事项
    不计。"""
    return _listed_in_force(period)


@figure("pow.items.licensing", "其中行政许可事项", "项", section="一.3", table=ITEMS)
def licensing(scope, period) -> Q:
    """期末施行的权责清单所列职权类型为“行政许可”的事项数。"""
    return _listed_in_force(period) & Q(category=Category.LICENSING)


@figure("pow.items.licensing_before", "上一版清单的行政许可事项", "项", section="一.3")
def licensing_before(scope, period) -> Value:
    """期末施行的权责清单的上一版(被它替代的版本)所列行政许可事项数；尚无上一版的为0。"""
    replaced_by_current = PowerList.objects.filter(
        in_force_on(period.end, ""),
        government=OuterRef("power_list__government"),
        published_on=OuterRef("power_list__superseded_on"),
    )
    items = PowerItem.objects.filter(
        Exists(replaced_by_current),
        power_list__status=ListStatus.SUPERSEDED,
        unit__path__startswith=scope.path,
        status=ItemStatus.LISTED,
        category=Category.LICENSING,
    )
    return counted(items)


def _units_listed(scope, period, kind: str) -> Value:
    items = PowerItem.objects.filter(
        _listed_in_force(period), unit__path__startswith=scope.path
    ).values("unit_id")
    return counted(OrgUnit.objects.filter(kind=kind, pk__in=items))


@figure("pow.units.towns", "权责清单覆盖乡镇(街道)", "个", section="一.3")
def towns(scope, period) -> Value:
    """期末施行的权责清单中列有权责事项的不同乡镇(街道)个数。"""
    return _units_listed(scope, period, UnitKind.TOWN)


@figure("pow.units.departments", "权责清单覆盖市级部门", "家", section="一.3")
def departments(scope, period) -> Value:
    """期末施行的权责清单中列有权责事项的不同政府工作部门个数。"""
    return _units_listed(scope, period, UnitKind.DEPARTMENT)
