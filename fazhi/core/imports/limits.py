"""How large a file the import reads, checked before and while reading it, never by trusting what
the file says about itself. Each is a Django setting (from the environment, fazhi/settings.py).

Defaults are sized so that a real ledger of 1 000 000 rows × 40 columns imports (from the command
line: the web page also caps the upload at FAZHI_IMPORT_MAX_BYTES). Such a sheet is about 2 GB of
XML once unzipped (≈45 bytes a cell), its zip about a tenth of that.

| setting | default | |
| --- | --- | --- |
| FAZHI_IMPORT_MAX_ROWS | 1 048 576 | Excel's own last row |
| FAZHI_IMPORT_MAX_COLUMNS | 256 | columns with a value (a ledger has tens) |
| FAZHI_IMPORT_MAX_ROW_CHARS | 1 000 000 | characters in one row (CSV: its line(s)) |
| FAZHI_IMPORT_MAX_UNZIPPED_BYTES | 4 GiB | XLSX: all parts read, once decompressed |
| FAZHI_IMPORT_MAX_ZIP_RATIO | 200 | XLSX: decompressed / compressed, per part over 1 MiB |
| FAZHI_IMPORT_MAX_ZIP_ENTRIES | 10 000 | XLSX: parts in the zip (a workbook has tens) |
"""

from dataclasses import dataclass

from django.conf import settings

DEFAULTS = {
    "FAZHI_IMPORT_MAX_ROWS": 1_048_576,
    "FAZHI_IMPORT_MAX_COLUMNS": 256,
    "FAZHI_IMPORT_MAX_ROW_CHARS": 1_000_000,
    "FAZHI_IMPORT_MAX_UNZIPPED_BYTES": 4 * 2**30,
    "FAZHI_IMPORT_MAX_ZIP_RATIO": 200,
    "FAZHI_IMPORT_MAX_ZIP_ENTRIES": 10_000,
}
NOT_READABLE = "文件不是有效的电子表格(CSV 或 XLSX)："
RATIO_CHECKED_ABOVE = 2**20  # small parts (styles, a short sheet) compress far better than data
BYTES_PER_CHARACTER = 4  # at most, in UTF-8, GB18030 and UTF-16


class FileRefused(Exception):
    """The file is not read (further): not a spreadsheet, damaged, or over a limit."""

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class Limits:
    max_rows: int
    max_columns: int
    max_row_chars: int
    max_unzipped_bytes: int
    max_zip_ratio: int
    max_zip_entries: int

    @classmethod
    def from_settings(cls) -> "Limits":
        def setting(name: str) -> int:
            return int(getattr(settings, name, DEFAULTS[name]))

        return cls(*(setting(name) for name in DEFAULTS))

    @property
    def max_line_bytes(self) -> int:
        return self.max_row_chars * BYTES_PER_CHARACTER


def megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size:,} 字节"
