"""The import framework: ledgers arrive as CSV or XLSX and go in whole or not at all.

An app declares an `Importer`: its columns (Chinese headers, a parser each), optional cross-field
and batch checks, and `write()`, which calls the app's service functions. `run_import()` checks
every row — parsers, rules, and a trial of `write()` rolled back — and reports every error of the
file at once; only a file without errors is written, in short transactions that never keep other
users waiting (running.py says how, and how it stays all or nothing).

    class UnitsImporter(Importer):
        kind, label = "units", "单位名录"
        columns = [Column("单位代码", "code", text(32)), Column("类别", "kind", choice(UnitKind))]
        key_columns = ("code",)
        def write(self, rows, actor): ...
    register(UnitsImporter)

Row numbers in errors are those the user sees in Excel: the header is row 1.

| module | holds |
| --- | --- |
| parsers.py | cell parsers (text, integer, date, choice, boolean, lookup) |
| declarations.py | Column, Importer, RowWriteError, the registry |
| limits.py, files.py | reading a file safely: its kind, its rows, within limits |
| csv_reader.py; xlsx_reader.py, xlsx_tables.py, xlsx_sheet.py | CSV; XLSX (zip, strings, sheet) |
| validation.py | the header, and the checks of each chunk of rows |
| running.py | run_import: the two passes, transactions, undoing a failed write |
| results.py, templates.py, visibility.py | results, templates and error reports |
"""

from .declarations import (
    FILE_ROW,
    Column,
    Importer,
    RowWriteError,
    UnknownImportKind,
    all_importers,
    get_importer,
    register,
    unregister,
)
from .limits import FileRefused, Limits
from .parsers import (
    Number,
    Parser,
    as_text,
    boolean,
    choice,
    date,
    integer,
    lookup,
    text,
    unit_by_code,
)
from .results import (
    MAX_STORED_ERRORS,
    ImportResult,
    RowError,
    result_from_dict,
    result_to_dict,
)
from .running import Progress, run_import
from .templates import error_report_xlsx, template_csv, template_xlsx

__all__ = [
    "FILE_ROW",
    "MAX_STORED_ERRORS",
    "Column",
    "FileRefused",
    "ImportResult",
    "Importer",
    "Limits",
    "Number",
    "Parser",
    "Progress",
    "RowError",
    "RowWriteError",
    "UnknownImportKind",
    "all_importers",
    "as_text",
    "boolean",
    "choice",
    "date",
    "error_report_xlsx",
    "get_importer",
    "integer",
    "lookup",
    "register",
    "result_from_dict",
    "result_to_dict",
    "run_import",
    "template_csv",
    "template_xlsx",
    "text",
    "unit_by_code",
    "unregister",
]
