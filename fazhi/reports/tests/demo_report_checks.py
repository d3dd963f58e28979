"""The demo city's 2021 report, drafted with the default parts, reviewed and signed as a new user
would: the issued DOCX and PDF carry no placeholder or internal text, and the consistency check
lists every such place the signatory answered.

These tests run in fazhi/demo/tests/test_seed_figures.py, which imports them, so that the city is
built once for every test that needs it; the fixture `demo_report` is issue_demo_report() there."""

import io
import re
import subprocess

from fazhi.core.audit import Channel
from fazhi.reports import prose, render, services
from fazhi.reports.models import AnnualReport
from fazhi.reports.parts import default_parts
from fazhi.reports.tests import workflow

# What a published document must never print: the coordinator's markers, the platform's notes,
# its figure markers and the private-use delimiters of figure references and notes.
INTERNAL = [
    "【",
    "待填写",
    "待补数据",
    "尚未纳入平台",
    "未知变量",
    "正文模板",
    "一致性检查",
    "数据来源",
    prose.FIG_OPEN,
    prose.FIG_CLOSE,
    prose.NOTE_OPEN,
    prose.NOTE_CLOSE,
]


def issue_demo_report():
    """Drafts the built demo city's 2021 report as `coordinator` and has it reviewed and signed."""
    from fazhi.core.models import OrgUnit, User

    people = {u.username: u for u in User.objects.all()}
    assert {"coordinator", "reviewer", "leader"} <= people.keys()  # the demo's three roles
    government = OrgUnit.objects.get(code="532504")
    draft = services.create_report(people["coordinator"], Channel.WEB, government, 2021)
    problems = services.current_problems(draft)
    issued = workflow.sign(draft, people)
    docx = render.to_docx(AnnualReport.objects.get(pk=issued.pk))
    pdf = render.to_pdf(AnnualReport.objects.get(pk=issued.pk))
    return {"report": issued, "problems": problems, "docx": docx, "pdf": pdf}


def docx_text(content: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())  # pdftotext breaks lines inside the text


def test_the_issued_docx_and_pdf_carry_no_internal_text(demo_report, tmp_path, db):
    for text in (docx_text(demo_report["docx"]), pdf_text(demo_report["pdf"], tmp_path)):
        assert "2021年法治政府建设工作情况的报告" in text
        found = [word for word in INTERNAL if word in text]
        assert not found, found
        assert not re.search(r"(\d)(件|个|人|次|家)\2", text)  # no "35件件"


def test_the_consistency_check_lists_every_marker_the_signatory_answered(demo_report, db):
    written = "\n".join(part.body for part in default_parts())
    markers = [m.group(1) for m in prose.MARKER.finditer(written)]
    # 待补数据: part 一's (一) 政务服务 and (五) 市场监管, and the parts' closing markers
    assert markers.count("待补数据") >= 7 and markers.count("待填写") == 3
    checks = [p["check"] for p in demo_report["problems"]]
    assert checks.count("pending_data") == markers.count("待补数据")
    assert checks.count("todo") == markers.count("待填写")

    report = demo_report["report"]
    assert report.is_issued and report.problems_acknowledged
    assert report.problems_reason == workflow.REASON
    frozen = report.frozen_figures["text_problems"]
    assert [p["check"] for p in frozen].count("pending_data") == markers.count("待补数据")


def test_libreoffice_reads_the_issued_docx_without_internal_text(demo_report, tmp_path, db):
    """The DOCX as an office's word processor renders it (LibreOffice, headless): the text
    Word or WPS shows the reader, fields and all, carries no marker or internal note."""
    source = tmp_path / "report.docx"
    source.write_bytes(demo_report["docx"])
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = "".join((tmp_path / "report.txt").read_text(encoding="utf-8-sig").split())
    assert "2021年法治政府建设工作情况的报告" in text and "弥勒市人民政府" in text
    found = [word for word in INTERNAL if word in text]
    assert not found, found
