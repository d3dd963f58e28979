"""compute_all: the figures that count rows of one table are counted in one statement per table,
over the ids of the scope's units; alone (the drill-down page) a figure gives the same Value."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from fazhi.core.models import OrgUnit, UnitKind
from fazhi.figures import registry
from fazhi.figures.registry import Period, Share, Table, all_figures, figure
from fazhi.figures.services import compute_all

# The units themselves, scoped by their own id: the org fixture is all the data these tests need.
UNITS = Table(OrgUnit, "pk")
YEAR = Period.year(2021)


@pytest.fixture
def registered(monkeypatch):
    """A fresh registry for the test: `register(n)` adds n figures over UNITS, returns ids."""
    monkeypatch.setattr(registry, "_REGISTRY", {})
    monkeypatch.setattr(registry, "_defined", None)  # nor any figure defined as data

    def register(kinds: list[str]) -> list[str]:
        ids = []
        for n, kind in enumerate(kinds):
            fid = f"test.{kind}.{n}"

            @figure(fid, kind, "个", section="九.1", table=UNITS)
            def units_of_kind(scope, period, kind=kind) -> Q:
                "Units of one kind in the scope."
                return Q(kind=kind)

            ids.append(fid)
        return ids

    return register


def queries_of(scope, ids=None) -> tuple[list, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        computed = compute_all(scope, YEAR, ids)
    return computed, [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("figures_on_the_table", [1, 2, 6])
def test_one_statement_per_table_however_many_figures(org, registered, figures_on_the_table):
    kinds = [UnitKind.DEPARTMENT, UnitKind.TOWN, UnitKind.COUNTY] * 2
    registered(kinds[:figures_on_the_table])
    computed, sql = queries_of(org["mile"])
    # the scope's unit ids, then one aggregate for all the table's figures
    assert len(sql) == 2
    values = {c.figure.label: c.result.value for c in computed}
    assert values[UnitKind.DEPARTMENT] == 3  # 司法局, 公安局, 自然资源局
    if figures_on_the_table > 1:
        assert values[UnitKind.TOWN] == 1 and len(computed) == figures_on_the_table


def test_the_scope_is_a_list_of_unit_ids_not_a_join_on_their_path(org, registered):
    registered([UnitKind.DEPARTMENT, UnitKind.TOWN])
    _, (units, counts) = queries_of(org["mile"])
    assert "LIKE" in units.upper() or "GLOB" in units.upper()  # the subtree, read once
    assert "LIKE" not in counts.upper() and "JOIN" not in counts.upper()
    assert counts.upper().count("COUNT(") == 2


def test_a_town_without_rows_counts_nothing(org, registered):
    (fid,) = registered([UnitKind.DEPARTMENT])
    (computed,) = compute_all(org["miyang"], YEAR, [fid])
    assert computed.result.value == 0 and list(computed.result.records) == []


def test_a_rate_states_its_counts_and_its_records(org, monkeypatch):
    monkeypatch.setattr(registry, "_REGISTRY", {})

    @figure("test.share", "部门占比", "%", section="九.1", table=UNITS)
    def share(scope, period) -> Share:
        "Departments among the units below the scope's own."
        return Share(~Q(pk=scope.pk), Q(kind=UnitKind.DEPARTMENT))

    (computed,) = compute_all(org["mile"], YEAR)
    result = computed.result
    assert (result.numerator, result.denominator, str(result.value)) == (3, 4, "75.00")
    departments = {org[k].pk for k in ("justice", "police", "land")}
    assert set(result.records.values_list("pk", flat=True)) == departments
    assert result.among.count() == 4
    assert computed.text == "75.00%"
    (empty,) = compute_all(org["miyang"], YEAR)
    assert (empty.result.value, empty.result.denominator) == (None, 0)


def test_a_figure_that_counts_every_row_is_not_narrowed_by_the_others(org, registered):
    @figure("test.all", "全部单位", "个", section="九.1", table=UNITS)
    def every_unit(scope, period) -> Q:
        "Every unit of the scope."
        return Q()

    registered([UnitKind.TOWN])
    values = {c.figure.id: c.result.value for c in compute_all(org["mile"], YEAR)}
    assert values == {"test.all": 5, "test.town.0": 1}


def test_alone_a_figure_gives_what_compute_all_gives(org, registered):
    ids = registered([UnitKind.DEPARTMENT, UnitKind.TOWN])
    together = {c.figure.id: c.result for c in compute_all(org["prefecture"], YEAR)}
    for fid in ids:
        alone = registry.get(fid).compute(org["prefecture"], YEAR)
        assert alone.value == together[fid].value
        assert list(alone.records) == list(together[fid].records)


def test_a_declared_figure_keeps_its_function_name_and_module(registered):
    (fid,) = registered([UnitKind.TOWN])
    fig = registry.get(fid)
    # fazhi.core.checks finds a procedure's figures by the module that declared them
    assert fig.compute.__module__ == __name__ and fig.compute.__name__ == "units_of_kind"
    assert fig.definition == "Units of one kind in the scope."


def test_every_registered_figure_costs_one_query_per_table(org):
    """All figures of the platform for a county: the number of queries is that of the tables
    (and of the figures that are not counts of one table), not that of the figures."""
    figures = all_figures()
    tables = {f.table for f in figures if f.table is not None}
    others = [f for f in figures if f.table is None]
    _, sql = queries_of(org["mile"])
    # the figures defined as data (one small read), the scope's units, then per table
    assert "figures_customfigure" in sql[0]
    assert len(sql) == 2 + len(tables) + len(others)
    assert len(figures) > len(sql)


def test_the_rows_read_are_those_any_figure_counts_in_the_fewest_alternatives():
    a, b, c = Q(kind=UnitKind.TOWN), Q(code="x"), Q(name="y")
    # repeats go, and so does an alternative another one covers (a AND b lies within a)
    assert registry._fewest_arms([a | b, a, a & b, c & b, ~a]) == [a, b, ~a]
    assert registry._fewest_arms([a & b, b & a]) == [a & b, b & a]  # no loss either way
