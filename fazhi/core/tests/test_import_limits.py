"""Hostile and oversized files are refused before they cost memory (issue 6, imports).

Each hostile file is imported in a forked child process whose peak memory is measured: the
reader that was here before allocated the whole declared range of a sheet (a 1.5 KB file with
cells in A1 and XFD1048576 aborted the server process) and held a deflate bomb in memory.
"""

import contextlib
import io
import multiprocessing
import os
import zipfile
from pathlib import Path
from typing import ClassVar

import openpyxl
import pytest

from fazhi.core.audit import Channel
from fazhi.core.imports import Column, Importer, register, run_import, text, unregister
from fazhi.testing.xlsx_files import inline, with_declared_size, workbook_bytes

MB = 2**20
SMALL = 40 * MB  # the most a refused hostile file may add to a process's peak memory


class NotesImporter(Importer):
    """Text only: no lookups, so a child process never touches the database."""

    kind, label = "test-notes", "测试备注"
    columns = [Column("名称", "name", text(100)), Column("备注", "note", text(), required=False)]
    written: ClassVar[list[dict]] = []

    def write(self, rows, actor):
        if not self.trial:
            self.written.extend(rows)
        return len(rows)


@pytest.fixture(autouse=True)
def notes():
    register(NotesImporter)
    NotesImporter.written.clear()
    yield
    unregister(NotesImporter.kind)


