"""The import framework: ledgers arrive as CSV or XLSX and go in whole or not at all.

An app declares an `Importer`: its columns (Chinese headers, a parser each), optional cross-field
and batch checks, and `write()`, which calls the app's service functions. `run_import()` reads the
file twice, streaming: pass 1 parses and checks every row and collects errors; only if there are
none does pass 2 parse again and write, in chunks, inside one transaction, so any failure rolls
everything back.

    class UnitsImporter(Importer):
        kind, label = "units", "单位名录"
        columns = [Column("单位代码", "code", text(32)), Column("类别", "kind", choice(UnitKind))]
        key_columns = ("code",)
        def write(self, rows, actor): ...
    register(UnitsImporter)

Row numbers in errors are those the user sees in Excel: the header is row 1.
"""

import codecs
import csv
import datetime as dt
import io
import itertools
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils.module_loading import autodiscover_modules

from .models import OrgUnit, Role

MAX_STORED_ERRORS = 1000
NOT_A_SPREADSHEET = "文件不是有效的电子表格(CSV 或 XLSX)："
FILE_ROW = 0  # RowError.row for problems with the file as a whole


# --- parsers ------------------------------------------------------------------------------------


def as_text(raw: Any) -> str:
    """A cell as the text the user sees: XLSX numbers typed into a text column lose their '.0'."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float):
        # Excel stores every number as a float; a code like 532504 arrives as 532504.0.
        # Other floats as Excel displays them: 15 significant digits, so 0.1+0.2 reads 0.3.
        return str(int(raw)) if raw.is_integer() and abs(raw) < 1e15 else f"{raw:.15g}"
    if isinstance(raw, dt.datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(str(m) for m in exc.messages)
    return str(exc)


class Parser:
    """Turns one non-empty cell into a value, or raises ValueError with a Chinese reason.

    `hint` describes the expected format in the template's 说明 sheet; `options` lists the allowed
    entries (a drop-down list in the template).
    """

    hint = ""
    options: tuple[str, ...] = ()

    def __call__(self, raw: Any) -> Any:
        raise NotImplementedError

    def bind(self) -> "Parser":
        """The parser one import run uses; parsers with per-run caches return a fresh copy."""
        return self


class Text(Parser):
    def __init__(self, max_length: int | None = None):
        self.max_length = max_length
        self.hint = f"文本，最多 {max_length} 个字" if max_length else "文本"

    def __call__(self, raw):
        value = as_text(raw)
        if self.max_length and len(value) > self.max_length:
            raise ValueError(f"不能超过 {self.max_length} 个字(现有 {len(value)} 个)")
        return value


_INTEGER = re.compile(r"[+-]?\d+(?:\.0*)?")


class Integer(Parser):
    def __init__(self, min_value: int | None = None, max_value: int | None = None):
        self.min_value, self.max_value = min_value, max_value
        bounds = [f"不小于 {min_value}" if min_value is not None else ""]
        bounds.append(f"不大于 {max_value}" if max_value is not None else "")
        self.hint = "整数" + ("，" + "、".join(b for b in bounds if b) if any(bounds) else "")

    def __call__(self, raw):
        value = self._to_int(raw)
        if self.min_value is not None and value < self.min_value:
            raise ValueError(f"应不小于 {self.min_value}")
        if self.max_value is not None and value > self.max_value:
            raise ValueError(f"应不大于 {self.max_value}")
        return value

    @staticmethod
    def _to_int(raw) -> int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        text = unicodedata.normalize("NFKC", as_text(raw)).replace(",", "")
        if isinstance(raw, str) and _INTEGER.fullmatch(text):
            return int(text.split(".")[0])
        raise ValueError("应为整数")


_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29
_MAX_EXCEL_SERIAL = 2958465  # 9999-12-31
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


class Date(Parser):
    hint = "日期，如 2021-03-05、2021/3/5 或 2021年3月5日"

    def __call__(self, raw):
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return self._from_serial(raw)
        return self._from_text(as_text(raw))

    @staticmethod
    def _from_serial(serial: float) -> dt.date:
        if not 1 <= serial <= _MAX_EXCEL_SERIAL:
            raise ValueError(f"日期无效：{as_text(serial)}")
        return _EXCEL_EPOCH + dt.timedelta(days=int(serial))

    @staticmethod
    def _from_text(text: str) -> dt.date:
        normal = unicodedata.normalize("NFKC", text)
        match = _DATE.fullmatch(normal) or _COMPACT_DATE.fullmatch(normal)
        if match is None:
            raise ValueError(f"日期格式无法识别：{text}(应为 2021-03-05、2021/3/5 或 2021年3月5日)")
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise ValueError(f"日期无效：{text}") from None


class Choice(Parser):
    """One of a TextChoices; the user may type the Chinese label or the stored value."""

    def __init__(self, choices: type[models.TextChoices]):
        self.options = tuple(str(label) for label in choices.labels)
        self._lookup = {str(label): value for value, label in choices.choices}
        self._lookup.update({value: value for value in choices.values})
        self._lookup.update({value.lower(): value for value in choices.values})
        self.hint = "从下拉列表中选择"

    def __call__(self, raw):
        text = as_text(raw)
        value = self._lookup.get(text) or self._lookup.get(text.lower())
        if value is None:
            raise ValueError(f"不是有效的选项，可选：{'、'.join(self.options)}")
        return value


_TRUE = {"是", "true", "1", "y", "yes", "对", "√"}
_FALSE = {"否", "false", "0", "n", "no", "错", "×"}


class Boolean(Parser):
    hint = "填“是”或“否”"
    options = ("是", "否")

    def __call__(self, raw):
        if isinstance(raw, bool):
            return raw
        text = as_text(raw).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError("应填“是”或“否”")


class Lookup(Parser):
    """A foreign key given by a code. Each run binds its own cache, filled one query per chunk."""

    def __init__(self, model: type[models.Model], field: str = "code", noun: str | None = None):
        self.model, self.field = model, field
        self.noun = noun or str(model._meta.verbose_name)
        self.field_label = str(model._meta.get_field(field).verbose_name)
        self.hint = f"填写已有{self.noun}的{self.field_label}"

    def bind(self) -> "BoundLookup":
        return BoundLookup(self)

    def __call__(self, raw):
        return self.bind()(raw)


class BoundLookup(Parser):
    BATCH = 900  # below SQLite's historic limit of 999 query parameters

    def __init__(self, lookup: Lookup):
        self.lookup = lookup
        self.hint, self.options = lookup.hint, lookup.options
        self.cache: dict[str, models.Model | None] = {}

    def prefetch(self, raws: Iterable[Any]) -> None:
        """Resolve a chunk's codes at once, so a lookup never costs a query per row."""
        missing = {as_text(raw) for raw in raws} - self.cache.keys()
        for batch in _batched(sorted(missing), self.BATCH):
            self.cache.update(dict.fromkeys(batch))
            manager = self.lookup.model._default_manager
            found = manager.filter(**{f"{self.lookup.field}__in": batch})
            self.cache.update({as_text(getattr(obj, self.lookup.field)): obj for obj in found})

    def __call__(self, raw):
        key = as_text(raw)
        if key not in self.cache:
            self.prefetch([key])
        obj = self.cache[key]
        if obj is None:
            lookup = self.lookup
            raise ValueError(f"找不到{lookup.field_label}为“{key}”的{lookup.noun}")
        return obj


