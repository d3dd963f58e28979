"""A worksheet's XML turned into (row number, cells), one row in memory at a time.

Only cells that hold a value count: one beyond FAZHI_IMPORT_MAX_COLUMNS, in a row beyond
FAZHI_IMPORT_MAX_ROWS, or a row longer than FAZHI_IMPORT_MAX_ROW_CHARS refuses the file. Styled
empty cells (a formatted column down to row 1 048 576) cost nothing. The <dimension> element is a
progress hint only. A formula is never evaluated: its cached value is read, or its text (`=…`)
when it has none. The handlers are written for speed: they run once per XML element.
"""

import datetime as dt
import re

from .limits import NOT_READABLE, FileRefused, Limits

DATE, DATETIME, TIME = "date", "datetime", "time"
_EPOCH_1900 = dt.datetime(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's 1900-02-29
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_MAX_SERIAL = 2958465  # 9999-12-31
_ROW_DIGITS = re.compile(r"\d+$")
_CAPTURED = frozenset(["v", "f", "t"])


class SheetReader:
    """expat handlers (start, text, end); `take()` hands over the rows completed so far."""

    def __init__(self, strings, styles: dict[int, str], date1904: bool, limits: Limits):
        self.strings, self.styles, self.limits = strings, styles, limits
        self.epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
        self.declared_rows: int | None = None
        self.done: list[tuple[int, list]] = []
        self.row_number, self.cells, self.row_chars, self.next_column = 0, [], 0, 0
        self.in_cell = False
        self.ref = self.kind = self.style = self.value = self.formula = self.inline = None
        self.capture: list[str] | None = None
        self.capture_chars = 0
        self.phonetic = 0
        self.names: dict[str, str] = {}  # element name → local name (a file uses a handful)
        self.columns: dict[str, int] = {}  # column letters → index

    def take(self) -> list[tuple[int, list]]:
        done, self.done = self.done, []
        return done

    def _local(self, name: str) -> str:
        local = self.names[name] = local_name(name)
        return local

    def start(self, name, attrs):
        local = self.names.get(name) or self._local(name)
        if local == "c":
            self.in_cell = True
            self.ref, self.kind, self.style = attrs.get("r"), attrs.get("t"), attrs.get("s")
            self.value = self.formula = self.inline = None
        elif local in _CAPTURED:
            if self.in_cell and not (local == "t" and self.phonetic):
                self.capture, self.capture_chars = [], 0
        elif local == "row":
            number = attrs.get("r")
            self.row_number = self._next_row(_number_in(number) if number else None)
            self.cells, self.row_chars, self.next_column = [], 0, 0
        elif local == "rPh":
            self.phonetic += 1
        elif local == "dimension":
            match = _ROW_DIGITS.search(attrs.get("ref", ""))
            self.declared_rows = min(int(match.group()), self.limits.max_rows) if match else None

    def text(self, data):
        if self.capture is not None:
            self.capture_chars += len(data)
            if self.capture_chars + self.row_chars > self.limits.max_row_chars:
                raise FileRefused(cell_too_long(self.limits.max_row_chars))
            self.capture.append(data)

    def end(self, name):
        local = self.names[name]
        if local == "c":
            self._end_cell()
        elif self.capture is not None and local in _CAPTURED:
            text = "".join(self.capture)
            self.capture = None
            self.row_chars += len(text)
            if local == "v":
                self.value = text
            elif local == "f":
                self.formula = text
            else:
                self.inline = text if self.inline is None else self.inline + text
        elif local == "row":
            self._end_row()
        elif local == "rPh":
            self.phonetic -= 1

    def _next_row(self, number: int | None) -> int:
        """The row's number as the file states it, or the one after the last; rows go upwards
        from 1, as Excel writes them (row 0 would read as a whole-file error, FILE_ROW)."""
        if number is None:
            return self.row_number + 1
        if number < 1 or number <= self.row_number:
            raise FileRefused(NOT_READABLE + f"工作表的行号“{number}”无效(行号应从 1 起逐行增大)")
        return number

    def _end_cell(self):
        self.in_cell = False
        value = self._cell_value()
        if self.ref:
            letters = self.ref.rstrip("0123456789")
            column = self.columns.get(letters)
            if column is None:
                column = self._column(letters, self.ref)
        else:
            column = self.next_column
        self.next_column = column + 1
        if value is None:
            return
        if column >= self.limits.max_columns:
            raise FileRefused(too_many_columns(self.row_number, column, self.limits))
        cells = self.cells
        if column >= len(cells):
            if column > len(cells):
                cells.extend([None] * (column - len(cells)))
            cells.append(value)
        else:
            cells[column] = value

    def _end_row(self):
        if self.cells:
            if self.row_number > self.limits.max_rows:
                raise FileRefused(
                    f"文件超过 {self.limits.max_rows:,} 行的上限(第{self.row_number:,}行有内容)："
                    "请拆分成几个文件分批导入"
                )
            self.done.append((self.row_number, self.cells))
        self.cells = []

    def _column(self, letters: str, ref: str) -> int:
        """0 for A: the column of a cell reference's letters (A1, XFD1048576)."""
        column = 0
        for letter in letters.upper():
            if not "A" <= letter <= "Z":
                raise FileRefused(NOT_READABLE + f"单元格引用“{ref[:20]}”无效")
            column = column * 26 + ord(letter) - 64
        if len(self.columns) < 1024:
            self.columns[letters] = column - 1
        return column - 1

    def _cell_value(self):
        kind, raw = self.kind, self.value
        if raw is None or (not raw and kind in (None, "n")):  # openpyxl writes <v></v>: none
            if self.inline is not None:
                return self.inline
            return f"={self.formula}" if self.formula else None
        if kind is None or kind == "n":
            return self._number(raw)
        if kind == "s":
            return self.strings[_number_in(raw)]
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            return _iso_date(raw)
        return raw  # str (a formula's text result), inlineStr, e (an error such as #N/A)

    def _number(self, raw: str):
        try:
            number = float(raw)
        except ValueError:
            return raw
        kind = self.styles.get(_number_in(self.style)) if self.style else None
        if kind is None or not 0 <= number <= _MAX_SERIAL:
            return number
        moment = self.epoch + dt.timedelta(days=number)
        if kind == TIME:
            return moment.time().replace(microsecond=0)
        if kind == DATE and number.is_integer():
            return moment.date()
        return moment.replace(microsecond=0)


def local_name(name: str) -> str:
    """An element's or attribute's name without its namespace prefix (x:c → c)."""
    return name.rpartition(":")[2]


def _number_in(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise FileRefused(NOT_READABLE + f"工作表中的数字“{text[:20]}”无效") from None


def _iso_date(text: str):
    try:
        moment = dt.datetime.fromisoformat(text.strip().rstrip("Z"))
    except ValueError:
        return text
    return moment.date() if moment.time() == dt.time() else moment


def cell_too_long(limit: int) -> str:
    return f"文件中有单元格或行超过 {limit:,} 个字符：文件可能已损坏，或不是逐行填写的台账"


def too_many_columns(row: int, column: int, limits: Limits) -> str:
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(min(column + 1, 18278))
    return (
        f"第{row}行 {letter} 列(第 {column + 1:,} 列)有内容，超过 {limits.max_columns:,} 列的上限："
        "请只保留本导入的列"
    )
