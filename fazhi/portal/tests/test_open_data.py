"""Open data: the figures of issued reports, frozen, with definitions and sources, as a page,
CSV (UTF-8 with BOM) and JSON; nothing before a report is issued; no personal data."""

import csv
import datetime as dt
import io
import json

from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.disputes.reconsideration.tests.factories import accepted
from fazhi.reports import services
from fazhi.reports.tests import workflow

ID_NUMBER = "11010519491231002X"


def issue(org, people):
    draft = services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    return workflow.sign(draft, people)  # 起草 → 审核 → 签发


def test_nothing_is_published_before_a_report_is_issued(org, people, client):
    accepted(org, people["reviewer"], submitted_on=dt.date(2021, 3, 1))
    services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    page = client.get(reverse("portal:open_data")).content.decode()
    assert "尚未印发年度报告" in page and "rec.accepted" not in page
    data = json.loads(client.get("/shuju/figures.json").content)
    assert data["figures"] == []


def test_issued_figures_are_published_frozen_with_definition_and_source(org, people, client):
    accepted(
        org, people["reviewer"], submitted_on=dt.date(2021, 3, 1), applicant_id_number=ID_NUMBER
    )
    report = issue(org, people)
    # a case recorded after issue changes nothing published: the values are the frozen ones
    accepted(org, people["reviewer"], submitted_on=dt.date(2021, 4, 1))
    data = json.loads(client.get("/shuju/figures.json").content)
    rows = {r["figure_id"]: r for r in data["figures"]}
    frozen = {f["id"]: f for f in report.frozen_figures["figures"]}
    assert set(rows) == set(frozen)
    accepted_row = rows["rec.accepted"]
    assert accepted_row["value"] == 1 and accepted_row["text"] == "1件"
    assert accepted_row["definition"] == frozen["rec.accepted"]["definition"] != ""
    assert (
        accepted_row["source"] == "案件记录" and accepted_row["doc_number"] == "弥政报〔2022〕5号"
    )
    assert accepted_row["year"] == 2021 and accepted_row["unit_name"] == "弥勒市人民政府"
    rate = rows["rec.correction_rate"]
    assert "numerator" in rate and "denominator" in rate
    page = client.get(reverse("portal:open_data")).content.decode()
    assert "受理行政复议案件" in page and "弥政报〔2022〕5号" in page
    for body in (page, json.dumps(data, ensure_ascii=False)):
        assert ID_NUMBER not in body and "/figures/" not in body and "SELECT" not in body


def test_csv_opens_in_excel_and_carries_the_same_rows(org, people, client):
    accepted(org, people["reviewer"], submitted_on=dt.date(2021, 3, 1))
    issue(org, people)
    response = client.get("/shuju/figures.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:5] == ["年度", "单位代码", "单位", "指标编号", "指标名称"]
    by_id = {row[3]: row for row in table[1:]}
    assert by_id["rec.accepted"][6] == "1" and by_id["rec.accepted"][12] == "案件记录"
    assert len(table) - 1 == len(json.loads(client.get("/shuju/figures.json").content)["figures"])
    assert client.get("/shuju/figures.xml").status_code == 404


def test_the_page_needs_no_login_and_reads_the_reports_once(
    org, people, client, django_assert_max_num_queries
):
    issue(org, people)
    with django_assert_max_num_queries(3):  # the reports (with units), the government
        response = client.get(reverse("portal:open_data"))
    assert response.status_code == 200 and "rec.accepted" in response.content.decode()
