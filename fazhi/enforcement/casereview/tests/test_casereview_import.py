"""Historical 案卷评查 results from XLSX, written through the services (the campaign created
once, each file with its score, grade, 反馈 and 整改, audited as imported), all or nothing, every
bad row reported with its row and column."""

import io

import pytest

from fazhi.core.imports import run_import
from fazhi.core.models import AuditEntry
from fazhi.enforcement.casereview.imports import ResultImporter
from fazhi.enforcement.casereview.models import Campaign, FileStatus, Grade, ReviewFile
from fazhi.testing.import_files import xlsx_for

from .factories import assign, closed_case

pytestmark = pytest.mark.django_db
ROW = {
    "评查年度": "2025",
    "活动名称": "2025年行政执法案卷评查",
    "执法部门代码": "532504-gaj",
    "案号": "弥公(治)立字〔2025〕1号",
    "得分(百分制)": "86.5",
    "评查等次": "合格",
    "评分日期": "2025-11-20",
    "整改事项": "证据目录不完整",
    "反馈日期": "2025-11-25",
    "整改情况": "已补正",
    "整改完成日期": "2025-12-10",
}


def _import(rows, user):
    return run_import(
        "casereview", io.BytesIO(xlsx_for(ResultImporter, rows)), "评查结果.xlsx", user, "import"
    )


def _errors(result):
    return {(e.row, e.column): e.reason for e in result.errors}


@pytest.fixture
def cases(org, people):
    assign(org)
    closed_case(org, people["police_staff"], n=1)
    closed_case(org, people["police_staff"], n=2)


def test_historical_results_are_imported_through_the_services(org, people, cases):
    second = ROW | {
        "案号": "弥公(治)立字〔2025〕2号",
        "得分(百分制)": "95",
        "评查等次": "",
        "整改事项": "",
        "整改情况": "",
        "整改完成日期": "",
    }
    result = _import([ROW, second], people["coordinator"])
    assert result.ok, result.errors
    assert Campaign.objects.count() == 1  # one campaign for both rows
    first = ReviewFile.objects.get(case__number=ROW["案号"])
    assert (str(first.percent), first.grade, first.status) == (
        "86.5",
        Grade.PASS,
        FileStatus.RECTIFIED,
    )
    other = ReviewFile.objects.get(case__number=second["案号"])
    assert (other.grade, other.status) == (Grade.EXCELLENT, FileStatus.RETURNED)
    assert AuditEntry.objects.filter(channel="import", action="导入历史评查结果").count() == 2


def test_bad_rows_write_nothing_and_each_is_named(org, people, cases):
    rows = [
        ROW,
        ROW | {"执法部门代码": "532502-sfj"},  # another county's unit
        ROW | {"评分日期": "2025-02-30"},  # no such day
        ROW | {"评查等次": "良好"},  # not a grade
        ROW | {"案号": "弥公(治)立字〔2025〕99号"},  # no such case
        ROW | {"得分(百分制)": "120"},
        ROW | {"评查等次": "优秀"},  # 86.5 is 合格
    ]
    result = _import(rows, people["coordinator"])
    errors = _errors(result)
    assert not result.ok
    assert ReviewFile.objects.count() == 0 and Campaign.objects.count() == 0
    assert "不能导入" in errors[(3, "执法部门代码")] or "范围" in errors[(3, "执法部门代码")]
    assert "日期无效" in errors[(4, "评分日期")]
    assert "不是有效的选项" in errors[(5, "评查等次")]
    assert "没有案号为" in errors[(6, "案号")]
    assert "0 至 100" in errors[(7, "得分(百分制)")]
    assert "与得分不符" in errors[(8, "评查等次")]
    assert not AuditEntry.objects.filter(action="导入历史评查结果").exists()


def test_another_countys_coordinator_cannot_import_into_mile(org, people, cases):
    result = _import([ROW], people["kaiyuan_staff"])
    assert not result.ok and ReviewFile.objects.count() == 0
    assert (2, "执法部门代码") in _errors(result)
