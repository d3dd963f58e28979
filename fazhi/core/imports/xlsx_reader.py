"""XLSX read as a stream of rows, with its size checked before and while it is read.

Before parsing: the number of parts in the zip, each part's declared size and compression ratio.
While reading: the bytes each part really inflates to (never more than it declared, never more
than FAZHI_IMPORT_MAX_UNZIPPED_BYTES in all), and only cells that hold a value count: a cell
beyond FAZHI_IMPORT_MAX_COLUMNS or row beyond FAZHI_IMPORT_MAX_ROWS refuses the file. The sheet's
declared dimension is a progress hint only; nothing is allocated by it (a 1.5 KB file with cells
in A1 and XFD1048576 made the previous reader allocate 17 billion cells). Memory holds one row;
the shared-string table goes to a temporary file. A formula is never evaluated: its cached value
is read, or its text (`=…`) when there is none. A DTD (and so any entity) is refused.
"""

import posixpath
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO
from xml.parsers import expat

from .limits import NOT_READABLE, RATIO_CHECKED_ABOVE, FileRefused, Limits, megabytes
from .xlsx_sheet import SheetReader, local_name
from .xlsx_tables import SharedStrings, read_shared_strings, read_styles

_BLOCK = 64 * 1024
_WORKSHEET = "/worksheet"


@contextmanager
def open_xlsx(handle: BinaryIO, limits: Limits) -> Iterator["Workbook"]:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(NOT_READABLE + "压缩包已损坏") from None
    workbook = Workbook(archive, limits)
    try:
        yield workbook
    finally:
        workbook.close()


