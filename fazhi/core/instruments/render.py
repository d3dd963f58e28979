"""A 文书 in official form: DOCX laid out by GB/T 9704 (fazhi.core.docx_layout) and PDF printed
from the same parts with the GB/T 9704 print stylesheet, both from the text frozen at issue."""

from io import BytesIO

from django.template.loader import render_to_string

from .. import docx_layout, pdf
from ..docx_layout import chinese_date
from .models import Instrument

MISSING = "【"  # fill() leaves an unknown placeholder as 【name】: highlighted, never silent


def parts(instrument: Instrument) -> tuple[str, list[str]]:
    """(addressee, body paragraphs)."""
    paragraphs = instrument.paragraphs
    if paragraphs and instrument.addressee and paragraphs[0].rstrip("：:") == instrument.addressee:
        return instrument.addressee, paragraphs[1:]
    return "", paragraphs


def to_docx(instrument: Instrument) -> bytes:
    document = docx_layout.new_document(
        instrument.title, instrument.government.name, draft=False, subject=instrument.title
    )
    docx_layout.add_title(document, [instrument.title])
    docx_layout.add_doc_number(document, instrument.number)
    docx_layout.add_blank_line(document)
    addressee, paragraphs = parts(instrument)
    if addressee:
        docx_layout.add_addressee(document, addressee)
    for paragraph in paragraphs:
        docx_layout.add_body_paragraph(document, "", [(paragraph, MISSING in paragraph)])
    docx_layout.add_signature(document, instrument.signer, chinese_date(instrument.issued_on))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(instrument: Instrument) -> bytes:
    addressee, paragraphs = parts(instrument)
    html = render_to_string(
        "core/instruments/print.html",
        {
            "instrument": instrument,
            "addressee": addressee,
            "paragraphs": paragraphs,
            "date_text": chinese_date(instrument.issued_on),
            "css": pdf.gbt9704_css(),
        },
    )
    return pdf.html_to_pdf(html)
