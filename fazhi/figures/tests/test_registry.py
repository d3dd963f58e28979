"""Display rules and consistency checks of the figures registry."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.figures import registry
from fazhi.figures.registry import Display, Value, approx, change_in_points, format_value, percent
from fazhi.figures.services import problems


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (83, "80余件次"),
        (273, "270余件次"),
        (1126, "1100余件次"),
        (12, "10余件次"),
        (20000, "20000件次"),
        (80, "80件次"),
        (7, "7件次"),
        (20412, "20000余件次"),
    ],
)
def test_approximate_display_keeps_the_leading_digits(value, text):
    assert format_value(value, Display.APPROX, "件次") == text


@given(st.integers(min_value=0, max_value=10**9))
def test_approximation_never_exceeds_the_count_and_keeps_two_digits(value):
    floor, cut = approx(value)
    assert floor <= value and cut == (floor != value)
    if value >= 100:
        assert str(floor)[:2] == str(value)[:2] and set(str(floor)[2:]) <= {"0"}


def test_percent_and_points():
    assert percent(562, 881) == Decimal("63.79")
    assert percent(1, 0) is None
    assert format_value(Decimal("72.14"), Display.PERCENT, "%") == "72.14%"
    assert change_in_points(Decimal("72.14"), Decimal("59.16")) == "提高12.98个百分点"
    assert change_in_points(Decimal("50"), Decimal("51.02")) == "下降1.02个百分点"
    assert change_in_points(Decimal("100"), Decimal("100")) == "与上年持平"


def test_rate_that_disagrees_with_its_counts_is_a_problem():
    # The seed states 63.63% for 562/881 (= 63.79%): the platform flags it rather than hiding it.
    fig = registry.Figure("x.rate", "覆盖率", "%", "一.5", lambda s, p: None, Display.PERCENT)
    stated = registry.Computed(fig, Value(Decimal("63.63"), None, 562, 881))
    found = problems([stated])
    assert [p["check"] for p in found] == ["rate:x.rate"] and "63.79" in found[0]["message"]


def test_registered_check_flags_parts_that_do_not_sum(monkeypatch):
    monkeypatch.setattr(registry, "_CHECKS", {})

    @registry.check("t.sum", "合计应等于各部分之和", "t.total", "t.a", "t.b")
    def parts(values):
        a, b, total = values["t.a"].value, values["t.b"].value, values["t.total"].value
        return None if a + b == total else f"{a}+{b}={a + b}≠{total}"

    def computed(fid, value):
        return registry.Computed(
            registry.Figure(fid, fid, "件", "五.1", lambda s, p: None), Value(value)
        )

    # the seed's 207 + 119 ≠ 325
    found = problems([computed("t.total", 325), computed("t.a", 207), computed("t.b", 119)])
    assert found == [
        {"check": "t.sum", "description": "合计应等于各部分之和", "message": "207+119=326≠325"}
    ]


def test_sections_sort_in_the_reports_order():
    from fazhi.figures.registry import section_key

    sections = ["六.1", "一.2", "五.2", "三", "四.1", "二.3", "八.5", "五.1"]
    assert sorted(sections, key=section_key) == [
        "一.2",
        "二.3",
        "三",
        "四.1",
        "五.1",
        "五.2",
        "六.1",
        "八.5",
    ]
