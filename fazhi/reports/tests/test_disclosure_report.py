"""The 政府信息公开工作年度报告 (条例 arts. 49–50, 国办公开办函〔2021〕30号): its tables computed
from the records of a small dataset, its 填报 values, its checks, the same 起草 → 审核 → 签发 as
the 法治政府建设 report, its frozen values, and its public page, DOCX and PDF."""

import datetime as dt
import io
import subprocess

import pytest
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, Role
from fazhi.core.services import create_user
from fazhi.core.workflow import Refusal
from fazhi.disputes.litigation.tests.factories import lawsuit
from fazhi.disputes.reconsideration.models import Category
from fazhi.disputes.reconsideration.tests.factories import accepted
from fazhi.figures import registry
from fazhi.figures.registry import Value, figure
from fazhi.oversight.disclosure import services as disclosure
from fazhi.oversight.disclosure.models import DisclosureRequest
from fazhi.oversight.disclosure.tests.factories import received
from fazhi.reports import ogi, render, services
from fazhi.reports.models import AnnualReport, ReportKind, ReportStatus
from fazhi.reports.tests import workflow

D = dt.date
DOC_IDS = ("doc.issued", "doc.abolished", "doc.effective")
RETURNS = {
    "rules.issued": "0",
    "rules.abolished": "0",
    "rules.effective": "0",
    "norms.issued": "5",
    "norms.abolished": "2",
    "norms.effective": "31",
    "licensing": "1234",
    "penalty": "567",
    "coercion": "8",
    "fees": "12.5",
}


@pytest.fixture(autouse=True)
def without_doc_figures(monkeypatch):
    """Whether the 规范性文件 figures are registered is the registry's business: these tests say
    which they mean (here: not registered, unless a test registers them)."""
    monkeypatch.setattr(
        registry,
        "_REGISTRY",
        {k: v for k, v in registry._REGISTRY.items() if k not in DOC_IDS},
    )


@pytest.fixture
def doc_figures():
    """doc.issued, doc.abolished, doc.effective registered (as the normative-documents app
    will), with fixed values."""
    for figure_id, value in zip(DOC_IDS, (4, 1, 27), strict=True):

        def compute(scope, period, value=value):
            "A fixed value for the test."
            return Value(value)

        figure(figure_id, figure_id, "件", section="二.2")(compute)


@pytest.fixture
def records(org, people):
    """2021 at 弥勒市公安局: two 依申请公开 requests (one answered, one open at the year's end);
    three 政府信息公开 复议 cases (维持, 纠正, open) and one of another category; three
    政府信息公开 lawsuits (one after 复议 and 维持, one direct and 纠正, one direct and open) and
    one of another 案由."""
    staff, reviewer = people["police_staff"], people["reviewer"]
    answered = received(org, staff, submitted_on=D(2021, 3, 1))
    disclosure.reply(staff, Channel.WEB, answered, on=D(2021, 3, 10), situation="36_2")
    received(org, staff, submitted_on=D(2021, 12, 20))

    def case(name, submitted_on, category=Category.DISCLOSURE, **closed):
        made = accepted(
            org, reviewer, applicant_name=name, category=category, submitted_on=submitted_on
        )
        if closed:
            type(made).objects.filter(pk=made.pk).update(status="decided", **closed)
        return made

    case("李四", D(2021, 3, 1), outcome="upheld", closed_on=D(2021, 4, 20))
    case("王五", D(2021, 5, 6), outcome="revoked", closed_on=D(2021, 6, 20))
    case("周七", D(2021, 12, 1))
    case(
        "吴八", D(2021, 3, 1), Category.PUBLIC_SECURITY, outcome="revoked", closed_on=D(2021, 5, 1)
    )

    def suit(number, name, copy_received_on, cause="政府信息公开", **closed):
        made = lawsuit(
            org,
            staff,
            number=number,
            cause=cause,
            plaintiff_name=name,
            copy_received_on=copy_received_on,
        )
        if closed:
            type(made).objects.filter(pk=made.pk).update(status="closed", **closed)

    suit("(2021)云2504行初1号", "李四", D(2021, 5, 10), result="dismissed_claims",
         closed_on=D(2021, 9, 1))  # fmt: skip
    suit("(2021)云2504行初2号", "王五", D(2021, 4, 1), result="revoked", closed_on=D(2021, 10, 1))
    suit("(2021)云2504行初3号", "赵六", D(2021, 11, 1))
    suit("(2021)云2504行初4号", "钱九", D(2021, 6, 1), cause="治安管理处罚")


