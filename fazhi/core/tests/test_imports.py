"""The import framework (fazhi.core.imports) through the units importer and a throwaway one."""

import csv
import datetime as dt
import io
import random
import zipfile
from typing import ClassVar

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import import_views
from fazhi.core.audit import Channel
from fazhi.core.imports import (
    MAX_STORED_ERRORS,
    Column,
    Importer,
    RowWriteError,
    UnknownImportKind,
    boolean,
    choice,
    date,
    error_report_xlsx,
    get_importer,
    integer,
    register,
    run_import,
    template_csv,
    template_xlsx,
    text,
    unit_by_code,
    unregister,
)
from fazhi.core.models import AuditEntry, OrgUnit, UnitKind
from fazhi.core.services import create_unit

HEADER = ["单位代码", "单位名称", "类别", "上级单位代码", "简称", "排序"]
DEPARTMENT = UnitKind.DEPARTMENT.label
GOOD_ROWS = [
    ["532504-fgw", "弥勒市发展和改革局", DEPARTMENT, "532504", "发改局", "3"],
    ["532504-jyj", "弥勒市教育体育局", DEPARTMENT, "532504", "", ""],
    ["532504-jyj-1", "弥勒市教育体育局办公室", "其他单位", "532504-jyj", "", "1"],
]


def csv_bytes(rows, header=HEADER, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_units(content: bytes, actor=None, **options):
    return run_import("units", io.BytesIO(content), "单位.csv", actor, Channel.IMPORT, **options)


def error_at(result, row, column):
    return next(e for e in result.errors if e.row == row and e.column == column)


def new_codes():
    return set(OrgUnit.objects.filter(code__startswith="532504-").values_list("code", flat=True))


ORG_CODES = {"532504-sfj", "532504-gaj", "532504-zrzyj"}


# --- happy paths --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        csv_bytes(GOOD_ROWS),
        b"\xef\xbb\xbf" + csv_bytes(GOOD_ROWS),
        csv_bytes(GOOD_ROWS, encoding="gbk"),
        csv_bytes(GOOD_ROWS, encoding="utf-16", delimiter="\t"),  # Excel's "Unicode 文本"
        xlsx_bytes(GOOD_ROWS),
    ],
    ids=["utf8", "utf8-bom", "gbk", "utf16-tab", "xlsx"],
)
def test_a_good_file_creates_every_unit_under_its_parent(org, content):
    result = import_units(content)

    assert result.ok, result.errors
    assert (result.total_rows, result.written) == (3, 3)
    office = OrgUnit.objects.get(code="532504-jyj-1")
    assert office.parent.code == "532504-jyj"
    assert office.parent.parent == org["mile"]
    assert office.kind == UnitKind.OTHER
    assert OrgUnit.objects.get(code="532504-fgw").short_name == "发改局"
    assert OrgUnit.objects.get(code="532504-fgw").order == 3


def test_xlsx_numbers_in_text_columns_lose_their_decimal_point(org):
    rows = [[532599, "某县人民政府", "县(市、区)级人民政府", 532500, None, 7]]

    result = import_units(xlsx_bytes(rows))

    assert result.ok, result.errors
    unit = OrgUnit.objects.get(code="532599")
    assert (unit.parent, unit.order, unit.division_code) == (org["prefecture"], 7, "532599")


def test_choice_accepts_the_stored_value_as_well_as_the_label(org):
    result = import_units(csv_bytes([["532504-a", "甲局", "department", "532504", "", ""]]))

    assert result.ok, result.errors
    assert OrgUnit.objects.get(code="532504-a").kind == UnitKind.DEPARTMENT


def test_empty_rows_and_blank_header_cells_are_ignored(org):
    content = csv_bytes([*GOOD_ROWS, ["", "", "", "", "", ""], ["  ", "", "", "", "", ""]])
    sheet_rows = [[*row, None] for row in GOOD_ROWS] + [[None] * 7, [None] * 7]

    for data in (content, xlsx_bytes(sheet_rows, header=[*HEADER, None])):
        result = import_units(data, dry_run=True)
        assert result.ok, result.errors
        assert result.total_rows == 3


