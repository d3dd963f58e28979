"""起草 → 审核 → 签发: who takes each step, from which status, and what each leaves behind."""

import datetime as dt

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, Role
from fazhi.core.services import create_user
from fazhi.core.workflow import Refusal
from fazhi.reports import services
from fazhi.reports.models import AnnualReport, ReportStatus
from fazhi.reports.tests import workflow


@pytest.fixture
def draft(org, people):
    return services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)


def sign(report, person, reason=workflow.REASON):
    return services.sign_report(
        person,
        Channel.WEB,
        report,
        workflow.DOC_NUMBER,
        workflow.INDEX_NUMBER,
        workflow.ISSUED_ON,
        problems_reason=reason,
    )


def test_statuses_are_text_choices_in_chinese():
    assert ReportStatus.labels == ["起草中", "待审核", "退回修改", "待签发", "已签发"]
    assert ReportStatus.editable() == [ReportStatus.DRAFT, ReportStatus.RETURNED]


def test_the_three_steps_each_leave_their_audit_row(draft, people):
    report = workflow.sign(draft, people)
    rows = AuditEntry.objects.filter(
        object_type="reports.AnnualReport", object_id=str(report.pk)
    ).order_by("id")
    assert [(r.action, r.actor_id) for r in rows] == [
        ("新建年度报告", people["coordinator"].pk),
        ("年度报告送审", people["coordinator"].pk),
        ("年度报告审核通过", people["reviewer"].pk),
        ("签发年度报告", people["leader"].pk),
    ]
    assert report.submitted_by == people["coordinator"]
    assert report.reviewed_by == people["reviewer"] and report.review_comment == "同意"
    assert report.issued_by == people["leader"] and report.issued_at is not None
    assert report.frozen_figures["audit_anchor"]["count"] > 0


@pytest.mark.parametrize("who", ["coordinator", "reviewer", "police_staff", "overrider"])
def test_only_a_leader_signs(draft, people, who):
    report = workflow.approve(draft, people)
    with pytest.raises(Refusal, match="只有本级领导可以签发"):
        sign(report, people[who])
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.frozen_figures is None


def test_a_leader_of_another_county_cannot_sign(draft, people, org):
    other = create_user(
        None, Channel.CLI, username="ky_leader", password="pass-Fazhi-2021",
        unit=org["kaiyuan"], role=Role.LEADER, full_name="开远领导",
    )  # fmt: skip
    report = workflow.approve(draft, people)
    with pytest.raises(Refusal, match="只有本级领导"):
        sign(report, other)


def test_signing_needs_the_review_first(draft, people):
    with pytest.raises(Refusal, match="无法签发：报告当前状态为“起草中”"):
        sign(draft, people["leader"])
    services.submit_for_review(people["coordinator"], Channel.WEB, draft)
    with pytest.raises(Refusal, match="只有“待签发”的报告可以签发"):
        sign(draft, people["leader"])


def test_only_a_reviewer_of_the_government_reviews(draft, people):
    services.submit_for_review(people["coordinator"], Channel.WEB, draft)
    for who in ("coordinator", "leader", "police_staff", "kaiyuan_staff"):
        with pytest.raises(Refusal, match="只有本级政府的审核人员"):
            services.approve_report(people[who], Channel.WEB, draft)
    services.approve_report(people["reviewer"], Channel.WEB, draft)


def test_a_return_needs_its_reasons_and_gives_the_text_back(draft, people):
    services.submit_for_review(people["coordinator"], Channel.WEB, draft)
    part = draft.parts.get(number=9)
    with pytest.raises(Refusal, match="正文不能修改"):
        services.update_part(people["coordinator"], Channel.WEB, part, "审核中改正文")
    with pytest.raises(Refusal, match="退回修改须写明意见"):
        services.return_report(people["reviewer"], Channel.WEB, draft, "  ")
    returned = services.return_report(people["reviewer"], Channel.WEB, draft, "第九部分待填写")
    assert returned.status == ReportStatus.RETURNED
    services.update_part(people["coordinator"], Channel.WEB, part, "存在的不足：已写明。")
    services.submit_for_review(people["coordinator"], Channel.WEB, returned)
    assert AnnualReport.objects.get(pk=draft.pk).status == ReportStatus.IN_REVIEW


