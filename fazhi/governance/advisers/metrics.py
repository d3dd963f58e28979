"""The 法律顾问 figures of the annual report (seed part 二.3).

- adv.units: units (departments, towns, the government itself) with an engagement in force on
  some day of the period — a period of it overlaps the period, and it was not 解聘 before the
  period began. adv.units_with_lawyers: those of them whose adviser so engaged is a 社会律师.
- adv.work.*: the 件次 of the work log by kind, summed over the lines dated in the period that
  are not 作废 (a line such as "审核合同12份" counts 12: its `count`). "法治宣传等" (the seed's
  words) takes 法治宣传 and 其他法律事务 together. The report states them as "80余件次" etc.: the
  registry's display rule (Display.APPROX) of the counted value, never a typed number.

Counting: both groups are the registry's table figures, each table read by ONE aggregate
statement (compute_all). The unit figures count the rows of the units table (`Table(OrgUnit,
"pk")`: a unit of the scope meets the condition when a period in force names it). The work
figures add up the work log's 件次 (`Table(..., summed="count")`: SUM(件次) FILTER (WHERE …)),
since a line's 件次 is what the seed counts.
"""

from django.db.models import Q

from fazhi.core.models import OrgUnit
from fazhi.figures.registry import Display, Period, Table, check, figure

from .models import AdviserKind, EngagementPeriod, WorkEntry, WorkKind, WorkStatus

UNITS = Table(OrgUnit, "pk")
WORK = Table(WorkEntry, related=("unit", "adviser"), summed="count")

# --- the units that engaged advisers -----------------------------------------------------------


def _in_force(period: Period) -> Q:
    """A period of an engagement overlapping `period`, not cut off by a 解聘 before it began."""
    not_cut_off = Q(engagement__terminated_on__isnull=True) | Q(
        engagement__terminated_on__gte=period.start
    )
    return Q(start_on__lte=period.end, end_on__gte=period.start) & not_cut_off


def _engaging(period: Period, extra: Q | None = None) -> Q:
    periods = EngagementPeriod.objects.filter(_in_force(period), extra or Q())
    return Q(pk__in=periods.values("engagement__unit"))


@figure("adv.units", "聘请法律顾问的单位(乡镇)", "个", section="二.3", table=UNITS)
def units(scope, period) -> Q:
    """期内有聘任在聘(某一聘期与期间相交，且未在期间开始前解聘)的单位个数(部门、乡镇及政府本级)，
    每个单位计一次。"""
    return _engaging(period)


@figure("adv.units_with_lawyers", "其中聘请社会律师担任法律顾问", "个", section="二.3", table=UNITS)
def units_with_lawyers(scope, period) -> Q:
    """adv.units 所计单位中，期内在聘的法律顾问有社会律师的单位个数。"""
    return _engaging(period, Q(engagement__adviser__kind=AdviserKind.LAWYER))


@check(
    "adv.units_parts",
    "聘请社会律师的单位应是聘请法律顾问的单位的一部分",
    "adv.units",
    "adv.units_with_lawyers",
)
def units_parts(values) -> str | None:
    whole, part = values["adv.units"].value, values["adv.units_with_lawyers"].value
    if whole is None or part is None or part <= whole:
        return None
    return f"聘请社会律师的单位 {part} 个多于聘请法律顾问的单位 {whole} 个"


# --- the work log --------------------------------------------------------------------------------

# figure id suffix -> the kinds it sums ("法治宣传等": 法治宣传 and the other matters)
KINDS = {
    "decisions": (WorkKind.DECISION,),
    "contracts": (WorkKind.CONTRACT,),
    "documents": (WorkKind.DOCUMENT,),
    "enforcement": (WorkKind.ENFORCEMENT,),
    "reconsideration": (WorkKind.RECONSIDERATION,),
    "litigation": (WorkKind.LITIGATION,),
    "arbitration": (WorkKind.ARBITRATION,),
    "mediation": (WorkKind.MEDIATION,),
    "publicity": (WorkKind.PUBLICITY, WorkKind.OTHER),
}


def _work_figure(name: str, label: str, definition: str) -> None:
    def counts(scope, period) -> Q:
        return Q(done_on__range=period.range, status=WorkStatus.RECORDED, kind__in=KINDS[name])

    counts.__doc__ = definition
    counts.__name__ = counts.__qualname__ = f"work_{name}"
    figure(f"adv.work.{name}", label, "件次", section="二.3", display=Display.APPROX, table=WORK)(
        counts
    )


for _name, _label, _what in [
    ("decisions", "法律顾问参与重大行政决策审核", "重大决策"),
    ("contracts", "合同协议审核", "合同协议"),
    ("documents", "行政规范性文件审核", "规范性文件"),
    ("enforcement", "行政执法法制审核", "执法法制审核"),
    ("reconsideration", "行政复议", "行政复议"),
    ("litigation", "行政诉讼", "行政诉讼"),
    ("arbitration", "仲裁", "仲裁"),
    ("mediation", "纠纷调解", "纠纷调解"),
]:
    _work_figure(
        _name,
        _label,
        f"期内(按日期)登记的、未作废的法律顾问工作台账中，工作类型为“{_what}”的件次之和；"
        "报告按“××余件次”表述。",
    )
_work_figure(
    "publicity",
    "法治宣传等",
    "期内(按日期)登记的、未作废的法律顾问工作台账中，工作类型为“法治宣传”或“其他法律事务”的"
    "件次之和；报告按“××余件次”表述。",
)