def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out(org):
    header = ["类别", "单位名称", "单位代码", "上级单位代码"]
    result = import_units(csv_bytes([[DEPARTMENT, "乙局", "532504-b", "532504"]], header=header))

    assert result.ok, result.errors
    unit = OrgUnit.objects.get(code="532504-b")
    assert (unit.name, unit.short_name, unit.order) == ("乙局", "", 0)


def test_each_created_unit_has_an_import_audit_row(org, people):
    result = import_units(csv_bytes(GOOD_ROWS), actor=people["coordinator"])

    assert result.written == 3
    entries = AuditEntry.objects.filter(channel=Channel.IMPORT, action="新增单位")
    assert {e.object_repr for e in entries} == {row[1] for row in GOOD_ROWS}
    assert {e.actor for e in entries} == {people["coordinator"]}


# --- all or nothing -----------------------------------------------------------------------------


def test_one_bad_row_among_good_ones_writes_nothing_and_names_row_column_and_reason(org):
    rows = [*GOOD_ROWS[:2], ["532504-x", "某局", "不知道", "532504", "", ""], GOOD_ROWS[2]]

    result = import_units(csv_bytes(rows))

    assert not result.ok and result.written == 0
    assert new_codes() == ORG_CODES
    error = error_at(result, 4, "类别")
    assert error.value == "不知道"
    assert error.reason.startswith("不是有效的选项，可选：省级人民政府")
    assert str(error).startswith("第4行 [类别] 不知道：不是有效的选项")


def test_required_cells_integers_and_lengths_are_checked(org):
    rows = [["532504-c", "", DEPARTMENT, "532504", "简" * 41, "-1"]]

    result = import_units(csv_bytes(rows))

    assert error_at(result, 2, "单位名称").reason == "必填项不能为空"
    assert error_at(result, 2, "简称").reason == "不能超过 40 个字(现有 41 个)"
    assert error_at(result, 2, "排序").reason == "应不小于 0"


def test_parent_must_exist_or_come_earlier_in_the_file(org):
    child = ["532504-child", "下级单位", "其他单位", "532504-new", "", ""]
    parent = ["532504-new", "新局", DEPARTMENT, "532504", "", ""]

    assert import_units(csv_bytes([parent, child]), dry_run=True).ok
    result = import_units(csv_bytes([child, parent]))

    assert error_at(result, 2, "上级单位代码").reason.startswith("上级单位“532504-new”不存在")
    assert new_codes() == ORG_CODES


def test_cross_field_rules_of_the_units_importer(org):
    rows = [
        ["5325", "短代码人民政府", "县(市、区)级人民政府", "532500", "", ""],
        ["532504-d", "无上级的局", DEPARTMENT, "", "", ""],
    ]

    result = import_units(csv_bytes(rows))

    assert "6位行政区划代码" in error_at(result, 2, "单位代码").reason
    assert "必须填写上级单位" in error_at(result, 3, "上级单位代码").reason


def test_duplicate_codes_within_the_file_and_against_the_database(org):
    rows = [
        ["532504-e", "戊局", DEPARTMENT, "532504", "", ""],
        ["532504-sfj", "重名司法局", DEPARTMENT, "532504", "", ""],
        ["532504-e", "又一个戊局", DEPARTMENT, "532504", "", ""],
    ]

    result = import_units(csv_bytes(rows))

    assert error_at(result, 3, "单位代码").reason == "单位代码“532504-sfj”已存在"
    assert error_at(result, 4, "单位代码").reason == "与第2行重复"
    assert result.error_count == 2


def test_a_coordinator_imports_only_inside_their_government(org, people):
    rows = [["532502-x", "开远某局", DEPARTMENT, "532502", "", ""]]

    result = import_units(csv_bytes(rows), actor=people["coordinator"])

    assert (
        error_at(result, 2, "上级单位代码").reason == "上级单位“开远市人民政府”不在您的管理范围内"
    )


