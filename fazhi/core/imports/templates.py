"""Templates to download (CSV, XLSX) and the error report of a run.

The XLSX template has the data sheet (header only, so the filled template imports as is), a 选项
sheet with what each column may hold — a choice column's labels, and for a lookup column the
codes the downloading user may see with what they name (units: code and name; users: username
and name) — from which the data sheet's drop-down lists read, and a 说明 sheet.
"""

import codecs
import csv
import io
import re
import unicodedata

from .declarations import FILE_ROW, Column, Importer, get_importer
from .parsers import LISTED_AT_MOST, Text
from .results import ImportResult

OPTIONS_SHEET = "选项"


def template_csv(kind: str) -> bytes:
    """A header-only CSV; the BOM makes Excel read it as UTF-8 rather than GBK."""
    importer = get_importer(kind)
    buffer = io.StringIO()
    csv.writer(buffer).writerow([c.header for c in importer.columns])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def template_xlsx(kind: str, user=None) -> bytes:
    """The data sheet, the 选项 sheet (for `user`: what they may see) and the 说明 sheet."""
    from openpyxl import Workbook

    importer = get_importer(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(importer.label)
    _write_header(sheet, importer.columns)
    listed = {c.name: c.listed(user) for c in importer.columns}
    _add_options(workbook, sheet, importer.columns, listed)
    _write_instructions(workbook.create_sheet("说明"), importer, listed)
    return _save(workbook)


def _display_width(value: str) -> int:
    """Column width in Excel units: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


def _sheet_title(label: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", label)[:31] or "数据"


def _write_header(sheet, columns: list[Column]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    required_fill = PatternFill("solid", fgColor="FCE4D6")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = required_fill
        note = "；".join(
            p for p in ["必填" if column.required else "选填", column.hint, column.help] if p
        )
        cell.comment = Comment(note, "法治")
        letter = get_column_letter(index)
        width = max(_display_width(column.header), _display_width(column.example), 8) + 4
        sheet.column_dimensions[letter].width = min(width, 50)
        if isinstance(column.parse, Text):
            # Stored as text, codes such as 0012 or 18-digit credit codes keep every digit.
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"


def _add_options(workbook, sheet, columns: list[Column], listed: dict) -> None:
    """One sheet column of values per listed column (and one of names, for lookups); the data
    sheet's drop-down lists read from it (an inline list is capped at 255 characters)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    chosen = [(i, c) for i, c in enumerate(columns, start=1) if listed[c.name]]
    if not chosen:
        return
    options = workbook.create_sheet(OPTIONS_SHEET)
    slot = 1
    for index, column in chosen:
        entries = listed[column.name]
        named = any(name for _, name in entries)
        options.cell(row=1, column=slot, value=column.header).font = Font(bold=True)
        if named:
            options.cell(row=1, column=slot + 1, value="名称").font = Font(bold=True)
        for row, (value, name) in enumerate(entries, start=2):
            _text_cell(options.cell(row=row, column=slot), value)
            if named:
                _text_cell(options.cell(row=row, column=slot + 1), name)
        width = max((_display_width(v) for v, _ in entries), default=8)
        options.column_dimensions[get_column_letter(slot)].width = min(max(width, 10) + 2, 40)
        if named:
            options.column_dimensions[get_column_letter(slot + 1)].width = 36
        _drop_down(sheet, options, index, column, slot, len(entries))
        slot += 3 if named else 2  # an empty column between lists
    options.freeze_panes = "A2"


def _drop_down(sheet, options, index: int, column: Column, slot: int, count: int) -> None:
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    source = get_column_letter(slot)
    area = f"{quote_sheetname(options.title)}!${source}$2:${source}${count + 1}"
    validation = DataValidation(type="list", formula1=area, allow_blank=not column.required)
    validation.error = f"请从“{OPTIONS_SHEET}”工作表的列表中选择{column.header}"
    validation.errorTitle = "无效的选项"
    letter = get_column_letter(index)
    validation.add(f"{letter}2:{letter}1048576")
    sheet.add_data_validation(validation)


def _write_instructions(sheet, importer: type[Importer], listed: dict) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append([f"{importer.label}导入说明：在第一个工作表中从第2行起逐行填写，表头请勿改动。"])
    sheet.append(
        ["所有行校验通过才会导入；任何一行有错，整个文件都不会导入，并列出错误的行、列和原因。"]
    )
    sheet.append([])
    sheet.append(["列名", "是否必填", "格式", "说明", "可选值", "示例"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for column in importer.columns:
        sheet.append(
            [
                column.header,
                "必填" if column.required else "选填",
                column.hint,
                column.help,
                _allowed(column, listed[column.name]),
                column.example,
            ]
        )
    for letter, width in zip("ABCDEF", (16, 10, 30, 40, 40, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _allowed(column: Column, entries: list[tuple[str, str]]) -> str:
    if column.options:
        return "、".join(column.options)
    if not entries:
        return ""
    more = f"(仅列出前 {LISTED_AT_MOST:,} 个)" if len(entries) >= LISTED_AT_MOST else ""
    return f"见“{OPTIONS_SHEET}”工作表：您可查看的 {len(entries):,} 个{more}"


def error_report_xlsx(result: ImportResult) -> bytes:
    """行号 / 列 / 值 / 原因, one row per stored error."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "错误"
    sheet.append(["行号", "列", "值", "原因"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for error in result.errors:
        row = error.where if error.row == FILE_ROW else error.row
        sheet.append([row, None, None, error.reason])
        _text_cell(sheet.cell(row=sheet.max_row, column=2), error.column)  # a header as typed
        _text_cell(sheet.cell(row=sheet.max_row, column=3), error.value)
    if result.errors_left_out:
        sheet.append(["", "", "", f"另有 {result.errors_left_out} 条错误未列出"])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCD", (8, 16, 24, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    return _save(workbook)


_ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text_cell(cell, value: str) -> None:
    """The value as the user typed it, as text: `=…` stays text (never a live formula), and the
    control characters an XLSX cannot hold are dropped."""
    cell.value = _ILLEGAL_IN_XLSX.sub("", value)
    cell.data_type = "s"


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