def text(max_length: int | None = None) -> Text:
    return Text(max_length)


def integer(min_value: int | None = None, max_value: int | None = None) -> Integer:
    return Integer(min_value, max_value)


def choice(choices: type[models.TextChoices]) -> Choice:
    return Choice(choices)


def lookup(model: type[models.Model], field: str = "code", noun: str | None = None) -> Lookup:
    return Lookup(model, field, noun)


date = Date()
boolean = Boolean()
unit_by_code = Lookup(OrgUnit, "code", "单位")


# --- declarations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    name: str
    parse: Callable[[Any], Any]
    required: bool = True
    help: str = ""
    example: str = ""
    default: Any = None  # the value of an empty optional cell

    @property
    def hint(self) -> str:
        return getattr(self.parse, "hint", "")

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(getattr(self.parse, "options", ()))


class RowWriteError(Exception):
    """Raised from `write()` for the row at `index` of the chunk it was given."""

    def __init__(self, index: int, reason: str, column: str = ""):
        super().__init__(reason)
        self.index, self.reason, self.column = index, reason, column
        self.row = FILE_ROW  # filled in by the framework from `index`


class Importer:
    """One kind of ledger. A fresh instance serves one run, so it may keep state across chunks."""

    kind: str = ""
    label: str = ""
    columns: list[Column] = []
    key_columns: tuple[str, ...] = ()  # column names whose values must be unique (file and DB)
    chunk_size = 2000

    def __init__(self, actor=None, channel: str = ""):
        self.actor, self.channel = actor, channel

    @classmethod
    def can_import(cls, user) -> bool:
        """Who may run this import from the web; the command line is the operator's."""
        if getattr(user, "is_superuser", False):
            return True
        allowed = {Role.COORDINATOR, Role.STAFF, Role.REVIEWER}
        return bool(getattr(user, "is_authenticated", False) and user.role in allowed)

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        """Cross-field rules for one parsed row: [(column header or None, reason)]."""
        return []

    def check_batch(self, rows: list[tuple[int, dict]]) -> list[tuple[int, str | None, str]]:
        """Rules needing the database or earlier rows, for a chunk of parsed rows (row number,
        values) in file order: [(row number, column header or None, reason)]. Query in bulk."""
        return []

    def existing_keys(self, keys: set[tuple]) -> set[tuple]:
        """Which of these `key_columns` values already exist in the database (one query)."""
        return set()

    def write(self, rows: list[dict], actor) -> int:
        """Store a chunk of parsed rows through the app's service functions; return how many."""
        raise NotImplementedError

    def write_each(self, rows: list[dict], write_one: Callable[[dict], Any]) -> int:
        """Call `write_one` per row, turning a service's ValidationError into a RowWriteError."""
        for index, row in enumerate(rows):
            try:
                write_one(row)
            except ValidationError as exc:
                raise RowWriteError(index, _reason(exc)) from exc
        return len(rows)

    @classmethod
    def header_of(cls, name: str) -> str:
        return {c.name: c.header for c in cls.columns}[name]


