"""What an import run found and did: its row errors and counts."""

from dataclasses import dataclass, field
from typing import Any

from .declarations import FILE_ROW
from .parsers import as_text

MAX_STORED_ERRORS = 1000


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

    def sort_errors(self) -> None:
        """Row order, as the user reads the file; a row's errors keep the order they were found."""
        self.errors.sort(key=lambda error: error.row)


def result_to_dict(result: ImportResult) -> dict:
    """JSON-safe form, kept on the ImportRun for its result page and error report."""
    data = {k: getattr(result, k) for k in ImportResult.__dataclass_fields__ if k != "errors"}
    data["errors"] = [[e.row, e.column, e.value, e.reason] for e in result.errors]
    return data


def result_from_dict(data: dict) -> ImportResult:
    errors = [RowError(*fields) for fields in data["errors"]]
    return ImportResult(**{**data, "errors": errors})
