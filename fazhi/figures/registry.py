"""The figures registry: every figure of the annual report is defined once, here or in an app's
metrics.py, as a function of (org scope, period).

Most figures count the rows of one table, or give the share of them that meet a condition. Such
a figure names its table and returns only its condition:

    CASES = Table(ReconsiderationCase, "organ", related=("respondent",))

    @figure("rec.accepted", "受理行政复议案件", "件", section="六.1", table=CASES)
    def accepted(scope, period) -> Q:
        "Cases of the scope accepted (受理) within the period."
        return Q(accepted_on__range=period.range)

    @figure("rec.on_time_rate", "行政复议按期办结率", "%", section="六.1", table=CASES)
    def on_time_rate(scope, period) -> Share:
        "Concluded cases closed by their due date ÷ concluded cases."
        return Share(concluded(period), Q(closed_on__lte=F("decision_due_on")))

so that compute_all can count every figure of a table in one statement (one COUNT(*) FILTER
(WHERE …) per figure) over the scope's own rows, instead of one query per figure
(bench/README.md). A figure that is not a count of one table's rows returns its Value itself:

    @figure("sup.proposals.towns", "涉及乡镇人民政府", "个", section="五.1")
    def towns(scope, period) -> Value:
        return counted(OrgUnit.objects.filter(...))

Values are aggregate queries: a figure never loads records into Python; its Value's `records`
is the queryset of what it counted, for the drill-down page.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Model, Q, QuerySet, Sum
from django.db.models.enums import TextChoices

from fazhi.core.models import OrgUnit


class Source(TextChoices):
    RECORDS = "records", "案件记录"
    RETURNS = "returns", "统计报表"


class Display(TextChoices):
    EXACT = "exact", "精确值"
    APPROX = "approx", "约数(××余)"
    PERCENT = "percent", "百分比(两位小数)"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def range(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)

    def previous_year(self) -> Period:
        return Period(
            self.start.replace(year=self.start.year - 1), self.end.replace(year=self.end.year - 1)
        )

    def __str__(self) -> str:
        if (
            self.start.month == 1
            and self.start.day == 1
            and self.end == self.start.replace(month=12, day=31)
        ):
            return f"{self.start.year}年"
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"


@dataclass
class Value:
    """A computed figure: the number, and what it rests on."""

    value: Decimal | int | None
    records: QuerySet | None = None
    numerator: int | None = None
    denominator: int | None = None
    source: str = Source.RECORDS
    note: str = ""
    among: QuerySet | None = None  # a rate's denominator rows (`records` are its numerator's)


def counted(records: QuerySet) -> Value:
    return Value(records.count(), records)


def rate(denominator: QuerySet, numerator: Q) -> Value:
    """The share of `denominator`'s records that meet `numerator`, as a percentage with two
    decimals (None when there is nothing to divide); both counts come from one aggregate query."""
    counts = denominator.aggregate(den=Count("pk"), num=Count("pk", filter=numerator))
    num, den = counts["num"], counts["den"]
    return Value(percent(num, den), denominator.filter(numerator), num, den, among=denominator)


def percent(num: int, den: int) -> Decimal | None:
    if not den:
        return None
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Table:
    """The rows a group of figures count: a model, and the field naming the unit whose subtree
    is the scope (a prefecture's rows are its counties' rows) — a procedure's record declares it
    (fazhi.core.records.Record.scope_field), another model names it here. `related` is what the
    drill-down page shows beside each record. `summed`: the column whose values the figures add
    up instead of counting rows (a work log's 件次, the 份 of leaflets a line records)."""

    model: type[Model]
    unit_field: str = ""
    related: tuple[str, ...] = ()
    summed: str = ""

    def measure(self, where: Q) -> Count | Sum:
        """What one figure takes of the rows `where` selects: their number, or their column's sum
        (0 where there is none)."""
        if self.summed:
            return Sum(self.summed, filter=where, default=0)
        return Count("pk", filter=where)

    @property
    def scope_field(self) -> str:
        return self.unit_field or self.model.scope_field

    def rows(self, units: list[int]) -> QuerySet:
        """The rows of the scope: `unit_field IN (ids)` with the ids given as a list, so the
        database can use the table's (unit, date) indexes; a join on the units' path cannot
        (bench/README.md)."""
        rows = self.model._default_manager.filter(**{f"{self.scope_field}__in": units})
        return rows.select_related(*self.related) if self.related else rows


@dataclass(frozen=True)
class Share:
    """A rate over one table: the rows that meet `meets` among the rows of `among`."""

    among: Q
    meets: Q


Counts = Q | Share  # what a figure over a table returns: the rows it counts, or a share of them


@dataclass(frozen=True)
class Figure:
    id: str
    label: str
    unit: str
    section: str
    compute: Callable[..., Value]  # (scope, period) -> Value, for any figure
    display: str = Display.EXACT
    definition: str = ""
    table: Table | None = None  # set when the figure counts rows of one table …
    counts: Callable[..., Counts] | None = None  # … and then (scope, period) -> what it counts
    government_path: str = ""  # a custom figure's government: it counts only within it

    def format(self, value) -> str:
        return format_value(value, self.display, self.unit)

    def applies_to(self, scope) -> bool:
        """A registered figure holds everywhere; a figure a coordinator defined holds for the
        coordinator's government and the units under it (fazhi.figures.custom)."""
        return scope.path.startswith(self.government_path)


_REGISTRY: dict[str, Figure] = {}


def figure(
    id: str,
    label: str,
    unit: str,
    *,
    section: str,
    display: str | None = None,
    table: Table | None = None,
):
    """Register a figure function. Its docstring is the figure's written definition.

    Without `table` the function returns the figure's Value; with it, the function returns what
    it counts in that table (a Q, or a Share for a rate) and the kernel does the counting."""

    def register(func: Callable) -> Callable:
        if id in _REGISTRY and func not in (_REGISTRY[id].compute, _REGISTRY[id].counts):
            raise ValueError(f"figure {id} is registered twice")
        chosen = display or (Display.PERCENT if unit == "%" else Display.EXACT)
        doc = _one_line(func.__doc__ or "")
        if table is None:
            _REGISTRY[id] = Figure(id, label, unit, section, func, chosen, doc)
        else:
            fig = Figure(id, label, unit, section, func, chosen, doc, table, func)

            def alone(scope, period) -> Value:
                # Alone (the drill-down page), counted by the same code as in compute_all.
                return count_alone(fig, scope, period)

            # It keeps the declaring function's name and module (the start-up checks look for
            # the figures a procedure's metrics module registered).
            _REGISTRY[id] = replace(fig, compute=functools.update_wrapper(alone, func))
        return func

    return register


def subtree_units(scope) -> list[int]:
    """The ids of the scope's subtree, read once per computation: a few hundred at most for a
    prefecture, and the unit ids every Table filters on."""
    return list(OrgUnit.objects.filter(path__startswith=scope.path).values_list("pk", flat=True))


def count_together(
    table: Table, figures: list[Figure], scope, period: Period, units: list[int]
) -> dict[str, Value]:
    """The Values of `figures` (all over `table`) for one scope and period, from one aggregate
    statement: one COUNT(*) FILTER (WHERE …) per count, two per rate, over the scope's rows
    that any of the figures may count."""
    declared = {f.id: f.counts(scope, period) for f in figures}
    aggregates, rows = _aggregates(table, declared), _counted_rows(table, declared, units)
    found = rows.aggregate(**aggregates) if aggregates else {}
    values: dict[str, Value] = {}
    scoped = functools.cache(lambda: table.rows(units))  # built only if a Value's rows are read
    for n, (fid, counts) in enumerate(declared.items()):
        if isinstance(counts, Share):
            num, den = found[f"n{n}"], found[f"d{n}"]
            values[fid] = Counted(percent(num, den), scoped, counts.meets, num, den, counts.among)
        else:
            values[fid] = Counted(found[f"c{n}"], scoped, counts)
    return values


def count_by_unit(
    table: Table,
    figures: list[Figure],
    scope,
    period: Period,
    units: list[int],
    field: str = "",
) -> dict[int, dict[str, tuple]]:
    """The same counts as count_together, grouped by the unit each row names in `field` (the
    table's scope field unless given): {unit id: {figure id: (count,) or (numerator,
    denominator)}} — one statement, for the 驾驶舱's figures by unit."""
    declared = {f.id: f.counts(scope, period) for f in figures}
    aggregates = _aggregates(table, declared)
    field = field or table.scope_field
    rows = _counted_rows(table, declared, units).order_by().values(field).annotate(**aggregates)
    found = {}
    for row in rows:
        found[row[field]] = {
            fid: (row[f"n{n}"], row[f"d{n}"]) if isinstance(c, Share) else (row[f"c{n}"],)
            for n, (fid, c) in enumerate(declared.items())
        }
    return found


def _aggregates(table: Table, declared: dict) -> dict:
    aggregates = {}
    for n, counts in enumerate(declared.values()):
        if isinstance(counts, Share):
            aggregates[f"d{n}"] = table.measure(counts.among)
            aggregates[f"n{n}"] = table.measure(counts.among & counts.meets)
        else:
            aggregates[f"c{n}"] = table.measure(counts)
    return aggregates


def _counted_rows(table: Table, declared: dict, units: list[int]) -> QuerySet:
    """The scope's rows, without those none of the figures counts (left out before counting,
    so the database reads only the period's rows through the (unit, date) indexes). An empty
    Q matches every row."""
    rows = table.rows(units)
    wheres = [c.among if isinstance(c, Share) else c for c in declared.values()]
    if wheres and all(wheres):
        rows = rows.filter(functools.reduce(operator.or_, _fewest_arms(wheres)))
    return rows


class Counted(Value):
    """The Value of a figure over a table. Its records (and a rate's denominator rows) are the
    scope's rows (`scoped()`) filtered when first read: building a queryset costs about as much
    as the count itself for a small scope, and most computations never read them (only the
    drill-down page and issuing a report do)."""

    def __init__(
        self,
        value,
        scoped: Callable[[], QuerySet],
        where: Q,
        numerator=None,
        denominator=None,
        among=None,
    ):
        self.value, self.numerator, self.denominator = value, numerator, denominator
        self.source, self.note = Source.RECORDS, ""
        self._scoped, self._where, self._among = scoped, where, among

    @functools.cached_property
    def among(self) -> QuerySet | None:
        return None if self._among is None else self._scoped().filter(self._among)

    @functools.cached_property
    def records(self) -> QuerySet:
        within = self.among if self._among is not None else self._scoped()
        return within.filter(self._where)


def _fewest_arms(wheres: list[Q]) -> list[Q]:
    """The alternatives of `w1 OR w2 OR …` without repeats and without an alternative that
    another one already covers (`a AND b` is covered by `a`): each alternative left can become
    one index scan of the table, so the fewer the better. Q objects compare by value."""
    arms: list[Q] = []
    for where in wheres:
        if where.connector == Q.OR and not where.negated:
            arms.extend(c if isinstance(c, Q) else Q(c) for c in where.children)
        else:
            arms.append(where)
    distinct = [a for n, a in enumerate(arms) if a not in arms[:n]]
    conjuncts = [_conjuncts(a) for a in distinct]
    return [
        arm
        for arm, own in zip(distinct, conjuncts, strict=True)
        if not any(
            other is not own and len(other) < len(own) and all(c in own for c in other)
            for other in conjuncts
        )
    ]


def _conjuncts(where: Q) -> list:
    """The conditions that must all hold for `where` (one, unless it is a plain AND)."""
    if where.connector != Q.AND or where.negated:
        return [where]
    found = []
    for child in where.children:
        found.extend(_conjuncts(child) if isinstance(child, Q) else [child])
    return found


def statement(records: QuerySet) -> str:
    """What a queryset selects, as the SQL that selects the ids of its rows (parameters written
    in): the definition of what a figure counted, kept when a report freezes it."""
    try:
        # (unordered: the order of the rows says nothing of which rows were counted)
        return str(records.order_by().values("pk").query)
    except EmptyResultSet:  # a condition that can match nothing, e.g. `IN ()`
        return ""


def count_alone(fig: Figure, scope, period: Period) -> Value:
    return count_together(fig.table, [fig], scope, period, subtree_units(scope))[fig.id]


def _one_line(doc: str) -> str:
    """Join a wrapped docstring into one line: Chinese lines join without a space."""
    text = ""
    for line in (part.strip() for part in doc.splitlines()):
        if not line:
            continue
        cjk_seam = text and (ord(text[-1]) > 0x2E80 or ord(line[0]) > 0x2E80)
        text += line if not text or cjk_seam else f" {line}"
    return text


# The figures coordinators defined as data (fazhi.figures.loading sets this when the app is
# ready): () -> {id: Figure}, read from the database when figures are listed or looked up.
_defined: Callable[[], dict[str, Figure]] | None = None


def defined_by(loader: Callable[[], dict[str, Figure]] | None) -> None:
    global _defined
    _defined = loader


def registered_figures() -> list[Figure]:
    """The figures the code registers, without reading the database (start-up checks)."""
    return sorted(_REGISTRY.values(), key=lambda f: section_key(f.section))


def all_figures() -> list[Figure]:
    """In the report's order of parts ("一.2" before "六.1"), and within a part in the order the
    app declared them; the figures coordinators defined join in their parts."""
    extra = _defined() if _defined is not None else {}
    return sorted([*_REGISTRY.values(), *extra.values()], key=lambda f: section_key(f.section))


_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def section_key(section: str) -> tuple:
    """ "六.1" → (6, 1): Chinese part numbers sort by their value, not their code points."""
    part, _, rest = section.partition(".")
    return (_NUMERALS.get(part, 99), *(int(x) if x.isdigit() else 0 for x in rest.split(".")))


def get(id: str) -> Figure:
    if id in _REGISTRY:
        return _REGISTRY[id]
    extra = _defined() if _defined is not None and id.startswith("custom.") else {}
    if id in extra:
        return extra[id]
    raise KeyError(f"未定义的指标：{id}")


def approx(value: int) -> tuple[int, bool]:
    """The "80余" rule: keep the two leading digits (one below 100); True if something was cut."""
    if value < 10:
        return value, False
    step = 10 ** (len(str(value)) - (1 if value < 100 else 2))
    floor = value // step * step
    return floor, floor != value


def format_value(value, display: str, unit: str) -> str:
    if value is None:
        return "—"
    if display == Display.PERCENT:
        return f"{Decimal(value):.2f}%"
    if display == Display.APPROX:
        floor, cut = approx(int(value))
        return f"{floor}余{unit}" if cut else f"{value}{unit}"
    return f"{value}{unit}"


def change_in_points(current: Decimal | None, previous: Decimal | None) -> str:
    """Year-on-year change of a rate, in 百分点: "提高12.98个百分点"."""
    if current is None or previous is None:
        return ""
    diff = Decimal(current) - Decimal(previous)
    if diff == 0:
        return "与上年持平"
    word = "提高" if diff > 0 else "下降"
    return f"{word}{abs(diff):.2f}个百分点"


@dataclass
class Computed:
    figure: Figure
    result: Value

    @property
    def text(self) -> str:
        return self.figure.format(self.result.value)


@dataclass
class Check:
    """A consistency rule run before a report is issued: parts sum to totals, rates match counts."""

    id: str
    description: str
    test: Callable[[dict[str, Value]], str | None]
    figure_ids: tuple[str, ...] = field(default_factory=tuple)


_CHECKS: dict[str, Check] = {}


def check(id: str, description: str, *figure_ids: str):
    def register(func: Callable[[dict[str, Value]], str | None]):
        _CHECKS[id] = Check(id, description, func, figure_ids)
        return func

    return register


def all_checks() -> list[Check]:
    return list(_CHECKS.values())