_registry: dict[str, type[Importer]] = {}
_discovered = False


class UnknownImportKind(LookupError):
    def __str__(self) -> str:
        return self.args[0]


def register(importer: type[Importer]) -> type[Importer]:
    """Make an importer available by its kind; usable as a class decorator."""
    if not importer.kind or not importer.label or not importer.columns:
        raise ValueError(f"{importer.__name__} needs kind, label and columns")
    headers = [c.header for c in importer.columns]
    if len(set(headers)) != len(headers):
        raise ValueError(f"{importer.__name__} declares a header twice")
    names = {c.name for c in importer.columns}
    if not set(importer.key_columns) <= names:
        raise ValueError(f"{importer.__name__}.key_columns names undeclared columns")
    known = _registry.get(importer.kind)
    if known is not None and known.__qualname__ != importer.__qualname__:
        raise ValueError(f"import kind {importer.kind!r} is already registered by {known}")
    _registry[importer.kind] = importer
    return importer


def unregister(kind: str) -> None:
    """Forget an importer (tests register throwaway ones)."""
    _registry.pop(kind, None)


def _discover() -> None:
    """Load every app's importers once (`importers.py`, or `imports.py` as DESIGN.md names it)."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("importers", "imports")


def all_importers() -> list[type[Importer]]:
    _discover()
    return list(_registry.values())


def get_importer(kind: str) -> type[Importer]:
    _discover()
    try:
        return _registry[kind]
    except KeyError:
        known = "、".join(f"{k}({i.label})" for k, i in _registry.items()) or "无"
        raise UnknownImportKind(f"未知的导入类型“{kind}”；可用的类型：{known}") from None


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # as the user sees it in Excel: header = 1; FILE_ROW (0) for the whole file
    column: str
    value: str
    reason: str

    @property
    def where(self) -> str:
        return "文件" if self.row == FILE_ROW else f"第{self.row}行"

    def __str__(self) -> str:
        column = f" [{self.column}]" if self.column else ""
        value = f" {self.value}" if self.value else ""
        return f"{self.where}{column}{value}：{self.reason}"


@dataclass
class ImportResult:
    kind: str
    label: str
    filename: str
    dry_run: bool
    total_rows: int = 0
    written: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # all errors found; `errors` keeps the first MAX_STORED_ERRORS

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def errors_left_out(self) -> int:
        return self.error_count - len(self.errors)

    def add_error(self, row: int, column: str, value: Any, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            shown = "" if value is None else as_text(value)[:100]
            self.errors.append(RowError(row, column or "", shown, reason))


# --- reading files ------------------------------------------------------------------------------


class NotASpreadsheet(Exception):
    def __str__(self) -> str:
        return self.args[0]


@dataclass
class Table:
    """The rows of a sheet as (row number, cells); `size_hint` is the last row's number."""

    rows: Iterator[tuple[int, list]]
    size_hint: int | None = None
    first_column: int = 0


