"""The figures registry: every figure of the annual report is defined once, here or in an app's
metrics.py, as a function of (org scope, period) that returns its value and the records counted.

    @figure("rec.accepted", "受理行政复议案件", "件", section="六.1")
    def accepted(scope, period):
        "Cases of the scope accepted (受理) within the period."
        cases = ReconsiderationCase.objects.in_scope(scope).filter(accepted_on__range=period.range)
        return counted(cases)

Values are aggregate queries: a figure function returns a queryset and its count (or a rate of
two counts); it never loads records into Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.enums import TextChoices


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


def counted(records: QuerySet) -> Value:
    return Value(records.count(), records)


def rate(denominator: QuerySet, numerator: Q) -> Value:
    """The share of `denominator`'s records that meet `numerator`, as a percentage with two
    decimals (None when there is nothing to divide); both counts come from one aggregate query."""
    counts = denominator.aggregate(den=Count("pk"), num=Count("pk", filter=numerator))
    num, den = counts["num"], counts["den"]
    return Value(percent(num, den), denominator.filter(numerator), num, den)


def percent(num: int, den: int) -> Decimal | None:
    if not den:
        return None
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Figure:
    id: str
    label: str
    unit: str
    section: str
    compute: Callable[..., Value]
    display: str = Display.EXACT
    definition: str = ""

    def format(self, value) -> str:
        return format_value(value, self.display, self.unit)


_REGISTRY: dict[str, Figure] = {}


def figure(id: str, label: str, unit: str, *, section: str, display: str | None = None):
    """Register a figure function. Its docstring is the figure's written definition."""

    def register(func: Callable[..., Value]) -> Callable[..., Value]:
        if id in _REGISTRY and _REGISTRY[id].compute is not func:
            raise ValueError(f"figure {id} is registered twice")
        chosen = display or (Display.PERCENT if unit == "%" else Display.EXACT)
        doc = _one_line(func.__doc__ or "")
        _REGISTRY[id] = Figure(id, label, unit, section, func, chosen, doc)
        return func

    return register


def _one_line(doc: str) -> str:
    """Join a wrapped docstring into one line: Chinese lines join without a space."""
    text = ""
    for line in (part.strip() for part in doc.splitlines()):
        if not line:
            continue
        cjk_seam = text and (ord(text[-1]) > 0x2E80 or ord(line[0]) > 0x2E80)
        text += line if not text or cjk_seam else f" {line}"
    return text


def all_figures() -> list[Figure]:
    """In the report's order of parts ("一.2" before "六.1"), and within a part in the order the
    app declared them."""
    return sorted(_REGISTRY.values(), key=lambda f: section_key(f.section))


_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def section_key(section: str) -> tuple:
    """ "六.1" → (6, 1): Chinese part numbers sort by their value, not their code points."""
    part, _, rest = section.partition(".")
    return (_NUMERALS.get(part, 99), *(int(x) if x.isdigit() else 0 for x in rest.split(".")))


def get(id: str) -> Figure:
    try:
        return _REGISTRY[id]
    except KeyError:
        raise KeyError(f"未定义的指标：{id}") from None


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
