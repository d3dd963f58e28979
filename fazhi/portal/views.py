"""The public portal: what the public may read (issued reports, published records).

Everything public is rendered as public: a report with `public=True` (its text masked, see
fazhi.reports.render), and any typed text in a template through `|masked_text`, so that an ID or
mobile number typed anywhere never reaches the public."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from fazhi.core.models import OrgUnit
from fazhi.reports.models import AnnualReport, ReportStatus
from fazhi.reports.render import to_html, to_pdf

from . import opendata


def _issued():
    return AnnualReport.objects.filter(status=ReportStatus.ISSUED).select_related("unit")


def home(request):
    government = OrgUnit.objects.filter(code=settings.FAZHI_GOVERNMENT_CODE).first()
    reports = _issued().order_by("-year")[:10]
    return render(request, "portal/home.html", {"government": government, "reports": reports})


def annual_report(request, pk: int, fmt: str = "html"):
    """An issued report as published: its frozen figures, without the staff-only record links."""
    report = get_object_or_404(_issued(), pk=pk)
    if fmt == "pdf":
        response = HttpResponse(to_pdf(report, public=True), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="report-{report.year}.pdf"'
        return response
    if fmt != "html":
        raise Http404("不支持的格式")
    return HttpResponse(to_html(report, link_records=False, public=True))


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
    government = OrgUnit.objects.filter(code=settings.FAZHI_GOVERNMENT_CODE).first()
    return render(
        request,
        "portal/open_data.html",
        {"rows": rows, "government": government, "columns": opendata.COLUMNS},
    )
