"""The annual report as HTML (every figure links to its records), DOCX (GB/T 9704) and PDF.

All three come from the same composition (fazhi.reports.prose): the parts' templates rendered to
paragraphs of text and figure references, with the figures of services.render_context().
HTML is the traceable form (links and the 数据来源 appendix); DOCX and PDF are the official
document (公文) form. Layout constants cite the clauses of GB/T 9704—2012 《党政机关公文格式》.

A public rendering (the portal's, and every rendering of an issued report, which is published)
masks the ID and mobile numbers in the text (prose.masked); a draft shows its staff what was typed,
and the personal data in it is listed among its problems before it can be issued. It is also the
published text: no 【待填写】/【待补数据】 marker, no note of the platform's, and a figure the
platform does not hold prints as "—" (each is a problem of the consistency check, which the
signatory saw and answered with a reason). The 数据来源 appendix and the 一致性检查 are the staff's:
the public page (fazhi.portal) shows the document alone.
"""

import datetime as dt
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from docx.shared import Pt

from fazhi.core import docx_layout, pdf
from fazhi.core.docx_layout import chinese_date
from fazhi.core.masking import mask_text

from . import prose
from .models import AnnualReport
from .services import (
    FigureEntry,
    ReportContext,
    all_problems,
    compose_report,
    issued_audit_anchor,
    render_context,
)

STATIC_DIR = Path(__file__).resolve().parent / "static" / "reports"


@dataclass
class Rendered:
    """Everything an output needs: the report, its figures, its paragraphs and its problems."""

    report: AnnualReport
    context: ReportContext
    composition: prose.Composition
    public: bool = False

    @property
    def problems(self) -> list[dict]:
        return all_problems(self.context, self.composition)

    def used_figures(self) -> list[tuple[str, FigureEntry | None]]:
        """The figures the text references, then those a table reads (the 政府信息公开 report's
        表二: its 规范性文件 figures)."""
        ids = list(self.composition.figure_ids)
        if self.report.is_disclosure:
            ids += [fid for fid in self.context.figures if fid not in ids]
        return [(fid, self.context.figures.get(fid)) for fid in ids]

    def text(self, typed: str) -> str:
        """A text the coordinator typed (title, 主送机关), as this rendering shows it."""
        return mask_text(typed) if self.public else typed


def rendered(report: AnnualReport, public: bool = False) -> Rendered:
    """The report composed; published and masked when it is public: asked for so, or issued.

    The problems are those of the text as written (markers included): a published composition
    leaves the markers out of the text but not out of the consistency check."""
    context = render_context(report)
    public = public or report.is_issued
    composition = compose_report(report, context, published=public)
    if public:
        written = compose_report(report, context)
        composition = prose.masked(replace(composition, problems=written.problems))
    return Rendered(report, context, composition, public)


def title_lines(title: str) -> list[str]:
    """GB/T 9704 7.3.1: a long title breaks into lines keeping words whole — after "关于"."""
    head, sep, tail = title.partition("关于")
    # A line of the 156 mm 版心 holds 20 characters of 2号 (22 pt): shorter titles stay whole.
    if not sep or not tail or len(title) <= 20:
        return [title]
    return [head + sep, tail]


def records_url(report: AnnualReport, figure_id: str) -> str:
    """The page listing the records a figure counted, for the report's unit and year."""
    params = {"year": report.year, "unit": report.unit.code}
    if report.closing_date != dt.date(report.year, 12, 31):
        params["to"] = report.closing_date.isoformat()  # the report counts up to this day only
    path = reverse("figures:records", kwargs={"figure_id": figure_id})
    return f"{path}?{urlencode(params)}"


# --- HTML -----------------------------------------------------------------------------------


MISSING_IN_PUBLISHED = "—"


def comparison(result: Rendered, segment: prose.Segment) -> tuple[str, bool]:
    """(text, is_missing) of a {% yoy %}: the change in words; where it cannot be said, a marker
    in a draft and nothing in the published text (the problem is listed)."""
    context = result.context
    entry = context.figures.get(segment.figure_id)
    text = prose.comparison_text(entry, context.previous.get(segment.figure_id), segment.comparison)
    if text or result.public:
        return text, False
    return prose.comparison_marker(segment.figure_id), True