def test_a_failing_write_rolls_back_the_chunks_already_written(org):
    class FailingUnits(get_importer("units")):
        kind, label, chunk_size = "test-failing-units", "会失败的单位名录", 2
        writing = False  # fails only once the real write has begun: the trial in pass 1 passes

        def write(self, rows, actor):
            if self.writing and any(row["code"] == "532504-jyj-1" for row in rows):
                raise RowWriteError(len(rows) - 1, "模拟的写入失败")
            return super().write(rows, actor)

    def progress(stage, done, total):
        FailingUnits.writing = stage == "write"

    register(FailingUnits)
    try:
        source = io.BytesIO(csv_bytes(GOOD_ROWS))
        result = run_import(
            "test-failing-units", source, "x.csv", None, Channel.IMPORT, progress=progress
        )
    finally:
        unregister("test-failing-units")

    assert result.written == 0
    assert [str(e) for e in result.errors] == ["第4行：写入失败，已全部撤销：模拟的写入失败"]
    assert new_codes() == ORG_CODES
    assert not AuditEntry.objects.filter(object_repr="弥勒市发展和改革局").exists()


def test_a_write_refused_as_the_one_transaction_ends_is_the_first_rows_error(org, monkeypatch):
    """An import of rows that depend on earlier rows writes in one transaction; what it writes as
    that transaction ends (the audit rows) refused is reported at the first row, not a crash, and
    nothing stays."""
    from fazhi.core import audit

    def the_database_refuses(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(audit, "_append", the_database_refuses)

    result = import_units(csv_bytes(GOOD_ROWS))

    assert result.written == 0
    assert [str(e) for e in result.errors] == [
        "第2行：写入失败，已全部撤销：数据库拒绝写入：与已有记录重复或冲突"
    ]
    assert new_codes() == ORG_CODES


def test_a_service_refusal_is_a_row_error_and_nothing_is_written(org, monkeypatch):
    def refuse(actor, channel, **fields):
        if fields["code"] == "532504-jyj":
            raise ValidationError("模拟的业务规则")
        return create_unit(actor, channel, **fields)

    monkeypatch.setattr("fazhi.core.importers.create_unit", refuse)
    result = import_units(csv_bytes(GOOD_ROWS))

    # Found by pass 1's trial of the services, before anything is written; and the unit
    # under the refused one cannot be added either.
    assert [str(e) for e in result.errors] == [
        "第3行：模拟的业务规则",
        "第4行 [上级单位代码] 532504-jyj：上级单位“532504-jyj”未能导入(见它所在行的错误)",
    ]
    assert new_codes() == ORG_CODES
    assert not AuditEntry.objects.filter(object_repr="弥勒市发展和改革局").exists()


def test_dry_run_validates_but_writes_nothing(org):
    result = import_units(csv_bytes(GOOD_ROWS), dry_run=True)

    assert result.ok and result.dry_run
    assert (result.total_rows, result.written) == (3, 0)
    assert new_codes() == ORG_CODES


def test_stored_errors_are_capped_but_all_are_counted(org):
    rows = [[f"532504-{i}", f"局{i}", "无效类别", "532504", "", ""] for i in range(1200)]

    result = import_units(csv_bytes(rows))

    assert result.error_count == 1200
    assert len(result.errors) == MAX_STORED_ERRORS
    assert result.errors_left_out == 200


# --- headers and files --------------------------------------------------------------------------


def test_missing_required_and_unknown_columns_are_header_errors(org):
    header = ["单位代码", "单位名称", "备注", "上级单位代码"]

    result = import_units(csv_bytes([["532504-f", "己局", "x", "532504"]], header=header))

    assert {(e.row, e.column) for e in result.errors} == {(1, "备注"), (1, "类别")}
    assert error_at(result, 1, "备注").reason.startswith("未知的列“备注”；本导入的列为：单位代码")
    assert error_at(result, 1, "类别").reason == "缺少必填列“类别”"
    assert result.total_rows == 0


def test_a_repeated_header_is_an_error(org):
    result = import_units(csv_bytes([], header=[*HEADER, "简称"]))

    assert error_at(result, 1, "简称").reason == "列“简称”重复"


def test_a_filled_cell_without_a_header_is_an_error(org):
    header = ["单位代码", "单位名称", "类别", "", "上级单位代码"]
    rows = [["532504-i", "壬局", DEPARTMENT, "备注", "532504", "多余"]]

    result = import_units(csv_bytes(rows, header=header))

    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (2, "D列", "备注"),
        (2, "F列", "多余"),
    ]
    assert result.errors[0].reason == "该列没有表头，不能填写内容"