class Workbook:
    def __init__(self, archive: zipfile.ZipFile, limits: Limits):
        self.archive, self.limits = archive, limits
        self.unzipped = 0
        self._check_parts()
        self.sheet_path, self.strings_path, self.styles_path = self._parts()
        self.date1904 = False
        self.strings = SharedStrings()
        self.styles: dict[int, str] = {}

    def close(self) -> None:
        self.strings.close()
        self.archive.close()

    # --- the zip, before anything is parsed ----------------------------------------------------

    def _check_parts(self) -> None:
        infos = self.archive.infolist()
        limits = self.limits
        if len(infos) > limits.max_zip_entries:
            raise FileRefused(
                NOT_READABLE + f"压缩包内有 {len(infos):,} 个部件，超过 {limits.max_zip_entries:,}"
                " 个的上限"
            )
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            raise FileRefused(NOT_READABLE + _what_else(names))
        for info in infos:
            self._check_part(info)
        declared = sum(info.file_size for info in infos)
        if declared > limits.max_unzipped_bytes:
            raise FileRefused(self._too_large(declared))

    def _check_part(self, info: zipfile.ZipInfo) -> None:
        if info.flag_bits & 0x1:
            raise FileRefused(NOT_READABLE + "工作簿已加密：请取消密码保护后另存，再导入")
        if info.file_size > self.limits.max_unzipped_bytes:
            raise FileRefused(self._too_large(info.file_size))
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_ABOVE and ratio > self.limits.max_zip_ratio:
            raise FileRefused(
                f"文件被拒绝：压缩包中的“{info.filename}”解压后是压缩时的 {ratio:,.0f} 倍"
                f"(上限 {self.limits.max_zip_ratio} 倍)：这是“压缩炸弹”的特征，"
                "不像正常的 Excel 工作簿"
            )

    def _too_large(self, size: int) -> str:
        return (
            f"文件被拒绝：解压后超过 {megabytes(self.limits.max_unzipped_bytes)}"
            f"(约 {megabytes(size)})，请拆分后分批导入，或另存为 CSV"
        )

    def blocks(self, path: str) -> Iterator[bytes]:
        """A part's bytes as inflated, counted against the limit for all parts. zipfile itself
        stops a part at its declared size and then refuses its checksum, so a part that declares
        less than it holds is refused as damaged."""
        try:
            info = self.archive.getinfo(path)
            with self.archive.open(info) as part:
                while block := part.read(_BLOCK):
                    self.unzipped += len(block)
                    if self.unzipped > self.limits.max_unzipped_bytes:
                        raise FileRefused(self._too_large(self.unzipped))
                    yield block
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
            raise FileRefused(
                NOT_READABLE + f"压缩包已损坏(“{path}”的内容与它记录的大小或校验和不符)"
            ) from None

    # --- which parts --------------------------------------------------------------------------

    def _parts(self) -> tuple[str, str | None, str | None]:
        relations = self._relations("xl/_rels/workbook.xml.rels")
        worksheets = [
            (rid, state)
            for rid, state in self._sheets()
            if relations.get(rid, ("",))[0] == _WORKSHEET
        ]
        visible = [rid for rid, state in worksheets if state == "visible"]
        if not worksheets:
            raise FileRefused(NOT_READABLE + "工作簿中没有工作表")
        chosen = (visible or [worksheets[0][0]])[0]
        by_type = {kind: target for kind, target in relations.values()}
        names = set(self.archive.namelist())

        def existing(path: str | None) -> str | None:
            return path if path in names else None

        return (
            relations[chosen][1],
            existing(by_type.get("/sharedStrings", "xl/sharedStrings.xml")),
            existing(by_type.get("/styles", "xl/styles.xml")),
        )

    def _relations(self, path: str) -> dict[str, tuple[str, str]]:
        """Id → (type's last segment, part path)."""
        found: dict[str, tuple[str, str]] = {}

        def start(name, attrs):
            if local_name(name) == "Relationship" and attrs.get("TargetMode") != "External":
                kind = "/" + attrs.get("Type", "").rsplit("/", 1)[-1]
                found[attrs.get("Id", "")] = (kind, _resolve("xl", attrs.get("Target", "")))

        if path in self.archive.namelist():
            self.parse(path, start)
        return found

    def _sheets(self) -> list[tuple[str, str]]:
        sheets: list[tuple[str, str]] = []

        def start(name, attrs):
            local = local_name(name)
            if local == "sheet":
                rid = next((v for k, v in attrs.items() if local_name(k) == "id"), "")
                sheets.append((rid, attrs.get("state", "visible")))
            elif local == "workbookPr":
                self.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")

        self.parse("xl/workbook.xml", start)
        return sheets

    # --- parsing -------------------------------------------------------------------------------

    def parse(self, path: str, start, end=None, text=None) -> None:
        """Parse a whole part with these handlers (for the small parts)."""
        for _ in self.stream(path, start, end, text):
            pass

    def stream(self, path: str, start, end=None, text=None) -> Iterator[None]:
        """Parse a part block by block, yielding after each, so the caller can take its rows."""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = start
        if end:
            parser.EndElementHandler = end
        if text:
            parser.CharacterDataHandler = text
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_dtd
        try:
            for block in self.blocks(path):
                parser.Parse(block, False)
                yield
            parser.Parse(b"", True)
            yield
        except expat.ExpatError as exc:
            where = f"“{path}”第 {exc.lineno} 行第 {exc.offset + 1} 个字符处"
            raise FileRefused(NOT_READABLE + f"工作簿内容无法解析({where}格式错误)") from None

    def rows(self) -> tuple[int | None, Iterator[tuple[int, list]]]:
        """(last row the sheet declares, as a progress hint; its rows with values)."""
        if self.styles_path:
            self.styles = read_styles(self)
        if self.strings_path:
            read_shared_strings(self)
        sheet = SheetReader(self.strings, self.styles, self.date1904, self.limits)
        stream = self.stream(self.sheet_path, sheet.start, sheet.end, sheet.text)
        first = next(stream, None)  # parses up to the first block: the dimension comes first
        hint = sheet.declared_rows

        def rows():
            if first is not None:
                yield from sheet.take()
            for _ in stream:
                yield from sheet.take()

        return hint, rows()


def _refuse_dtd(*args):
    raise FileRefused(NOT_READABLE + "工作簿中含有文档类型定义(DTD)，正常的 Excel 工作簿没有")


def _what_else(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "这是一个 Word 文档"
    if "ppt/presentation.xml" in names:
        return "这是一个 PowerPoint 演示文稿"
    return "这是一个 ZIP 压缩包，不是 Excel 工作簿"


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))