@pytest.fixture
def draft(org, people):
    return services.create_report(
        people["coordinator"], Channel.WEB, org["mile"], 2021, ReportKind.DISCLOSURE
    )


def body_numbers(table: dict) -> list[list[str]]:
    return [[c["text"] for c in row if not c.get("label") and not c.get("head")] for row in
            table["body"]]  # fmt: skip


def row_of(table: dict, label: str) -> list[str]:
    for row in table["body"]:
        if row[0].get("label") and row[0]["text"].startswith(label):
            return [c["text"] for c in row[1:]]
    raise AssertionError(label)


def checks(problems) -> list[str]:
    return [p["check"] for p in problems]


def fill(report, people, values=RETURNS):
    wanted = {k: v for k, v in values.items() if k in {c.key for c in ogi.returned_cells()}}
    return services.enter_returns(people["coordinator"], Channel.WEB, report, wanted)


# --- The tables from the records -------------------------------------------------------------


def test_tables_three_and_four_are_counted_from_the_records(draft, records):
    context = services.render_context(draft)
    three, four = context.tables["3"], context.tables["4"]
    # Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
    assert row_of(three, "一、本年新收") == ["2", "0", "0", "0", "0", "0", "2"]
    assert row_of(three, "二、上年结转")[-1] == "0"
    assert row_of(three, "(一)予以公开")[-1] == "1"
    assert row_of(three, "(七)总计")[-1] == "1"
    assert row_of(three, "四、结转下年度")[-1] == "1"
    assert "ogi:table3" not in checks(context.problems)
    # 行政复议 (维持, 纠正, 其他, 尚未审结, 总计) | 未经复议直接起诉 | 复议后起诉.
    assert body_numbers(four) == [
        ["1", "1", "0", "1", "3", "0", "1", "0", "1", "2", "1", "0", "0", "0", "1"]
    ]


def test_another_scope_counts_nothing(org, people, records):
    report = services.create_report(
        people["coordinator"], Channel.WEB, org["land"], 2021, ReportKind.DISCLOSURE
    )
    tables = services.render_context(report).tables
    assert row_of(tables["3"], "一、本年新收")[-1] == "0"
    assert set(body_numbers(tables["4"])[0]) == {"0"}


def test_an_inconsistent_return_fails_the_table_three_check(draft, records):
    # A request concluded without its 办理结果 (as an import may bring one): counted as received
    # and no longer open, but in no result row.
    DisclosureRequest.objects.filter(received_on=D(2021, 12, 20)).update(
        concluded_on=D(2021, 12, 28), result=""
    )
    problems = services.current_problems(draft)
    failed = [p for p in problems if p["check"] == "ogi:table3"]
    assert failed and "自然人" in failed[0]["message"]
    assert "一 + 二 = 三(七) + 四" in failed[0]["description"]


# --- Table 二: figures by id, or 填报 ----------------------------------------------------------


