"""Opening an uploaded file safely: what it is (by content, never by name) and its rows.

`open_table()` yields a `Table`: (row number, cells) pairs in file order, only rows with a value,
cells from column A. Every limit in `limits.py` is checked before or while reading; a file over
one is refused with a Chinese reason (`FileRefused`) without being read further.
"""

import codecs
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .csv_reader import csv_rows, decide_encoding
from .limits import NOT_READABLE, FileRefused, Limits
from .parsers import CONTROL_CHARACTERS
from .xlsx_reader import open_xlsx

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
        self.encoding: str | None = None
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


@dataclass
class Table:
    """The rows with a value, as (row number, cells); `size_hint` is the last row's number, if
    known (for progress only)."""

    rows: Iterator[tuple[int, list]]
    size_hint: int | None = None


def sniff(source: Source) -> str:
    """'xlsx' or 'csv' by the file's content; anything else is refused."""
    with source.open() as handle:
        head = handle.read(_SAMPLE)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if not head:
        raise FileRefused(NOT_READABLE + "文件是空的")
    if head.startswith(_OLE):
        raise FileRefused(_OLD_EXCEL)
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            raise FileRefused(NOT_READABLE + what)
    if _looks_binary(head):
        raise FileRefused(NOT_READABLE + "内容不是文本，也不是 Excel 工作簿")
    return "csv"


def _looks_binary(head: bytes) -> bool:
    """Full of control characters (other than tab and line ends): not text, whatever its
    encoding (which the CSV reader decides on the whole file). A few stray ones in a text file
    are the errors of the rows they are in (validation.py), wherever they are in the file."""
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    decoder = codecs.getincrementaldecoder("utf-16" if utf16 else "gb18030")(errors="replace")
    text = decoder.decode(head, final=False)
    return len(CONTROL_CHARACTERS.findall(text)) > max(8, len(text) // 100)


@contextmanager
def open_table(source: Source, limits: Limits) -> Iterator[Table]:
    if sniff(source) == "xlsx":
        with source.open() as handle, open_xlsx(handle, limits) as workbook:
            size_hint, rows = workbook.rows()
            yield Table(rows, size_hint)
    else:
        with source.open() as handle:
            if source.encoding is None:  # decided once, on the whole file, by the first pass
                source.encoding = decide_encoding(handle, limits)
                handle.seek(0)
            rows = csv_rows(handle, source.encoding, limits)
            try:
                yield Table(rows)
            finally:
                rows.close()  # before the file closes: the reader lets go of it first
