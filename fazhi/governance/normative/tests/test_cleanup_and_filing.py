"""清理 (纲要(2021－2025年)(九) 动态清理): every document in force in scope gets 保留/修改/废止
before the 清理 closes, and closing carries the decisions out. 备案审查 (法规规章备案条例 arts. 17,
21; 法规规章备案审查条例 arts. 11, 18, 21, 25): its conclusion and the organ's report."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.governance.normative import services
from fazhi.governance.normative.models import (
    CampaignStatus,
    DocStatus,
    FilingStatus,
)
from fazhi.governance.normative.queries import campaign_documents, undecided

from .factories import D, existing


def _campaign(org, people, **extra):
    fields = {
        "government": org["mile"],
        "office": org["justice"],
        "title": "全面清理制约“放管服”改革的规范性文件",
        "cutoff_on": D(2021, 2, 28),
        "opened_on": D(2021, 3, 1),
    } | extra
    return services.open_campaign(people["coordinator"], Channel.WEB, **fields)


def _decide(people, campaign, doc, decision, on=dt.date(2021, 4, 1)):
    return services.decide(
        people["coordinator"],
        Channel.WEB,
        campaign,
        document=doc,
        decision=decision,
        reason="不符合放管服改革要求" if decision != "keep" else "继续有效",
        on=on,
    )


def test_a_campaign_covers_the_documents_in_force_on_its_cutoff(org, people):
    coordinator = people["coordinator"]
    kept = existing(org, coordinator, number=1)
    later = existing(org, coordinator, number=2, published_on=D(2021, 3, 5))
    gone = existing(org, coordinator, number=3)
    services.abolish(coordinator, Channel.WEB, gone, on=D(2020, 6, 1), reason="已废止")
    land = existing(org, coordinator, organ=org["land"], number=4)
    campaign = _campaign(org, people)
    assert set(campaign_documents(campaign)) == {kept, land}
    only_police = _campaign(org, people, title="公安局文件清理", units=[org["police"]])
    assert set(campaign_documents(only_police)) == {kept}
    assert later not in campaign_documents(campaign)


def test_closing_is_refused_while_a_document_lacks_a_decision(org, people):
    coordinator = people["coordinator"]
    docs = [existing(org, coordinator, number=n) for n in range(1, 5)]
    campaign = _campaign(org, people)
    _decide(people, campaign, docs[0], "abolish")
    _decide(people, campaign, docs[1], "amend")
    _decide(people, campaign, docs[2], "keep")
    with pytest.raises(Refusal, match=r"无法完成清理：尚有1件规范性文件未作出清理结果.*纲要"):
        services.close_campaign(coordinator, Channel.WEB, campaign, on=D(2021, 6, 30))
    with pytest.raises(Refusal, match="已作出清理结果"):
        _decide(people, campaign, docs[0], "keep")
    _decide(people, campaign, docs[3], "keep")
    assert not undecided(campaign).exists()
    campaign = services.close_campaign(coordinator, Channel.WEB, campaign, on=D(2021, 6, 30))
    assert (campaign.status, campaign.closed_on) == (CampaignStatus.CLOSED, D(2021, 6, 30))
    for doc in docs:
        doc.refresh_from_db()
    assert (docs[0].status, docs[0].abolished_on) == (DocStatus.ABOLISHED, D(2021, 6, 30))
    assert (docs[1].status, docs[1].version) == (DocStatus.PUBLISHED, 2)
    assert docs[1].versions.get(number=2).reason.endswith("不符合放管服改革要求")
    assert (docs[2].status, docs[3].status) == (DocStatus.EFFECTIVE, DocStatus.EFFECTIVE)
    assert set(campaign.decisions.exclude(applied_on=None).values_list("document", flat=True)) == {
        docs[0].pk,
        docs[1].pk,
    }
    actions = AuditEntry.objects.filter(channel="web").values_list("action", flat=True)
    assert {"组织规范性文件清理", "作出清理结果", "完成规范性文件清理", "废止", "修改"} <= set(
        actions
    )


def test_only_the_coordinator_organises_a_campaign(org, people):
    with pytest.raises(Refusal, match="只有本级政府的统筹协调人员"):
        services.open_campaign(
            people["reviewer"],
            Channel.WEB,
            government=org["mile"],
            office=org["justice"],
            title="清理",
            cutoff_on=D(2021, 2, 28),
            opened_on=D(2021, 3, 1),
        )
    with pytest.raises(Refusal, match="不属于弥勒市人民政府"):
        _campaign(org, people, units=[org["kaiyuan_justice"]])


def test_another_countys_document_is_outside_the_campaign(org, people):
    campaign = _campaign(org, people)
    theirs = existing(
        org, people["kaiyuan_staff"], organ=org["kaiyuan_justice"], unit=org["kaiyuan_justice"]
    )
    with pytest.raises(Refusal, match="不在本次清理范围内"):
        _decide(people, campaign, theirs, "abolish")


def test_filing_review_concludes_and_the_organ_reports_its_correction(org, people, client):
    doc = existing(org, people["coordinator"])
    reviewer = people["reviewer"]
    review = services.receive_filing(
        reviewer, Channel.WEB, office=org["justice"], document=doc, received_on=D(2021, 5, 10)
    )
    # 2 个月 from 2021-05-10 (FAZHI_NORMATIVE_FILING_REVIEW_MONTHS, BA24 art. 11 by analogy)
    assert (review.status, review.next_due_on, review.next_due_label) == (
        FilingStatus.RECEIVED,
        D(2021, 7, 10 + 2),  # 07-10 is a Saturday: the next working day, Monday 07-12
        "备案审查",
    )
    with pytest.raises(Refusal, match="应写明审查意见"):
        services.conclude(reviewer, Channel.WEB, review, on=D(2021, 6, 1), outcome="correcting")
    review = services.conclude(
        reviewer,
        Channel.WEB,
        review,
        on=D(2021, 6, 1),
        outcome="correcting",
        opinion="第五条设定罚款超越权限，建议删除。",
    )
    # 30 日 from 2021-06-01: 2021-07-01 (BA01 art. 17; BA24 art. 21)
    assert (review.status, review.next_due_on) == (FilingStatus.CORRECTING, D(2021, 7, 1))
    client.force_login(people["police_staff"])
    assert client.get(review.get_absolute_url()).status_code == 200
    review = services.report_correction(
        people["police_staff"], Channel.WEB, review, on=D(2021, 6, 20), report="已删除第五条"
    )
    assert (review.status, review.next_due_on) == (FilingStatus.CORRECTED, None)
    client.force_login(people["kaiyuan_staff"])
    assert client.get(review.get_absolute_url()).status_code == 404


def test_only_the_filing_office_registers_a_filing(org, people):
    doc = existing(org, people["coordinator"])
    with pytest.raises(Refusal, match="只有本级政府的规范性文件备案审查机构"):
        services.receive_filing(
            people["police_staff"],
            Channel.WEB,
            office=org["police"],
            document=doc,
            received_on=D(2021, 5, 10),
        )
    with pytest.raises(Refusal, match="不是开远市人民政府或者其部门"):
        services.receive_filing(
            people["kaiyuan_staff"],
            Channel.WEB,
            office=org["kaiyuan_justice"],
            document=doc,
            received_on=D(2021, 5, 10),
        )
