"""The 行政执法案件 pages (scope across units and counties, the list's query budget), the portal's
执法公示 (masking, withdrawal, search, paging with a constant number of queries) and 目录清单, the
API (creation and one step), the XLSX import (all or nothing, row errors), the tick's reminders
and the figures on a small built dataset."""

import datetime as dt
import io

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, JobRun, Notice
from fazhi.enforcement.cases import jobs, services
from fazhi.enforcement.cases.imports import CaseImporter
from fazhi.enforcement.cases.models import Case, CaseKind, LegalReview, Outcome, ReviewOpinion
from fazhi.enforcement.officers.tests import factories as officer_factories
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import criterion, officers, opened

D = dt.date
W = Channel.WEB
pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def _published(org, people, *, title="销售过期食品案", person=True, on=None, crew=None):
    staff = people["police_staff"]
    case = opened(
        org,
        staff,
        title=title,
        crew=crew,
        party_kind="person" if person else "organisation",
        party_name="张三丰" if person else "弥勒市某某超市有限公司",
        party_id_number="53252619800101001X" if person else "",
    )
    case = services.investigate(staff, W, case, on=D(2025, 6, 4))
    case = services.conclude(staff, W, case, on=D(2025, 6, 10))
    case = services.notify(staff, W, case, on=D(2025, 6, 11))
    case = services.decide(
        staff, W, case, outcome=Outcome.PENALTY, on=D(2025, 6, 18), conclusion="罚款人民币5000元"
    )
    return services.publish(staff, W, case, on=on or D(2025, 6, 20))


def test_the_unit_sees_its_cases_others_get_404(org, people, login):
    case = opened(org, people["police_staff"], title="公安局的案件")
    police = login(people["police_staff"])
    assert "公安局的案件" in police.get(reverse("enforcement:list")).content.decode()
    page = police.get(case.get_absolute_url()).content.decode()
    assert "公安局的案件" in page and "张执法" in page
    assert "53252619800101001X" not in page  # masked on the page
    assert login(people["land_staff"]).get(case.get_absolute_url()).status_code == 404
    kaiyuan = login(people["kaiyuan_staff"])
    assert kaiyuan.get(case.get_absolute_url()).status_code == 404
    assert "公安局的案件" not in kaiyuan.get(reverse("enforcement:list")).content.decode()
    response = kaiyuan.post(
        reverse("enforcement:step", args=[case.pk, "investigate"]), {"investigate-on": "2025-06-04"}
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).status == "opened"


def test_open_a_case_and_take_a_step_through_the_pages(org, people, login):
    crew = officers(org["police"])
    police = login(people["police_staff"])
    response = police.post(
        reverse("enforcement:new"),
        {
            "unit": org["police"].pk,
            "kind": "penalty",
            "field": "public_security",
            "title": "无证经营案",
            "party_kind": "organisation",
            "party_name": "弥勒市某公司",
            "opened_on": "2025-06-03",
            "officers": [o.pk for o in crew],
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    response = police.post(
        reverse("enforcement:step", args=[case.pk, "investigate"]), {"investigate-on": "2025-06-04"}
    )
    assert response.status_code == 302
    assert Case.objects.get().status == "investigating"
    channels = set(
        AuditEntry.objects.filter(object_type="enforcement.Case").values_list("channel", flat=True)
    )
    assert channels == {"web"}


def test_the_list_runs_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries
):
    crew = officers(org["police"])
    client = login(people["coordinator"])
    for i in range(3):
        opened(org, people["police_staff"], title=f"案件{i}", crew=crew)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("enforcement:list")).status_code == 200
    for i in range(3, 30):
        opened(org, people["police_staff"], title=f"案件{i}", crew=crew)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("enforcement:list")).content.decode()
    assert page.count("案件2") >= 10


def test_the_portal_shows_published_decisions_masked_and_takes_withdrawn_ones_down(
    org, people, client, settings
):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    case = _published(org, people)
    page = client.get(reverse("enforcement:portal")).content.decode()
    assert "销售过期食品案" in page and "罚款人民币5000元" in page and "弥勒市公安局" in page
    assert "张三丰" not in page and "53252619800101001X" not in page and "13987654321" not in page
    assert "张*" in page or "张**" in page
    staff = people["police_staff"]
    case = services.revoke(
        staff, W, case, revocation="revoked", on=D(2025, 7, 1), reason="复议撤销"
    )
    assert "销售过期食品案" in client.get(reverse("enforcement:portal")).content.decode()
    services.withdraw(staff, W, case, on=D(2025, 7, 2))
    page = client.get(reverse("enforcement:portal")).content.decode()
    assert "暂无公示的执法决定" in page and "复议撤销" in page


