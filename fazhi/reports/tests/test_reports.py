"""The annual report: composition, outputs (HTML, DOCX, PDF), issuing, permissions, command.

Figures here are throwaway ones registered per test ("test.*"); they count org units of the
`org` fixture, so their values are computed from records, not typed.
"""

import datetime as dt
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, UnitKind
from fazhi.core.services import create_unit
from fazhi.figures import registry
from fazhi.figures.registry import check, counted, figure, rate
from fazhi.reports import render, services
from fazhi.reports.models import AnnualReport, ReportStatus
from fazhi.reports.parts import default_parts

HEADINGS = [
    "一、依法全面履行政府职能",
    "二、推进科学民主依法决策",
    "三、深化行政执法体制改革",
    "四、全面推进严格规范公正文明执法",
    "五、强化行政权力制约和监督",
    "六、依法有效化解社会矛盾纠纷",
    "七、全面提高政府工作人员法治思维和依法行政能力",
    "八、加强组织保障和工作落实",
]
PART_SIX = (
    '{{ year }}年，{{ area }}共有政府工作部门{% fig "test.departments" %}、乡镇（街道）'
    '{% fig "test.towns" %}，部门占下属单位的{% fig "test.department_share" %}。\n'
    '（一）尚未统计的指标。本句引用{% fig "test.nowhere" %}。'
)
# What the editor accepts: PART_SIX without the figure the platform does not hold.
PART_SIX_KNOWN = PART_SIX.replace('{% fig "test.nowhere" %}', "")


