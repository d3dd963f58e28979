"""A 规范性文件 from its draft to its end (legal_deadlines.md §5): 合法性审核 before 集体审议, 公布
with its 文号, 备案 within the set period, 修改 as a new version, 废止, 失效 by the tick."""

import pytest
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.governance.legality import services as legality
from fazhi.governance.normative import jobs, services
from fazhi.governance.normative.models import DocStatus, NormativeDocument

from .factories import D, drafted, existing, legality_review, published, reviewed


def test_deliberation_is_refused_until_the_legality_review_clears_the_draft(org, people):
    """纲要(2021－2025年)(九); 重大行政决策程序暂行条例 art. 25: no 集体审议 without 合法性审核,
    nor after an opinion of 不合法."""
    staff = people["police_staff"]
    doc = drafted(org, staff)
    with pytest.raises(Refusal, match=r"无法集体审议.*当前状态为“起草”"):
        services.deliberate(staff, Channel.WEB, doc, on=D(2021, 3, 5), meeting="局务会议")
    doc = services.request_review(staff, Channel.WEB, doc, on=D(2021, 3, 2))
    assert doc.status == DocStatus.REVIEWING
    review = legality_review(doc)
    assert (review.kind, review.unit, review.title) == ("normative", org["police"], doc.title)
    with pytest.raises(Refusal, match=r"未经合法性审核.*不得提交集体审议.*纲要"):
        services.deliberate(staff, Channel.WEB, doc, on=D(2021, 3, 5), meeting="局务会议")
    with pytest.raises(Refusal, match="审核意见作出前"):
        services.request_review(staff, Channel.WEB, doc, on=D(2021, 3, 3))
    legality.give_opinion(
        people["reviewer"], review, opinion="unlawful", opinion_on=D(2021, 3, 8), text="超越权限"
    )
    with pytest.raises(Refusal, match="审核认为不合法的，不得提交集体审议"):
        services.deliberate(staff, Channel.WEB, doc, on=D(2021, 3, 9), meeting="局务会议")
    # Revised, sent again, found lawful after amendment: it may now be deliberated.
    doc = services.request_review(staff, Channel.WEB, doc, on=D(2021, 3, 9))
    legality.give_opinion(
        people["reviewer"],
        legality_review(doc),
        opinion="amend",
        opinion_on=D(2021, 3, 12),
        text="第三条修改",
    )
    with pytest.raises(Refusal, match="不能早于合法性审核意见日期"):
        services.deliberate(staff, Channel.WEB, doc, on=D(2021, 3, 11), meeting="局务会议")
    doc = services.deliberate(staff, Channel.WEB, doc, on=D(2021, 3, 15), meeting="局务会议")
    assert (doc.status, doc.review_opinion_on) == (DocStatus.DELIBERATED, D(2021, 3, 12))


def test_publication_starts_the_filing_clock_and_the_validity(org, people):
    """30 日 (FAZHI_NORMATIVE_FILING_DAYS) from 2021-09-01 end on 2021-10-01, 国庆节: the period
    ends on the next working day, 2021-10-08 (民事诉讼法 art. 85); 5 years' validity."""
    doc = published(org, people, on=D(2021, 9, 1), opinion_on=D(2021, 3, 10))
    assert (doc.status, doc.doc_number, doc.version) == (
        DocStatus.PUBLISHED,
        "弥公通〔2021〕1号",
        1,
    )
    assert (doc.filing_due_on, doc.next_due_on, doc.next_due_label) == (
        D(2021, 10, 8),
        D(2021, 10, 8),
        "报送备案",
    )
    assert (doc.effective_from, doc.valid_until) == (D(2021, 9, 1), D(2026, 8, 31))
    [version] = doc.versions.all()
    assert (version.number, version.doc_number, version.filing_due_on) == (
        1,
        "弥公通〔2021〕1号",
        D(2021, 10, 8),
    )
    doc = services.file_document(people["police_staff"], Channel.WEB, doc, on=D(2021, 9, 20))
    assert (doc.status, doc.filed_on, doc.filing_organ) == (
        DocStatus.EFFECTIVE,
        D(2021, 9, 20),
        "弥勒市人民政府",
    )
    assert doc.versions.get().filed_on == D(2021, 9, 20)
    assert (doc.next_due_on, doc.next_due_label) == (D(2026, 8, 31), "有效期届满")


def test_the_filing_period_and_validity_are_settings(org, people, settings):
    settings.FAZHI_NORMATIVE_FILING_DAYS = 15
    settings.FAZHI_NORMATIVE_PROVISIONAL_VALIDITY_YEARS = 2
    doc = published(org, people, on=D(2021, 4, 1), title="弥勒市公安局停车管理暂行办法")
    assert doc.provisional and doc.valid_until == D(2023, 3, 31)
    assert doc.filing_due_on == D(2021, 4, 16)


def test_amend_keeps_every_version_and_files_again(org, people):
    staff = people["police_staff"]
    doc = published(org, people)
    doc = services.file_document(staff, Channel.WEB, doc, on=D(2021, 4, 10))
    doc = services.amend(
        staff,
        Channel.WEB,
        doc,
        on=D(2021, 8, 2),
        reason="上位法修改",
        doc_number="弥公通〔2021〕9号",
        text="第一条 修改后……",
    )
    assert (doc.status, doc.version, doc.doc_number, doc.filed_on) == (
        DocStatus.PUBLISHED,
        2,
        "弥公通〔2021〕9号",
        None,
    )
    assert doc.first_published_on == D(2021, 4, 1) and doc.valid_until == D(2026, 8, 1)
    first, second = doc.versions.order_by("number")
    assert (first.doc_number, first.superseded_on, first.filed_on) == (
        "弥公通〔2021〕1号",
        D(2021, 8, 2),
        D(2021, 4, 10),
    )
    assert (second.change, second.reason, second.text) == (
        "amended",
        "上位法修改",
        "第一条 修改后……",
    )
    with pytest.raises(Refusal, match="请写明修改理由"):
        services.amend(staff, Channel.WEB, doc, on=D(2021, 8, 3), reason=" ")


