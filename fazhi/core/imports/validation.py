"""Checking rows: the header against the declared columns, then per chunk each cell's parser, the
importer's row rules, unique keys (in the file and the database) and its batch rules. Every
problem becomes a row error with its row, column, the cell as the user typed it, and the reason.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from .declarations import Importer, reasons
from .files import Table
from .limits import FileRefused
from .parsers import CONTROL_CHARACTERS, Parser, as_text, batched
from .results import ImportResult


@dataclass
class Row:
    number: int  # as in Excel: the header is row 1
    cells: list
    values: dict


def is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def data_chunks(table: Table, size: int) -> tuple[int, list, Iterator[list]]:
    """The header row and the non-empty data rows after it, in chunks."""
    rows = ((n, cells) for n, cells in table.rows if not all(is_empty(c) for c in cells))
    first = next(rows, None)
    if first is None:
        raise FileRefused("文件中没有内容：第一行应为表头(列名)")
    header_row, header_cells = first
    return header_row, header_cells, batched(rows, size)


@dataclass
class Layout:
    """Where each declared column sits in the file, found from the header row."""

    header_row: int
    width: int
    positions: dict[str, int]  # column name → cell index
    unheaded: list[int]  # cells under a blank header: they must stay empty

    def stray_cells(self, cells: list) -> Iterator[int]:
        """Indexes of filled cells that no header names: data the user would silently lose."""
        for index in self.unheaded:
            if index < len(cells) and not is_empty(cells[index]):
                yield index
        for index in range(self.width, len(cells)):
            if not is_empty(cells[index]):
                yield index


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(index + 1)}列"


def read_header(importer: type[Importer], row: int, cells: list, result: ImportResult) -> Layout:
    """Match the header row against the declared columns; record what is wrong with it."""
    by_header = {"".join(c.header.split()): c for c in importer.columns}
    positions: dict[str, int] = {}
    unheaded = []
    for index, cell in enumerate(cells):
        header = "".join(as_text(cell).split()) if not is_empty(cell) else ""
        if not header:
            unheaded.append(index)
            continue
        column = by_header.get(header)
        if column is None:
            expected = "、".join(c.header for c in importer.columns)
            result.add_error(row, header, header, f"未知的列“{header}”；本导入的列为：{expected}")
        elif column.name in positions:
            result.add_error(row, header, header, f"列“{header}”重复")
        else:
            positions[column.name] = index
    for column in importer.columns:
        if column.required and column.name not in positions:
            result.add_error(row, column.header, "", f"缺少必填列“{column.header}”")
    return Layout(row, len(cells), positions, unheaded)


def _bound(parse: Callable) -> Callable:
    return parse.bind() if isinstance(parse, Parser) else parse


class Validator:
    """Parses a pass's rows with parsers bound to this run; with `check=True` also applies the
    importer's row, key and batch checks, remembering keys across chunks."""

    def __init__(self, importer: Importer, layout: Layout, result: ImportResult):
        self.importer, self.layout, self.result = importer, layout, result
        self.plan = [(layout.positions.get(c.name), c, _bound(c.parse)) for c in importer.columns]
        self.seen_keys: dict[tuple, int] = {}

    def parse_chunk(self, chunk: list[tuple[int, list]], check: bool) -> list[Row]:
        """The rows of a chunk without errors; the errors go to the result."""
        self._prefetch(chunk)
        parsed = [self._parse_row(number, cells) for number, cells in chunk]
        if not check:
            return [row for row, failed in parsed if not failed]
        good = [row for row, failed in parsed if not failed and not self._row_problems(row)]
        clashing = self._check_keys([row for row, failed in parsed if self._keyed(failed)])
        good = [row for row in good if row.number not in clashing]
        return self._check_batch(good) if good else good

    def cell(self, row: Row, header: str | None) -> Any:
        """The cell under `header` as the user typed it."""
        for index, column, _ in self.plan:
            if column.header == header and index is not None and index < len(row.cells):
                return row.cells[index]
        return ""

    def _prefetch(self, chunk):
        for index, _, parse in self.plan:
            if index is not None and hasattr(parse, "prefetch"):
                raws = (cells[index] for _, cells in chunk if index < len(cells))
                parse.prefetch(raw for raw in raws if not is_empty(raw))

    def _parse_row(self, number: int, cells: list) -> tuple[Row, set[str]]:
        """The row with its parsed values, and the names of the columns that failed."""
        values, failed = {}, set()
        width = len(cells)
        for index, column, parse in self.plan:
            raw = cells[index] if index is not None and index < width else None
            if type(raw) is str:
                raw = raw.strip()
            elif isinstance(raw, str):
                raw = str.strip(raw)
            if raw is None or raw == "":  # is_empty, once stripped
                if column.required:
                    failed.add(column.name)
                    self._error(number, column.header, "", "必填项不能为空")
                values[column.name] = column.default
                continue
            if type(raw) is str and CONTROL_CHARACTERS.search(raw):
                failed.add(column.name)
                self._error(number, column.header, raw, _control_character(raw))
                continue
            try:
                values[column.name] = parse(raw)
            except (ValueError, ValidationError) as exc:
                failed.add(column.name)
                self._error(number, column.header, raw, reasons(exc))
        for index in self.layout.stray_cells(cells):
            failed.add("")
            self._error(number, column_letter(index), cells[index], "该列没有表头，不能填写内容")
        return Row(number, cells, values), failed

    def _row_problems(self, row: Row) -> bool:
        problems = self.importer.check_row(row.values)
        for header, reason in problems:
            self._error(row.number, header, self.cell(row, header), reason)
        return bool(problems)

    def _keyed(self, failed: set[str]) -> bool:
        """A row whose key cells parsed is checked for duplicates even if other cells did not."""
        return bool(self.importer.key_columns) and not failed & set(self.importer.key_columns)

    def _check_keys(self, rows: list[Row]) -> set[int]:
        """Duplicate keys within the file, then against the database in one query per chunk."""
        key_columns = self.importer.key_columns
        if not key_columns:
            return set()
        headers = [self.importer.header_of(name) for name in key_columns]
        clashes: list[tuple[Row, str]] = []
        fresh: dict[tuple, Row] = {}
        for row in sorted(rows, key=lambda row: row.number):
            key = tuple(row.values[name] for name in key_columns)
            if any(part is None or part == "" for part in key):
                continue  # an optional key cell left blank: the platform gives the value
            first = self.seen_keys.get(key) or (fresh[key].number if key in fresh else None)
            if first:
                clashes.append((row, f"与第{first}行重复"))
            else:
                fresh[key] = row
        for key in self.importer.existing_keys(set(fresh)):
            typed = self._typed_key(fresh[key], headers)
            clashes.append((fresh[key], f"{'、'.join(headers)}“{typed}”已存在"))
        self.seen_keys.update({key: row.number for key, row in fresh.items()})
        for row, reason in clashes:
            self._error(row.number, "、".join(headers), self._typed_key(row, headers), reason)
        return {row.number for row, _ in clashes}

    def _typed_key(self, row: Row, headers: list[str]) -> str:
        return "、".join(as_text(self.cell(row, header)).strip() for header in headers)

    def _check_batch(self, rows: list[Row]) -> list[Row]:
        by_number = {row.number: row for row in rows}
        problems = self.importer.check_batch([(row.number, row.values) for row in rows])
        bad_rows, whole_chunk = set(), False
        for number, header, reason in problems:
            bad_rows.add(number)
            whole_chunk = whole_chunk or header is None
            row = by_number.get(number)
            self._error(number, header, self.cell(row, header) if row else "", reason)
        if whole_chunk:
            return []
        return [row for row in rows if row.number not in bad_rows]

    def _error(self, row: int, column: str | None, value: Any, reason: str) -> None:
        self.result.add_error(row, column or "", value, reason)


def _control_character(text: str) -> str:
    code = ord(CONTROL_CHARACTERS.search(text).group())
    return f"含有不可见的控制字符(U+{code:04X})，请删除后重新导入"
