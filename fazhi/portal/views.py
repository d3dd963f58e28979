"""The public portal: what the public may read (issued reports, published records).

Everything public is rendered as public: a report with `public=True` (its text masked and
published: no marker, no note, see fazhi.reports.render), and any typed text in a template through
`|masked_text`, so that an ID or mobile number typed anywhere never reaches the public."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from fazhi.core.pages import portal_government
from fazhi.reports.models import AnnualReport, ReportStatus
from fazhi.reports.render import local_time_text, template_context, to_docx, to_pdf

from . import opendata

FILES = {
    "pdf": ("application/pdf", to_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        to_docx,
    ),
}


def _issued():
    return AnnualReport.objects.filter(status=ReportStatus.ISSUED).select_related("unit")


def home(request):
    government = portal_government()
    # Both kinds (法治政府建设, 政府信息公开), newest year first.
    reports = _issued().order_by("-year", "kind", "unit__path")[:20]
    return render(request, "portal/home.html", {"government": government, "reports": reports})


def annual_report(request, pk: int, fmt: str = "html"):
    """An issued report as published: the document alone (no 数据来源, no 一致性检查, no
    staff-only record links), under the portal's header, with its PDF and DOCX."""
    report = get_object_or_404(_issued(), pk=pk)
    if fmt in FILES:
        content_type, write = FILES[fmt]
        response = HttpResponse(write(report, public=True), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=fmt == "docx", filename=f"{report.title}.{fmt}"
        )
        return response
    if fmt != "html":
        raise Http404("不支持的格式")
    context = template_context(report, link_records=False, public=True)
    context["published_at"] = local_time_text(
        report.issued_at.isoformat() if report.issued_at else ""
    )
    return render(request, "portal/annual_report.html", context)


def open_data(request, fmt: str = "html"):
    """The figures of the issued reports, with their definitions and sources, as a page, CSV or
    JSON (no login: what the reports published is public)."""
    rows = opendata.published_figures()
    if fmt == "csv":
        response = HttpResponse(opendata.as_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="fazhi-figures.csv"'
        return response
    if fmt == "json":
        return HttpResponse(opendata.as_json(rows), content_type="application/json; charset=utf-8")
    if fmt != "html":
        raise Http404("不支持的格式")
    government = portal_government()
    return render(
        request,
        "portal/open_data.html",
        {"rows": rows, "government": government, "columns": opendata.COLUMNS},
    )