def test_abolish_ends_validity_and_is_final(org, people):
    staff = people["police_staff"]
    doc = existing(org, people["coordinator"])
    doc = services.abolish(staff, Channel.WEB, doc, on=D(2021, 5, 1), reason="不符合放管服改革要求")
    assert (doc.status, doc.abolished_on, doc.next_due_on) == (
        DocStatus.ABOLISHED,
        D(2021, 5, 1),
        None,
    )
    with pytest.raises(Refusal, match="当前状态为“废止”"):
        services.amend(staff, Channel.WEB, doc, on=D(2021, 6, 1), reason="x")


def test_the_tick_ends_documents_whose_validity_has_run_out(org, people):
    """失效 is the law's own effect: only the scheduled job takes it."""
    old = existing(org, people["coordinator"], published_on=D(2016, 1, 4), number=1)
    young = existing(org, people["coordinator"], published_on=D(2024, 1, 4), number=2)
    with pytest.raises(Refusal, match="由系统按法定期限自动办理"):
        services.expire(people["coordinator"], Channel.WEB, old, on=D(2021, 1, 4))
    assert jobs.expire_documents(None) == 1
    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.status, old.expired_on, old.validity) == (DocStatus.EXPIRED, D(2021, 1, 4), "失效")
    assert young.status == DocStatus.EFFECTIVE
    assert AuditEntry.objects.filter(action="有效期届满失效", channel="job").count() == 1


def test_overdue_filing_is_reminded_to_the_drafting_unit(org, people):
    from fazhi.core.models import JobRun, Notice

    doc = existing(org, people["coordinator"], published_on=D(2021, 1, 4), filed_on=None)
    assert doc.status == DocStatus.PUBLISHED and doc.next_due_on == D(2021, 2, 3)
    from django.utils import timezone

    run = JobRun.objects.create(name="tick", started_at=timezone.now())
    assert jobs.remind_filing_overdue(run) == 1
    [notice] = Notice.objects.filter(unit=org["police"])
    assert "应于2021-02-03前报送备案" in notice.text


def test_every_step_writes_an_audit_row(org, people):
    doc = published(org, people)
    actions = list(
        AuditEntry.objects.filter(
            object_type="normative.NormativeDocument", object_id=str(doc.pk)
        ).values_list("action", flat=True)
    )
    assert actions == ["登记规范性文件草案", "提请合法性审核", "集体审议", "公布"]


def test_another_county_and_another_bureau_neither_see_nor_act(org, people, client):
    doc = drafted(org, people["police_staff"])
    for persona in ("kaiyuan_staff", "land_staff"):
        client.force_login(people[persona])
        assert client.get(doc.get_absolute_url()).status_code == 404
    with pytest.raises(Refusal, match="只有起草单位或者制定机关的工作人员"):
        services.request_review(people["land_staff"], Channel.WEB, doc, on=D(2021, 3, 2))
    with pytest.raises(Refusal, match="只有起草单位或者制定机关的工作人员"):
        services.request_review(people["kaiyuan_staff"], Channel.WEB, doc, on=D(2021, 3, 2))
    with pytest.raises(Refusal, match="制定机关“弥勒市司法局”应为起草单位本身或者其所属"):
        drafted(org, people["police_staff"], organ=org["justice"])


def test_a_department_drafts_its_governments_document(org, people):
    doc = published(org, people, organ=org["mile"], doc_number="弥政通〔2021〕3号")
    doc = services.file_document(people["police_staff"], Channel.WEB, doc, on=D(2021, 4, 20))
    assert doc.filing_organ == "红河哈尼族彝族自治州人民政府、弥勒市人大常委会"


def test_the_api_registers_and_takes_a_step(org, people, client):
    client.force_login(people["police_staff"])
    made = client.post(
        "/api/normative/records",
        {
            "title": "弥勒市公安局关于电动自行车登记的通告",
            "organ": "532504-gaj",
            "provisional": False,
            "drafted_on": "2021-03-01",
            "text": "",
        },
        "application/json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    refused = client.post(
        f"/api/normative/records/{pk}/deliberate",
        {"on": "2021-03-05", "meeting": "局务会议"},
        "application/json",
    )
    assert refused.status_code == 422 and "无法集体审议" in refused.json()["detail"]
    done = client.post(
        f"/api/normative/records/{pk}/request_review", {"on": "2021-03-02"}, "application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "reviewing", done.content
    client.force_login(people["kaiyuan_staff"])
    assert client.get(f"/api/normative/records/{pk}").status_code == 404


def test_the_page_offers_the_steps_of_the_table(org, people, client):
    doc = reviewed(org, people)
    client.force_login(people["police_staff"])
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "集体审议" in page and "合法性审核意见日期" in page
    client.post(
        reverse("normative:step", args=[doc.pk, "deliberate"]),
        {"deliberate-on": "2021-03-20", "deliberate-meeting": "局务会议"},
    )
    doc.refresh_from_db()
    assert doc.status == DocStatus.DELIBERATED


def test_the_list_runs_a_constant_number_of_queries(
    org, people, client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["coordinator"])
    existing(org, people["coordinator"], number=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("normative:list")).status_code == 200
    for n in range(2, 25):
        existing(org, people["coordinator"], number=n, organ=org["land"] if n % 2 else None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("normative:list")).content.decode()
    assert page.count("弥公发〔2019〕") >= 24
    assert NormativeDocument.objects.count() == 24
