"""Review: a 顾问费 of "NaN" in an imported file is a cell error, not an exception (Decimal("NaN")
parses, and comparing it raises InvalidOperation, which the import framework does not catch as a
cell's refusal)."""

import pytest

from fazhi.governance.advisers.imports import Amount


@pytest.mark.parametrize("raw", ["NaN", "sNaN", "-nan"])
def test_an_amount_of_nan_is_refused(raw):
    with pytest.raises(ValueError, match="金额"):
        Amount()(raw)


def test_an_amount_with_separators_still_parses():
    assert str(Amount()("30,000")) == "30000.00"
