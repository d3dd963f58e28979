"""PDF of official documents (the annual report, the 文书) printed by WeasyPrint from HTML and
the GB/T 9704 print stylesheet — with nothing fetched from a network: a document must print the
same on an office machine with no internet (fonts from the system, fonts-noto-cjk on Debian)."""

from pathlib import Path

from django.utils.safestring import SafeString, mark_safe

STATIC_DIR = Path(__file__).resolve().parent / "static" / "core"


def gbt9704_css() -> SafeString:
    """The print stylesheet (GB/T 9704—2012 page, fonts and page numbers), to inline."""
    return mark_safe((STATIC_DIR / "gbt9704.css").read_text(encoding="utf-8"))


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only local files may be read: the document must print the same offline.
    fetcher = URLFetcher(allowed_protocols=["file", "data"])
    return HTML(string=html, base_url=str(STATIC_DIR), url_fetcher=fetcher).write_pdf()
