"""What the 驾驶舱 shows, computed from the records like every figure: each figure this year and
last, one figure by unit and by month, and the open work by unit. Counts are aggregate
statements (one per table, grouped by unit where a breakdown is asked for); nothing here loads
records into Python."""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from fazhi.core.models import OpenItem, OrgUnit
from fazhi.figures import services as figures
from fazhi.figures.registry import (
    Figure,
    Period,
    change_in_points,
    count_by_unit,
    count_together,
    percent,
    subtree_units,
)

DUE_SOON_DAYS = 7


@dataclass
class Row:
    """One figure this year beside last year."""

    figure: Figure
    text: str
    previous_text: str
    change: str


def overview(scope: OrgUnit, year: int) -> list[Row]:
    """Every figure of the year beside the year before, with the change in the report's words."""
    now = figures.compute_all(scope, Period.year(year))
    before = {c.figure.id: c for c in figures.compute_all(scope, Period.year(year - 1))}
    return [
        Row(c.figure, c.text, last.text, change(c.figure, c.result.value, last.result.value))
        for c in now
        for last in [before[c.figure.id]]
    ]


def change(figure: Figure, current, previous) -> str:
    """同比: a rate changes in 百分点; a count grows or falls by a share of last year's."""
    if figure.unit == "%":
        return change_in_points(current, previous)
    if current is None or previous is None:
        return ""
    if previous == 0:
        return "上年为零" if current else "与上年持平"
    if current == previous:
        return "与上年持平"
    growth = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    word = "增长" if growth > 0 else "下降"
    return f"同比{word}{abs(growth):.1f}%"


def children_of(scope: OrgUnit) -> list[OrgUnit]:
    """The units a breakdown shows: a 州's counties, a county's departments and towns."""
    return list(OrgUnit.objects.filter(parent=scope).order_by("order", "path"))


def by_unit(figure: Figure, scope: OrgUnit, year: int) -> list[tuple[OrgUnit, object]]:
    """The figure for each unit under the scope (its subtree's records), largest first."""
    children = children_of(scope)
    period = Period.year(year)
    if figure.table is None:
        values = [(child, figure.compute(child, period).value) for child in children]
    else:
        values = _grouped(figure, scope, period, children)
    return sorted(values, key=lambda pair: (pair[1] is None, -(pair[1] or 0)))


def _grouped(figure: Figure, scope, period, children) -> list[tuple[OrgUnit, object]]:
    """One grouped statement; each row's unit is summed into the child whose subtree holds it."""
    units = OrgUnit.objects.filter(pk__in=subtree_units(scope)).values_list("pk", "path")
    owner = {}
    for pk, path in units:
        owner[pk] = next((c.pk for c in children if path.startswith(c.path)), None)
    counted = count_by_unit(figure.table, [figure], scope, period, list(owner))
    breakdown = getattr(figure.table.model, "breakdown_field", "")
    if breakdown and not any(owner.get(unit_id) for unit_id in counted):
        # The records name the government itself (a county's 复议 cases name the county as
        # 复议机关): its units are told apart by another unit the record names (被申请人).
        counted = count_by_unit(figure.table, [figure], scope, period, list(owner), breakdown)
    sums: dict[int, list[int]] = {c.pk: [0, 0] for c in children}
    for unit_id, found in counted.items():
        child = owner.get(unit_id)
        if child is None:
            continue  # the scope's own rows (a county's 政府 itself) belong to no child
        parts = found[figure.id]
        sums[child][0] += parts[0]
        sums[child][1] += parts[1] if len(parts) > 1 else 0
    rate = figure.unit == "%"
    return [(child, percent(*sums[child.pk]) if rate else sums[child.pk][0]) for child in children]


def by_month(figure: Figure, scope: OrgUnit, year: int) -> list[tuple[int, object, object]]:
    """(month, this year's value, last year's) for each month of the year: the figure counted
    over each month alone."""
    units = subtree_units(scope) if figure.table else None

    def value(period: Period):
        if figure.table is None:
            return figure.compute(scope, period).value
        return count_together(figure.table, [figure], scope, period, units)[figure.id].value

    return [(m, value(_month(year, m)), value(_month(year - 1, m))) for m in range(1, 13)]


def _month(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(dt.date(year, month, 1), dt.date(year, month, last))


@dataclass
class Workload:
    unit: OrgUnit
    overdue: int
    due_soon: int


def open_work(scope: OrgUnit, today: dt.date) -> list[Workload]:
    """Overdue and due-soon open records of every procedure, by the unit handling them, the
    most overdue first: one grouped statement on the kernel's open-items table."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    rows = (
        OpenItem.objects.filter(unit_id__in=subtree_units(scope), due_on__lte=soon)
        .order_by()
        .values("unit")
        .annotate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            due_soon=Count("pk", filter=Q(due_on__gte=today)),
        )
    )
    totals = {row["unit"]: (row["overdue"], row["due_soon"]) for row in rows}
    named = OrgUnit.objects.in_bulk(list(totals))
    work = [Workload(named[pk], *counts) for pk, counts in totals.items() if pk in named]
    return sorted(work, key=lambda w: (-w.overdue, -w.due_soon, w.unit.path))
