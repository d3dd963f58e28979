"""The workbook's shared tables: its strings (kept in a temporary file, not in memory) and which
of its cell styles are dates."""

import mmap
import re
import struct
import tempfile
from typing import TYPE_CHECKING

from .limits import NOT_READABLE, FileRefused
from .xlsx_sheet import DATE, DATETIME, TIME, cell_too_long, local_name

if TYPE_CHECKING:
    from .xlsx_reader import Workbook

# --- shared strings, on disk ------------------------------------------------------------------


class SharedStrings:
    """The workbook's string table in a temporary file (UTF-8 text and 8-byte offsets), so its
    size costs disk, not memory."""

    def __init__(self):
        # Closed by close(), which the workbook's context manager calls.
        self.text = tempfile.TemporaryFile()  # noqa: SIM115
        self.offsets = tempfile.TemporaryFile()  # noqa: SIM115
        self.count, self.size = 0, 0
        self.offsets.write(struct.pack("<Q", 0))
        self._text_map = self._offset_map = None

    def add(self, value: str) -> None:
        data = value.encode()
        self.text.write(data)
        self.size += len(data)
        self.count += 1
        self.offsets.write(struct.pack("<Q", self.size))

    def seal(self) -> None:
        for handle in (self.text, self.offsets):
            handle.flush()
        self._text_map = _map(self.text) if self.size else b""
        self._offset_map = _map(self.offsets)

    def __getitem__(self, index: int) -> str:
        if not 0 <= index < self.count:
            raise FileRefused(NOT_READABLE + f"单元格引用了不存在的共享字符串(第 {index} 个)")
        start, stop = struct.unpack_from("<QQ", self._offset_map, index * 8)
        return self._text_map[start:stop].decode()

    def close(self) -> None:
        for mapped in (self._text_map, self._offset_map):
            if isinstance(mapped, mmap.mmap):
                mapped.close()
        self.text.close()
        self.offsets.close()


def _map(handle) -> mmap.mmap:
    return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def read_shared_strings(workbook: "Workbook") -> None:
    """<si> items: their <t> text, plain or in rich-text runs, but not phonetic guides (<rPh>)."""
    state = {"parts": None, "phonetic": 0, "text": None, "chars": 0}
    strings, limit = workbook.strings, workbook.limits.max_row_chars

    def start(name, attrs):
        local = local_name(name)
        if local == "si":
            state["parts"], state["chars"] = [], 0
        elif local == "rPh":
            state["phonetic"] += 1
        elif local == "t" and state["parts"] is not None and not state["phonetic"]:
            state["text"] = []

    def text(data):
        if state["text"] is not None:
            state["chars"] += len(data)
            if state["chars"] > limit:
                raise FileRefused(cell_too_long(limit))
            state["text"].append(data)

    def end(name):
        local = local_name(name)
        if local == "t" and state["text"] is not None:
            state["parts"].append("".join(state["text"]))
            state["text"] = None
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "si" and state["parts"] is not None:
            strings.add("".join(state["parts"]))
            state["parts"] = None

    workbook.parse(workbook.strings_path, start, end, text)
    strings.seal()


# --- styles: which number formats are dates ------------------------------------------------------

# Built-in formats (ECMA-376 §18.8.30) and the zh-CN ones (27–36, 50–58; 31 = yyyy"年"m"月"d"日").
_BUILTIN = {14: DATE, 15: DATE, 16: DATE, 17: DATE, 22: DATETIME}
_BUILTIN |= dict.fromkeys([18, 19, 20, 21, 45, 46, 47, 32, 33, 34, 35, 55, 56], TIME)
_BUILTIN |= dict.fromkeys([27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58], DATE)
_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKETED = re.compile(r"\[[^\]]*\]")


def format_kind(code: str) -> str | None:
    """DATE, DATETIME, TIME or None for a custom number format code."""
    if re.search(r"\[(h+|m+|s+)\]", code, re.IGNORECASE):
        return None  # elapsed time: a duration, kept as a number
    bare = _BRACKETED.sub("", _QUOTED.sub("", code.split(";")[0])).lower()
    has_time = "h" in bare or "s" in bare
    has_date = "y" in bare or "d" in bare or ("m" in bare and not has_time)
    if has_date:
        return DATETIME if has_time else DATE
    return TIME if has_time else None


def read_styles(workbook: "Workbook") -> dict[int, str]:
    """Cell style index (the `s` of a cell) → DATE / DATETIME / TIME, for date-formatted styles."""
    custom: dict[int, str | None] = {}
    formats: list[int] = []
    inside = {"cellXfs": False}

    def start(name, attrs):
        local = local_name(name)
        if local == "numFmt":
            custom[_int(attrs.get("numFmtId"))] = format_kind(attrs.get("formatCode", ""))
        elif local == "cellXfs":
            inside["cellXfs"] = True
        elif local == "xf" and inside["cellXfs"]:
            formats.append(_int(attrs.get("numFmtId")))

    def end(name):
        if local_name(name) == "cellXfs":
            inside["cellXfs"] = False

    workbook.parse(workbook.styles_path, start, end)
    kinds = {}
    for index, number_format in enumerate(formats):
        kind = custom[number_format] if number_format in custom else _BUILTIN.get(number_format)
        if kind:
            kinds[index] = kind
    return kinds


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        raise FileRefused(NOT_READABLE + f"工作簿内容无法解析(数字“{text}”)") from None
