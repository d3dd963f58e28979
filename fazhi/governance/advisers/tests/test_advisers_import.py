"""法律顾问 ledgers from XLSX: the engagements (a later period of the same unit and adviser is its
续聘) and the work log, replayed through the services, all or nothing, every bad row reported
with its row and column."""

import io

import pytest
from django.core.management.base import CommandError

from fazhi.core.imports import run_import
from fazhi.core.models import AuditEntry
from fazhi.governance.advisers.imports import EngagementImporter, WorkImporter
from fazhi.governance.advisers.models import Adviser, Engagement, EngagementStatus, WorkEntry
from fazhi.testing.import_files import run_import_command, xlsx_for

ENGAGED = {
    "聘请单位代码": "532504-gaj",
    "法律顾问姓名": "张建华",
    "类别": "社会律师",
    "律师事务所或工作单位": "云南弥阳律师事务所",
    "执业证号": "15325201510123456",
    "联系电话": "13987654321",
    "聘期开始日期": "2021-01-01",
    "聘期届满日期": "2021-12-31",
    "顾问费(元)": "30000",
    "合同编号": "公法顾〔2021〕1号",
}
WORK = {
    "聘请单位代码": "532504-gaj",
    "法律顾问姓名": "张建华",
    "日期": "2021-03-05",
    "工作类型": "合同协议",
    "事项": "审核政府采购合同12份",
    "件次": "12",
}


def _import(kind, importer, rows, user):
    return run_import(kind, io.BytesIO(xlsx_for(importer, rows)), "台账.xlsx", user, "import")


def test_engagements_and_renewals_are_imported_through_the_services(org, people):
    renewal = ENGAGED | {"聘期开始日期": "2022-01-01", "聘期届满日期": "2022-12-31"}
    town = ENGAGED | {"聘请单位代码": "532504001", "解聘日期": "2021-06-30", "解聘原因": "合同解除"}
    result = _import(
        "advisers", EngagementImporter, [ENGAGED, renewal, town], people["coordinator"]
    )
    assert result.ok, result.errors
    assert Adviser.objects.count() == 1  # found in the register by its licence number
    police = Engagement.objects.get(unit=org["police"])
    assert (police.renewals, str(police.end_on)) == (1, "2022-12-31")
    assert list(police.periods.values_list("number", flat=True)) == [1, 2]
    assert Engagement.objects.get(unit=org["miyang"]).status == EngagementStatus.TERMINATED
    assert AuditEntry.objects.filter(channel="import", action="续聘").count() == 1


def test_work_lines_are_imported_in_one_batch(org, people):
    _import("advisers", EngagementImporter, [ENGAGED], people["coordinator"])
    rows = [WORK, WORK | {"工作类型": "法治宣传", "事项": "法治讲座", "件次": ""}]
    result = _import("adviser_work", WorkImporter, rows, people["police_staff"])
    assert result.ok, result.errors
    assert sorted(WorkEntry.objects.values_list("count", flat=True)) == [1, 12]
    assert AuditEntry.objects.filter(channel="import", action="登记法律顾问工作").count() == 2


def _errors(result):
    return {(e.row, e.column): e.reason for e in result.errors}


def test_bad_work_rows_write_nothing_and_each_is_named(org, people):
    _import("advisers", EngagementImporter, [ENGAGED], people["coordinator"])
    rows = [
        WORK,
        WORK | {"聘请单位代码": "532502-sfj"},  # another county's unit
        WORK | {"日期": "2021-02-30"},  # no such day
        WORK | {"工作类型": "咨询"},  # not a kind
        WORK | {"法律顾问姓名": "王某"},  # no such engagement
        WORK | {"件次": "0"},
    ]
    result = _import("adviser_work", WorkImporter, rows, people["coordinator"])
    errors = _errors(result)
    assert not result.ok and WorkEntry.objects.count() == 0
    assert "不能导入" in errors[(3, "聘请单位代码")]
    assert "日期无效" in errors[(4, "日期")]
    assert "不是有效的选项" in errors[(5, "工作类型")]
    assert "没有在聘的法律顾问" in errors[(6, "法律顾问姓名")]
    assert "不小于 1" in errors[(7, "件次")]
    assert not AuditEntry.objects.filter(action="登记法律顾问工作").exists()


def test_bad_engagement_rows_write_nothing(org, people):
    rows = [
        ENGAGED,
        ENGAGED | {"聘请单位代码": "532502-sfj", "执业证号": "15325201510000009"},
        ENGAGED | {"聘期届满日期": "2020-12-31"},
        ENGAGED | {"类别": "律师助理"},
        ENGAGED | {"执业证号": "123", "聘请单位代码": "532504-zrzyj"},
    ]
    result = _import("advisers", EngagementImporter, rows, people["coordinator"])
    errors = _errors(result)
    assert not result.ok
    assert Engagement.objects.count() == 0 and Adviser.objects.count() == 0
    assert "不能导入" in errors[(3, "聘请单位代码")]
    assert "应晚于聘期开始日期" in errors[(4, "聘期届满日期")]
    assert "不是有效的选项" in errors[(5, "类别")]
    assert "17位数字的执业证号" in errors[(6, "")]


def test_a_departments_staff_imports_only_its_own_units_rows(org, people):
    result = _import(
        "advisers",
        EngagementImporter,
        [ENGAGED | {"聘请单位代码": "532504-zrzyj"}],
        people["police_staff"],
    )
    assert not result.ok and "不能导入" in _errors(result)[(2, "聘请单位代码")]


def test_the_command_line_import(org, people, tmp_path):
    path = tmp_path / "work.xlsx"
    path.write_bytes(xlsx_for(EngagementImporter, [ENGAGED]))
    run_import_command("advisers", path, "coord")
    path.write_bytes(xlsx_for(WorkImporter, [WORK | {"日期": "2022-03-05"}]))
    with pytest.raises(CommandError):
        run_import_command("adviser_work", path, "coord")
    assert WorkEntry.objects.count() == 0