def figure_html(result: Rendered, segment: prose.Segment, link_records: bool) -> SafeString:
    figure_id = segment.figure_id
    if segment.comparison:
        text, missing = comparison(result, segment)
        return format_html('<span class="{}">{}</span>', "fig missing" if missing else "yoy", text)
    entry = result.context.figures.get(figure_id)
    if entry is None:
        if result.public:
            return format_html('<span class="fig">{}</span>', MISSING_IN_PUBLISHED)
        marker = prose.missing_marker(figure_id)
        return format_html(
            '<span class="fig missing" data-figure="{}">{}</span>', figure_id, marker
        )
    text = prose.figure_text(entry, segment.bare)
    if not link_records:
        return format_html('<span class="fig">{}</span>', text)
    if entry.is_rate:
        tooltip = f"{entry.label}: {entry.numerator}/{entry.denominator}"
    else:
        tooltip = f"{entry.label}: {entry.text}"
    return format_html(
        '<a href="{}" class="fig" title="{}" data-figure="{}">{}</a>',
        records_url(result.report, figure_id),
        tooltip,
        figure_id,
        text,
    )


def paragraph_html(result: Rendered, paragraph: prose.Paragraph, link_records: bool) -> SafeString:
    pieces = [format_html('<span class="lead">{}</span>', paragraph.lead)] if paragraph.lead else []
    for segment in paragraph.segments:
        if segment.figure_id:
            pieces.append(figure_html(result, segment, link_records))
        else:
            pieces.append(format_html("{}", segment.text))
    return mark_safe("".join(pieces))  # every piece was escaped by format_html above


def template_context(
    report: AnnualReport, link_records: bool, public: bool = False, result: Rendered | None = None
) -> dict:
    result = result or rendered(report, public)
    parts = [
        {
            "number": part.number,
            "heading": part.heading,
            "paragraphs": [paragraph_html(result, p, link_records) for p in part.paragraphs],
            "table": result.context.tables.get(str(part.number)),
        }
        for part in result.composition.parts
    ]
    sources = [
        {"id": fid, "entry": entry, "url": records_url(report, fid) if link_records else ""}
        for fid, entry in result.used_figures()
    ]
    date_text = chinese_date(report.issued_on) or "（未签发）"
    addressee = result.text(report.addressee).rstrip("：:")
    return {
        "report": report,
        "title": result.text(report.title),
        "title_lines": title_lines(result.text(report.title)),
        "addressee": f"{addressee}：" if addressee else "",
        "date_text": date_text,
        "closing_text": chinese_date(report.closing_date),
        "parts": parts,
        "sources": sources,
        "problems": result.problems,
        "frozen": result.context.frozen,
        "frozen_at": local_time_text((report.frozen_figures or {}).get("frozen_at", "")),
        "link_records": link_records,
        "public": result.public,
        "audit_anchor_text": audit_anchor_text(report),
    }


def local_time_text(iso: str) -> str:
    """A stored ISO time (UTC) as the reader's clock shows it: "2022年3月16日 09:30" in
    Asia/Shanghai (TIME_ZONE)."""
    moment = parse_datetime(iso) if iso else None
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def audit_anchor_text(report: AnnualReport) -> str:
    """The 审计链锚点 line of an issued report: the audit chain's row count and last hash at
    issue, which `fazhi audit verify --count N --hash H` checks the chain against."""
    anchor = issued_audit_anchor(report)
    return f"审计链锚点：第 {anchor['count']} 条 {anchor['hash']}" if anchor else ""


def stylesheet(name: str) -> SafeString:
    """One of this app's own stylesheets, to inline into a document."""
    return mark_safe((STATIC_DIR / name).read_text(encoding="utf-8"))


def body_html(report: AnnualReport, link_records: bool = True, public: bool = False) -> str:
    """The report and its appendix as a fragment, for a page of the site."""
    context = template_context(report, link_records, public)
    return render_to_string("reports/_report.html", context)


# Each writer takes the report already `rendered` when its caller needs the figures too (the
# command prints the problems): the figures are then computed once for both (bench/README.md).


def to_html(
    report: AnnualReport,
    link_records: bool = True,
    public: bool = False,
    *,
    result: Rendered | None = None,
) -> str:
    """A standalone HTML document (styles inline, nothing fetched)."""
    context = template_context(report, link_records, public, result)
    context["css"] = stylesheet("document.css")
    return render_to_string("reports/document.html", context)


# --- PDF ------------------------------------------------------------------------------------