def test_table_two_cells_without_a_figure_are_returns_marked_as_such(draft, people):
    assert {c.key for c in ogi.returned_cells()} == set(RETURNS)
    problems = services.current_problems(draft)
    assert "ogi:missing:licensing" in checks(problems)
    report = fill(draft, people)
    problems = services.current_problems(report)
    notices = [p for p in problems if p["check"] == "ogi:return:licensing"]
    assert notices and "本项为填报数据" in notices[0]["message"] and notices[0]["notice"]
    assert not [c for c in checks(problems) if c.startswith("ogi:missing")]
    table = services.render_context(report).tables["2"]
    assert row_of(table, "行政许可") == ["1234"]
    assert row_of(table, "行政规范性文件") == ["5", "2", "31"]
    assert row_of(table, "行政事业性收费") == ["12.50"]
    entry = AuditEntry.objects.filter(action="填报年度报告数据").get()
    assert entry.actor_id == people["coordinator"].pk


def test_table_two_reads_the_document_figures_by_id_when_registered(draft, people, doc_figures):
    assert {c.key for c in ogi.returned_cells()} == set(RETURNS) - {
        "norms.issued", "norms.abolished", "norms.effective"
    }  # fmt: skip
    with pytest.raises(Refusal, match="平台统计的数据不能填报"):
        services.enter_returns(people["coordinator"], Channel.WEB, draft, {"norms.issued": "9"})
    report = fill(draft, people)
    table = services.render_context(report).tables["2"]
    assert row_of(table, "行政规范性文件") == ["4", "1", "27"]
    assert "ogi:return:norms.issued" not in checks(services.current_problems(report))


@pytest.mark.parametrize(
    "key,value,message",
    [
        ("licensing", "-1", "不能为负数"),
        ("licensing", "1.5", "件数应为整数"),
        ("licensing", "许多", "不是数字"),
        ("fees", "1.234", "最多保留两位小数"),
    ],
)
def test_a_return_that_is_not_a_number_of_its_kind_is_refused(draft, people, key, value, message):
    with pytest.raises(Refusal, match=message):
        services.enter_returns(people["coordinator"], Channel.WEB, draft, {key: value})
    draft.refresh_from_db()
    assert draft.statistical_returns == {}


def test_only_the_coordinator_enters_returns_and_only_in_a_draft(draft, people):
    with pytest.raises(Refusal, match="统筹协调人员"):
        services.enter_returns(people["reviewer"], Channel.WEB, draft, {"licensing": "1"})
    report = fill(draft, people)
    services.submit_for_review(people["coordinator"], Channel.WEB, report)
    with pytest.raises(Refusal, match="待审核"):
        services.enter_returns(people["coordinator"], Channel.WEB, report, {"licensing": "2"})


# --- The workflow ----------------------------------------------------------------------------


def test_each_step_is_its_own_users_act_and_the_values_freeze(draft, people, records):
    report = fill(draft, people)
    with pytest.raises(Refusal, match="只有本级领导"):
        workflow.sign(report, {**people, "leader": people["reviewer"]})
    report = workflow.sign(AnnualReport.objects.get(pk=report.pk), people)
    assert report.status == ReportStatus.ISSUED and report.kind == ReportKind.DISCLOSURE
    actors = list(
        AuditEntry.objects.filter(object_type="reports.AnnualReport", object_id=str(report.pk))
        .order_by("id")
        .values_list("action", "actor_id")
    )
    assert actors == [
        ("新建年度报告", people["coordinator"].pk),
        ("填报年度报告数据", people["coordinator"].pk),
        ("年度报告送审", people["coordinator"].pk),
        ("年度报告审核通过", people["reviewer"].pk),
        ("签发年度报告", people["leader"].pk),
    ]
    frozen = report.frozen_figures
    assert set(frozen["tables"]) == {"2", "3", "4"} and frozen["audit_anchor"]["count"] > 0
    assert (report.doc_number, report.index_number) == (workflow.DOC_NUMBER, workflow.INDEX_NUMBER)