_SIGNATURES = [
    (b"%PDF", "这是一个 PDF 文件"),
    (b"\x89PNG", "这是一张图片"),
    (b"\xff\xd8\xff", "这是一张图片"),
    (b"GIF8", "这是一张图片"),
    (b"Rar!", "这是一个 RAR 压缩包"),
    (b"7z\xbc\xaf", "这是一个 7z 压缩包"),
    (b"\x1f\x8b", "这是一个 gzip 压缩文件"),
    (b"{\\rtf", "这是一个 RTF 文档"),
]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLD_EXCEL = (
    "不支持旧版 Excel 97-2003 工作簿(.xls)或加密的工作簿：请在 Excel 中“另存为”"
    "Excel 工作簿(.xlsx)，或另存为 CSV(逗号分隔)后再导入"
)
_SAMPLE = 64 * 1024


class Source:
    """A path or a binary file object, opened afresh for each pass."""

    def __init__(self, file: str | os.PathLike | BinaryIO):
        if isinstance(file, (str, os.PathLike)):
            self.path: Path | None = Path(file)
            self.fileobj = None
        else:
            temp_path = getattr(file, "temporary_file_path", None)
            self.path = Path(temp_path()) if temp_path else None
            self.fileobj = file

    @contextmanager
    def open(self) -> Iterator[BinaryIO]:
        if self.path is not None:
            with open(self.path, "rb") as handle:
                yield handle
        else:
            self.fileobj.seek(0)
            yield self.fileobj


def sniff(source: Source) -> tuple[str, str | None]:
    """('xlsx', None) or ('csv', encoding) by the file's content, never its name."""
    with source.open() as handle:
        head = handle.read(_SAMPLE)
        if head.startswith(b"PK\x03\x04"):
            handle.seek(0)
            return "xlsx", _check_xlsx(handle)
    if not head:
        raise NotASpreadsheet(NOT_A_SPREADSHEET + "文件是空的")
    if head.startswith(_OLE):
        raise NotASpreadsheet(_OLD_EXCEL)
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            raise NotASpreadsheet(NOT_A_SPREADSHEET + what)
    return "csv", _text_encoding(head)


