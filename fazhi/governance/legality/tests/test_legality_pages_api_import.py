"""The 合法性审核 pages (scope across units and counties, the subject's link, the query budget of
the list), the API (creation and one step) and the XLSX import (all or nothing, row errors)."""

import datetime as dt
import io

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.disputes.opinions.tests.factories import drafted
from fazhi.governance.legality.imports import ReviewImporter
from fazhi.governance.legality.models import Opinion, Review, ReviewKind, ReviewStatus
from fazhi.governance.legality.steps import STEPS
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import requested

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_the_sender_and_the_office_see_it_others_get_404(org, people, login):
    review = requested(org, people["police_staff"], title="关于公安事项的方案")
    requested(org, people["coordinator"], unit=org["land"], title="自然资源局的方案")
    police = login(people["police_staff"])
    page = police.get(reverse("legality:list")).content.decode()
    assert "关于公安事项的方案" in page and "自然资源局的方案" not in page
    assert police.get(review.get_absolute_url()).status_code == 200
    reviewer = login(people["reviewer"])
    page = reviewer.get(reverse("legality:list")).content.decode()
    assert "关于公安事项的方案" in page and "自然资源局的方案" in page
    assert login(people["land_staff"]).get(review.get_absolute_url()).status_code == 404
    kaiyuan = login(people["kaiyuan_staff"])
    assert kaiyuan.get(review.get_absolute_url()).status_code == 404
    assert "关于公安事项" not in kaiyuan.get(reverse("legality:list")).content.decode()
    response = kaiyuan.post(
        reverse("legality:step", args=[review.pk, "accept"]), {"accept-on": "2024-05-07"}
    )
    assert response.status_code == 404
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.SUBMITTED


def test_send_and_give_the_opinion_through_the_pages(org, people, login):
    police = login(people["police_staff"])
    response = police.post(
        reverse("legality:new"),
        {
            "unit": org["police"].pk,
            "kind": "normative",
            "title": "弥勒市电动自行车管理规定(送审稿)",
            "submitted_on": "2024-05-06",
            "note": "附起草说明",
        },
    )
    review = Review.objects.get()
    assert response.status_code == 302 and response.url == review.get_absolute_url()
    page = police.get(review.get_absolute_url()).content.decode()
    assert "撤回送审" in page
    assert {s.key for s in STEPS.offered(people["police_staff"], review)} == {"withdraw"}
    assert {s.key for s in STEPS.offered(people["reviewer"], review)} == {
        "accept",
        "send_back",
        "opinion",
    }
    office = login(people["reviewer"])
    response = office.post(
        reverse("legality:step", args=[review.pk, "opinion"]),
        {
            "opinion-opinion": "amend",
            "opinion-opinion_on": "2024-05-10",
            "opinion-text": "第八条增设的审批条件无上位法依据，应删去。",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.opinion) == (ReviewStatus.GIVEN, Opinion.AMEND)
    page = office.get(review.get_absolute_url()).content.decode()
    assert "合法性审核意见书" in page and "修改后合法" in page
    channels = set(
        AuditEntry.objects.filter(object_type="legality.Review").values_list("channel", flat=True)
    )
    assert channels == {"web"}


def test_the_page_links_to_the_record_reviewed(org, people, login):
    from fazhi.core import duties

    duties.assign(None, Channel.CLI, org["justice"], "reconsideration.office")
    subject = drafted(org, people["reviewer"])  # a record of another procedure, with its page
    review = requested(org, people["coordinator"], unit=org["justice"], subject=subject)
    page = login(people["coordinator"]).get(review.get_absolute_url()).content.decode()
    assert f'href="{subject.get_absolute_url()}"' in page


def _make(org, people, count, start=0):
    for i in range(start, start + count):
        requested(org, people["police_staff"], title=f"送审文件{i}")


def test_the_list_runs_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries
):
    client = login(people["coordinator"])
    _make(org, people, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("legality:list")).status_code == 200
    _make(org, people, 30, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("legality:list")).content.decode()
    assert page.count("送审文件") >= 30


