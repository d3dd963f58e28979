"""Review: a historical 评查 result naming a 案号 that two cases of the unit share (the case
ledger does not make 案号 unique) is an error of that row, not an exception: the importer's
replay looked the case up with .get(), and MultipleObjectsReturned failed the whole import."""

import pytest

from fazhi.enforcement.casereview.models import Campaign, ReviewFile

from .factories import assign, closed_case
from .test_casereview_import import ROW, _errors, _import

pytestmark = pytest.mark.django_db


def test_a_case_number_two_cases_share_is_a_row_error_and_nothing_is_written(org, people):
    assign(org)
    closed_case(org, people["police_staff"], n=1)
    closed_case(org, people["police_staff"], n=1)  # the same 案号 in the same unit
    result = _import([ROW], people["coordinator"])
    assert not result.ok
    assert "无法确定评查的是哪一件" in _errors(result)[(2, "案号")]
    assert not ReviewFile.objects.exists() and not Campaign.objects.exists()
