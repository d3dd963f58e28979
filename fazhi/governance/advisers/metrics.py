"""The 法律顾问 figures of the annual report (seed part 二.3).

- adv.units: units (departments, towns, the government itself) with an engagement in force on
  some day of the period — a period of it overlaps the period, and it was not 解聘 before the
  period began. adv.units_with_lawyers: those of them whose adviser so engaged is a 社会律师.
- adv.work.*: the 件次 of the work log by kind, summed over the lines dated in the period that
  are not 作废 (a line such as "审核合同12份" counts 12: its `count`). "法治宣传等" (the seed's
  words) takes 法治宣传 and 其他法律事务 together. The report states them as "80余件次" etc.: the
  registry's display rule (Display.APPROX) of the counted value, never a typed number.

Counting: each table is read by ONE aggregate statement — SUM(count) FILTER (WHERE kind = …) for
every kind of the work log at once, COUNT(DISTINCT unit) (FILTER …) for the two unit figures —
over the ids of the scope's units (the registry's `subtree_units`). The registry counts rows of a
table in one statement (`Table`) but does not sum a column, so the figures here share one
statement themselves: the figures a computation asks for before it reads any of their values join
one pending statement (`_Shared`), which runs when the first value is read; a figure asked for
after that starts a new one, so a value is never older than the computation that asked for it.
"""

import threading
import weakref
from collections.abc import Callable

from django.db.models import Count, Q, QuerySet, Sum

from fazhi.core.models import OrgUnit
from fazhi.figures.registry import Display, Period, Source, Value, check, figure, subtree_units

from .models import AdviserKind, EngagementPeriod, WorkEntry, WorkKind, WorkStatus

_pending = threading.local()


class _Shared:
    """One aggregate statement that several figures of one scope and period read from."""

    def __init__(self, key: tuple, run: Callable[[], dict]):
        self.key, self._run, self._found = key, run, None

    def __getitem__(self, name: str):
        if self._found is None:
            _waiting().pop(self.key, None)  # figures asked for from now on get a fresh statement
            self._found = self._run()
        return self._found[name]


def _waiting() -> weakref.WeakValueDictionary:
    if not hasattr(_pending, "statements"):
        _pending.statements = weakref.WeakValueDictionary()
    return _pending.statements


def _shared(name: str, scope, period: Period, run: Callable[[list[int]], dict]) -> _Shared:
    key = (name, scope.pk, period.start, period.end)
    found = _waiting().get(key)
    if found is None:
        found = _Shared(key, lambda: run(subtree_units(scope)))
        _waiting()[key] = found
    return found


class _Read(Value):
    """A figure's Value read from a shared statement when its value is first needed."""

    def __init__(self, shared: _Shared, name: str, records: QuerySet):
        self._shared, self._name = shared, name
        self.records, self.numerator, self.denominator = records, None, None
        self.source, self.note, self.among = Source.RECORDS, "", None

    @property
    def value(self):
        return self._shared[self._name] or 0


# --- the units that engaged advisers -----------------------------------------------------------


def _in_force(period: Period) -> Q:
    """A period of an engagement overlapping `period`, not cut off by a 解聘 before it began."""
    not_cut_off = Q(engagement__terminated_on__isnull=True) | Q(
        engagement__terminated_on__gte=period.start
    )
    return Q(start_on__lte=period.end, end_on__gte=period.start) & not_cut_off


LAWYER = Q(engagement__adviser__kind=AdviserKind.LAWYER)


def _periods(units, period: Period) -> QuerySet:
    return EngagementPeriod.objects.filter(_in_force(period), engagement__unit_id__in=units)


def _count_units(period: Period) -> Callable[[list[int]], dict]:
    def run(units: list[int]) -> dict:
        return _periods(units, period).aggregate(
            units=Count("engagement__unit", distinct=True),
            lawyers=Count("engagement__unit", distinct=True, filter=LAWYER),
        )

    return run


def _units_value(scope, period: Period, name: str, extra: Q) -> Value:
    shared = _shared("adv.units", scope, period, _count_units(period))
    periods = EngagementPeriod.objects.filter(
        _in_force(period), extra, engagement__unit__path__startswith=scope.path
    )
    return _Read(shared, name, OrgUnit.objects.filter(pk__in=periods.values("engagement__unit")))


@figure("adv.units", "聘请法律顾问的单位(乡镇)", "个", section="二.3")
def units(scope, period) -> Value:
    """期内有聘任在聘(某一聘期与期间相交，且未在期间开始前解聘)的单位个数(部门、乡镇及政府本级)，
    每个单位计一次。"""
    return _units_value(scope, period, "units", Q())


@figure("adv.units_with_lawyers", "其中聘请社会律师担任法律顾问", "个", section="二.3")
def units_with_lawyers(scope, period) -> Value:
    """adv.units 所计单位中，期内在聘的法律顾问有社会律师的单位个数。"""
    return _units_value(scope, period, "lawyers", LAWYER)


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


def _counted(period: Period) -> Q:
    return Q(done_on__range=period.range, status=WorkStatus.RECORDED)


def _sum_work(period: Period) -> Callable[[list[int]], dict]:
    def run(units: list[int]) -> dict:
        rows = WorkEntry.objects.filter(_counted(period), unit_id__in=units)
        return rows.aggregate(
            **{name: Sum("count", filter=Q(kind__in=kinds)) for name, kinds in KINDS.items()}
        )

    return run


def _work_value(name: str):
    def compute(scope, period) -> Value:
        shared = _shared("adv.work", scope, period, _sum_work(period))
        records = WorkEntry.objects.in_scope(scope).filter(_counted(period), kind__in=KINDS[name])
        return _Read(shared, name, records.select_related("unit", "adviser"))

    return compute


def _work_figure(name: str, label: str, definition: str) -> None:
    compute = _work_value(name)
    compute.__doc__ = definition
    compute.__name__ = compute.__qualname__ = f"work_{name}"
    figure(f"adv.work.{name}", label, "件次", section="二.3", display=Display.APPROX)(compute)


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