def _check_xlsx(handle: BinaryIO) -> None:
    try:
        names = set(zipfile.ZipFile(handle).namelist())
    except (zipfile.BadZipFile, OSError):
        raise NotASpreadsheet(NOT_A_SPREADSHEET + "压缩包已损坏") from None
    if "xl/workbook.xml" in names:
        return None
    if "word/document.xml" in names:
        raise NotASpreadsheet(NOT_A_SPREADSHEET + "这是一个 Word 文档")
    if "ppt/presentation.xml" in names:
        raise NotASpreadsheet(NOT_A_SPREADSHEET + "这是一个 PowerPoint 演示文稿")
    raise NotASpreadsheet(NOT_A_SPREADSHEET + "这是一个 ZIP 压缩包，不是 Excel 工作簿")


def _text_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's 'Unicode 文本'), or GB18030, the
    superset of the GBK that Excel in China uses for CSV."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            # final=False: the sample may end inside a multi-byte character.
            sample = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(sample):
            return encoding
    raise NotASpreadsheet(NOT_A_SPREADSHEET + "内容不是文本，也不是 Excel 工作簿")


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # text has tabs and line ends only


def _looks_binary(sample: str) -> bool:
    return _CONTROL_CHARACTERS.search(sample) is not None


@contextmanager
def open_table(source: Source) -> Iterator[Table]:
    kind, encoding = sniff(source)
    if kind == "xlsx":
        with _xlsx_table(source) as table:
            yield table
    else:
        with source.open() as handle, _csv_table(handle, encoding) as table:
            yield table


@contextmanager
def _xlsx_table(source: Source) -> Iterator[Table]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        with source.open() as handle:
            if source.path is not None:
                workbook = CalamineWorkbook.from_path(str(source.path))
            else:
                workbook = CalamineWorkbook.from_filelike(handle)
            sheet = workbook.get_sheet_by_index(_first_visible_sheet(workbook))
    except (CalamineError, OSError, ValueError) as exc:
        raise NotASpreadsheet(NOT_A_SPREADSHEET + f"Excel 工作簿无法读取({exc})") from None
    try:
        # iter_rows() pads the sheet from row 1, so enumerate() gives Excel's row numbers.
        last_row = sheet.end[0] + 1 if sheet.end else None
        first_column = sheet.start[1] if sheet.start else 0
        yield Table(enumerate(sheet.iter_rows(), start=1), last_row, first_column)
    finally:
        workbook.close()


def _first_visible_sheet(workbook) -> int:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    for index, meta in enumerate(workbook.sheets_metadata):
        if meta.typ == SheetTypeEnum.WorkSheet and meta.visible == SheetVisibleEnum.Visible:
            return index
    return 0


@contextmanager
def _csv_table(handle: BinaryIO, encoding: str) -> Iterator[Table]:
    stream = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        first_line = stream.readline()
        stream.seek(0)
        yield Table(_csv_rows(stream, _csv_dialect(first_line)))
    finally:
        stream.detach()  # leave the caller's file open for the next pass


def _csv_dialect(first_line: str) -> type[csv.Dialect]:
    """Excel writes commas; its 'Unicode 文本' writes tabs; some European locales semicolons."""
    delimiter = max([",", "\t", ";"], key=first_line.count)

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter if first_line.count(delimiter) else ","
    return Dialect


def _csv_rows(stream: io.TextIOWrapper, dialect) -> Iterator[tuple[int, list]]:
    number = 0
    try:
        for number, cells in enumerate(csv.reader(stream, dialect), start=1):
            yield number, cells
    except UnicodeDecodeError:
        raise NotASpreadsheet(
            f"第{number + 1}行附近有无法识别的字符编码：请将文件另存为“CSV UTF-8(逗号分隔)”后再导入"
        ) from None
    except csv.Error as exc:
        raise NotASpreadsheet(NOT_A_SPREADSHEET + f"第{number + 1}行无法解析({exc})") from None


# --- running an import --------------------------------------------------------------------------

Progress = Callable[[str, int, int | None], None]  # (stage "validate" | "write", done, total)