def test_xlsx_column_letters_count_from_column_a(org):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [["", *HEADER], ["", *GOOD_ROWS[0], "多余"]]:
        sheet.append(row)
    sheet["A1"] = None  # the used area starts at column B
    buffer = io.BytesIO()
    workbook.save(buffer)

    [error] = import_units(buffer.getvalue()).errors

    assert (error.row, error.column) == (2, "H列")


def test_a_header_without_data_rows_is_an_error(org):
    result = import_units(csv_bytes([]))

    assert [e.reason for e in result.errors] == ["文件中没有数据行(表头之下没有内容)"]


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        (random.Random(7).randbytes(4096), "内容不是文本"),
        (b"", "文件是空的"),
        (_docx_bytes(), "Word 文档"),
        (b"PK\x03\x04 not really a zip", "压缩包已损坏"),
    ],
    ids=["pdf", "random", "empty", "docx", "broken-zip"],
)
def test_anything_but_a_spreadsheet_is_refused_with_one_clear_error(org, content, detail):
    result = import_units(content)

    [error] = result.errors
    assert error.row == 0 and error.where == "文件"
    assert error.reason.startswith("文件不是有效的电子表格(CSV 或 XLSX)：")
    assert detail in error.reason
    assert new_codes() == ORG_CODES


def test_an_old_xls_workbook_is_asked_to_be_saved_as_xlsx(db):
    ole_header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)

    [error] = import_units(ole_header).errors

    assert ".xls" in error.reason and "另存为" in error.reason and ".xlsx" in error.reason


def test_the_file_type_comes_from_the_content_not_the_name(org, tmp_path):
    misnamed = tmp_path / "单位.csv"
    misnamed.write_bytes(xlsx_bytes(GOOD_ROWS))

    result = run_import("units", misnamed, misnamed.name, None, Channel.IMPORT, dry_run=True)

    assert result.ok and result.total_rows == 3


def test_an_unknown_kind_lists_the_known_ones(db):
    with pytest.raises(
        UnknownImportKind, match=r"未知的导入类型“nope”；可用的类型：.*units\(单位名录\)"
    ):
        get_importer("nope")


# --- parsers, through a throwaway importer ------------------------------------------------------


class EventsImporter(Importer):
    kind, label = "test-events", "测试活动"
    columns = [
        Column("名称", "name", text(20)),
        Column("日期", "day", date),
        Column("人数", "people", integer(0, 1000), required=False),
        Column("类别", "unit_kind", choice(UnitKind), required=False),
        Column("公开", "public", boolean, required=False, default=False),
        Column("单位", "unit", unit_by_code, required=False),
    ]
    written: ClassVar[list[dict]] = []

    def write(self, rows, actor):
        if not self.trial:  # outside the database: only when the rows are really written
            self.written.extend(rows)
        return len(rows)


@pytest.fixture
def events():
    register(EventsImporter)
    EventsImporter.written.clear()
    yield EventsImporter
    unregister(EventsImporter.kind)


def import_events(rows, header=("名称", "日期", "人数", "类别", "公开", "单位"), **options):
    content = xlsx_bytes(rows, header=list(header))
    return run_import("test-events", io.BytesIO(content), "e.xlsx", None, Channel.IMPORT, **options)


@pytest.mark.parametrize(
    "cell",
    [
        dt.date(2021, 3, 5),
        dt.datetime(2021, 3, 5, 9, 30),
        "2021-03-05",
        "2021/3/5",
        "2021年3月5日",
        "2021.3.5",
        "20210305",
        "2021-03-05 00:00:00",
        "２０２１年３月５日",
        44260.0,
        44260,
    ],
)
def test_date_accepts_the_forms_people_type(cell):
    assert date(cell) == dt.date(2021, 3, 5)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("2021-02-30", "日期无效：2021-02-30"),
        ("2021-13-01", "日期无效：2021-13-01"),
        ("下周一", "日期格式无法识别：下周一(应为 2021-03-05、2021/3/5 或 2021年3月5日)"),
        (-3.0, "日期无效：-3"),
    ],
)
def test_date_rejects_impossible_dates_with_a_chinese_reason(cell, reason):
    with pytest.raises(ValueError) as excinfo:
        date(cell)
    assert str(excinfo.value) == reason


