"""文书 and attachments (fazhi.core.instruments): issued inside the step that makes them, numbered
per government, kind and year, printed in official form, served, shown only to those who may see
the record; templates edited by the coordinator; attachments kept with their SHA-256."""

import datetime as dt
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core import held, procedures
from fazhi.core.audit import Channel
from fazhi.core.instruments import services as papers
from fazhi.core.instruments.kinds import available_names, fill, names_in, record_context
from fazhi.core.models import (
    Attachment,
    AuditEntry,
    Instrument,
    InstrumentSequence,
    InstrumentTemplate,
    Role,
)
from fazhi.core.services import create_user
from fazhi.core.workflow import Refusal
from fazhi.disputes.reconsideration.tests.factories import accepted, received

D = dt.date


def take(key: str, actor, case, **data):
    """A 复议 step taken through the kernel's table, as the pages and the API take it."""
    steps = procedures.get("reconsideration").steps
    return steps.service(steps[key])(actor, Channel.WEB, case, **data)


def correction(org, people, items="申请人身份证明复印件；被申请复议的行政行为的名称和文号。"):
    case = received(org, people["reviewer"], submitted_on=D(2024, 3, 1))
    return take("correction", people["reviewer"], case, on=case.received_on, items=items)


def only(case) -> Instrument:
    [instrument] = papers.instruments_of(case)
    return instrument


def test_a_step_issues_its_numbered_instrument_with_the_cases_facts(org, people):
    case = correction(org, people)
    instrument = only(case)
    assert instrument.title == "行政复议申请补正通知书"
    assert instrument.number == "弥勒市复补〔2024〕1号"  # GB/T 9704 7.2.4, no leading zeros
    assert instrument.addressee == "张三" and instrument.issued_on == case.received_on
    assert "被申请复议的行政行为的名称和文号" in instrument.body  # the form's 补正事项
    assert "弥勒市公安局治安管理处罚决定" in instrument.body and "2024年3月1日" in instrument.body
    assert "【" not in instrument.body  # every placeholder was filled
    assert AuditEntry.objects.filter(action="制作文书", object_id=str(instrument.pk)).exists()
    # The next one of the kind in the same government and year takes the next number.
    assert only(correction(org, people)).number == "弥勒市复补〔2024〕2号"


def test_a_text_is_filled_from_the_facts_it_names_as_from_all_of_them(org, people):
    """A 文书 reads only the facts its text names (`record_context(only=…)`), to the same text."""
    case = accepted(org, people["reviewer"])
    kinds = papers.kinds_of(procedures.for_model(type(case))).values()
    assert kinds
    for kind in kinds:
        named = record_context(case, only=set(names_in(kind.body)))
        assert fill(kind.body, named) == fill(kind.body, record_context(case))
    first = next(iter(record_context(case)))
    assert record_context(case, only={first}) == {first: record_context(case)[first]}


def test_a_refused_step_leaves_no_instrument_and_uses_no_number(org, people):
    case = accepted(org, people["reviewer"], submitted_on=D(2024, 3, 1))
    with pytest.raises(Refusal):  # not in 待审查 any more
        take("correction", people["reviewer"], case, on=D(2024, 3, 4), items="x")
    assert not Instrument.objects.filter(kind="reconsideration.correction_notice").exists()
    assert only(correction(org, people)).number.endswith("〔2024〕1号")


def test_a_number_takes_one_round_trip_and_each_code_and_year_counts_alone(org, people):
    government = org["mile"]
    with CaptureQueriesContext(connection) as first:
        assert papers.next_number(government, "弥测", 2024) == "弥测〔2024〕1号"
    with CaptureQueriesContext(connection) as second:
        assert papers.next_number(government, "弥测", 2024) == "弥测〔2024〕2号"
    assert len(second) == 1 and "RETURNING" in second[0]["sql"]
    assert len(first) > 1  # the year's first: its sequence row is made, then advanced
    assert papers.next_number(government, "弥测", 2025) == "弥测〔2025〕1号"
    assert papers.next_number(government, "弥他", 2024) == "弥他〔2024〕1号"
    assert papers.next_number(org["kaiyuan"], "弥测", 2024) == "弥测〔2024〕1号"
    assert papers.next_number(government, "弥测", 2024) == "弥测〔2024〕3号"


def _last(government, code: str, year: int) -> int:
    return InstrumentSequence.objects.get(government=government, code=code, year=year).last


