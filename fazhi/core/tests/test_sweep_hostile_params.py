"""A sweep over every procedure's declaration: its ledger list, its Excel export, its API and its
record page, asked with hostile query parameters by a county coordinator and by a department's
staff. Never a 500 nor a traceback; a refusal is a 4xx that says why in Chinese.

What each parameter should do is what the kernel says it does:

- the list page reads `sort` (a declared sortable column, else the default order), `after` /
  `before` (keyset cursors: one not made by the page is a 404 "分页参数无效", ledger/keyset.py)
  and its filters; it has no `page` and ignores every other parameter;
- a filter value that is not among the choices (status, year, a unit, a declared choice) or a
  search text the form refuses (over 100 characters, a NUL) is an error shown on the page with a
  400, never a 500 nor a silent "all records" (ledger/filters.py); the 仅看逾期 box takes
  "1"/"true" and treats anything else as no filter (OverdueWidget);
- the export refuses (404 "筛选条件无效") what the list refuses and ignores what it ignores;
- the API answers 422 for a parameter its schema does not admit, 400 for a cursor that is not
  one of its own, 404 for a record that does not exist, always as {"detail": "<原因>"} (api.py).

PostgreSQL refuses a NUL character in any text parameter (a 500) where SQLite takes it: the
sweep runs with a guard that fails a query carrying one, as PostgreSQL would.
"""

import re
from importlib import import_module

import django_filters
import pytest
from django.db import connection

from fazhi.core.ledger import keyset
from fazhi.core.ledger.filters import OverdueWidget, filterset_for
from fazhi.core.procedures import all_procedures

PROCEDURES = all_procedures()
PERSONAS = ["coordinator", "police_staff"]  # 弥勒市司法局's coordinator; 弥勒市公安局's staff

HUGE = str(10**20)
GARBAGE = [
    "x" * 500,
    "\x00",
    "9999-99-99",
    "0001-01-01",
    HUGE,
    "nan",
    "1e400",
    "弥勒市司法局",  # (the eight above: both personas; the two below: the coordinator)
    "-1",
    "%_\\'\"<b>",
]
# Cursors a hand could type: each garbage value before a good id (read by the sort column's
# field), and cursors of a broken shape.
VALUE_CURSORS = [f"{value}~1" for value in GARBAGE] + ["-~1"]
SHAPES = [
    "abc",
    "~",
    "~~~",
    f"2024-01-01~{HUGE}",
    "2024-01-01~-1",
    "2024-01-01~\x00",
    "2024-01-01~",
    "-~" + "9" * 18,
]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
ERRORLIST = re.compile(r'<ul class="errorlist">(.*?)</ul>', re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def procedure_params():
    """(procedure, persona) for every declaration, each named by its key."""
    return [
        pytest.param(procedure, persona, id=f"{procedure.key}-{persona}")
        for procedure in PROCEDURES
        for persona in PERSONAS
    ]


# --- the guard and the client ------------------------------------------------------------------


def _carries_nul(value) -> bool:
    if isinstance(value, str | bytes):
        return ("\x00" if isinstance(value, str) else b"\x00") in value
    if isinstance(value, list | tuple | set | frozenset):
        return any(_carries_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_carries_nul(v) for v in value.values())
    return False


def _no_nul(execute, sql, params, many, context):
    if _carries_nul(sql) or _carries_nul(params):
        # psycopg 3's own words (a DataError, raised before the query is sent)
        raise ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    return execute(sql, params, many, context)


@pytest.fixture
def as_persona(procedure, persona, org, people, client):
    """The client logged in as the test's persona, answering 500s instead of raising, with the
    NUL guard on; and one example record of the test's procedure, so that lists have rows."""
    app = procedure.model.__module__.rsplit(".", 1)[0]
    record = import_module(f"{app}.tests.factories").example(org, people, procedure.key)
    client.raise_request_exception = False
    client.force_login(people[persona])
    with connection.execute_wrapper(_no_nul):
        yield client, record


# --- what a response must be -------------------------------------------------------------------


def _show(params) -> str:
    return "&".join(f"{k}={_short(v)}" for k, v in params.items()) if params else "(none)"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:20]}…(len {len(str(value))})"


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def check(problems, response_of, url, params, expected, *, kind="html"):
    """Ask; note what is wrong with the answer in `problems`. `expected`: the statuses allowed."""
    where = f"GET {url} ? {_show(params)}"
    try:
        response = response_of()
        body = _body(response)
    except Exception as exc:  # an exception while the body streams out (the export)
        problems.append(f"{where} -> exception while answering: {type(exc).__name__}: {exc}")
        return None
    status = response.status_code
    text = body.decode("utf-8", "replace") if kind != "xlsx" or status != 200 else ""
    if status >= 500:
        problems.append(f"{where} -> {status}")
        return response
    if "Traceback" in text:
        problems.append(f"{where} -> {status} with a traceback in the body")
    if status not in expected:
        problems.append(f"{where} -> {status}, expected {sorted(expected)}")
        return response
    if 400 <= status < 500:
        reason = _reason(response, text)
        if not CHINESE.search(reason or ""):
            problems.append(f"{where} -> {status} without a Chinese reason: {reason[:120]!r}")
    if status == 200 and kind == "xlsx" and not body.startswith(b"PK"):
        problems.append(f"{where} -> 200 but not an .xlsx file")
    return response


