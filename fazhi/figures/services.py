"""Computing figures for a scope and period, and running the consistency checks."""

from django.db.models import QuerySet

from fazhi.core.models import OrgUnit

from .registry import (
    Computed,
    Period,
    Value,
    all_checks,
    all_figures,
    count_together,
    subtree_units,
)


def compute_all(scope: OrgUnit, period: Period, ids: list[str] | None = None) -> list[Computed]:
    """Every figure (or those of `ids`) for the scope and period, in the report's order.

    The figures that count rows of a table are counted together, one aggregate statement per
    table, over the scope's units read once: the cost is one query per table (plus one per
    figure of another kind), however many figures a table has."""
    figures = [f for f in all_figures() if (ids is None or f.id in ids) and f.applies_to(scope)]
    by_table: dict = {}
    for f in figures:
        if f.table is not None:
            by_table.setdefault(f.table, []).append(f)
    values: dict[str, Value] = {}
    if by_table:
        units = subtree_units(scope)
        for table, group in by_table.items():
            values |= count_together(table, group, scope, period, units)
    return [
        Computed(f, values[f.id] if f.id in values else f.compute(scope, period)) for f in figures
    ]


def problems(computed: list[Computed]) -> list[dict]:
    """Every consistency rule whose figures are all present and which does not hold."""
    values: dict[str, Value] = {c.figure.id: c.result for c in computed}
    found = []
    for rule in all_checks():
        if any(fid not in values for fid in rule.figure_ids):
            continue
        message = rule.test(values)
        if message:
            found.append({"check": rule.id, "description": rule.description, "message": message})
    for item in computed:
        found.extend(_rate_mismatch(item))
    return found


def _rate_mismatch(item: Computed) -> list[dict]:
    from .registry import percent

    r = item.result
    if r.numerator is None or r.denominator is None or r.value is None:
        return []
    expected = percent(r.numerator, r.denominator)
    if expected is not None and abs(expected - r.value) > 0:
        return [
            {
                "check": f"rate:{item.figure.id}",
                "description": f"{item.figure.label}应等于分子/分母",
                "message": f"{item.figure.id} 为 {r.value}%，但 {r.numerator}/{r.denominator}"
                f" = {expected}%",
            }
        ]
    return []


def as_json(computed: list[Computed]) -> list[dict]:
    return [
        {
            "id": c.figure.id,
            "label": c.figure.label,
            "value": _json_number(c.result.value),
            "unit": c.figure.unit,
            "source": c.result.source,
            "display": c.text,
            **(
                {"numerator": c.result.numerator, "denominator": c.result.denominator}
                if c.result.denominator is not None
                else {}
            ),
        }
        for c in computed
    ]


def _json_number(value):
    if value is None or isinstance(value, int):
        return value
    return float(value)


def records_of(result: Value) -> QuerySet | None:
    return result.records