def test_in_a_chunk_the_numbers_after_the_first_are_counted_in_memory_and_written_once(org, people):
    """An import's chunk holds the sequence row from its first number to its commit: the later
    numbers take no round trip, and the row says the last of them when the chunk ends."""
    government = org["mile"]
    papers.next_number(government, "弥测", 2024)  # 1, before the chunk
    with transaction.atomic(), held.holding():
        with CaptureQueriesContext(connection) as queries:
            numbers = [papers.next_number(government, "弥测", 2024) for _ in range(4)]
        assert len(queries) == 1  # the first one's UPDATE … RETURNING, then memory
        assert papers.next_number(government, "弥测", 2025) == "弥测〔2025〕1号"  # its own row
    assert numbers == [f"弥测〔2024〕{n}号" for n in (2, 3, 4, 5)]
    assert _last(government, "弥测", 2024) == 5
    assert papers.next_number(government, "弥测", 2024) == "弥测〔2024〕6号"  # outside: as before


def test_a_row_rolled_back_in_a_chunk_gives_its_numbers_back_without_a_gap(org, people):
    """A refused row of the trial pass is rolled back to its savepoint, its sequence row with
    it (and the row's lock): the chunk's memory is dropped, and the next number is read again."""
    government = org["mile"]
    with transaction.atomic(), held.holding():
        assert papers.next_number(government, "弥测", 2024) == "弥测〔2024〕1号"
        with pytest.raises(Refusal), held.savepoint():
            assert papers.next_number(government, "弥测", 2024) == "弥测〔2024〕2号"
            papers.next_number(government, "弥测", 2024)
            raise Refusal("the row is refused")
        assert papers.next_number(government, "弥测", 2024) == "弥测〔2024〕2号"
        with pytest.raises(Refusal), held.savepoint():  # the first number of the chunk rolled back
            papers.next_number(government, "弥他", 2024)
            raise Refusal("the row is refused")
        assert papers.next_number(government, "弥他", 2024) == "弥他〔2024〕1号"
    assert _last(government, "弥测", 2024) == 2 and _last(government, "弥他", 2024) == 1


def test_a_chunk_whose_sequence_row_moved_fails_rather_than_reuse_a_number(org, people):
    """Never while the row is locked; if it happened, the chunk fails, whole."""
    government = org["mile"]
    with pytest.raises(RuntimeError), transaction.atomic(), held.holding():
        papers.next_number(government, "弥测", 2024)
        papers.next_number(government, "弥测", 2024)
        InstrumentSequence.objects.filter(code="弥测").update(last=9)
    assert not InstrumentSequence.objects.filter(code="弥测", last__gt=0).exists()


def test_start_up_refuses_an_sqlite_without_returning(monkeypatch):
    from types import SimpleNamespace

    from fazhi.core import checks

    def databases(*vendors):
        handler = SimpleNamespace(
            all=lambda initialized_only: [SimpleNamespace(vendor=v) for v in vendors]
        )
        monkeypatch.setattr(checks, "connections", handler)

    monkeypatch.setattr(checks.sqlite3, "sqlite_version_info", (3, 34, 1))
    monkeypatch.setattr(checks.sqlite3, "sqlite_version", "3.34.1")
    databases("postgresql", "sqlite")
    errors = checks.sqlite_is_recent_enough()
    assert [e.id for e in errors] == ["fazhi.E100"]
    assert "3.34.1 过旧" in errors[0].msg and "3.35" in errors[0].msg
    databases("postgresql")  # no SQLite in use: its version does not matter
    assert checks.sqlite_is_recent_enough() == []
    monkeypatch.setattr(checks.sqlite3, "sqlite_version_info", (3, 35, 0))
    databases("sqlite")
    assert checks.sqlite_is_recent_enough() == []