def _reason(response, text: str) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        detail = response.json().get("detail")
        return detail if isinstance(detail, str) else repr(detail)
    errors = ERRORLIST.findall(text)
    if errors:
        return " ".join(errors)
    title = TITLE.search(text)
    return title.group(1) if title else text[:200]


# --- the filters, as the declaration makes them ------------------------------------------------


def filter_kinds(procedure) -> dict[str, str]:
    """Each list filter by what a garbage value should do to it."""
    kinds = {}
    for name, flt in filterset_for(procedure).base_filters.items():
        if flt.extra.get("widget") is OverdueWidget:
            kinds[name] = "checkbox"  # "1"/"true" is yes; anything else is no filter
        elif isinstance(flt, django_filters.CharFilter):
            kinds[name] = "search"
        else:
            kinds[name] = "choice"  # status, year, units, declared choices and yes/no
    return kinds


def refuses(kind: str, value: str) -> bool:
    """Whether the list should refuse (400, the reason on the page) this garbage value."""
    if kind == "checkbox":
        return False
    if kind == "search":
        return len(value) > 100 or "\x00" in value
    return True


def sortable(procedure) -> list[str]:
    """The list's sort columns (its date first), one of each kind of column: a cursor is read
    by its column's field (to_python and validators), the same for two date columns alike."""
    ledger, kinds = procedure.ledger, {}
    for name in [ledger.date_field, *(c.sort for c in ledger.columns if c.sort)]:
        field = procedure.model._meta.get_field(name)
        kinds.setdefault((field.get_internal_type(), field.null), name)
    return list(kinds.values())


def filter_chunk(html: str, name: str) -> str:
    """One filter's part of the list page's filter form: its label, input and errors."""
    for chunk in html.split('<div class="filter">')[1:]:
        if f'name="{name}"' in chunk:
            return chunk
    return ""


def list_url(procedure) -> str:
    return f"/{procedure.url_prefix}"


def report(problems):
    assert not problems, f"{len(problems)} bad answers:\n" + "\n".join(problems)


# --- the sweep ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("procedure", "persona"), procedure_params())
def test_hostile_parameters_are_refused_in_chinese_or_ignored(procedure, persona, as_persona):
    """The coordinator's pass asks everything; the staff's asks again what depends on who asks
    (the records and units in scope: filters, ids, the API's list) and a few cursors, so that
    the file runs in about a minute and a half on SQLite."""
    client, record = as_persona
    full = persona == "coordinator"
    problems: list[str] = []
    list_page(client, procedure, record, problems, full)
    export(client, procedure, problems, full)
    api(client, procedure, problems, full)
    record_page(client, procedure, problems)
    report(problems)


