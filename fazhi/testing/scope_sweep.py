"""The scope sweep: helpers shared by every app's test_sweep_scope.py.

What the sweep asserts: a user who may not see a record (another unit of the same county, the
other county, an anonymous visitor) reads nothing of it — page, reveal, upload, API, 文书,
attachments, list, Excel export, workbench, 待办 — and takes none of its steps; a user who sees
it takes only the steps that are his. Each refusal is asserted by its status (anonymous → login
302 / API 401; not visible → 404; visible but not allowed → 403, or 422 where the record's state
refuses the step first) and by nothing changed: the row, the audit trail, the approval requests,
the attachments and the 文书 stay as they were.

`sweep_steps` puts the record, for each step of its transition table, into a status the step
starts from (a queryset update, as core/tests/test_transition_tables.py does), then POSTs the step
through the page and through the API with a filled-in form, bypassing what the page offers.
"""

import io
import json

from django import forms
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import load_workbook

from fazhi.core import procedures
from fazhi.core.audit import Channel
from fazhi.core.instruments import services as papers
from fazhi.core.instruments.models import Attachment, Instrument
from fazhi.core.ledger.api import NATURAL_KEYS
from fazhi.core.ledger.forms import form_class
from fazhi.core.models import ApprovalRequest, AuditEntry, Role
from fazhi.core.services import create_user
from fazhi.testing.import_files import xlsx_for

PASSWORD = "pass-Fazhi-2021"


# --- people ---------------------------------------------------------------------------------------


def make_user(org, username, unit, role=Role.STAFF, **extra):
    """A user of `org[unit]` (the root conftest's `people` holds the usual ones)."""
    extra.setdefault("full_name", username)
    return create_user(
        None, Channel.CLI, username=username, password=PASSWORD, unit=org[unit], role=role, **extra
    )


def kaiyuan_coordinator(org, **extra):
    """开远市司法局's coordinator: the other county's counterpart of `people["coordinator"]`."""
    extra.setdefault("full_name", "开远统筹")
    return make_user(org, "ky-coord", "kaiyuan_justice", Role.COORDINATOR, **extra)


def other_users(org) -> dict:
    """弥阳街道's staff (same county, no part in the record) and 开远's coordinator."""
    return {"miyang": make_user(org, "miyang", "miyang"), "kaiyuan_coord": kaiyuan_coordinator(org)}


def outsiders(people, kaiyuan_coord, same_county=None) -> list:
    """Those who may not see a record of 公安局: a unit of the same county (自然资源局 unless
    `same_county` names another user), the other county's staff and coordinator, and nobody."""
    neighbour = people["land_staff"] if same_county is None else same_county
    return [neighbour, people["kaiyuan_staff"], kaiyuan_coord, None]


# --- state ----------------------------------------------------------------------------------------


def proc(obj):
    return procedures.for_model(type(obj))


def row(obj) -> dict:
    return type(obj).objects.filter(pk=obj.pk).values().get()


_COUNTED = (AuditEntry, ApprovalRequest, Attachment, Instrument)


def counts() -> tuple:
    """The number of audit entries, approval requests, attachments and 文书 (one query)."""
    quote = connection.ops.quote_name
    tables = (quote(model._meta.db_table) for model in _COUNTED)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in tables))
        return tuple(cursor.fetchone())


def login(client, user) -> None:
    """Be `user` (None: nobody) for the next requests. A session already `user`'s is kept: a new
    login writes a session and the last login each time, and the sweep logs in very often."""
    client.raise_request_exception = False  # a server error is an answer (500), not a crash
    session = client.session if client.cookies.get(settings.SESSION_COOKIE_NAME) else None
    current = session.get(SESSION_KEY) if session is not None else None
    if user is None:
        if current is not None:
            client.logout()
        return
    if (
        current == user._meta.pk.value_to_string(user)
        and session.get(HASH_SESSION_KEY) == user.get_session_auth_hash()
    ):
        return
    client.logout()
    client.force_login(user)


def attach_file(obj, actor, name="证据.pdf") -> Attachment:
    upload = SimpleUploadedFile(name, b"%PDF-1.4 sweep evidence", content_type="application/pdf")
    return papers.attach(actor, Channel.WEB, obj, upload, "sweep")


def xlsx_rows(answer) -> list:
    """The rows of an Excel export (a response, streamed or not)."""
    content = b"".join(answer.streaming_content) if answer.streaming else answer.content
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [r for r in sheet.iter_rows(values_only=True)]


# --- steps ----------------------------------------------------------------------------------------


def _choice(field, obj, api: bool) -> str:
    if not api:
        return str(obj.pk)
    if field.to_field_name:
        return str(getattr(obj, field.to_field_name))
    return str(getattr(obj, NATURAL_KEYS.get(field.queryset.model, ("pk",))[0]))