def test_new_records_do_not_change_an_issued_report(draft, people, records, org):
    report = workflow.sign(fill(draft, people), people)
    frozen_tables = services.render_context(report).tables
    received(org, people["police_staff"], submitted_on=D(2021, 7, 1))
    accepted(org, people["reviewer"], applicant_name="郑十", category=Category.DISCLOSURE,
             submitted_on=D(2021, 8, 2))  # fmt: skip
    live, _ = ogi.build_tables(report, {})
    assert row_of(live["3"], "一、本年新收")[-1] == "3"
    assert body_numbers(live["4"])[0][4] == "4"
    issued = AnnualReport.objects.get(pk=report.pk)
    tables = services.render_context(issued).tables
    assert tables == frozen_tables
    assert row_of(tables["3"], "一、本年新收")[-1] == "2"
    assert body_numbers(tables["4"])[0][4] == "3"


def test_a_missing_return_stops_the_signature_whatever_the_reason(draft, people):
    report = workflow.approve(draft, people)
    with pytest.raises(Refusal, match="表二尚有数据未填报"):
        workflow.sign(report, people, reason="领导同意")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.frozen_figures is None


def test_a_department_leader_cannot_issue_the_governments_report(draft, people, org):
    police_leader = create_user(
        None, Channel.CLI, username="gaj_leader", password="pass-Fazhi-2021",
        unit=org["police"], role=Role.LEADER, full_name="公安局长",
    )  # fmt: skip
    report = workflow.approve(fill(draft, people), people)
    with pytest.raises(Refusal, match="只有本级领导可以签发"):
        workflow.sign(report, {**people, "leader": police_leader})
    # The department's own report is theirs to sign.
    own = services.create_report(
        people["coordinator"], Channel.WEB, org["police"], 2021, ReportKind.DISCLOSURE
    )
    own = workflow.sign(fill(own, people), {**people, "leader": police_leader})
    assert own.issued_by == police_leader
    # Its deadline was 1月31日 (条例 art. 49 ¶1): issued on 3月16日 it is late, and says so.
    assert "ogi:deadline" in checks(own.frozen_figures["figure_problems"])


def test_one_report_of_each_kind_per_unit_and_year(draft, people, org):
    services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    with pytest.raises(Exception, match="已有2021年度的政府信息公开工作年度报告"):
        services.create_report(
            people["coordinator"], Channel.WEB, org["mile"], 2021, ReportKind.DISCLOSURE
        )
    with pytest.raises(Refusal, match="统筹协调人员"):
        services.create_report(
            people["police_staff"], Channel.WEB, org["police"], 2020, ReportKind.DISCLOSURE
        )


# --- Deadline awareness ----------------------------------------------------------------------


def test_the_draft_page_shows_the_publication_deadline(client, draft, people, org):
    client.force_login(people["coordinator"])
    page = client.get(reverse("reports:detail", args=[draft.pk])).content.decode()
    assert "公布期限：2022年3月31日前" in page and "第四十九条第二款" in page
    own = services.create_report(
        people["coordinator"], Channel.WEB, org["police"], 2021, ReportKind.DISCLOSURE
    )
    page = client.get(reverse("reports:detail", args=[own.pk])).content.decode()
    assert "公布期限：2022年1月31日前" in page
    # Today is past both: the consistency check warns.
    late = [p for p in services.current_problems(draft) if p["check"] == "ogi:deadline"]
    assert late and "2022年3月31日" in late[0]["message"]


def test_issued_by_its_deadline_the_report_has_no_deadline_problem(draft, people):
    report = workflow.sign(fill(draft, people), people)  # 成文日期 2022-03-16
    assert "ogi:deadline" not in checks(report.frozen_figures["figure_problems"])
    assert ogi.publication_deadline(report)[0] >= workflow.ISSUED_ON


def test_the_returns_page_saves_through_the_service(client, draft, people):
    client.force_login(people["coordinator"])
    url = reverse("reports:returns", args=[draft.pk])
    assert "行政许可·本年处理决定数量" in client.get(url).content.decode()
    response = client.post(url, RETURNS | {"fees": "abc"})
    assert "不是数字" in response.content.decode()
    assert client.post(url, RETURNS).status_code == 302
    draft.refresh_from_db()
    assert draft.statistical_returns["licensing"] == "1234"
    client.force_login(people["reviewer"])
    assert client.get(url).status_code == 404  # a reviewer does not see drafts
    client.force_login(people["leader"])
    assert client.get(url).status_code == 403  # a leader sees it and does not enter returns