def test_a_bad_date_in_a_file_names_its_row_and_column(db, events):
    result = import_events([["普法讲座", "2021-03-05"], ["法治宣传", "2021-02-30"]])

    assert [str(e) for e in result.errors] == ["第3行 [日期] 2021-02-30：日期无效：2021-02-30"]
    assert events.written == []


def test_typed_cells_are_parsed_and_lookups_resolved(org, events):
    rows = [
        ["讲座", dt.datetime(2021, 3, 5), 30.0, "乡镇(街道)", "是", "532504-sfj"],
        [12345.0, "2021/3/6", "1,000", "town", False, ""],
    ]

    result = import_events(rows)

    assert result.ok, result.errors
    first, second = events.written
    assert first == {
        "name": "讲座",
        "day": dt.date(2021, 3, 5),
        "people": 30,
        "unit_kind": "town",
        "public": True,
        "unit": org["justice"],
    }
    assert (second["name"], second["people"], second["public"], second["unit"]) == (
        "12345",
        1000,
        False,
        None,
    )


def test_parser_errors_in_a_file(org, events):
    rows = [["讲座", "2021-03-05", 3.5, "国家级", "也许", "000000"]]

    result = import_events(rows)

    reasons = {e.column: e.reason for e in result.errors}
    assert reasons == {
        "人数": "应为整数",
        "类别": "不是有效的选项，可选：" + "、".join(UnitKind.labels),
        "公开": "应填“是”或“否”",
        "单位": "找不到单位代码为“000000”的单位",
    }


def test_lookups_cost_one_query_per_chunk_not_per_row(org, events):
    rows = [["讲座", "2021-03-05", 1, "", "", code] for code in ["532504-sfj", "532504-gaj"] * 50]

    with CaptureQueriesContext(connection) as queries:
        result = import_events(rows, dry_run=True)

    assert result.ok and result.total_rows == 100
    # The rest are the savepoints of pass 1's trial writes, a few per transaction, not per row.
    assert sum("core_orgunit" in query["sql"] for query in queries.captured_queries) == 1


class UnitsChecked(get_importer("units")):
    """The units importer's checks, with a write that does not call the service (whose own
    queries are per row, as they are when the rows are written)."""

    kind, label = "test-units-checked", "单位名录(仅校验)"

    def write(self, rows, actor):
        return len(rows)


@pytest.mark.parametrize("size", [10, 1999])
def test_validating_units_uses_a_bounded_number_of_queries(
    org, size, django_assert_max_num_queries
):
    rows = [[f"532504-q{i}", f"局{i}", DEPARTMENT, "532504", "", ""] for i in range(size)]
    content = csv_bytes(rows)
    register(UnitsChecked)

    # Per chunk of 2000 rows: parents, then existing codes, each in_bulk (≤999 codes a query);
    # then the trial write: its transaction (here a savepoint) and one savepoint in it, whose
    # opening, rolling back and releasing take five statements.
    try:
        with django_assert_max_num_queries(4 + 5):
            result = run_import(
                UnitsChecked.kind, io.BytesIO(content), "u.csv", None, "import", dry_run=True
            )
    finally:
        unregister(UnitsChecked.kind)

    assert result.ok and result.total_rows == size


def test_progress_is_reported_for_both_passes(org):
    calls = []

    import_units(xlsx_bytes(GOOD_ROWS), progress=lambda *args: calls.append(args))

    assert calls == [("validate", 3, 3), ("write", 3, 3)]


# --- templates and reports ----------------------------------------------------------------------


def _filled_template(rows) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx("units")))
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_xlsx_template_filled_in_imports(org):
    result = import_units(_filled_template(GOOD_ROWS))

    assert result.ok, result.errors
    assert result.written == 3