def test_the_leader_may_return_an_approved_report(draft, people):
    report = workflow.approve(draft, people)
    with pytest.raises(Refusal, match="只能由本级领导退回"):
        services.return_report(people["reviewer"], Channel.WEB, report, "再看看")
    returned = services.return_report(people["leader"], Channel.WEB, report, "补充第九部分")
    assert returned.status == ReportStatus.RETURNED and returned.reviewed_by == people["leader"]


def test_the_submitter_cannot_review_their_own_report(draft, people, org):
    services.submit_for_review(people["coordinator"], Channel.WEB, draft)
    AnnualReport.objects.filter(pk=draft.pk).update(submitted_by=people["reviewer"])
    with pytest.raises(Refusal, match="送审人不能审核自己送审的报告"):
        services.approve_report(people["reviewer"], Channel.WEB, draft)


def test_signing_with_problems_needs_a_reason_and_records_it(draft, people):
    report = workflow.approve(draft, people)
    with pytest.raises(ValidationError, match="须写明带问题签发的理由"):
        sign(report, people["leader"], reason="")
    issued = sign(report, people["leader"])
    entry = AuditEntry.objects.get(action="签发年度报告")
    assert entry.after["problems_reason"] == workflow.REASON
    assert {p["check"] for p in entry.after["acknowledged_problems"]} >= {"todo", "pending_data"}
    assert issued.problems_reason == workflow.REASON


def test_a_dated_signature_is_not_in_the_future(draft, people):
    report = workflow.approve(draft, people)
    with pytest.raises(Refusal, match="晚于今天"):
        services.sign_report(
            people["leader"], Channel.WEB, report, workflow.DOC_NUMBER, "x",
            dt.date.today() + dt.timedelta(days=400),
        )  # fmt: skip


def test_the_signatory_is_the_session_user_never_a_form_field(client, draft, people):
    report = workflow.approve(draft, people)
    client.force_login(people["leader"])
    data = {
        "doc_number": workflow.DOC_NUMBER,
        "index_number": workflow.INDEX_NUMBER,
        "issued_on": "2022-03-16",
        "problems_reason": workflow.REASON,
        "issued_by": people["reviewer"].pk,
        "actor": people["reviewer"].pk,
    }
    assert client.post(reverse("reports:sign", args=[report.pk]), data).status_code == 302
    report.refresh_from_db()
    assert report.is_issued and report.issued_by == people["leader"]


def test_the_reviewer_sees_a_report_sent_for_review_but_not_a_draft(client, draft, people):
    client.force_login(people["reviewer"])
    url = reverse("reports:detail", args=[draft.pk])
    assert client.get(url).status_code == 404
    services.submit_for_review(people["coordinator"], Channel.WEB, draft)
    assert "审核通过" in client.get(url).content.decode()
    client.force_login(people["kaiyuan_staff"])  # a reviewer of another county
    assert client.get(url).status_code == 404


def test_the_migration_fills_the_signature_of_reports_issued_before(draft, people):
    from importlib import import_module

    migration = import_module("fazhi.reports.migrations.0003_review_and_signature")
    issued = workflow.sign(draft, people)
    AnnualReport.objects.filter(pk=issued.pk).update(issued_at=None, problems_reason="")
    migration.fill_signature_of_issued_reports(django_apps, None)
    issued.refresh_from_db()
    assert issued.status == ReportStatus.ISSUED
    assert issued.issued_at.isoformat() == issued.frozen_figures["frozen_at"]
    assert issued.problems_reason == migration.LEGACY_REASON
