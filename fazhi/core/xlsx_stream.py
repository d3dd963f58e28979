"""An XLSX workbook of one sheet, written as it is sent.

A ledger of a million rows takes minutes to write; a workbook built before the response starts
would keep the user waiting that long for the first byte, past any proxy's timeout, and an
openpyxl workbook saved to a file holds the request for all of it. Here the sheet's XML is made
row by row from a row iterator and zipped on the fly (stream-zip), so the download starts at
once, memory stays flat, and the database is read in chunks as the bytes go out.

The parts are the least a spreadsheet needs: one sheet of inline strings, numbers and dates
(Excel's 1900 date serials, with date and date-time formats), the header row bold and frozen,
each column as wide as its header, and a filter over the data.
"""

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter
from stream_zip import ZIP_32, stream_zip

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EPOCH = dt.datetime(1899, 12, 30)  # Excel's day 0 in the 1900 date system (its leap-year bug)
# Cell styles (cellXfs below): 0 plain, 1 date, 2 date and time, 3 bold (the header), 4 time.
DATE, DATETIME, BOLD, TIME = 1, 2, 3, 4
ROWS_PER_CHUNK = 200
# Excel refuses a file with a longer cell ("Excel specifications and limits": 32 767 characters).
CELL_LIMIT, CUT = 32_767, "……(超出 Excel 单元格长度，已截断)"
# An XML reader turns a bare CR into LF: written as a reference, a cell keeps the CR it held.
CHARACTER_REFERENCES = {"\r": "&#13;"}

CONTENT_TYPES = (
    HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/></Types>'
)
PACKAGE_RELS = (
    HEAD + f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
    f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    HEAD + f'<Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
STYLES = (
    HEAD + f'<styleSheet xmlns="{MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def workbook(sheet: str, headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """The bytes of an .xlsx file: `headers`, then each row of cell values (None, str, int,
    float, Decimal, date, datetime or time — already made safe by the caller)."""
    modified = dt.datetime.now()
    sheet_name = sheet[:31]

    def member(name: str, content: str | Iterator[bytes]):
        chunks = (content.encode(),) if isinstance(content, str) else content
        return name, modified, 0o600, ZIP_32, chunks

    return stream_zip(
        [
            member("[Content_Types].xml", CONTENT_TYPES),
            member("_rels/.rels", PACKAGE_RELS),
            member("xl/workbook.xml", _workbook_xml(sheet_name)),
            member("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            member("xl/styles.xml", STYLES),
            member("xl/worksheets/sheet1.xml", _sheet_xml(headers, rows)),
        ]
    )


def _workbook_xml(sheet: str) -> str:
    return (
        HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
        f'<sheet name={quoteattr(sheet)} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _sheet_xml(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    letters = [get_column_letter(i) for i in range(1, len(headers) + 1)]
    yield (HEAD + f'<worksheet xmlns="{MAIN}">' + _views() + _widths(headers)).encode()
    yield ("<sheetData>" + _row(1, letters, headers, BOLD)).encode()
    number, chunk = 1, []
    for values in rows:
        number += 1
        chunk.append(_row(number, letters, values))
        if len(chunk) == ROWS_PER_CHUNK:
            yield "".join(chunk).encode()
            chunk = []
    tail = "".join(chunk) + "</sheetData>"
    if letters:
        tail += f'<autoFilter ref="A1:{letters[-1]}{number}"/>'
    yield (tail + "</worksheet>").encode()


def _views() -> str:
    return (
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    )


def _widths(headers: list[str]) -> str:
    if not headers:
        return ""
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{min(max(2 * len(h) + 4, 12), 40)}" customWidth="1"/>'
        for i, h in enumerate(headers, start=1)
    )
    return f"<cols>{cols}</cols>"


def _row(number: int, letters: list[str], values: list, style: int = 0) -> str:
    cells = "".join(
        _cell(f"{letter}{number}", value, style)
        for letter, value in zip(letters, values, strict=False)
        if value is not None and value != ""
    )
    return f'<row r="{number}">{cells}</row>'


def _cell(ref: str, value, style: int) -> str:
    if isinstance(value, bool):  # callers give 是/否; never Excel's TRUE/FALSE
        value = "是" if value else "否"
    if isinstance(value, int | float | Decimal) and math.isfinite(value):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, dt.datetime):
        return f'<c r="{ref}" s="{DATETIME}"><v>{_serial(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{DATE}"><v>{(value - EPOCH.date()).days}</v></c>'
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return f'<c r="{ref}" s="{TIME}"><v>{seconds / 86400!r}</v></c>'
    text = str(value)  # NaN and infinities too: no number Excel can hold
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - len(CUT)] + CUT
    text = escape(text, CHARACTER_REFERENCES)
    style_attr = f' s="{style}"' if style else ""
    return f'<c r="{ref}" t="inlineStr"{style_attr}><is><t xml:space="preserve">{text}</t></is></c>'


def _serial(value: dt.datetime) -> str:
    delta = value.replace(tzinfo=None) - EPOCH
    return repr(delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000)
