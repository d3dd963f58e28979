"""CSV (and Excel's tab-separated "Unicode 文本"), read in bounded pieces.

The encoding is one per file, decided on the whole file before any row is read: UTF-16 with its
BOM, else UTF-8 (with or without BOM) or GB18030 (the superset of the GBK that Excel in China
writes), line by line; a file whose lines disagree (GBK, then UTF-8 after a paste) is refused,
naming the first line that does not fit, rather than imported as mojibake. No line or row is
read whole beyond FAZHI_IMPORT_MAX_ROW_CHARS, so a 200 MB line costs a few MB to refuse.
"""

import codecs
import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from .limits import FileRefused, Limits

UTF8, GBK = "utf-8", "gb18030"
ENCODING_NAMES = {UTF8: "UTF-8", GBK: "GBK(GB18030)"}
SAVE_AS_UTF8 = "请将整个文件另存为“CSV UTF-8(逗号分隔)”后再导入"
_BLOCK = 64 * 1024


def decide_encoding(handle: BinaryIO, limits: Limits) -> str:
    """The codec for the whole file, or FileRefused naming the first line that does not decode."""
    head = handle.read(4)
    handle.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _check_utf16(handle, limits)
        return "utf-16"
    return "utf-8-sig" if _scan_lines(handle, limits) == UTF8 else GBK


def _scan_lines(handle: BinaryIO, limits: Limits) -> str:
    chosen, since = (UTF8, 1) if handle.read(3) == codecs.BOM_UTF8 else (None, 0)
    handle.seek(0)
    number = 0
    while line := handle.readline(limits.max_line_bytes + 1):
        number += 1
        if len(line) > limits.max_line_bytes:
            raise _too_long(number, limits)
        if line.isascii():
            continue
        encoding = _line_encoding(line)
        if encoding is None:
            raise FileRefused(
                f"文件第{number}行含有无法识别的字符(既不是 UTF-8 也不是 GBK 编码)：{SAVE_AS_UTF8}"
            )
        if chosen is None:
            chosen, since = encoding, number
        elif encoding != chosen:
            raise FileRefused(
                f"文件混用了两种字符编码：第{number}行是 {ENCODING_NAMES[encoding]} 编码，"
                f"而第{since}行起是 {ENCODING_NAMES[chosen]} 编码。{SAVE_AS_UTF8}"
            )
    return chosen or UTF8


def _line_encoding(line: bytes) -> str | None:
    """UTF-8 if the line is valid UTF-8 (GBK text almost never is), else GB18030 if it decodes."""
    for encoding in (UTF8, GBK):
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _check_utf16(handle: BinaryIO, limits: Limits) -> None:
    decoder = codecs.getincrementaldecoder("utf-16")()
    number, line_chars = 1, 0
    while True:
        block = handle.read(_BLOCK)
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError:
            raise FileRefused(
                f"文件第{number}行附近含有无法识别的字符(不是有效的 UTF-16 编码)：{SAVE_AS_UTF8}"
            ) from None
        *ended, rest = text.split("\n")
        for line in ended:
            if line_chars + len(line) > limits.max_row_chars:
                raise _too_long(number, limits)
            number, line_chars = number + 1, 0
        line_chars += len(rest)
        if line_chars > limits.max_row_chars:
            raise _too_long(number, limits)
        if not block:
            return


def _too_long(number: int, limits: Limits) -> FileRefused:
    return FileRefused(
        f"文件第{number}行过长(超过 {limits.max_row_chars:,} 个字符)：文件可能已损坏，"
        "或不是逐行填写的台账"
    )


def csv_rows(handle: BinaryIO, encoding: str, limits: Limits) -> Iterator[tuple[int, list]]:
    """(row number, cells) per record; a quoted cell may span lines, a row never exceeds the
    limits. The caller's file stays open for the next pass."""
    stream = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        first_line = stream.readline(limits.max_row_chars + 1)
        stream.seek(0)
        lines = _BoundedLines(stream, limits)
        reader = csv.reader(lines, _dialect(first_line))
        yield from _records(reader, lines, limits)
    finally:
        stream.detach()


class _BoundedLines:
    """Feeds csv.reader; refuses a record once its lines pass the row's character limit."""

    def __init__(self, stream: io.TextIOWrapper, limits: Limits):
        self.stream, self.limits = stream, limits
        self.record_chars, self.record = 0, 1

    def __iter__(self):
        return self

    def __next__(self) -> str:
        room = self.limits.max_row_chars + 1 - self.record_chars
        line = self.stream.readline(room)
        if not line:
            raise StopIteration
        self.record_chars += len(line)
        if self.record_chars > self.limits.max_row_chars:
            raise _too_long(self.record, self.limits)
        return line


def _records(reader, lines: _BoundedLines, limits: Limits) -> Iterator[tuple[int, list]]:
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if number > limits.max_rows:
                raise FileRefused(_too_many_rows(limits))
            width = _used_width(cells)
            if width > limits.max_columns:
                raise FileRefused(_too_many_columns(number, width, limits))
            lines.record_chars, lines.record = 0, number + 1
            yield number, cells[:width]
    except UnicodeDecodeError:
        raise FileRefused(f"文件第{number + 1}行附近有无法识别的字符：{SAVE_AS_UTF8}") from None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's wording
            detail = f"有一个单元格超过 {csv.field_size_limit():,} 个字符"
        else:
            detail = "格式无法解析(引号不成对或含有不可见字符)"
        raise FileRefused(f"文件第{number + 1}行{detail}") from None


def _used_width(cells: list) -> int:
    """The row's width up to its last filled cell: trailing empty cells are Excel's padding."""
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    return width


def _too_many_rows(limits: Limits) -> str:
    return f"文件超过 {limits.max_rows:,} 行的上限：请拆分成几个文件分批导入"


def _too_many_columns(row: int, width: int, limits: Limits) -> str:
    return f"第{row}行有 {width:,} 列内容，超过 {limits.max_columns:,} 列的上限：请只保留本导入的列"


def _dialect(first_line: str) -> type[csv.Dialect]:
    """Excel writes commas; its 'Unicode 文本' writes tabs; some European locales semicolons."""
    delimiter = max([",", "\t", ";"], key=first_line.count)

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter if first_line.count(delimiter) else ","
    return Dialect