@pytest.fixture
def test_figures(monkeypatch):
    """Four figures over the org tree and one consistency rule, registered for this test only."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.setattr(registry, "_CHECKS", dict(registry._CHECKS))

    def departments_of(scope):
        return scope.subtree().filter(kind=UnitKind.DEPARTMENT)

    def units_below(scope):
        return scope.subtree().exclude(pk=scope.pk)

    @figure("test.departments", "政府工作部门", "个", section="九.1")
    def departments(scope, period):
        "Departments in the scope."
        return counted(departments_of(scope))

    @figure("test.towns", "乡镇(街道)", "个", section="九.1")
    def towns(scope, period):
        "Towns in the scope."
        return counted(scope.subtree().filter(kind=UnitKind.TOWN))

    @figure("test.units_below", "下属单位", "个", section="九.1")
    def below(scope, period):
        "Units under the scope's own unit."
        return counted(units_below(scope))

    @figure("test.department_share", "部门占下属单位比例", "%", section="九.1")
    def share(scope, period):
        "Departments / units below."
        return rate(units_below(scope), Q(kind=UnitKind.DEPARTMENT))

    @check(
        "test.parts_sum",
        "部门与乡镇之和应等于下属单位数",
        "test.departments",
        "test.towns",
        "test.units_below",
    )
    def parts_sum(values):
        total = values["test.departments"].value + values["test.towns"].value
        if total != values["test.units_below"].value:
            return f"{total} ≠ {values['test.units_below'].value}"
        return None


@pytest.fixture
def report(org, people, test_figures):
    """弥勒市's 2021 draft, part 六 rewritten to state the test figures — one of which the
    platform does not hold (as when a figure is withdrawn after the text was saved: the editor
    refuses an unknown figure, so the text is written directly)."""
    draft = services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    part = draft.parts.get(number=6)
    services.update_part(people["coordinator"], Channel.WEB, part, PART_SIX_KNOWN)
    draft.parts.filter(number=6).update(body_template=PART_SIX)
    return draft


def approved(report, people):
    """起草 → 审核: the coordinator sends the report, the reviewer approves it."""
    services.submit_for_review(people["coordinator"], Channel.WEB, report)
    return services.approve_report(people["reviewer"], Channel.WEB, report, "同意")


def issue(report, people, reason: str = "", **extra):
    """起草 → 审核 → 签发, the leader signing."""
    if report.status != ReportStatus.APPROVED:
        approved(report, people)
    return services.sign_report(
        people["leader"],
        Channel.WEB,
        report,
        "弥政报〔2022〕5号",
        "000014348/2022-01024",
        dt.date(2022, 3, 16),
        problems_reason=reason,
        **extra,
    )


ACKNOWLEDGED = "相关数据待省平台对接后补充，经审核同意先行签发"


def problem_checks(report) -> set[str]:
    return {p["check"] for p in render.rendered(report).problems}


# --- composition and HTML --------------------------------------------------------------------


def test_default_parts_follow_the_seed_structure():
    numbered = [p for p in default_parts() if 1 <= p.number <= 8]
    assert [f"{'一二三四五六七八'[p.number - 1]}、{p.heading}" for p in numbered] == HEADINGS


def test_html_has_title_parts_and_links_to_the_records_counted(report):
    html = render.to_html(report)

    assert "<title>弥勒市人民政府关于2021年法治政府建设工作情况的报告</title>" in html
    assert "弥勒市人民政府关于<br>2021年法治政府建设工作情况的报告" in html
    assert "红河哈尼族彝族自治州人民政府：" in html
    for heading in HEADINGS:
        assert heading in html
    assert "2021年，全市共有政府工作部门" in html
    link = '<a href="/figures/test.departments/records/?year=2021&amp;unit=532504" class="fig"'
    assert link in html
    assert ">3个</a>" in html
    assert 'title="部门占下属单位比例: 3/4"' in html and ">75.00%</a>" in html
    assert "数据来源" in html and "案件记录" in html
    assert "http://" not in html and "https://" not in html


def test_second_level_heading_is_marked(report):
    html = render.to_html(report)
    assert '<span class="lead">（一）尚未统计的指标。</span>' in html


def test_unregistered_figure_renders_a_marker_and_is_a_problem(report):
    html = render.to_html(report)

    assert "【指标 test.nowhere 尚未纳入平台】" in html
    assert "missing:test.nowhere" in problem_checks(report)
    # The default text of parts whose figures are not computed marks them for the coordinator.
    assert "【待补数据：本部分的数据尚未纳入平台统计" in html
    assert "pending_data" in problem_checks(report)


def test_consistency_problems_of_the_figures_are_listed(report, org):
    assert "test.parts_sum" not in problem_checks(report)
    create_unit(
        None, Channel.CLI, code="532504-x", name="其他单位", kind="other", parent=org["mile"]
    )
    assert "test.parts_sum" in problem_checks(report)


PERSONAL = "群众张某（身份证号53252619800101001X，电话13987654321）反映的问题已办结"


def test_personal_data_in_a_draft_is_shown_to_staff_and_listed_as_a_problem(report, people):
    part = report.parts.get(number=6)
    services.update_part(people["coordinator"], Channel.WEB, part, PART_SIX_KNOWN + "\n" + PERSONAL)
    assert PERSONAL in render.to_html(report)
    problem = next(p for p in render.rendered(report).problems if p["check"] == "personal_data")
    assert problem["description"] == "正文含有身份证号或手机号"
    assert "六" in problem["message"]


def test_a_public_rendering_masks_the_text_and_keeps_the_figures(report, people):
    part = report.parts.get(number=6)
    body = PART_SIX_KNOWN.replace("（一）尚未统计的指标。", f"（一）{PERSONAL}。")
    services.update_part(people["coordinator"], Channel.WEB, part, body)
    masked = "群众张某（身份证号5325**********001X，电话139****4321）反映的问题已办结"
    html = render.to_html(report, public=True)
    assert masked in html and "53252619800101001X" not in html and "13987654321" not in html
    assert f'<span class="lead">（一）{masked}。</span>' in html  # the lead is masked too
    assert ">3个</a>" in html and ">75.00%</a>" in html
    from docx import Document

    document = Document(io.BytesIO(render.to_docx(report, public=True)))
    assert masked in "".join(p.text for p in document.paragraphs)
    # Issued, the report is published: every rendering of it is public.
    issued = issue(report, people, reason=ACKNOWLEDGED)
    assert masked in render.to_html(issued) and "13987654321" not in render.to_html(issued)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% fig rec.accepted %}", "fig 标签的写法"),
        ('{% fig "Rec Accepted" %}', "指标编号"),
        ("{% load humanize %}", "不允许使用标签"),
        ('{% include "base.html" %}', "不允许使用标签"),
        ("{% if year %}未闭合", "语法错误"),
    ],
)
def test_a_template_that_does_not_compile_is_refused_in_chinese(report, people, template, message):
    part = report.parts.get(number=1)
    with pytest.raises(ValidationError) as error:
        services.update_part(people["coordinator"], Channel.WEB, part, template)
    assert message in " ".join(error.value.messages)


# --- DOCX ------------------------------------------------------------------------------------


def test_docx_is_laid_out_by_gb_t_9704(report):
    from docx import Document
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document(io.BytesIO(render.to_docx(report)))
    section = document.sections[0]

    def near(length, mm):  # python-docx stores twips: allow the rounding
        return abs(length - Mm(mm)) <= Mm(0.1)

    assert near(section.page_width, 210) and near(section.page_height, 297)
    assert near(section.top_margin, 37) and near(section.bottom_margin, 35)
    assert near(section.left_margin, 28) and near(section.right_margin, 26)

    title_run = document.paragraphs[0].runs[0]
    assert title_run.font.name == "方正小标宋简体" and title_run.font.size == Pt(22)
    assert "弥勒市人民政府关于" in document.paragraphs[0].text

    body = next(p for p in document.paragraphs if p.text.startswith("2021年，弥勒市人民政府"))
    run = body.runs[0]
    assert run.font.size == Pt(16)
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent == Pt(32)
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing == Pt(28.95) and normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY

    heading = next(p for p in document.paragraphs if p.text == HEADINGS[0])
    assert heading.runs[0].font.name == "黑体"
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "— " in footer_xml
    assert "PAGE" in section.even_page_footer._element.xml
    assert document.settings.odd_and_even_pages_header_footer
    assert 'w:eastAsia="zh-CN"' in document.styles["Normal"].element.xml
    assert document.paragraphs[-2].text == "弥勒市人民政府"


@pytest.mark.parametrize(
    ("name", "date_text", "indents"),
    [
        # The date ends 2 characters in and starts 2 characters right of the name.
        ("弥勒市人民政府", "2022年3月16日", (3.5, 2)),
        # A short name moves right with the date; a long one ends 2 in and the date follows it.
        ("司法局", "2022年3月16日", (7.5, 2)),
        ("红河哈尼族彝族自治州人民政府", "2022年3月16日", (2, 7.5)),
    ],
)
def test_signature_and_date_follow_clause_7_3_5_2(name, date_text, indents):
    from fazhi.core.docx_layout import signature_indents

    assert signature_indents(name, date_text) == indents


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_embeds_a_cjk_font_and_contains_the_title(report, tmp_path):
    pdf = render.to_pdf(report)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)

    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    compact = "".join(text.split())
    assert "2021年法治政府建设工作情况的报告" in compact
    assert "—1—" in compact  # the page number (pdftotext drops its spaces)

    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)


# --- issuing ---------------------------------------------------------------------------------


def test_issue_is_refused_with_problems_unless_acknowledged(report, people):
    with pytest.raises(ValidationError) as error:
        issue(report, people)
    assert "一致性检查发现" in error.value.messages[0]
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    issued = issue(report, people, reason=ACKNOWLEDGED)
    assert issued.status == ReportStatus.ISSUED and issued.problems_acknowledged
    assert issued.problems_reason == ACKNOWLEDGED and issued.issued_by == people["leader"]
    entry = AuditEntry.objects.get(object_type="reports.AnnualReport", action="签发年度报告")
    acknowledged = {p["check"] for p in entry.after["acknowledged_problems"]}
    assert "missing:test.nowhere" in acknowledged
    assert entry.after["problems_reason"] == ACKNOWLEDGED
    assert entry.actor_id == people["leader"].pk


def test_issue_without_problems_needs_no_acknowledgement(org, people, test_figures):
    draft = services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    for part in draft.parts.all():
        services.update_part(people["coordinator"], Channel.WEB, part, '部门{% fig "test.towns" %}')
    # 督察工作规定 art. 25's content, written
    closing = (
        "存在的不足：个别单位合法性审核力量薄弱，执法人员培训不够。\n"
        "主要负责人履行第一责任人职责，带头研究部署法治政府建设工作。\n"
        "下一年度将健全重大行政决策程序，推进行政执法规范化建设。"
    )
    services.update_part(people["coordinator"], Channel.WEB, draft.parts.get(number=9), closing)
    issued = issue(draft, people)
    assert issued.status == ReportStatus.ISSUED and not issued.problems_acknowledged


def test_issue_checks_the_doc_number_form(report, people):
    approved(report, people)
    with pytest.raises(ValidationError) as error:
        services.sign_report(
            people["leader"],
            Channel.WEB,
            report,
            "弥政报[2022]第05号",
            "x",
            dt.date(2022, 3, 16),
            problems_reason=ACKNOWLEDGED,
        )
    assert "GB/T 9704" in error.value.messages[0]


def test_issued_report_keeps_its_frozen_figures(report, people, org):
    issued = issue(report, people, reason=ACKNOWLEDGED)
    frozen = {f["id"]: f for f in issued.frozen_figures["figures"]}
    assert frozen["test.departments"]["value"] == 3
    assert frozen["test.department_share"]["numerator"] == 3
    assert frozen["test.department_share"]["value"] == "75.00"

    create_unit(
        None,
        Channel.CLI,
        code="532504-jyj",
        name="弥勒市教育体育局",
        kind="department",
        parent=org["mile"],
    )

    issued = AnnualReport.objects.get(pk=issued.pk)
    html = render.to_html(issued)
    assert ">3个</a>" in html and ">75.00%</a>" in html
    assert "已于签发时冻结" in html
    draft_2020 = services.build_unsaved(org["mile"], 2020)
    assert services.render_context(draft_2020).figures["test.departments"].value == 4


def test_issued_snapshot_holds_what_was_counted_not_the_records_ids(report, people, org):
    issued = issue(report, people, reason=ACKNOWLEDGED)
    snapshot = issued.frozen_figures
    assert snapshot["scope"] == {"code": "532504", "name": org["mile"].name}
    assert snapshot["period"] == {"start": "2021-01-01", "end": "2021-12-31"}
    frozen = {f["id"]: f for f in snapshot["figures"]}
    assert not any("record_ids" in f for f in snapshot["figures"])
    departments = frozen["test.departments"]
    assert departments["definition"] == "Departments in the scope."
    assert departments["counted"]["model"] == "core.OrgUnit"
    assert "department" in departments["counted"]["records"]
    assert "among" not in departments["counted"]
    share = frozen["test.department_share"]["counted"]
    assert "department" in share["records"] and "department" not in share["among"]


def test_a_report_issued_with_record_ids_still_renders(report, people):
    """Snapshots frozen before definitions replaced the id lists are kept as they were."""
    issued = issue(report, people, reason=ACKNOWLEDGED)
    old = issued.frozen_figures
    for entry in old["figures"]:
        entry.pop("definition"), entry.pop("counted")
        entry |= {"record_model": "core.OrgUnit", "record_ids": [1, 2, 3]}
    AnnualReport.objects.filter(pk=issued.pk).update(frozen_figures=old)
    html = render.to_html(AnnualReport.objects.get(pk=issued.pk))
    assert ">3个</a>" in html and ">75.00%</a>" in html


def test_issued_report_cannot_be_edited_or_issued_again(report, people):
    issue(report, people, reason=ACKNOWLEDGED)
    part = report.parts.get(number=1)
    with pytest.raises(ValidationError, match="已签发"):
        services.update_part(people["coordinator"], Channel.WEB, part, "新的正文")
    with pytest.raises(ValidationError, match="无法签发：报告当前状态为“已签发”"):
        services.sign_report(
            people["leader"], Channel.WEB, report, "弥政报〔2022〕6号", "y", dt.date(2022, 3, 17)
        )


def test_create_update_and_issue_are_audited(report, people):
    issue(report, people, reason=ACKNOWLEDGED)
    actions = list(
        AuditEntry.objects.filter(object_type="reports.AnnualReport", object_id=str(report.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "新建年度报告",
        "修改年度报告正文",
        "年度报告送审",
        "年度报告审核通过",
        "签发年度报告",
    ]
    update = AuditEntry.objects.get(action="修改年度报告正文")
    assert update.after == {"part": 6, "body_template": PART_SIX_KNOWN}


def test_one_report_per_unit_and_year(report, people, org):
    with pytest.raises(ValidationError, match="已有2021年度"):
        services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)


# --- pages -----------------------------------------------------------------------------------


def test_staff_of_another_county_gets_404(client, report, people):
    client.force_login(people["kaiyuan_staff"])
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[report.pk, "docx"])).status_code == 404


def test_only_the_coordinator_edits(client, report, people):
    client.force_login(people["police_staff"])
    url = reverse("reports:edit_part", args=[report.pk, 1])
    assert client.post(url, {"body_template": "改"}).status_code == 404  # a draft of the city

    client.force_login(people["leader"])
    assert client.post(url, {"body_template": "改"}).status_code == 403


def test_coordinator_edits_a_part_through_the_page(client, report, people):
    client.force_login(people["coordinator"])
    url = reverse("reports:edit_part", args=[report.pk, 2])
    response = client.post(url, {"body_template": '决策{% fig "test.towns" %}'})
    assert response.status_code == 302
    assert report.parts.get(number=2).body_template == '决策{% fig "test.towns" %}'


def test_download_docx(client, report, people):
    client.force_login(people["leader"])
    response = client.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")
    assert "attachment" in response["Content-Disposition"]


def test_report_page_and_list_render(client, report, people):
    client.force_login(people["coordinator"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert HEADINGS[5] in page and "/figures/test.departments/records/" in page
    listing = client.get(reverse("reports:index")).content.decode()
    assert report.title in listing


def test_coordinator_creates_edits_and_issues_through_the_pages(client, org, people, test_figures):
    client.force_login(people["coordinator"])
    response = client.post(reverse("reports:create"), {"year": 2020})
    report = AnnualReport.objects.get(unit=org["mile"], year=2020)
    assert response.status_code == 302

    edit_url = reverse("reports:edit_part", args=[report.pk, 1])
    form = client.get(edit_url).content.decode()
    assert '{% fig "test.departments" %}' in form
    response = client.post(edit_url, {"body_template": "{% fig 没有引号 %}"})
    assert "fig 标签的写法" in response.content.decode()

    # The coordinator cannot sign; she sends the report for review.
    sign_url = reverse("reports:sign", args=[report.pk])
    assert client.get(sign_url).status_code == 403
    client.post(reverse("reports:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    assert client.post(edit_url, {"body_template": "改"}).status_code == 302  # not editable now
    assert report.parts.get(number=1).body_template != "改"

    client.force_login(people["reviewer"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "审核通过" in page and "退回修改" in page
    client.post(reverse("reports:return", args=[report.pk]), {"comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW  # a return needs its reasons
    client.post(reverse("reports:approve", args=[report.pk]), {"comment": "同意"})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.reviewed_by == people["reviewer"]

    client.force_login(people["leader"])
    assert "一致性检查" in client.get(sign_url).content.decode()
    data = {
        "doc_number": "弥政报〔2021〕3号",
        "index_number": "000014348/2021-00001",
        "issued_on": "2021-03-20",
        # Someone else's id in the form changes nothing: the signatory is the session's user.
        "issued_by": people["coordinator"].pk,
    }
    assert "须写明带问题签发的理由" in client.post(sign_url, data).content.decode()
    response = client.post(sign_url, data | {"problems_reason": ACKNOWLEDGED})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_issued and report.issued_by == people["leader"]
    assert report.problems_reason == ACKNOWLEDGED


def test_issued_report_is_visible_to_staff_of_the_same_county(client, report, people):
    issue(report, people, reason=ACKNOWLEDGED)
    client.force_login(people["police_staff"])
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200


# --- command ---------------------------------------------------------------------------------


def test_command_writes_each_format(org, test_figures, tmp_path, settings):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    for fmt, magic in (("html", b"<!doctype html>"), ("docx", b"PK"), ("pdf", b"%PDF")):
        path = tmp_path / f"report.{fmt}"
        call_command(
            "report",
            "2021",
            "--format",
            fmt,
            "-o",
            str(path),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        assert path.read_bytes().startswith(magic)
    assert not AnnualReport.objects.exists()  # the in-memory draft is not saved


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_the_command_computes_each_figure_once(org, test_figures, tmp_path, settings, fmt):
    """The document and the problems printed after it come from one computation."""
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    calls = []

    @figure("test.counted_once", "计算次数", "个", section="九.1")
    def counted_once(scope, period):
        "Counts its own computations."
        calls.append(scope.code)
        return counted(scope.subtree().filter(kind=UnitKind.TOWN))

    out = tmp_path / f"r.{fmt}"
    call_command("report", "2021", "-o", str(out), stdout=io.StringIO(), stderr=io.StringIO())
    assert calls == ["532504"]


def test_the_report_page_computes_each_figure_once(client, report, people):
    calls = []

    @figure("test.counted_once", "计算次数", "个", section="九.1")
    def counted_once(scope, period):
        "Counts its own computations."
        calls.append(scope.code)
        return counted(scope.subtree().filter(kind=UnitKind.TOWN))

    client.force_login(people["coordinator"])
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200
    assert calls == ["532504"]


def test_command_uses_the_saved_report(report, tmp_path):
    path = tmp_path / "r.html"
    out = io.StringIO()
    call_command(
        "report", "2021", "-o", str(path), "--unit", "532504", stdout=out, stderr=io.StringIO()
    )
    assert "test.departments" in path.read_text(encoding="utf-8")
    assert "草稿" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["21", "--format", "html"], "年度“21”无效"),
        (["1800", "--format", "html"], "年度 1800 无效"),
        (["2021", "--format", "odt"], "未知格式“odt”"),
        (["2021", "--format", "html", "--unit", "999999"], "未找到单位代码为 999999"),
    ],
)
def test_command_errors_are_in_chinese(org, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args, "-o", str(tmp_path / "x"))


def test_default_parts_state_every_figure_the_procedures_contribute():
    """reports/parts.py names no procedure's figures: they come from the procedures'
    declarations — and none is lost on the way (the seed's parts 一, 五 and 六)."""
    import re

    from fazhi.core.procedures import all_procedures

    text = "\n".join(part.body for part in default_parts())
    stated = set(re.findall(r'fig "([a-z_.]+)"', text))
    contributed = {
        fid
        for procedure in all_procedures()
        for paragraph in procedure.report
        for fid in re.findall(r'fig "([a-z_.]+)"', paragraph.text)
    }
    assert stated == contributed
    # the 31 figures the default text stated when parts.py still named them itself
    before = {
        *("rec.reviewed", "rec.accepted", "rec.rejected", "rec.closed", "rec.on_time_rate"),
        *("rec.correction_rate", "rec.private_enterprise.received"),
        *("rec.private_enterprise.closed", "lit.gov_defendant", "lit.total"),
        *("lit.head_appearances", "lit.head_appearance_rate", "lit.loss_rate"),
        *("med.people.cases", "med.people.success", "med.admin.cases", "med.admin.success"),
        *("sup.disclosure.requests", "sup.disclosure.on_time_rate", "sup.disclosure.challenges"),
        *("sup.letters.received", "sup.letters.closed_rate", "sup.media.accounts"),
        *("sup.media.campaigns", "sup.media.closed", "sup.proposals.total"),
        *("sup.proposals.npc", "sup.proposals.cppcc", "sup.proposals.towns"),
        *("sup.proposals.units", "sup.proposals.closed_rate"),
    }
    assert stated >= before  # procedures added since contribute more
    from pathlib import Path

    from fazhi.reports import parts

    frame = Path(parts.__file__).read_text(encoding="utf-8")
    assert not re.search(r'fig "[a-z]+\.', frame)  # no procedure figure is named there