def _is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _normal_header(cell: Any) -> str:
    return "".join(as_text(cell).split()) if not _is_empty(cell) else ""


@dataclass
class Layout:
    """Where each declared column sits in the file, found from the header row."""

    header_row: int
    width: int
    positions: dict[str, int]  # column name → cell index
    unheaded: list[int]  # cells under a blank header: they must stay empty
    first_column: int = 0  # the sheet's first used column (calamine rows start there)

    def stray_cells(self, cells: list) -> Iterator[int]:
        """Indexes of filled cells that no header names: data the user would silently lose."""
        for index in self.unheaded:
            if index < len(cells) and not _is_empty(cells[index]):
                yield index
        for index in range(self.width, len(cells)):
            if not _is_empty(cells[index]):
                yield index

    def column_name(self, index: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.first_column + index + 1)}列"


def read_header(importer: type[Importer], row: int, cells: list, result: ImportResult) -> Layout:
    """Match the header row against the declared columns; record what is wrong with it."""
    by_header = {"".join(c.header.split()): c for c in importer.columns}
    positions: dict[str, int] = {}
    unheaded = []
    for index, cell in enumerate(cells):
        header = _normal_header(cell)
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


class _Validator:
    """Parses a pass's rows with parsers bound to this run; in pass 1 (`check=True`) also applies
    the importer's row, key and batch checks, remembering keys across chunks."""

    def __init__(self, importer: Importer, layout: Layout, result: ImportResult):
        self.importer, self.layout, self.result = importer, layout, result
        self.plan = [(layout.positions.get(c.name), c, _bound(c.parse)) for c in importer.columns]
        self.seen_keys: dict[tuple, int] = {}

    def parse_chunk(self, chunk: list[tuple[int, list]], check: bool) -> list[tuple[int, dict]]:
        """Parsed rows of a chunk (those without errors); errors go to the result."""
        self._prefetch(chunk)
        parsed = []
        for number, cells in chunk:
            values = self._parse_row(number, cells, check)
            if values is not None:
                parsed.append((number, values))
        if check and parsed:
            parsed = self._check_batch(chunk, parsed)
        return parsed

    def _prefetch(self, chunk):
        for index, _, parse in self.plan:
            if index is not None and hasattr(parse, "prefetch"):
                raws = (cells[index] for _, cells in chunk if index < len(cells))
                parse.prefetch(raw for raw in raws if not _is_empty(raw))

    def _parse_row(self, number: int, cells: list, check: bool) -> dict | None:
        values, failed = {}, False
        for index, column, parse in self.plan:
            raw = cells[index] if index is not None and index < len(cells) else None
            if isinstance(raw, str):
                raw = raw.strip()
            if _is_empty(raw):
                if column.required:
                    failed = self._error(number, column.header, "", "必填项不能为空")
                values[column.name] = column.default
                continue
            try:
                values[column.name] = parse(raw)
            except (ValueError, ValidationError) as exc:
                failed = self._error(number, column.header, raw, _reason(exc))
        for index in self.layout.stray_cells(cells):
            name = self.layout.column_name(index)
            failed = self._error(number, name, cells[index], "该列没有表头，不能填写内容")
        if check and not failed:
            for header, reason in self.importer.check_row(values):
                failed = self._error(number, header, self._raw(cells, header), reason)
        return None if failed else values

    def _check_batch(self, chunk, parsed):
        bad_rows = self._check_keys(parsed)
        cells_by_row = dict(chunk)
        for number, header, reason in self.importer.check_batch(parsed):
            bad_rows.add(number)
            self._error(number, header, self._raw(cells_by_row.get(number, []), header), reason)
        return [(number, values) for number, values in parsed if number not in bad_rows]

    def _check_keys(self, parsed: list[tuple[int, dict]]) -> set[int]:
        """Duplicate keys within the file, then against the database in one query per chunk."""
        key_columns = self.importer.key_columns
        if not key_columns:
            return set()
        headers = "、".join(self.importer.header_of(name) for name in key_columns)
        clashes: list[tuple[int, tuple, str]] = []
        fresh: dict[tuple, int] = {}
        for number, values in parsed:
            key = tuple(values[name] for name in key_columns)
            if None in key:
                continue
            first = self.seen_keys.get(key) or fresh.get(key)
            if first:
                clashes.append((number, key, f"与第{first}行重复"))
            else:
                fresh[key] = number
        for key in self.importer.existing_keys(set(fresh)):
            clashes.append((fresh[key], key, f"{headers}“{_show_key(key)}”已存在"))
        self.seen_keys.update(fresh)
        for number, key, reason in clashes:
            self._error(number, headers, _show_key(key), reason)
        return {number for number, _, _ in clashes}

    def _raw(self, cells: list, header: str | None):
        for index, column, _ in self.plan:
            if column.header == header and index is not None and index < len(cells):
                return cells[index]
        return ""

    def _error(self, row: int, column: str | None, value: Any, reason: str) -> bool:
        self.result.add_error(row, column or "", value, reason)
        return True