def list_page(client, procedure, record, problems, full: bool):
    """The ledger list. Each garbage value is put in every filter at once (a form checks each
    field on its own) and each filter's own errors are read from the page; the filters that
    should take it are asked again without the others, so that the value reaches the query."""
    url = list_url(procedure)

    def ask(params, expected):
        return check(problems, lambda: client.get(url, params), url, params, expected)

    ask({}, {200})
    for value in ("-1", HUGE, "abc"):
        ask({"page": value}, {200})  # the list has no page numbers: ignored
    for params in (
        {"sort": "unknown_column"},
        {"sort": "-id;drop table x"},
        {"sort": "\x00"},
        {"sort": "x" * 500},
        {"sort": "--" + procedure.ledger.date_field},
        {"foo": "bar", "x" * 200: "1", "\x00": "\x00"},
        {"after": "", "before": ""},
    ):
        ask(params, {200})
    for column in sortable(procedure):
        ask({"sort": column}, {200})
        ask({"sort": f"-{column}"}, {200})

    kinds = filter_kinds(procedure)
    unrefused: dict[str, list] = {}  # filter -> the garbage it took without a word
    for value in GARBAGE if full else GARBAGE[:8]:
        refusing = [name for name, kind in kinds.items() if refuses(kind, value)]
        taking = [name for name in kinds if name not in refusing]
        params = dict.fromkeys(kinds, value)
        response = ask(params, {400} if refusing else {200})
        if response is not None and response.status_code < 500:
            html = response.content.decode()
            for name in kinds:
                errors = ERRORLIST.findall(filter_chunk(html, name))
                if name in refusing and not any(CHINESE.search(e) for e in errors):
                    unrefused.setdefault(name, []).append(value)
                if name in taking and errors:
                    problems.append(
                        f"GET {url} ? {name}={_short(value)} (every filter so) -> "
                        f"filter {name} refused a value it should take: {errors}"
                    )
        if taking:
            ask(dict.fromkeys(taking, value), {200})
    for name, values in unrefused.items():
        problems.append(
            f"GET {url} ? {name}=<garbage> (every filter so) -> the filter {name} shows no "
            f"error, a silent 'all records' (others refuse it): {[_short(v) for v in values]}"
        )

    # keyset cursors: the page's own is followed; one it did not make is a 404, never a 500
    field = procedure.model._meta.get_field(procedure.ledger.date_field)
    own = keyset.encode(field.value_from_object(record), record.pk)
    ask({"after": own}, {200})
    ask({"before": own}, {200})
    if not full:
        for cursor in ("\x00~1", "x~1", "abc"):
            ask({"after": cursor}, {200, 404})
        return
    for column in sortable(procedure):
        for cursor in VALUE_CURSORS:
            ask({"sort": f"-{column}", "after": cursor}, {200, 404})
    for cursor in SHAPES:
        ask({"after": cursor}, {200, 404})
    for cursor in ("\x00~1", "9999-99-99~1", "~"):
        ask({"before": cursor}, {200, 404})  # read as `after` is, walked back


def export(client, procedure, problems, full: bool):
    """The Excel export refuses what the list refuses (404) and ignores what it ignores."""
    url = f"/{procedure.url_prefix}export.xlsx"

    def ask(params, expected):
        check(problems, lambda: client.get(url, params), url, params, expected, kind="xlsx")

    ask({}, {200})
    ask({"page": HUGE, "sort": "unknown_column", "after": "abc", "\x00": "\x00"}, {200})
    kinds = filter_kinds(procedure)
    for value in GARBAGE if full else GARBAGE[:8]:
        refusing = any(refuses(kind, value) for kind in kinds.values())
        ask(dict.fromkeys(kinds, value), {404} if refusing else {200})
    for name, kind in kinds.items() if full else ():
        if refuses(kind, "nan"):
            ask({name: "nan"}, {404})  # each refused alone too: never the whole ledger


def api(client, procedure, problems, full: bool):
    """The API's list and one record: the schema's 422, the cursor's 400, the record's 404."""
    base = f"/api{procedure.api_prefix}/records"

    def ask(url, params, expected):
        check(problems, lambda: client.get(url, params), url, params, expected, kind="json")

    ask(base, {}, {200})
    refused = [{"limit": -1}, {"limit": 10**20}, {"after": "x" * 500}, {"status": "nope"}]
    if full:
        refused += [
            {"limit": 0},
            {"limit": "abc"},
            {"limit": "1e400"},
            {"limit": "nan"},
            {"status": "\x00"},
            {"status": "x" * 500},
        ]
    for params in refused:
        ask(base, params, {422})
    ask(base, {"foo": "bar", "\x00": "1", "page": HUGE}, {200})
    ask(base, {"status": "open", "limit": 200}, {200})
    cursors = ["abc", "\x00~1"]
    if full:
        cursors += ["-~1", "9999-99-99~1", "0001-01-01~1", "~", f"2024-01-01~{HUGE}", "~~~"]
    for cursor in cursors:
        ask(base, {"after": cursor}, {200, 400})
    ids = ["99999999999999999999", "-1", "abc"] + (["0", str(2**63)] if full else [])
    for record_id in ids:
        ask(f"{base}/{record_id}", {}, {404, 422})
        ask(f"{base}/{record_id}/papers", {}, {404, 422})
    ask(f"{base}/{2**63 - 1}", {}, {404})


def record_page(client, procedure, problems):
    """A record that does not exist (or an id no record can have) is the 404 page."""
    for record_id in ("99999999999999999999", str(2**63), "999999999"):
        url = f"/{procedure.url_prefix}{record_id}/"
        check(problems, lambda url=url: client.get(url), url, {}, {404})