def to_pdf(report: AnnualReport, public: bool = False, *, result: Rendered | None = None) -> bytes:
    """The official form printed from HTML and the GB/T 9704 print stylesheet; no network."""
    context = template_context(report, link_records=False, public=public, result=result)
    context["css"] = pdf.gbt9704_css() + stylesheet("print_tables.css")
    return pdf.html_to_pdf(render_to_string("reports/print.html", context))


# --- DOCX -----------------------------------------------------------------------------------


def to_docx(report: AnnualReport, public: bool = False, *, result: Rendered | None = None) -> bytes:
    """The official form as a Word document laid out by GB/T 9704 (see docx_layout)."""
    result = result or rendered(report, public)
    title = result.text(report.title)
    document = docx_layout.new_document(
        title, report.unit.name, draft=not report.is_issued, subject=report.get_kind_display()
    )
    docx_layout.add_title(document, title_lines(title))
    if report.doc_number:
        docx_layout.add_doc_number(document, report.doc_number)
    docx_layout.add_blank_line(document)
    if report.addressee:
        docx_layout.add_addressee(document, result.text(report.addressee))
    for part in result.composition.parts:
        if part.heading:
            docx_layout.add_first_level_heading(document, part.heading)
        for paragraph in part.paragraphs:
            runs = [
                (s.text, False) if not s.figure_id else _figure_run(result, s)
                for s in paragraph.segments
            ]
            docx_layout.add_body_paragraph(document, paragraph.lead, runs)
        if table := result.context.tables.get(str(part.number)):
            add_docx_table(document, table, public=result.public)
    date_text = chinese_date(report.issued_on) or "（未签发）"
    docx_layout.add_signature(document, report.unit.name, date_text)
    if anchor_text := audit_anchor_text(report):
        docx_layout.add_small_note(document, anchor_text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _figure_run(result: Rendered, segment: prose.Segment) -> tuple[str, bool]:
    """(text, is_missing): in a draft a missing figure is highlighted so that nobody prints it
    unnoticed; the published document prints "—" (the signatory answered the problem)."""
    if segment.comparison:
        return comparison(result, segment)
    entry = result.context.figures.get(segment.figure_id)
    if entry is not None:
        return prose.figure_text(entry, segment.bare), False
    if result.public:
        return MISSING_IN_PUBLISHED, False
    return prose.missing_marker(segment.figure_id), True


# --- Tables (the 政府信息公开 report's 表二 to 表四) ----------------------------------------

MISSING_RETURN = "待填报"  # a draft's empty 填报 cell; an issued report has none (sign_report)
TABLE_SIZE = Pt(10.5)  # 五号: fifteen columns fit the 156 mm 版心


def cell_text(cell: dict, public: bool) -> str:
    if cell.get("missing") and not cell.get("text"):
        return "" if public else MISSING_RETURN
    return cell.get("text", "")


def table_grid(table: dict) -> tuple[list[tuple[int, int, dict]], int, int]:
    """Where each cell of a table (rows of cells with colspan/rowspan) stands: (row, column,
    cell), as HTML lays them out — a cell takes the first column no earlier cell spans into."""
    rows = table.get("head", []) + table.get("body", [])
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.get("rowspan", 1)):
                for dc in range(cell.get("colspan", 1)):
                    taken.add((r + dr, c + dc))
            placed.append((r, c, cell))
            c += cell.get("colspan", 1)
    return placed, len(rows), max((c + 1 for _, c in taken), default=0)


def add_docx_table(document, table: dict, public: bool) -> None:
    """A real Word table with merged cells, in 五号 仿宋, its header rows repeated on each page."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    placed, height, width = table_grid(table)
    grid = document.add_table(rows=height, cols=width)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r in range(len(table.get("head", []))):
        properties = grid.rows[r]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)
    for r, c, cell in placed:
        target = grid.cell(r, c)
        last = grid.cell(r + cell.get("rowspan", 1) - 1, c + cell.get("colspan", 1) - 1)
        if last is not target:
            target = target.merge(last)
        paragraph = target.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = 0
        paragraph.paragraph_format.line_spacing = 1.0
        is_label = cell.get("label")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if is_label else WD_ALIGN_PARAGRAPH.CENTER
        if is_label and cell.get("level"):
            paragraph.paragraph_format.left_indent = Pt(10.5 * cell["level"])
        font = docx_layout.LEVEL1_FONT if cell.get("head") else docx_layout.BODY_FONT
        run = paragraph.add_run(cell_text(cell, public))
        docx_layout.set_font(run, font, TABLE_SIZE)
    docx_layout.add_blank_line(document)