def import_notes(file, dry_run=True):
    result = run_import("test-notes", file, "x", None, Channel.IMPORT, dry_run=dry_run)
    return [str(error) for error in result.errors], result.total_rows


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def in_child(function, *args):
    """Run function(*args) in a forked process; return (its value, the peak memory it added).
    A child killed by the reader (the old one aborted) fails the test instead of the run."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)

    def child():
        with contextlib.suppress(OSError):  # reset the peak to the current size
            Path("/proc/self/clear_refs").write_text("5")
        before = _memory_kb("VmRSS")
        value = function(*args)
        sending.send((value, (_memory_kb("VmHWM") - before) * 1024))
        os._exit(0)  # no atexit, no closing of the parent's database connection

    process = context.Process(target=child)
    process.start()
    process.join(timeout=300)
    assert process.exitcode == 0, f"the import killed its process (exit code {process.exitcode})"
    return receiving.recv()


# --- building hostile XLSX files ------------------------------------------------------------------


def header_row() -> str:
    return f'<row r="1">{inline("A1", "名称")}{inline("B1", "备注")}</row>'


def two_far_cells() -> bytes:
    """1.5 KB: cells in A1 and XFD1048576 only, the sheet declaring A1:XFD1048576."""
    cells = f'{header_row()}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return workbook_bytes([cells], dimension="A1:XFD1048576")


def deflate_bomb(unzipped: int) -> bytes:
    """A header row, and a shared-string table that unzips to `unzipped` bytes of the same
    string over and over (a reader that loads the table holds all of it)."""
    block = "<si><t>" + "a" * (MB - 20) + "</t></si>"
    return workbook_bytes([header_row()], strings=[block] * (unzipped // len(block.encode())))


# --- the tests ----------------------------------------------------------------------------------


def test_a_sheet_with_cells_in_a1_and_xfd1048576_is_refused_cheaply(db):
    content = two_far_cells()
    assert len(content) < 2000

    (errors, _), added = in_child(import_notes, io.BytesIO(content))

    assert errors == [
        "文件：第1048576行 XFD 列(第 16,384 列)有内容，超过 256 列的上限：请只保留本导入的列"
    ]
    assert added < SMALL


def test_a_deflate_bomb_is_refused_by_its_ratio_before_it_is_read(db):
    content = deflate_bomb(300 * MB)
    assert len(content) < MB

    (errors, _), added = in_child(import_notes, io.BytesIO(content))

    [error] = errors
    assert "“xl/sharedStrings.xml”解压后是压缩时的" in error and "压缩炸弹" in error
    assert added < SMALL


def test_a_part_that_hides_its_size_is_refused_as_damaged(db):
    content = with_declared_size(deflate_bomb(300 * MB), "xl/sharedStrings.xml", 1000)

    (errors, _), added = in_child(import_notes, io.BytesIO(content))

    [error] = errors
    assert error.startswith("文件：文件不是有效的电子表格(CSV 或 XLSX)：压缩包已损坏")
    assert added < SMALL


def test_a_workbook_over_the_unzipped_size_limit_is_refused_before_it_is_read(db, settings):
    settings.FAZHI_IMPORT_MAX_UNZIPPED_BYTES = 5 * MB
    rows = "".join(f'<row r="{n}">{inline(f"A{n}", f"第{n}项")}</row>' for n in range(2, 200_000))
    content = workbook_bytes([header_row(), rows])

    errors, _ = import_notes(io.BytesIO(content))

    assert len(errors) == 1 and "解压后超过 5 MB" in errors[0]


def test_a_workbook_over_the_columns_limit_is_refused(db, settings):
    settings.FAZHI_IMPORT_MAX_COLUMNS = 40
    workbook = openpyxl.Workbook()
    workbook.active.append(["名称", "备注"])
    workbook.active.cell(row=2, column=41, value="第41列")
    buffer = io.BytesIO()
    workbook.save(buffer)

    errors, _ = import_notes(io.BytesIO(buffer.getvalue()))

    assert errors == ["文件：第2行 AO 列(第 41 列)有内容，超过 40 列的上限：请只保留本导入的列"]


def test_styled_empty_cells_far_away_cost_nothing(db):
    """Formatting a whole column down to the last row is common; empty cells are not data."""
    far = "".join(f'<row r="{n}"><c r="XFD{n}" s="0"/></row>' for n in range(3, 1000))
    cells = f'{header_row()}<row r="2">{inline("A2", "甲")}</row>{far}'
    content = workbook_bytes([cells], dimension="A1:XFD1048576")

    errors, rows = import_notes(io.BytesIO(content))

    assert (errors, rows) == ([], 1)


def test_a_csv_over_the_columns_limit_is_refused(db, settings):
    settings.FAZHI_IMPORT_MAX_COLUMNS = 40
    content = "名称,备注\n" + ",".join(["x"] * 41) + "\n" + "甲,乙" + "," * 500 + "\n"

    errors, _ = import_notes(io.BytesIO(content.encode()))

    # Row 3's trailing empty cells are Excel's padding, not columns.
    assert errors == ["文件：第2行有 41 列内容，超过 40 列的上限：请只保留本导入的列"]


def test_a_csv_over_the_rows_limit_is_refused(db, settings):
    settings.FAZHI_IMPORT_MAX_ROWS = 100
    content = "名称\n" + "甲\n" * 100

    errors, _ = import_notes(io.BytesIO(content.encode()))

    assert errors == ["文件：文件超过 100 行的上限：请拆分成几个文件分批导入"]


class EndlessLine(io.RawIOBase):
    """A CSV whose second line is `size` bytes long, made up as it is read (not on disk)."""

    def __init__(self, size: int):
        self.head = "名称,备注\n".encode()
        self.size, self.position = len(self.head) + size, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        self.position = offset if whence == io.SEEK_SET else self.position + offset
        return self.position

    def tell(self):
        return self.position

    def readinto(self, buffer):
        count = min(len(buffer), self.size - self.position)
        start = self.position
        head = self.head[start : start + count]
        buffer[: len(head)] = head
        buffer[len(head) : count] = b"a" * (count - len(head))
        self.position += count
        return count


def test_a_csv_with_a_200_mb_line_is_refused_without_reading_it_into_memory(db):
    (errors, _), added = in_child(import_notes, io.BufferedReader(EndlessLine(200 * MB)))

    assert errors == [
        "文件：文件第2行过长(超过 1,000,000 个字符)：文件可能已损坏，或不是逐行填写的台账"
    ]
    assert added < SMALL


@pytest.mark.parametrize("quoted", [True, False], ids=["one-cell", "many-lines"])
def test_a_row_over_the_characters_limit_is_refused(db, settings, quoted):
    settings.FAZHI_IMPORT_MAX_ROW_CHARS = 1000
    body = '"' + "x\n" * 600 + '"' if quoted else "甲," + "x" * 1200

    errors, _ = import_notes(io.BytesIO(f"名称,备注\n甲,乙\n{body}\n".encode()))

    assert errors == [
        "文件：文件第3行过长(超过 1,000 个字符)：文件可能已损坏，或不是逐行填写的台账"
    ]


def test_an_xlsx_cell_over_the_characters_limit_is_refused(db, settings):
    settings.FAZHI_IMPORT_MAX_ROW_CHARS = 1000
    content = workbook_bytes([header_row(), f'<row r="2">{inline("A2", "x" * 1001)}</row>'])

    errors, _ = import_notes(io.BytesIO(content))

    assert errors == [
        "文件：文件中有单元格或行超过 1,000 个字符：文件可能已损坏，或不是逐行填写的台账"
    ]


def test_a_workbook_with_a_dtd_is_refused(db):
    sheet = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    content = workbook_bytes([header_row()])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"?>", b"?>" + sheet.encode(), 1)
            target.writestr(info, data)

    errors, _ = import_notes(io.BytesIO(buffer.getvalue()))

    assert errors == [
        "文件：文件不是有效的电子表格(CSV 或 XLSX)：工作簿中含有文档类型定义(DTD)，"
        "正常的 Excel 工作簿没有"
    ]


def test_the_defaults_let_a_real_ledger_of_a_million_rows_and_40_columns_through(settings):
    from fazhi.core.imports import Limits

    limits = Limits.from_settings()
    typical_sheet = 1_000_001 * 40 * 45  # ≈45 bytes of XML a cell, header included

    assert limits.max_rows >= 1_000_001 and limits.max_columns >= 40
    assert limits.max_unzipped_bytes >= typical_sheet
    assert limits.max_row_chars >= 40 * 300


# --- formulas are values ------------------------------------------------------------------------


def test_formulas_are_imported_as_text_never_evaluated(db):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["名称", "备注"])
    sheet.append(["=1+1", '=HYPERLINK("http://example.com","点击")'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    csv_content = '名称,备注\n=1+1,"=HYPERLINK(""http://example.com"",""点击"")"\n'.encode()
    cached = workbook_bytes(
        [header_row(), '<row r="2"><c r="A2" t="str"><f>CONCAT("甲","乙")</f><v>甲乙</v></c></row>']
    )

    for content in (buffer.getvalue(), csv_content, cached):
        run_import("test-notes", io.BytesIO(content), "x", None, Channel.IMPORT)

    hyperlink = '=HYPERLINK("http://example.com","点击")'
    assert [(row["name"], row["note"]) for row in NotesImporter.written] == [
        ("=1+1", hyperlink),
        ("=1+1", hyperlink),
        ("甲乙", None),  # a formula's cached value, as Excel shows it
    ]