def _sample(field, api: bool):
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.first()
        return [_choice(field, first, api)] if first else []
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.first()
        return _choice(field, first, api) if first else ""
    if isinstance(field, forms.BooleanField):
        return True if api else "on"
    if isinstance(field, forms.DateTimeField):
        return "2024-06-01 10:00"
    if isinstance(field, forms.DateField):
        return "2024-06-01"
    if isinstance(field, forms.IntegerField):
        return max(field.min_value or 1, 1)
    if isinstance(field, forms.DecimalField):
        return "1"
    if isinstance(field, forms.ChoiceField):
        values = [v for v, _ in field.choices if v not in ("", None)]
        return values[0] if values else ""
    return "测试"


def step_data(step, obj, maker, api: bool) -> dict:
    """The step's form filled in as `maker` (someone entitled) would: valid where it can be, so
    that a missing check shows as a change rather than a form error."""
    try:
        kwargs = step.form_args(obj, maker) if step.form_args else {}
        form = form_class(step)(**kwargs)
    except Exception:  # a form that cannot be built for this record: send its declared fields
        form = form_class(step)()
    return {name: _sample(field, api) for name, field in form.fields.items()}


def expected_status(p, step, obj, user, visible: bool, api: bool) -> set:
    if user is None:
        return {401} if api else {302}
    if not visible:
        return {404}
    if p.steps.state_refusal(step, obj) is None:
        return {403}
    return {403, 422}


def sweep_steps(client, obj, user, *, visible: bool, maker=None, skip=()) -> None:
    """Every step the record's table declares, by page and API, refused to `user` with nothing
    changed. `maker` fills the forms (defaults to `user`); `skip` names the steps that are
    `user`'s own."""
    p, model = proc(obj), type(obj)
    original = model.objects.filter(pk=obj.pk).values_list("status", flat=True).get()
    login(client, user)
    problems = []
    counted = counts()  # nothing but the requests writes: each answer is compared with the last
    try:
        for step in p.steps:
            if step.by_system or step.key in skip:
                continue
            model.objects.filter(pk=obj.pk).update(status=step.sources[0])
            current = model.objects.get(pk=obj.pk)
            before = row(current)
            for api in (False, True):
                data = step_data(step, current, maker or user, api)
                if api:
                    url = f"/api{p.api_prefix}/records/{obj.pk}/{step.key}"
                    answer = client.post(url, json.dumps(data), content_type="application/json")
                else:
                    url = f"/{p.url_prefix}{obj.pk}/{step.key}/"
                    answer = client.post(url, {f"{step.key}-{k}": v for k, v in data.items()})
                wanted = expected_status(p, step, current, user, visible, api)
                after, now = row(current), counts()
                changed = after != before or now != counted
                before, counted = after, now
                if answer.status_code not in wanted or changed:
                    problems.append(
                        f"{p.key}.{step.key} {'API' if api else '页面'} as {user}: "
                        f"{answer.status_code} (expected {sorted(wanted)})"
                        + ("，记录/审计已改变" if changed else "")
                        + f" {answer.content[:200].decode('utf-8', 'replace')}"
                    )
    finally:
        model.objects.filter(pk=obj.pk).update(status=original)
    assert not problems, "\n".join(problems)


# --- reads ----------------------------------------------------------------------------------------


