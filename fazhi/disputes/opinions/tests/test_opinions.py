"""行政复议意见书 (行政复议法(2023) art. 76): drafted and issued by the 复议机构 with its 文书,
its 送达 starting the organ's 60 日, the correction reported by that organ from its own pages."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.instruments.services import instruments_of
from fazhi.core.workflow import Refusal
from fazhi.disputes.opinions.models import OpinionStatus

from .factories import drafted, served

D = dt.date


def test_art76_the_organ_reports_within_60_days_of_receiving_the_opinion(org, people):
    opinion = served(org, people["reviewer"], served_on=D(2024, 5, 10))
    # 60 日 from Fri 2024-05-10: Tue 2024-07-09 (a working day: no move).
    assert (opinion.status, opinion.report_due_on) == (OpinionStatus.SERVED, D(2024, 7, 9))
    assert (opinion.next_due_on, opinion.next_due_label) == (D(2024, 7, 9), "报送纠正情况")
    [letter] = instruments_of(opinion)
    assert letter.title == "行政复议意见书" and letter.served_on == D(2024, 5, 10)
    assert (
        "自收到本意见书之日起六十日内" in letter.body
        and "对同类违法行为处罚幅度不一" in letter.body
    )
    assert letter.signer == org["mile"].name


def test_art76_the_addressee_reports_from_its_own_pages(org, people, client):
    opinion = served(org, people["reviewer"])
    client.force_login(people["police_staff"])
    page = client.get(opinion.get_absolute_url()).content.decode()
    assert "报送纠正情况" in page
    client.post(
        reverse("opinions:step", args=[opinion.pk, "report"]),
        {"report-on": "2024-06-20", "report-report": "已修订裁量基准并通报"},
    )
    opinion.refresh_from_db()
    assert (opinion.status, opinion.reported_on) == (OpinionStatus.REPORTED, D(2024, 6, 20))
    assert opinion.next_due_on is None


def test_only_the_governments_review_office_issues_opinions(org, people):
    with pytest.raises(Refusal, match="只有本级政府的行政复议机构"):
        drafted(org, people["police_staff"])
    with pytest.raises(Refusal, match="不能制发给复议机关自身"):
        drafted(org, people["reviewer"], addressee=org["mile"])


def test_another_county_and_an_uninvolved_bureau_see_nothing(org, people, client):
    opinion = drafted(org, people["reviewer"])
    for persona in ("kaiyuan_staff", "land_staff"):
        client.force_login(people[persona])
        assert client.get(opinion.get_absolute_url()).status_code == 404


def test_the_api_issues_and_serves_an_opinion(org, people, client):
    opinion = drafted(org, people["reviewer"])
    client.force_login(people["reviewer"])
    base = f"/api/opinions/records/{opinion.pk}"
    assert client.post(f"{base}/issue", {"on": "2024-05-07"}, "application/json").status_code == 200
    done = client.post(
        f"{base}/served", {"served_on": "2024-05-09", "way": "in_person"}, "application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "served"
    refused = client.post(f"{base}/report", {"on": "2024-05-01", "report": "x"}, "application/json")
    assert refused.status_code == 422 and "不能早于送达日期" in refused.json()["detail"]