def _show_key(key: tuple) -> str:
    return "、".join(as_text(part) for part in key)


def _data_chunks(table: Table, importer: type[Importer]) -> tuple[int, list, Iterator[list]]:
    """The header row and the non-empty data rows after it, in chunks."""
    rows = ((n, cells) for n, cells in table.rows if not all(_is_empty(c) for c in cells))
    first = next(rows, None)
    if first is None:
        raise NotASpreadsheet("文件中没有内容：第一行应为表头(列名)")
    header_row, header_cells = first
    return header_row, header_cells, _batched(rows, importer.chunk_size)


def run_import(
    kind: str,
    file: str | os.PathLike | BinaryIO,
    filename: str,
    actor,
    channel: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate every row of `file`; unless there is an error or `dry_run`, write them all."""
    importer_class = get_importer(kind)
    result = ImportResult(kind, importer_class.label, filename, dry_run)
    importer = importer_class(actor, channel)
    source = Source(file)
    try:
        layout = _validate(importer, source, result, progress)
        if result.ok and not dry_run:
            _write(importer, source, layout, result, progress)
    except NotASpreadsheet as exc:
        result.written = 0
        result.add_error(FILE_ROW, "", "", str(exc))
    return result


def _validate(importer, source, result, progress) -> Layout | None:
    with open_table(source) as table:
        header_row, header_cells, chunks = _data_chunks(table, type(importer))
        layout = read_header(type(importer), header_row, header_cells, result)
        layout.first_column = table.first_column
        if not result.ok:
            return None
        validator = _Validator(importer, layout, result)
        total = table.size_hint - header_row if table.size_hint else None
        for chunk in chunks:
            validator.parse_chunk(chunk, check=True)
            result.total_rows += len(chunk)
            if progress:
                done = result.total_rows
                progress("validate", done, None if total is None else max(total, done))
    if result.total_rows == 0:
        result.add_error(FILE_ROW, "", "", "文件中没有数据行(表头之下没有内容)")
    # Batch checks report after a chunk's row checks; the user reads errors in row order.
    result.errors.sort(key=lambda error: error.row)
    return layout


def _write(importer, source, layout, result, progress) -> None:
    """Pass 2: parse again and write in chunks, all in one transaction."""
    try:
        with transaction.atomic(), open_table(source) as table:
            _, _, chunks = _data_chunks(table, type(importer))
            validator = _Validator(importer, layout, result)
            for chunk in chunks:
                rows = validator.parse_chunk(chunk, check=False)
                if len(rows) != len(chunk):  # the file changed between the passes
                    raise RowWriteError(0, "文件在校验后被改动，请重新导入")
                _write_chunk(importer, chunk, rows, result)
                if progress:
                    progress("write", result.written, result.total_rows)
            _record_batch(importer, result)
    except RowWriteError as exc:
        result.written = 0
        result.add_error(exc.row, exc.column, "", f"写入失败，已全部撤销：{exc.reason}")
    except (ValidationError, IntegrityError, DataError) as exc:
        result.written = 0
        result.add_error(FILE_ROW, "", "", f"写入失败，已全部撤销：{_reason(exc)}")


def _record_batch(importer: Importer, result: ImportResult) -> None:
    """The import as a whole is an audit row too, beside the per-record rows of the services."""
    from . import audit
    from .models import ImportBatch

    actor = importer.actor if getattr(importer.actor, "pk", None) else None
    batch = ImportBatch.objects.create(
        kind=result.kind,
        filename=result.filename[:200],
        rows=result.written,
        actor=actor,
        channel=importer.channel,
    )
    audit.record(
        importer.actor,
        importer.channel or audit.Channel.IMPORT,
        "导入",
        batch,
        None,
        {"kind": result.kind, "filename": result.filename, "rows": result.written},
    )


def _write_chunk(importer: Importer, chunk, rows, result: ImportResult) -> None:
    try:
        result.written += importer.write([values for _, values in rows], importer.actor)
    except RowWriteError as exc:
        exc.row = rows[exc.index][0] if 0 <= exc.index < len(rows) else chunk[0][0]
        raise


# --- templates and reports ----------------------------------------------------------------------


def _display_width(value: str) -> int:
    """Column width in Excel units: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


def template_csv(kind: str) -> bytes:
    """A header-only CSV; the BOM makes Excel read it as UTF-8 rather than GBK."""
    importer = get_importer(kind)
    buffer = io.StringIO()
    csv.writer(buffer).writerow([c.header for c in importer.columns])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    """The data sheet (header only, so the filled template imports as is) and a 说明 sheet."""
    from openpyxl import Workbook

    importer = get_importer(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(importer.label)
    _write_header(sheet, importer.columns)
    _add_option_lists(workbook, sheet, importer.columns)
    _write_instructions(workbook.create_sheet("说明"), importer)
    return _save(workbook)


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


def _add_option_lists(workbook, sheet, columns: list[Column]) -> None:
    """Drop-down lists read from a hidden sheet: an inline list is capped at 255 characters."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    listed = [(i, c) for i, c in enumerate(columns, start=1) if c.options]
    if not listed:
        return
    options_sheet = workbook.create_sheet("选项")
    options_sheet.sheet_state = "hidden"
    for slot, (index, column) in enumerate(listed, start=1):
        options_sheet.cell(row=1, column=slot, value=column.header)
        for row, option in enumerate(column.options, start=2):
            options_sheet.cell(row=row, column=slot, value=option)
        source = get_column_letter(slot)
        last = len(column.options) + 1
        area = f"{quote_sheetname(options_sheet.title)}!${source}$2:${source}${last}"
        validation = DataValidation(type="list", formula1=area, allow_blank=not column.required)
        validation.error = f"请从列表中选择{column.header}"
        validation.errorTitle = "无效的选项"
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}1048576")
        sheet.add_data_validation(validation)


def _write_instructions(sheet, importer: type[Importer]) -> None:
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
                "、".join(column.options),
                column.example,
            ]
        )
    for letter, width in zip("ABCDEF", (16, 10, 30, 40, 40, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


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
        sheet.append([row, error.column, error.value, error.reason])
    if result.errors_left_out:
        sheet.append(["", "", "", f"另有 {result.errors_left_out} 条错误未列出"])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCD", (8, 16, 24, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    return _save(workbook)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def result_to_dict(result: ImportResult) -> dict:
    """JSON-safe form, for keeping a result in the session until its report is downloaded."""
    data = {k: getattr(result, k) for k in ImportResult.__dataclass_fields__ if k != "errors"}
    data["errors"] = [[e.row, e.column, e.value, e.reason] for e in result.errors]
    return data


def result_from_dict(data: dict) -> ImportResult:
    errors = [RowError(*fields) for fields in data["errors"]]
    return ImportResult(**{**data, "errors": errors})
