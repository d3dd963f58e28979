"""Every ledger's Excel export, safe to open and to pass on.

- Headers are the fields' Chinese names (a field without one takes it from KERNEL_HEADERS or is
  left out); choices show their labels, relations their names, booleans 是/否, times the local
  time (settings.TIME_ZONE).
- Personal data is masked: personal-data fields by their kind, and every ID and mobile number
  typed into free text (fazhi.core.masking).
- No cell is a formula: text that Excel or a CSV reader would take for one is neutralised, and
  characters XML does not allow (a \\x0b pasted from Word) are removed, so one odd value can
  neither run code on the reader's machine nor break the whole export.
- The file is written as it is sent (fazhi.core.xlsx_stream), the rows read in chunks: the
  download starts at once, memory stays flat however long the ledger, and the query count is the
  same for ten rows or a million.
- The header row is frozen and carries a filter over the data.
"""

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from .masking import NOT_FREE_TEXT_ENDINGS, PERSONAL_DATA_MASKS, mask_text
from .records import CALENDAR_SPAN, KERNEL_FIELDS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 2000

# An address is never needed in a file that leaves the platform: masked whole, not to 区县 level.
EXPORT_MASKS: dict[str, Callable[[object], str]] = PERSONAL_DATA_MASKS | {
    "address": lambda value: "****" if value else "",
}
NEVER_EXPORTED = {
    "claim_token",
    "check_code",
    "tracking_code",
    "overdue_notified_on",
    "password",
    *CALENDAR_SPAN,
}
# Chinese headers for the kernel's conventional fields, which models may declare without a name:
# every record's time stamps, and the org unit every record belongs to.
KERNEL_HEADERS = {"created_at": "创建时间", "updated_at": "更新时间", "unit": "单位"}
BOOLEAN_LABELS = {True: "是", False: "否"}

# OWASP, "CSV Injection": a cell starting with = + - @ tab or CR may be read as a formula, and
# so, to be safe, may one starting with their full-width forms (typed with a Chinese input
# method). Such text is prefixed with an apostrophe, as OWASP recommends, which also keeps it
# text when the file is saved again as CSV.
FORMULA_PREFIXES = tuple("=+-@\t\r＝＋－＠")
# Characters that XML 1.0 (and so XLSX) cannot hold; tab, LF and CR are allowed and kept.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CJK = re.compile("[\u3400-\u9fff]")


@dataclass(frozen=True)
class Column:
    """One column of an export. `free_text`: mask IDs and mobiles typed into its text values."""

    header: str
    value: Callable[[models.Model], object]
    free_text: bool = True


def model_columns(model: type[models.Model], *, exclude: Iterable[str] = ()) -> list[Column]:
    """One column per concrete field with a Chinese name, in declaration order; the fields every
    record inherits from the kernel (期限, times) after the procedure's own."""
    skipped = set(exclude) | NEVER_EXPORTED
    columns = []
    fields = sorted(model._meta.concrete_fields, key=lambda f: f.name in KERNEL_FIELDS)
    for field in fields:
        header = chinese_header(field)
        if field.primary_key or field.name in skipped or header is None:
            continue
        # Every text a cell shows is masked by shape (a related record's name may hold a
        # party's phone), except codes that are public by design (fazhi.core.masking).
        free_text = not field.name.endswith(NOT_FREE_TEXT_ENDINGS)
        columns.append(Column(header, _reader(field), free_text))
    return columns


def chinese_header(field: models.Field) -> str | None:
    """The field's Chinese name, or None: a name without a Chinese character (Django's default
    from the field name) is not shown to the people who read these files."""
    name = str(field.verbose_name)
    return name if _CJK.search(name) else KERNEL_HEADERS.get(field.name)


def _reader(field) -> Callable[[models.Model], object]:
    name = field.name
    for ending, mask in EXPORT_MASKS.items():
        if name.endswith(ending):
            return lambda obj, n=name, m=mask: m(getattr(obj, n))
    if field.choices:
        return lambda obj, n=name: getattr(obj, f"get_{n}_display")()
    if field.is_relation:
        return lambda obj, n=name: str(getattr(obj, n) or "")
    if isinstance(field, models.JSONField):
        return lambda obj, n=name: str(getattr(obj, n) or "")
    return lambda obj, n=name: getattr(obj, n)


# --- cells ------------------------------------------------------------------------------------


def cell_value(value, free_text: bool = True):
    """A Python value as an Excel cell that is what it says: never a formula, never invalid XML.

    Numbers stay numbers (a negative amount is no formula); booleans become 是/否; an aware
    datetime becomes the local wall-clock time Excel can show; text is cleaned, masked (free
    text) and neutralised.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return BOOLEAN_LABELS[value]
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, dt.date | dt.time):
        return value
    text = XML_ILLEGAL.sub("", str(value))
    if free_text:
        text = mask_text(text)
    return neutralised(text)


def neutralised(text: str) -> str:
    """Text that no spreadsheet will evaluate: a formula prefix or an error code gets a "'"."""
    if text.startswith(FORMULA_PREFIXES) or text in _error_codes():
        return "'" + text
    return text


@functools.cache
def _error_codes() -> frozenset[str]:
    # openpyxl (and the streaming writer) load when a sheet is written, not at every start-up
    from openpyxl.cell.cell import ERROR_CODES

    return frozenset(ERROR_CODES)


# --- the workbook -----------------------------------------------------------------------------


def xlsx_response(records, columns: list[Column], filename: str, sheet: str):
    """The records as one sheet, written as it is sent (fazhi.core.xlsx_stream).

    Every foreign key is joined in the same query, and the foreign keys of those (a related
    record's name may use them), so the export costs the same few queries for any number of rows;
    the rows are read in chunks while the file goes out.
    """
    records = records.select_related(*_joined_paths(records.model))
    rows = (
        [cell_value(c.value(record), c.free_text) for c in columns]
        for record in records.iterator(chunk_size=CHUNK_SIZE)
    )
    from .xlsx_stream import workbook

    content = workbook(sheet, [c.header for c in columns], rows)
    response = StreamingHttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _joined_paths(model: type[models.Model]) -> list[str]:
    paths = []
    for field in model._meta.concrete_fields:
        if field.is_relation:
            paths.append(field.name)
            paths += [
                f"{field.name}__{inner.name}"
                for inner in field.related_model._meta.concrete_fields
                if inner.is_relation
            ]
    return paths


__all__ = ["Column", "cell_value", "chinese_header", "model_columns", "xlsx_response"]