def sweep_reads(client, obj, user, *, unit=None, marker: str = "", boards: bool = True) -> None:
    """`user` (anonymous, or someone who may not see the record) reads nothing of it: page,
    reveal, upload, API record/list/papers, 文书 DOCX/PDF, attachments, the list and its Excel
    export filtered by the record's unit, and (unless `boards` is false: `sweep_boards` then
    looks at several records at once) the workbench and the 待办 list."""
    p = proc(obj)
    login(client, user)
    anon = user is None
    page = 302 if anon else 404
    problems = []

    def check(what, answer, wanted):
        if answer.status_code not in wanted:
            problems.append(f"{what}: {answer.status_code} (expected {sorted(wanted)})")

    counted = counts()
    check("detail", client.get(f"/{p.url_prefix}{obj.pk}/"), {page})
    check("reveal", client.post(f"/{p.url_prefix}{obj.pk}/reveal/"), {page})
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    check(
        "upload",
        client.post(f"/{p.url_prefix}{obj.pk}/attachments/", {"file": upload, "note": "x"}),
        {page},
    )
    meta = type(obj)._meta
    urge = f"/inbox/urge/{meta.app_label}/{meta.model_name}/{obj.pk}/"
    check("催办", client.post(urge, {"note": "催办"}), {page})
    api = 401 if anon else 404
    check("api get", client.get(f"/api{p.api_prefix}/records/{obj.pk}"), {api})
    check("api papers", client.get(f"/api{p.api_prefix}/records/{obj.pk}/papers"), {api})
    api_filters = {"limit": 200} | ({"unit": unit.pk} if unit is not None else {})
    listed = client.get(f"/api{p.api_prefix}/records", api_filters)
    if anon:
        check("api list", listed, {401})
    elif listed.status_code != 200 or obj.pk in [i["id"] for i in listed.json()["items"]]:
        problems.append(f"api list: {listed.status_code} shows the record")
    for instrument in papers.instruments_of(obj):
        for fmt in ("docx", "pdf"):
            check(f"文书 {fmt}", client.get(f"/papers/instruments/{instrument.pk}.{fmt}"), {page})
        check("送达", client.post(f"/papers/instruments/{instrument.pk}/serve/", {}), {page})
        served = client.post(
            f"/api{p.api_prefix}/records/{obj.pk}/papers/{instrument.pk}/serve",
            json.dumps({"served_on": "2024-06-01", "way": "direct"}),
            content_type="application/json",
        )
        check("api 送达", served, {api, 422})
    for attachment in papers.attachments_of(obj):
        check("attachment", client.get(f"/papers/attachments/{attachment.pk}/"), {page})
    filters = {"unit": unit.pk} if unit is not None else {}
    listing = client.get(f"/{p.url_prefix}", filters | ({"q": marker[:20]} if marker else {}))
    if anon:
        check("list", listing, {302})
    elif listing.status_code not in (200, 400):
        problems.append(f"list: {listing.status_code}")
    elif f"/{p.url_prefix}{obj.pk}/" in listing.content.decode():  # (the box echoes `q`)
        problems.append("list shows the record")
    if boards and not anon:
        problems += _board_problems(client, [obj])
    export = client.get(f"/{p.url_prefix}export.xlsx", filters)
    if anon:
        check("export", export, {302})
    elif export.status_code == 200:
        data = xlsx_rows(export)
        if len(data) > 1:
            problems.append(f"export.xlsx has {len(data) - 1} rows: {data[1:3]}")
    elif export.status_code != 404:
        problems.append(f"export: {export.status_code}")
    if counts() != counted:
        problems.append("something was written")
    assert not problems, f"{p.key} as {user}:\n" + "\n".join(problems)


def _board_problems(client, records) -> list:
    problems = []
    for board in ("/workbench/", "/inbox/"):
        shown = client.get(board)
        if shown.status_code != 200:
            problems.append(f"{board}: {shown.status_code}")
            continue
        content = shown.content.decode()
        for obj in records:
            if f"/{proc(obj).url_prefix}{obj.pk}/" in content:
                problems.append(f"{board} shows {proc(obj).key} {obj.pk}")
    return problems


def sweep_boards(client, user, records) -> None:
    """The workbench and the 待办 list of `user` name none of `records`: one look for several
    records, each swept with `sweep_reads(…, boards=False)`. (Nobody, `None`, has no boards.)"""
    if user is None:
        return
    login(client, user)
    problems = _board_problems(client, records)
    assert not problems, f"as {user}:\n" + "\n".join(problems)


def sweep_viewer(client, obj, user) -> None:
    """`user` sees the record but handles none of it (the leader): no upload, no reveal, no
    送达 of its 文书, nothing written."""
    p = proc(obj)
    login(client, user)
    counted = counts()
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    problems = []
    answer = client.post(f"/{p.url_prefix}{obj.pk}/attachments/", {"file": upload, "note": "x"})
    if answer.status_code != 403:
        problems.append(f"upload: {answer.status_code}")
    answer = client.post(f"/{p.url_prefix}{obj.pk}/reveal/")
    if answer.status_code != 403:
        problems.append(f"reveal: {answer.status_code}")
    for instrument in papers.instruments_of(obj):
        body = {"served_on": "2024-06-01", "way": "direct"}
        answer = client.post(f"/papers/instruments/{instrument.pk}/serve/", body)
        if answer.status_code != 403:
            problems.append(f"送达: {answer.status_code}")
        answer = client.post(
            f"/api{p.api_prefix}/records/{obj.pk}/papers/{instrument.pk}/serve",
            json.dumps(body),
            content_type="application/json",
        )
        if answer.status_code not in (403, 422):
            problems.append(f"api 送达: {answer.status_code}")
    if counts() != counted:
        problems.append("something was written")
    assert not problems, f"{p.key} as {user}:\n" + "\n".join(problems)


# --- imports (through the page, as a user uploads them; the runner is inline in tests) -----------


def upload_import(client, user, importer, rows: list[dict]):
    """Upload a sheet of `rows` (by header) for `importer` as `user`; returns the response."""
    login(client, user)
    upload = SimpleUploadedFile("sweep.xlsx", xlsx_for(importer, rows))
    return client.post("/imports/upload/", {"kind": importer.kind, "file": upload}, follow=True)


def imported_rows() -> int:
    return AuditEntry.objects.filter(channel=Channel.IMPORT).count()