def test_api_creates_and_takes_a_step_through_the_same_services(org, people, client):
    client.force_login(people["police_staff"])
    response = client.post(
        "/api/legality/records",
        content_type="application/json",
        data={
            "unit": "532504-gaj",
            "kind": "contract",
            "title": "城区智能交通系统建设合同(送审稿)",
            "counterparty": "某科技有限公司",
            "submitted_on": "2021-09-28",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert (body["office"], body["due_on"], body["status"]) == (
        "532504-sfj",
        "2021-10-25",
        "submitted",
    )
    refused = client.post(
        f"/api/legality/records/{pk}/opinion",
        content_type="application/json",
        data={"opinion": "lawful", "opinion_on": "2021-10-08", "text": ""},
    )
    assert refused.status_code == 403 and "合法性审核机构" in refused.json()["detail"]
    client.force_login(people["reviewer"])
    ok = client.post(
        f"/api/legality/records/{pk}/opinion",
        content_type="application/json",
        data={"opinion": "lawful", "opinion_on": "2021-10-08", "text": ""},
    )
    assert ok.status_code == 200, ok.content
    assert (ok.json()["status"], ok.json()["opinion"]) == ("given", "lawful")
    channels = AuditEntry.objects.filter(object_type="legality.Review", object_id=str(pk))
    assert list(channels.values_list("channel", flat=True)) == ["api", "api"]
    client.force_login(people["kaiyuan_staff"])
    assert client.get(f"/api/legality/records/{pk}").status_code == 404
    assert client.get("/api/legality/records").json()["items"] == []


# --- import ------------------------------------------------------------------------------------

GOOD = {
    "送审单位代码": "532504-gaj",
    "送审类别": "合同协议",
    "送审文件名称": "城区智能交通系统建设合同",
    "合同相对方": "某科技有限公司",
    "送审日期": "2021-03-02",
    "审核意见": "修改后合法",
    "出具意见日期": "2021-03-09",
    "审核意见内容": "违约责任条款应对等。",
    "合同签订日期": "2021-03-15",
}


def test_import_replays_through_the_services(org, people, tmp_path):
    path = tmp_path / "l.xlsx"
    waiting = {
        "送审类别": "其他文件",
        "送审文件名称": "尚在审核的方案",
        "合同相对方": "",
        "审核意见": "",
        "出具意见日期": "",
        "审核意见内容": "",
        "合同签订日期": "",
    }
    path.write_bytes(xlsx_for(ReviewImporter, [GOOD, GOOD | waiting]))
    run_import_command("legality", path, "coord")
    contract = Review.objects.get(kind=ReviewKind.CONTRACT)
    assert (contract.status, contract.opinion, contract.signed_on, contract.unit) == (
        ReviewStatus.GIVEN,
        Opinion.AMEND,
        D(2021, 3, 15),
        org["police"],
    )
    assert Review.objects.get(title="尚在审核的方案").status == ReviewStatus.SUBMITTED
    assert AuditEntry.objects.filter(channel="import", action="出具审核意见").count() == 1


def test_import_with_bad_rows_writes_nothing_and_names_row_and_column(org, people, tmp_path):
    path, errors = tmp_path / "l.xlsx", io.StringIO()
    path.write_bytes(
        xlsx_for(
            ReviewImporter,
            [
                GOOD,
                GOOD | {"送审单位代码": "532502-sfj"},  # another county's unit
                GOOD | {"送审日期": "2021-02-30"},  # no such day
                GOOD | {"送审类别": "会议纪要"},  # not a kind
                GOOD | {"审核意见": "基本合法"},  # not an opinion
            ],
        )
    )
    with pytest.raises(CommandError):
        run_import_command("legality", path, "coord", errors)
    report = errors.getvalue()
    assert not Review.objects.exists()
    assert not AuditEntry.objects.filter(channel="import").exists()
    for row, column in [(3, "送审单位代码"), (4, "送审日期"), (5, "送审类别"), (6, "审核意见")]:
        assert f"第{row}行" in report and column in report, (row, column, report)
    assert "不属于弥勒市人民政府" in report


def test_the_sender_attaches_the_draft_and_the_office_reads_it(org, people, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.instruments.services import attachments_of

    review = requested(org, people["police_staff"])
    police = login(people["police_staff"])
    draft = SimpleUploadedFile("送审稿.pdf", b"%PDF-1.4 draft", content_type="application/pdf")
    response = police.post(
        reverse("legality:attach", args=[review.pk]), {"file": draft, "note": "送审稿"}
    )
    assert response.status_code == 302
    attachment = attachments_of(review).get()
    office = login(people["reviewer"])
    assert "送审稿.pdf" in office.get(review.get_absolute_url()).content.decode()
    url = reverse("core:attachment_file", args=[attachment.pk])
    assert office.get(url).status_code == 200
    assert login(people["kaiyuan_staff"]).get(url).status_code == 404