# --- Published: the page, DOCX and PDF -------------------------------------------------------


@pytest.fixture
def issued(draft, people, records):
    return workflow.sign(fill(draft, people), people)


INTERNAL = ["【", "待填写", "待填报", "本项为填报数据", "数据来源", "一致性检查", "sup.", "doc.",
            "ogi:"]  # fmt: skip


def test_the_public_page_shows_the_document_with_real_tables_only(client, issued):
    page = client.get(reverse("portal:annual_report", args=[issued.pk])).content.decode()
    assert "弥勒市人民政府2021年政府信息公开工作年度报告" in page
    assert page.count('<table class="report-table') == 3
    for number in (1, 2, 4, 6):
        assert next(p.display_heading for p in issued.parts.all() if p.number == number) in page
    assert "复议后起诉" in page and "1234" in page and "弥政报〔2022〕5号" in page
    article = page[page.index('<article class="report-doc') :]
    found = [word for word in INTERNAL if word in article]
    assert not found, found
    assert 'name="viewport"' in page  # the portal's base sets it: readable on a phone


def test_the_portal_lists_both_kinds(client, issued, people, org):
    other = services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    workflow.sign(other, people, doc_number="弥政报〔2022〕6号")
    page = client.get(reverse("portal:home")).content.decode()
    assert "政府信息公开工作年度报告" in page and "法治政府建设工作情况的报告" in page


def test_the_docx_carries_the_tables(issued):
    from docx import Document

    document = Document(io.BytesIO(render.to_docx(issued, public=True)))
    assert len(document.tables) == 3
    two, three, four = document.tables
    assert two.cell(0, 0).text == "第二十条第（一）项"
    assert [c.text for c in three.rows[0].cells][:2] == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "自然人",
    ]
    assert len(four.columns) == 15 and len(four.rows) == 4
    assert four.cell(0, 0).text == "行政复议" and four.cell(0, 5).text == "行政诉讼"
    assert [c.text for c in four.rows[3].cells][:5] == ["1", "1", "0", "1", "3"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "三、收到和处理政府信息公开申请情况" in text
    everything = text + "".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert not [word for word in INTERNAL if word in everything]


def test_the_pdf_renders_the_tables(issued, tmp_path):
    content = render.to_pdf(issued, public=True)
    assert content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    run = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    text = "".join(run.stdout.split())
    assert "复议后起诉" in text and "行政事业性收费" in text and "1234" in text
    assert not [word for word in INTERNAL if word in text]


def test_the_law_report_is_unchanged_by_the_new_kind(org, people):
    report = services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    assert report.kind == ReportKind.RULE_OF_LAW
    assert report.title == "弥勒市人民政府关于2021年法治政府建设工作情况的报告"
    assert report.parts.count() == 10
    assert services.render_context(report).tables == {}


def test_the_staff_page_lists_the_table_figures_and_the_returns(client, draft, people, doc_figures):
    fill(draft, people)
    client.force_login(people["coordinator"])
    page = client.get(reverse("reports:detail", args=[draft.pk])).content.decode()
    appendix = page[page.index('<section class="report-appendix') :]
    assert "doc.issued" in appendix and "sup.disclosure.requests" in appendix
    assert "（提示）" in appendix and "本项为填报数据" in appendix


def test_the_report_command_writes_the_disclosure_report(draft, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "报告.docx"
    call_command("report", "2021", "--kind", "disclosure", "-o", str(output), "--unit", "532504")
    from docx import Document

    document = Document(str(output))
    assert len(document.tables) == 3
    assert "政府信息公开工作年度报告" in document.core_properties.title