def test_the_portal_list_searches_and_pages_with_constant_queries(
    org, people, client, settings, django_assert_max_num_queries
):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    crew = officers(org["police"])
    for i in range(3):
        _published(org, people, title=f"公示案件{i}", person=False, crew=crew)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("enforcement:portal"))
    for i in range(3, 25):
        _published(org, people, title=f"公示案件{i}", person=False, crew=crew)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("enforcement:portal")).content.decode()
    assert "下一页" in page and "弥勒市某某超市有限公司" in page
    found = client.get(reverse("enforcement:portal"), {"q": "公示案件7"}).content.decode()
    assert "公示案件7" in found and "公示案件8" not in found


def test_the_published_catalogue_is_public(org, people, client, settings):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    criterion(people["police_staff"], org["police"])
    page = client.get(reverse("enforcement:portal_catalogue")).content.decode()
    assert "较大数额罚款" in page and "弥勒市公安局" in page
    client.force_login(people["police_staff"])
    response = client.post(
        reverse("enforcement:catalogue"),
        {
            "unit": org["police"].pk,
            "category": "complex",
            "description": "涉及多个法律关系的治安案件",
            "listed_on": "2025-02-03",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    assert (
        "涉及多个法律关系" in client.get(reverse("enforcement:portal_catalogue")).content.decode()
    )


def test_api_creates_and_takes_a_step_through_the_same_services(org, people, client):
    crew = officers(org["police"])
    client.force_login(people["police_staff"])
    response = client.post(
        "/api/enforcement/records",
        content_type="application/json",
        data={
            "unit": "532504-gaj",
            "kind": "penalty",
            "field": "public_security",
            "title": "无证经营案",
            "party_kind": "person",
            "party_name": "李四",
            "party_id_number": "53252619800101001X",
            "party_phone": "13987654321",
            "opened_on": "2025-06-03",
            "officers": [str(o.pk) for o in crew],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert (body["status"], body["decide_due_on"]) == ("opened", "2025-09-01")
    assert "53252619800101001X" not in response.content.decode()
    one = client.post(
        "/api/enforcement/records",
        content_type="application/json",
        data={**{k: body[k] for k in ("kind", "field", "title", "party_kind", "party_name")}}
        | {"unit": "532504-gaj", "opened_on": "2025-06-03", "officers": [str(crew[0].pk)]},
    )
    assert one.status_code in (400, 403, 422) and "第四十二条" in one.json()["detail"]
    ok = client.post(
        f"/api/enforcement/records/{pk}/investigate",
        content_type="application/json",
        data={"on": "2025-06-04"},
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "investigating"
    rows = AuditEntry.objects.filter(object_type="enforcement.Case", object_id=str(pk))
    assert set(rows.values_list("channel", flat=True)) == {"api"}
    client.force_login(people["kaiyuan_staff"])
    assert client.get(f"/api/enforcement/records/{pk}").status_code == 404


# --- import ------------------------------------------------------------------------------------

GOOD = {
    "执法部门代码": "532504-gaj",
    "执法类别": "行政处罚",
    "执法领域": "公安",
    "案号": "弥公〔2025〕7号",
    "案由(事项)": "无证经营案",
    "当事人类型": "法人或者其他组织",
    "当事人": "弥勒市某公司",
    "立案日期": "2025-06-03",
    "执法人员": "张执法、李执法",
    "调查终结日期": "2025-06-10",
    "法制审核日期": "2025-06-12",
    "告知日期": "2025-06-13",
    "决定日期": "2025-06-20",
    "决定结果": "给予行政处罚",
    "决定内容": "罚款人民币3000元",
    "送达日期": "2025-06-23",
    "公示日期": "2025-06-24",
    "结案日期": "2025-07-01",
}


def test_import_replays_through_the_services(org, people, tmp_path):
    officers(org["police"])
    path = tmp_path / "e.xlsx"
    path.write_bytes(xlsx_for(CaseImporter, [GOOD]))
    run_import_command("enforcement", path, "coord")
    case = Case.objects.get()
    assert (case.status, case.published_on, case.unit) == ("closed", D(2025, 6, 24), org["police"])
    assert LegalReview.objects.filter(case=case, opinion=ReviewOpinion.AGREE).count() == 1
    assert AuditEntry.objects.filter(channel="import", action="作出决定").count() == 1


def test_import_with_bad_rows_writes_nothing_and_names_row_and_column(org, people, tmp_path):
    officers(org["police"])
    officer_factories.certified_officer(
        org["police"], field="public_security", name="过期者", valid_until=D(2025, 5, 1)
    )
    path, errors = tmp_path / "e.xlsx", io.StringIO()
    path.write_bytes(
        xlsx_for(
            CaseImporter,
            [
                GOOD,
                GOOD | {"执法部门代码": "532502-sfj"},  # another county's unit
                GOOD | {"立案日期": "2025-02-30"},  # no such day
                GOOD | {"执法类别": "行政奖励"},  # not a kind
                GOOD | {"执法人员": "张执法、过期者"},  # a certificate run out
                GOOD | {"执法人员": "张执法、无名氏"},  # no such officer
                GOOD
                | {"重大执法决定": "是", "法制审核情形": "涉及重大公共利益", "法制审核日期": ""},
            ],
        )
    )
    with pytest.raises(CommandError):
        run_import_command("enforcement", path, "coord", errors)
    report = errors.getvalue()
    assert not Case.objects.exists()
    assert not AuditEntry.objects.filter(channel="import").exists()
    for row, column in [
        (3, "执法部门代码"),
        (4, "立案日期"),
        (5, "执法类别"),
        (6, "执法人员"),
        (7, "执法人员"),
        (8, "法制审核日期"),
    ]:
        assert f"第{row}行" in report and column in report, (row, column, report)
    assert "不属于弥勒市人民政府" in report and "过期者" in report and "第五十八条" in report


# --- the tick and the figures ---------------------------------------------------------------------


def test_the_tick_reminds_the_unit_of_a_publication_overdue(org, people):
    staff = people["police_staff"]
    case = opened(org, staff)
    case = services.investigate(staff, W, case, on=D(2025, 6, 4))
    case = services.conclude(staff, W, case, on=D(2025, 6, 10))
    case = services.notify(staff, W, case, on=D(2025, 6, 11))
    case = services.decide(
        staff, W, case, outcome=Outcome.PENALTY, on=D(2025, 6, 18), conclusion="罚款"
    )
    case = services.serve(staff, W, case, served_on=D(2025, 6, 19))
    assert case.next_due_label == "执法公示" and case.next_due_on == D(2025, 6, 27)
    run = JobRun.objects.create(name="tick", started_at=timezone.now())
    assert jobs.remind_overdue(run) == 1
    notice = Notice.objects.get(unit=org["police"])
    assert "执法公示" in notice.text and "2025-06-27" in notice.text
    assert jobs.remind_overdue(run) == 0  # once per due date


def test_the_figures_on_a_small_dataset(org, people):
    staff = people["police_staff"]
    crew = officers(org["police"])
    on_time = _published(org, people, title="按时", crew=crew, on=D(2025, 6, 20))
    _published(org, people, title="逾期", crew=crew, on=D(2025, 7, 30))
    item = criterion(staff, org["police"])
    major = opened(org, staff, kind=CaseKind.INSPECTION, crew=crew)
    major = services.investigate(staff, W, major, on=D(2025, 6, 4))
    major = services.conclude(staff, W, major, on=D(2025, 6, 5))
    major = services.mark_major(staff, W, major, criterion=item, on=D(2025, 6, 5))
    major = services.send_review(staff, W, major, on=D(2025, 6, 6))
    major = services.review(
        staff, W, major, opinion=ReviewOpinion.PROBLEMS, on=D(2025, 6, 9), text="证据不足"
    )
    major = services.send_review(staff, W, major, on=D(2025, 6, 10))
    major = services.review(staff, W, major, opinion=ReviewOpinion.AGREE, on=D(2025, 6, 11))
    major = services.decide(
        staff, W, major, outcome=Outcome.INSPECTED, on=D(2025, 6, 12), conclusion="责令整改"
    )
    services.file_major(staff, W, major, on=D(2025, 6, 13))
    # another county's review is not counted
    kaiyuan = officers(org["kaiyuan_justice"], names=("开一", "开二"))
    other = opened(org, people["kaiyuan_staff"], unit=org["kaiyuan_justice"], crew=kaiyuan)
    other = services.investigate(people["kaiyuan_staff"], W, other, on=D(2025, 6, 4))
    other = services.conclude(people["kaiyuan_staff"], W, other, on=D(2025, 6, 5))
    other = services.send_review(people["kaiyuan_staff"], W, other, on=D(2025, 6, 6))
    services.review(
        people["kaiyuan_staff"], W, other, opinion=ReviewOpinion.AGREE, on=D(2025, 6, 9)
    )
    computed = {c.figure.id: c.result.value for c in compute_all(org["mile"], Period.year(2025))}
    assert computed["enf.legal_reviews"] == 2
    assert computed["enf.major_filings"] == 1
    # 3 decisions (2 published: 1 on time, 1 late; the 重大 not yet published)
    assert float(computed["enf.publication_on_time_rate"]) == pytest.approx(100 / 3, abs=0.1)
    assert on_time.publish_due_on == D(2025, 6, 27)


def test_the_checksum_page_recomputes_the_files_of_visible_cases(org, people, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.instruments.services import attach

    staff = people["police_staff"]
    case = opened(org, staff)
    attachment = attach(staff, W, case, SimpleUploadedFile("笔录.pdf", b"%PDF-1.4 z"))
    services.add_process_record(
        staff,
        W,
        case,
        step="evidence",
        medium="text",
        recorder="张执法",
        recorded_at=timezone.now(),
        attachment=attachment,
    )
    # the case's step and the index row, each audited
    rows = AuditEntry.objects.filter(action="登记全过程记录", actor=staff)
    assert sorted(rows.values_list("object_type", flat=True)) == [
        "enforcement.Case",
        "enforcement.ProcessRecord",
    ]
    police = login(staff)
    page = police.post(reverse("enforcement:checksums")).content.decode()
    assert "本批文件校验一致" in page and "全部校验完毕" in page
    with open(attachment.file.path, "wb") as handle:
        handle.write(b"changed")
    page = police.post(reverse("enforcement:checksums")).content.decode()
    assert "校验值不符" in page and "笔录.pdf" in page
    # another county's staff check only their own cases: nothing of 弥勒 is reported to them
    page = login(people["kaiyuan_staff"]).post(reverse("enforcement:checksums")).content.decode()
    assert "笔录.pdf" not in page


def test_the_checksum_page_checks_a_bounded_part_a_request_and_goes_on(
    org, people, login, settings
):
    """A county's recordings are not read in one request: each part stops before the bytes read
    pass FAZHI_RECORD_CHECK_BYTES, and the next continues after the last file checked."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.instruments.services import attach

    staff = people["police_staff"]
    case = opened(org, staff)
    files = []
    for n in range(3):
        attachment = attach(staff, W, case, SimpleUploadedFile(f"笔录{n}.pdf", b"%PDF-1.4 " * 10))
        services.add_process_record(
            staff,
            W,
            case,
            step="evidence",
            medium="text",
            recorder="张执法",
            recorded_at=timezone.now(),
            attachment=attachment,
        )
        files.append(attachment)
    with open(files[2].file.path, "wb") as handle:
        handle.write(b"changed")
    settings.FAZHI_RECORD_CHECK_BYTES = files[0].size * 2  # two files a part
    police = login(staff)
    first = police.post(reverse("enforcement:checksums"))
    assert first.context["result"].checked == 2 and first.context["result"].problems == []
    after = first.context["result"].next_after
    assert f'name="after" value="{after}"' in first.content.decode()
    second = police.post(reverse("enforcement:checksums"), {"after": after})
    result = second.context["result"]
    assert (result.checked, result.next_after) == (1, 0)
    assert [p["record"].attachment_id for p in result.problems] == [files[2].pk]
    assert "全部校验完毕" in second.content.decode()
    for bad in ("-1", "x", "9" * 40):
        assert police.post(reverse("enforcement:checksums"), {"after": bad}).status_code == 404