def test_docx_and_pdf_are_official_and_render_chinese_offline(org, people, client, tmp_path):
    from docx import Document
    from docx.shared import Mm, Pt

    instrument = only(correction(org, people))
    client.force_login(people["reviewer"])
    response = client.get(reverse("core:instrument_file", args=[instrument.pk, "docx"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) <= Mm(0.1) and abs(section.top_margin - Mm(37)) <= Mm(
        0.1
    )
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "行政复议申请补正通知书" and texts[1] == "弥勒市复补〔2024〕1号"
    assert "张三：" in texts and document.paragraphs[0].runs[0].font.size == Pt(22)
    assert texts[-2:] == ["弥勒市人民政府", "2024年3月1日"]  # 署名 and 成文日期 (7.3.5)

    response = client.get(reverse("core:instrument_file", args=[instrument.pk, "pdf"]))
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "notice.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "行政复议申请补正通知书" in text.replace(" ", "") and "复补〔2024〕1号" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "CJK" in fonts  # the Chinese is set in an embedded CJK font, not boxes


def test_papers_are_shown_only_to_those_who_may_see_the_case(org, people, client):
    instrument = only(correction(org, people))
    url = reverse("core:instrument_file", args=[instrument.pk, "docx"])
    client.force_login(people["kaiyuan_staff"])  # another county
    assert client.get(url).status_code == 404
    client.force_login(people["land_staff"])  # a bureau that is not a party
    assert client.get(url).status_code == 404
    client.force_login(people["police_staff"])  # the respondent sees the case, and its papers
    assert client.get(url).status_code == 200


def test_service_is_recorded_once_not_before_issue_and_by_handlers_only(org, people, client):
    case = accepted(org, people["reviewer"], submitted_on=D(2024, 3, 1))
    notice = only(case)
    url = reverse("core:instrument_serve", args=[notice.pk])
    client.force_login(people["police_staff"])  # sees the case, does not handle it
    assert client.post(url, {"served_on": "2024-03-06", "way": "post"}).status_code == 403
    client.force_login(people["reviewer"])
    client.post(url, {"served_on": "2024-02-01", "way": "post"})  # before it was made
    notice.refresh_from_db()
    assert notice.served_on is None
    client.post(url, {"served_on": "2024-03-06", "way": "post"})
    notice.refresh_from_db()
    assert (notice.served_on, notice.get_served_way_display()) == (D(2024, 3, 6), "邮寄送达")
    with pytest.raises(Refusal, match="已于2024-03-06登记送达"):
        papers.serve(people["reviewer"], Channel.WEB, notice, D(2024, 3, 7), "post")
    page = client.get(case.get_absolute_url()).content.decode()
    assert "2024-03-06 邮寄送达" in page and "复受〔2024〕1号" in page


def test_the_coordinators_template_is_used_and_issued_texts_stay_frozen(org, people, client):
    first = only(correction(org, people))
    client.force_login(people["coordinator"])
    url = reverse("core:instrument_template", args=["reconsideration", "correction_notice"])
    assert "{{需要补正的事项(一次性载明)}}" in client.get(url).content.decode()
    body = "{{申请人}}：\n请于收到之日起十日内补正：{{需要补正的事项(一次性载明)}}。{{文号}}"
    response = client.post(url, {"title": "补正通知书", "code": "弥司复补", "body": body})
    assert response.status_code == 302
    second = only(correction(org, people, items="身份证明"))
    assert second.title == "补正通知书" and second.number == "弥司复补〔2024〕1号"
    assert "请于收到之日起十日内补正：身份证明。弥司复补〔2024〕1号" in second.body
    first.refresh_from_db()
    assert first.title == "行政复议申请补正通知书"  # made before the change: unchanged
    assert AuditEntry.objects.filter(action="修改文书模板").count() == 1


def test_a_batch_reads_a_template_once_and_the_next_batch_reads_an_edited_one(org, people):
    """An import's transaction (`remembered_reads`) issues hundreds of 文书 of a kind: one read
    of the government's template; a template saved since is the next batch's."""
    from fazhi.core.steps import remembered_reads

    def template_reads(block) -> int:
        with CaptureQueriesContext(connection) as seen:
            block()
        return sum("core_instrumenttemplate" in q["sql"] for q in seen)

    def two_corrections():
        with remembered_reads():
            correction(org, people)
            correction(org, people)

    assert template_reads(two_corrections) == 1
    assert template_reads(lambda: correction(org, people)) == 1  # outside a batch: each time
    procedure = procedures.get("reconsideration")
    kind = papers.kinds_of(procedure)["correction_notice"]
    body = "{{申请人}}：请补正{{需要补正的事项(一次性载明)}}。"
    papers.save_template(
        people["coordinator"],
        Channel.WEB,
        org["mile"],
        procedure,
        kind,
        {"title": "补正通知书", "code": "弥司复补", "body": body},
    )
    with remembered_reads():
        assert only(correction(org, people)).number == "弥司复补〔2024〕1号"


def test_a_template_naming_something_unknown_is_refused(org, people, client):
    client.force_login(people["coordinator"])
    url = reverse("core:instrument_template", args=["reconsideration", "correction_notice"])
    response = client.post(url, {"title": "补正", "code": "弥司", "body": "{{申请人.__class__}}"})
    assert response.status_code == 422 and "模板中有无法填写的项目" in response.content.decode()
    assert not InstrumentTemplate.objects.exists()


def test_only_a_coordinator_edits_templates_and_only_their_governments(org, people, client):
    client.force_login(people["reviewer"])
    assert client.get(reverse("core:instrument_templates")).status_code == 403
    kaiyuan = create_user(
        None,
        Channel.CLI,
        username="ky-coord",
        password="pass-Fazhi-2021",
        unit=org["kaiyuan_justice"],
        role=Role.COORDINATOR,
    )
    client.force_login(kaiyuan)
    url = reverse("core:instrument_template", args=["reconsideration", "correction_notice"])
    client.post(url, {"title": "开远补正通知书", "code": "开司复补", "body": "{{申请人}}："})
    assert only(correction(org, people)).title == "行政复议申请补正通知书"  # 弥勒's unchanged


def test_every_default_text_names_only_what_its_steps_can_fill():
    for procedure in procedures.all_procedures():
        for kind in procedure.instruments:
            allowed = set(available_names(procedure.model, papers.issuing_forms(procedure, kind)))
            assert set(names_in(kind.body)) <= allowed, (procedure.key, kind.key)
            assert papers.issuing_forms(procedure, kind), f"no step issues {kind.key}"


def upload(client, case, name, content, **extra):
    url = reverse("reconsideration:attach", args=[case.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content), **extra})


def test_attachments_keep_their_checksum_and_refuse_what_a_browser_would_run(
    org, people, client, settings
):
    import hashlib

    case = received(org, people["reviewer"])
    client.force_login(people["reviewer"])
    upload(client, case, "../../证据\x07一.pdf", b"%PDF-1.4 evidence", note="行政处罚决定书")
    stored = Attachment.objects.get()
    assert stored.name == "证据一.pdf" and stored.size == 17
    assert stored.sha256 == hashlib.sha256(b"%PDF-1.4 evidence").hexdigest()
    response = client.get(reverse("core:attachment_file", args=[stored.pk]))
    assert response.content == b"%PDF-1.4 evidence"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"

    upload(client, case, "page.html", b"<script>alert(1)</script>")
    upload(client, case, "image.svg", b"<svg onload=alert(1)>")
    settings.FAZHI_ATTACHMENT_MAX_BYTES = 10
    upload(client, case, "big.pdf", b"x" * 11)
    assert Attachment.objects.count() == 1

    # Changed on disk behind the platform's back: the download says so instead of serving it.
    with open(stored.file.path, "wb") as f:
        f.write(b"forged")
    assert client.get(reverse("core:attachment_file", args=[stored.pk])).status_code == 409


def test_attachments_are_for_the_cases_handlers_and_seen_by_those_who_see_it(org, people, client):
    case = received(org, people["reviewer"])
    client.force_login(people["land_staff"])
    assert upload(client, case, "a.pdf", b"%PDF").status_code == 404
    client.force_login(people["reviewer"])
    upload(client, case, "a.pdf", b"%PDF")
    url = reverse("core:attachment_file", args=[Attachment.objects.get().pk])
    client.force_login(people["kaiyuan_staff"])
    assert client.get(url).status_code == 404
    assert AuditEntry.objects.filter(action="上传附件").count() == 1


def test_the_api_lists_a_records_papers_and_records_a_service(org, people, client):
    case = accepted(org, people["reviewer"], submitted_on=D(2024, 3, 1))
    base = f"/api/reconsideration/records/{case.pk}/papers"
    client.force_login(people["kaiyuan_staff"])
    assert client.get(base).status_code == 404
    client.force_login(people["reviewer"])
    [notice] = client.get(base).json()["instruments"]
    assert notice["number"] == "弥勒市复受〔2024〕1号" and notice["served_on"] is None
    assert client.get(notice["docx"]).content.startswith(b"PK")
    serve = f"{base}/{notice['id']}/serve"
    bad = client.post(serve, {"served_on": "2024-02-01", "way": "post"}, "application/json")
    assert bad.status_code == 422 and "不能早于" in bad.json()["detail"]
    done = client.post(serve, {"served_on": "2024-03-05", "way": "electronic"}, "application/json")
    assert done.status_code == 200 and done.json()["served_way"] == "electronic"


def test_a_closed_record_takes_no_attachment_from_its_handlers(org, people, client):
    case = accepted(org, people["reviewer"], submitted_on=D(2021, 3, 1))
    take("decide", people["reviewer"], case, on=D(2021, 4, 1), outcome="upheld")
    client.force_login(people["reviewer"])
    assert upload(client, case, "late.pdf", b"%PDF").status_code == 403
    assert "上传附件" not in client.get(case.get_absolute_url()).content.decode()
    assert not Attachment.objects.exists()
