"""Officers and their 执法证 from the provincial 证件管理系统's export (XLSX), and a training's
attendance list, replayed through the services: all or nothing, every bad row reported with its
row and column; another county's unit is a row error."""

import io

from fazhi.core.imports import run_import
from fazhi.core.models import AuditEntry
from fazhi.enforcement.officers.imports import AttendanceImporter, OfficerImporter
from fazhi.enforcement.officers.models import (
    Certificate,
    CertificateStatus,
    Officer,
    Training,
    TrainingAttendance,
)
from fazhi.enforcement.officers.pages import training_hours
from fazhi.testing.import_files import xlsx_for

from .factories import id_number


def _row(n: int, **extra) -> dict:
    return {
        "执法部门代码": "532504-gaj",
        "姓名": f"执法员{n}",
        "身份证号": id_number(100 + n),
        "联系电话": "13987654321",
        "职务(岗位)": "执法队员",
        "登记日期": "2021-03-01",
        "证号": f"5325042100{n:04d}",
        "执法领域": "公安",
        "发证机关": "弥勒市人民政府",
        "发证日期": "2021-03-01",
        "有效期至": "2030-02-28",
    } | extra


def _import(kind, importer, rows, user):
    return run_import(kind, io.BytesIO(xlsx_for(importer, rows)), "执法人员.xlsx", user, "import")


def _errors(result):
    return {(e.row, e.column): e.reason for e in result.errors}


def test_officers_and_certificates_are_imported_through_the_services(org, people):
    two_cards = _row(1, **{"证号": "532504210999", "执法领域": "市场监管"})
    old = _row(2, **{"发证日期": "2015-03-01", "有效期至": "2020-02-28"})
    result = _import(
        "enforcement_officers", OfficerImporter, [_row(1), two_cards, old], people["coordinator"]
    )
    assert result.ok, result.errors
    assert Officer.objects.count() == 2  # the officer with two cards is registered once
    assert Certificate.objects.count() == 3
    assert Certificate.objects.get(number="53250421000002").status == CertificateStatus.EXPIRED
    assert AuditEntry.objects.filter(channel="import", action="发证").count() == 3
    assert AuditEntry.objects.filter(channel="import", action="登记执法人员").count() == 2


def test_bad_rows_write_nothing_and_each_is_named(org, people):
    rows = [
        _row(1),
        _row(2, **{"执法部门代码": "532502-sfj"}),  # another county's unit
        _row(3, **{"发证日期": "2021-02-30"}),  # no such day
        _row(4, **{"执法领域": "城管"}),  # not a field
        _row(5, **{"证号": "53250421000001"}),  # the number of row 2's card
        _row(6, **{"有效期至": "2020-01-01"}),  # before it was issued
        _row(7, **{"身份证号": "532526198001011230"}),  # wrong check digit
    ]
    result = _import("enforcement_officers", OfficerImporter, rows, people["coordinator"])
    errors = _errors(result)
    assert not result.ok
    assert Officer.objects.count() == 0 and Certificate.objects.count() == 0
    assert "不能导入" in errors[(3, "执法部门代码")]
    assert "日期无效" in errors[(4, "发证日期")]
    assert "不是有效的选项" in errors[(5, "执法领域")]
    assert "重复" in errors[(6, "证号")]
    assert "应晚于发证日期" in errors[(7, "有效期至")]
    assert "身份证号无效" in errors[(8, "身份证号")]
    assert not AuditEntry.objects.filter(action="发证").exists()


def test_only_a_coordinator_imports_certificates(org, people):
    assert not OfficerImporter.can_import(people["police_staff"])
    assert OfficerImporter.can_import(people["coordinator"])


def test_a_training_attendance_list_counts_towards_the_officers_hours(org, people):
    _import("enforcement_officers", OfficerImporter, [_row(1)], people["coordinator"])
    holder = Officer.objects.get()
    base = {
        "组织单位代码": "532504-sfj",
        "培训日期": "2021-07-02",
        "培训内容": "民法典",
        "主办或授课": "州级专家",
        "学时": "8",
        "所在单位代码": "532504-gaj",
    }
    rows = [
        base | {"姓名": holder.name, "参训身份": "执法人员", "身份证号": holder.id_number},
        base | {"姓名": "王分管", "参训身份": "分管领导"},
        base | {"姓名": "李法制", "参训身份": "法制审核人员"},
    ]
    result = _import(
        "enforcement_training_attendance", AttendanceImporter, rows, people["coordinator"]
    )
    assert result.ok, result.errors
    training = Training.objects.get()
    assert training.attendees == 3 and TrainingAttendance.objects.count() == 3
    assert training_hours(holder, 2021) == 8
    bad = [base | {"姓名": "x", "参训身份": "执法人员", "所在单位代码": "532502-sfj"}]
    result = _import(
        "enforcement_training_attendance", AttendanceImporter, bad, people["coordinator"]
    )
    assert not result.ok and "不在您所在政府的范围内" in _errors(result)[(2, "所在单位代码")]