def test_the_xlsx_template_explains_each_column_and_offers_choice_lists(db):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx("units")))
    data, notes = workbook["单位名录"], workbook["说明"]

    assert [c.value for c in data[1]] == HEADER
    assert data.freeze_panes == "A2"
    assert data[1][0].font.b
    [validation] = data.data_validations.dataValidation
    assert str(validation.sqref).startswith("C2")
    options = workbook["选项"]  # visible: a sheet to pick from (it was hidden)
    assert options.sheet_state == "visible"
    assert [c.value for c in options["A"]] == ["类别", *UnitKind.labels]
    described = {row[0].value: row for row in notes.iter_rows(min_row=5)}
    assert described["类别"][1].value == "必填"
    assert "政府工作部门" in described["类别"][4].value
    assert described["简称"][1].value == "选填"


def test_the_csv_template_has_a_bom_and_the_headers(org):
    content = template_csv("units")

    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").strip() == ",".join(HEADER)
    filled = content + "\r\n".join(",".join(row) for row in GOOD_ROWS).encode()
    assert import_units(filled).written == 3


def test_the_error_report_lists_row_column_value_and_reason(org):
    result = import_units(csv_bytes([["532504-g", "庚局", "不知道", "532504", "", "x"]]))

    sheet = openpyxl.load_workbook(io.BytesIO(error_report_xlsx(result))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]

    assert rows[0] == ["行号", "列", "值", "原因"]
    assert [2, "排序", "x", "应为整数"] in rows
    assert len(rows) == 3


# --- command line -------------------------------------------------------------------------------


def test_the_command_imports_and_summarises(org, people, tmp_path):
    source = tmp_path / "units.xlsx"
    source.write_bytes(xlsx_bytes(GOOD_ROWS))
    out = io.StringIO()

    call_command(
        "import", "units", str(source), "--user", "coord", stdout=out, stderr=io.StringIO()
    )

    assert out.getvalue().strip() == "单位名录：共 3 行，已全部导入 3 行。"
    assert (
        AuditEntry.objects.filter(channel=Channel.IMPORT, actor=people["coordinator"]).count() == 4
    )


def test_the_command_dry_run_writes_nothing(org, tmp_path):
    source = tmp_path / "units.csv"
    source.write_bytes(csv_bytes(GOOD_ROWS))
    out = io.StringIO()

    call_command("import", "units", str(source), "--dry-run", stdout=out, stderr=io.StringIO())

    assert "校验通过(仅校验，未写入)" in out.getvalue()
    assert new_codes() == ORG_CODES


def test_the_command_prints_errors_and_fails(org, tmp_path):
    bad = [[f"532504-{i}", f"局{i}", "无效", "532504", "", ""] for i in range(60)]
    source = tmp_path / "units.csv"
    source.write_bytes(csv_bytes([*GOOD_ROWS, *bad]))
    err = io.StringIO()

    with pytest.raises(CommandError, match="发现 60 条错误，未写入任何数据"):
        call_command("import", "units", str(source), stdout=io.StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[0].startswith("第5行 [类别] 无效：不是有效的选项")
    assert len(lines) == 51 and lines[-1] == "另有10条错误"
    assert new_codes() == ORG_CODES


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "{file}"], "未知的导入类型“nope”"),
        (["units", "{missing}"], "文件不存在"),
        (["units", "{file}", "--user", "nobody"], "用户不存在：nobody"),
    ],
)
def test_the_command_refuses_clearly(db, tmp_path, args, message):
    source = tmp_path / "units.csv"
    source.write_bytes(csv_bytes(GOOD_ROWS))
    paths = {"file": str(source), "missing": str(tmp_path / "missing.csv")}

    with pytest.raises(CommandError, match=message):
        call_command("import", *[a.format(**paths) for a in args], stdout=io.StringIO())


# --- web pages ----------------------------------------------------------------------------------

web = pytest.mark.urls("fazhi.urls")


