"""GB/T 9704—2012 《党政机关公文格式》 for python-docx: page, fonts, paragraphs, page numbers.

The government fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) are named as the standard and
the offices' Word installations expect; a machine without them substitutes its own.
"""

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

# 5.2.1 幅面: A4, 210 mm × 297 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
# 5.2.1 版心 156 mm × 225 mm; 天头 (top) 37 mm, 订口 (left) 28 mm — hence right 26 mm, bottom 35 mm.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
# 5.2.3: 22 lines a page → 225 mm / 22 = 28.95 pt a line, as fixed line spacing.
LINE_PITCH = Pt(28.95)
# 5.2.2 and 7.3.3: elements in 3号 (16 pt) 仿宋; a paragraph starts two characters in.
BODY_FONT, BODY_SIZE = "仿宋_GB2312", Pt(16)
FIRST_LINE_INDENT = Pt(16 * 2)
# 7.3.1: title in 2号 (22 pt) 小标宋.
TITLE_FONT, TITLE_SIZE = "方正小标宋简体", Pt(22)
# 7.3.3: structure levels "一、" in 黑体, "（一）" in 楷体, both 3号.
LEVEL1_FONT, LEVEL2_FONT = "黑体", "楷体_GB2312"
# 7.5: page numbers in 4号 (14 pt) 宋体, "— N —", odd pages right and even pages left, one
# character in from the edge, the dash line 7 mm below the 版心.
PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE = "宋体", Pt(14)
PAGE_NUMBER_GAP = Mm(7)
# 7.3.5.2: the unsigned document's 署名 two characters in from the right, the date under it
# starting two characters further right.
SIGNATURE_RIGHT_CHARS = 2
# Notes outside the text proper (the 审计链锚点 line) in 小五, small enough to stay out of the way.
NOTE_SIZE = Pt(9)


def chinese_date(day) -> str:
    """7.3.5.1: 成文日期 in full with Arabic numerals, no padding zeros: 2022年3月16日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def new_document(title: str, author: str, draft: bool, subject: str = "法治政府建设年度报告"):
    document = Document()
    _set_default_style(document)
    _set_page(document.sections[0])
    _add_page_numbers(document)
    if draft:
        _add_draft_header(document.sections[0])
    properties = document.core_properties
    properties.title, properties.author, properties.language = title, author, "zh-CN"
    properties.subject = subject
    return document


def set_font(run, name: str, size: Length) -> None:
    """Name the font for Latin and, what Word uses for Chinese, East Asian text."""
    run.font.name = name
    run.font.size = size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _set_default_style(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, BODY_SIZE
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # last child, where the schema's sequence puts it after w:sz
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")  # Chinese line breaking and punctuation rules
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)


def _set_page(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    # Word measures the footer from the page's bottom edge to the bottom of its line; its top
    # must sit PAGE_NUMBER_GAP below the 版心, which ends MARGIN_BOTTOM above the edge.
    section.footer_distance = Length(MARGIN_BOTTOM - PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE)


def _add_page_numbers(document) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_number_paragraph(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_paragraph(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _page_number_paragraph(footer, alignment) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, PAGE_NUMBER_SIZE
    fmt.first_line_indent = Pt(0)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_NUMBER_SIZE  # 单页码居右空一字
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE  # 双页码居左空一字
    set_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _add_page_field(paragraph)
    set_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _add_page_field(paragraph) -> None:
    """A PAGE field: begin, instruction, separate, current value, end."""
    parts = [("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)]
    for char_type, instruction in parts:
        run = paragraph.add_run()
        set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        if char_type:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), char_type)
            run._element.append(element)
        elif instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
            run._element.append(element)
        else:
            run.text = "1"


def _add_draft_header(section) -> None:
    for header in (section.header, section.even_page_header):
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(paragraph.add_run("草稿（未印发）"), BODY_FONT, Pt(12))


def _paragraph(document, alignment=None, first_line_indent: Length | int = 0):
    paragraph = document.add_paragraph()
    if alignment is not None:
        paragraph.alignment = alignment
    paragraph.paragraph_format.first_line_indent = first_line_indent
    return paragraph


def add_title(document, lines: list[str]) -> None:
    """7.3.1: the title centred, one or more lines."""
    paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.CENTER)
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        set_font(run, TITLE_FONT, TITLE_SIZE)
        if index < len(lines) - 1:
            run.add_break()


def add_doc_number(document, doc_number: str) -> None:
    """7.2.4: 发文字号 centred, here under the title."""
    paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.CENTER)
    set_font(paragraph.add_run(doc_number), BODY_FONT, BODY_SIZE)


def add_blank_line(document) -> None:
    _paragraph(document)


def add_addressee(document, addressee: str) -> None:
    """7.3.2: 主送机关 one line under the title, flush left, ending with a full-width colon."""
    paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.LEFT)
    set_font(paragraph.add_run(f"{addressee.rstrip('：:')}："), BODY_FONT, BODY_SIZE)


def add_first_level_heading(document, heading: str) -> None:
    """7.3.3: "一、…" in 黑体, indented like every paragraph."""
    paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.JUSTIFY, FIRST_LINE_INDENT)
    paragraph.paragraph_format.keep_with_next = True
    set_font(paragraph.add_run(heading), LEVEL1_FONT, BODY_SIZE)


def add_body_paragraph(document, lead: str, runs: list[tuple[str, bool]]) -> None:
    """7.3.3: a body paragraph; `lead`, a "（一）…。" heading, in 楷体; runs are (text, flagged)."""
    paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.JUSTIFY, FIRST_LINE_INDENT)
    if lead:
        set_font(paragraph.add_run(lead), LEVEL2_FONT, BODY_SIZE)
    for text, flagged in runs:
        run = paragraph.add_run(text)
        set_font(run, BODY_FONT, BODY_SIZE)
        if flagged:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def text_width(text: str) -> float:
    """Width in characters of 3号: Chinese full width, Arabic numerals and Latin half width."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def signature_indents(name: str, date_text: str) -> tuple[float, float]:
    """7.3.5.2: right indents (in characters) of 署名 and 成文日期.

    The date ends two characters from the right and starts two characters right of the name's
    start; when the name is too long for that, it moves right to end two characters in and the
    date follows it.
    """
    name_width, date_width = text_width(name), text_width(date_text)
    name_indent = max(SIGNATURE_RIGHT_CHARS, SIGNATURE_RIGHT_CHARS + 2 + date_width - name_width)
    date_indent = name_indent + name_width - 2 - date_width
    return name_indent, date_indent


def add_signature(document, name: str, date_text: str) -> None:
    """7.3.5.2: one blank line under the text, then 署名 and 成文日期, right-aligned."""
    add_blank_line(document)
    name_indent, date_indent = signature_indents(name, date_text)
    for text, indent in ((name, name_indent), (date_text, date_indent)):
        paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(16 * indent)
        set_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)


def add_small_note(document, text: str) -> None:
    """A line in 小五 (9 pt) under the 成文日期, outside the text proper (the 审计链锚点)."""
    add_blank_line(document)
    paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.LEFT)
    paragraph.paragraph_format.line_spacing = NOTE_SIZE
    set_font(paragraph.add_run(text), BODY_FONT, NOTE_SIZE)
