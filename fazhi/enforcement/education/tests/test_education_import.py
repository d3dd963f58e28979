"""普法活动 history from XLSX, replayed through the services, all or nothing, every bad row
reported with its row and column — another county's unit among them."""

import io

from fazhi.core.imports import run_import
from fazhi.core.models import AuditEntry
from fazhi.enforcement.education.imports import ActivityImporter
from fazhi.enforcement.education.models import Activity
from fazhi.testing.import_files import run_import_command, xlsx_for

EVENT = {
    "组织单位代码": "532504-gaj",
    "活动类型": "送法活动",
    "开展日期": "2021-03-05",
    "活动名称": "交通安全送法进校园",
    "地点": "弥阳一小",
    "对象": "学生",
    "参加人数": "320",
}
TV = {
    "组织单位代码": "532504-sfj",
    "活动类型": "电视普法节目",
    "开展日期": "2021-04-25",
    "活动名称": "《平安法治弥勒》4月",
    "数量": "1",
    "节目(栏目)名称": "平安法治弥勒",
    "播出频道": "弥勒市融媒体中心",
    "在新闻节目中播出": "是",
}


def _import(rows, user):
    return run_import(
        "education", io.BytesIO(xlsx_for(ActivityImporter, rows)), "普法台账.xlsx", user, "import"
    )


def _errors(result):
    return {(e.row, e.column): e.reason for e in result.errors}


def test_activities_are_imported_through_the_services(org, people):
    leaflets = EVENT | {"活动类型": "宣传资料发放", "数量": "1500", "参加人数": ""}
    result = _import([EVENT, TV, leaflets], people["coordinator"])
    assert result.ok, result.errors
    tv = Activity.objects.get(kind="tv")
    assert (tv.in_news, tv.quantity, tv.unit, tv.programme) == (
        True,
        1,
        org["justice"],
        "平安法治弥勒",
    )
    assert Activity.objects.get(kind="leaflets").quantity == 1500
    assert AuditEntry.objects.filter(channel="import", action="登记普法活动").count() == 3


def test_bad_rows_write_nothing_and_each_is_named(org, people):
    rows = [
        EVENT,
        EVENT | {"组织单位代码": "532502-sfj"},  # another county's unit
        EVENT | {"开展日期": "2021-02-30"},  # no such day
        EVENT | {"活动类型": "普法讲座"},  # not a type
        EVENT | {"参加人数": "很多"},
        EVENT | {"在新闻节目中播出": "也许"},
    ]
    result = _import(rows, people["coordinator"])
    errors = _errors(result)
    assert not result.ok and Activity.objects.count() == 0
    assert "不能导入" in errors[(3, "组织单位代码")]
    assert "日期无效" in errors[(4, "开展日期")]
    assert "不是有效的选项" in errors[(5, "活动类型")]
    assert (6, "参加人数") in errors
    assert "是" in errors[(7, "在新闻节目中播出")]
    assert not AuditEntry.objects.filter(action="登记普法活动").exists()


def test_a_row_the_type_refuses_is_an_error_of_that_row(org, people):
    rows = [EVENT, TV | {"节目(栏目)名称": ""}, EVENT | {"数量": "5"}]
    result = _import(rows, people["coordinator"])
    reasons = [e.reason for e in result.errors]
    assert not result.ok and Activity.objects.count() == 0
    assert any("应写明节目(栏目)名称" in r for r in reasons)
    assert {e.row for e in result.errors} <= {3, 4}


def test_a_departments_staff_imports_only_its_own_units_rows(org, people):
    result = _import([EVENT | {"组织单位代码": "532504-zrzyj"}], people["police_staff"])
    assert not result.ok and "不能导入" in _errors(result)[(2, "组织单位代码")]


def test_the_command_line_import(org, people, tmp_path):
    path = tmp_path / "activities.xlsx"
    path.write_bytes(xlsx_for(ActivityImporter, [EVENT, TV]))
    run_import_command("education", path, "coord")
    assert Activity.objects.count() == 2
