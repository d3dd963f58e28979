"""Review: a historical result's 得分 of "NaN" is a cell error of the import, not an exception
(Decimal("NaN") parses, and comparing it raises InvalidOperation, which the import framework does
not catch as a cell's refusal)."""

import pytest

from fazhi.enforcement.casereview.imports import Points


@pytest.mark.parametrize("raw", ["NaN", "sNaN", "-NaN"])
def test_points_of_nan_are_refused_as_not_a_number(raw):
    with pytest.raises(ValueError, match="应为数字"):
        Points()(raw)


def test_points_in_range_still_parse():
    assert str(Points()("87.25")) == "87.2"