def upload(client, content: bytes, kind="units", dry_run=False):
    data = {"kind": kind, "file": SimpleUploadedFile("单位.xlsx", content)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/imports/upload/", data, follow=True)


def last_run():
    from fazhi.core.models import ImportRun

    return ImportRun.objects.latest("id")


@web
def test_the_imports_page_offers_templates_and_an_upload_form(client, people):
    client.force_login(people["coordinator"])

    page = client.get("/imports/").content.decode()

    assert "单位名录" in page
    assert "/imports/units/template.xlsx" in page and "下载模板(XLSX)" in page
    assert "/imports/units/template.csv" in page
    assert 'enctype="multipart/form-data"' in page


@web
def test_imports_need_login_and_an_importing_role(client, people):
    assert client.get("/imports/").status_code == 302
    client.force_login(people["leader"])
    assert client.get("/imports/").status_code == 403


@web
def test_only_coordinators_import_the_org_tree(client, people, org):
    client.force_login(people["police_staff"])  # staff may import their own ledgers, not units

    assert "/imports/units/" not in client.get("/imports/").content.decode()
    assert client.get("/imports/units/template.xlsx").status_code == 403
    assert upload(client, xlsx_bytes(GOOD_ROWS)).status_code == 400
    assert new_codes() == ORG_CODES


@web
def test_templates_download_in_both_formats(client, people):
    client.force_login(people["coordinator"])

    xlsx = client.get("/imports/units/template.xlsx")
    csv_file = client.get("/imports/units/template.csv")

    assert xlsx["Content-Type"] == import_views.XLSX_TYPE
    assert "attachment" in xlsx["Content-Disposition"]
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "单位名录"
    assert csv_file.content.startswith(b"\xef\xbb\xbf")
    assert client.get("/imports/units/template.pdf").status_code == 404
    assert client.get("/imports/nope/template.xlsx").status_code == 404


@web
def test_uploading_a_good_file_imports_it_through_the_import_channel(client, people, org):
    client.force_login(people["coordinator"])

    response = upload(client, _filled_template(GOOD_ROWS))

    assert response.status_code == 200
    assert "导入成功：共 3 行，已写入 3 行" in response.content.decode()
    assert AuditEntry.objects.filter(channel=Channel.IMPORT, action="新增单位").count() == 3
    batch = AuditEntry.objects.get(channel=Channel.IMPORT, action="导入")
    assert batch.after == {"kind": "units", "filename": batch.after["filename"], "rows": 3}


@web
def test_uploading_a_bad_file_shows_errors_and_offers_the_report(client, people, org):
    client.force_login(people["coordinator"])
    rows = [*GOOD_ROWS, ["532504-h", "辛局", "不知道", "532504", "", ""]]

    page = upload(client, xlsx_bytes(rows)).content.decode()
    report_url = f"/imports/runs/{last_run().pk}/errors.xlsx"
    report = client.get(report_url)

    assert "发现 1 条错误，未写入任何数据" in page
    assert "不是有效的选项" in page and report_url in page
    assert new_codes() == ORG_CODES
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    assert [c.value for c in sheet[2]][:3] == [5, "类别", "不知道"]


@web
@pytest.mark.parametrize("in_memory", [True, False])
def test_a_gbk_csv_upload_imports(client, people, org, settings, in_memory):
    if not in_memory:
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # arrives as a temporary file on disk
    client.force_login(people["coordinator"])

    page = upload(client, csv_bytes(GOOD_ROWS, encoding="gbk")).content.decode()

    assert "导入成功：共 3 行，已写入 3 行" in page


@web
def test_a_dry_run_upload_writes_nothing(client, people, org):
    client.force_login(people["coordinator"])

    page = upload(client, xlsx_bytes(GOOD_ROWS), dry_run=True).content.decode()

    assert "校验通过：共 3 行" in page
    assert new_codes() == ORG_CODES


@web
def test_uploads_over_the_size_limit_are_refused(client, people, org, settings):
    settings.FAZHI_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(people["coordinator"])

    response = upload(client, b"x" * (1024 * 1024 + 1))

    assert response.status_code == 400
    assert "文件超过 1 MB 上限" in response.content.decode()


@web
def test_no_error_report_without_a_failed_upload(client, people, org):
    client.force_login(people["coordinator"])
    assert "导入成功" in upload(client, xlsx_bytes(GOOD_ROWS)).content.decode()

    assert client.get(f"/imports/runs/{last_run().pk}/errors.xlsx").status_code == 404
    assert client.get(f"/imports/runs/{last_run().pk + 1}/errors.xlsx").status_code == 404
