"""Pages of the annual report: list, report, part editing, issuing, downloads.

Every change goes through fazhi.reports.services; a report the user may not see answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from fazhi.core.audit import Channel
from fazhi.figures.registry import all_figures

from . import ogi, services
from . import render as report_render
from .forms import CreateReportForm, PartForm, ReturnsForm, ReviewForm, SignForm
from .models import AnnualReport, ReportKind, ReportStatus
from .queries import (
    can_create_report,
    can_edit_report,
    can_review_report,
    can_sign_report,
    visible_reports,
)

DOWNLOADS = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        report_render.to_docx,
    ),
    "pdf": ("application/pdf", report_render.to_pdf),
    "html": ("text/html; charset=utf-8", lambda r: report_render.to_html(r).encode("utf-8")),
}


def _visible_report(user, pk: int) -> AnnualReport:
    return get_object_or_404(visible_reports(user), pk=pk)


def _require_editor(user, report: AnnualReport) -> None:
    if not can_edit_report(user, report):
        raise PermissionDenied("只有本级统筹协调人员可以修改、送审报告")


def _create_form(user, data=None) -> CreateReportForm:
    return CreateReportForm(
        data, scope=user.scope_unit(), unit_kinds=services.DISCLOSURE_UNIT_KINDS
    )


@login_required
def index(request):
    reports = visible_reports(request.user).order_by("-year", "unit__path", "kind")
    form = _create_form(request.user) if can_create_report(request.user) else None
    return render(request, "reports/index.html", {"reports": reports, "form": form})


@login_required
@require_POST
def create(request):
    if not can_create_report(request.user):
        raise PermissionDenied("只有统筹协调人员可以新建年度报告")
    form = _create_form(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的年度、报告类别和报告单位")
        return redirect("reports:index")
    data = form.cleaned_data
    unit = data["unit"] or request.user.scope_unit()
    try:
        report = services.create_report(
            request.user, Channel.WEB, unit, data["year"], ReportKind(data["kind"])
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("reports:index")
    messages.success(request, f"已新建《{report.title}》草稿")
    return redirect("reports:detail", pk=report.pk)


@login_required
def detail(request, pk: int):
    report = _visible_report(request.user, pk)
    context = {
        "report": report,
        "body": report_render.body_html(report),
        "parts": report.parts.all(),
        "can_edit": can_edit_report(request.user, report),
        "can_review": report.status == ReportStatus.IN_REVIEW
        and can_review_report(request.user, report),
        "can_sign": report.status == ReportStatus.APPROVED
        and can_sign_report(request.user, report),
        "issued_at": report_render.local_time_text(
            report.issued_at.isoformat() if report.issued_at else ""
        ),
        "deadline": ogi.publication_deadline(report) if report.is_disclosure else None,
        "returned_cells": ogi.returned_cells() if report.is_disclosure else [],
    }
    return render(request, "reports/detail.html", context)


@login_required
def returns(request, pk: int):
    """填报: the coordinator enters the table 二 values the platform does not count."""
    report = _visible_report(request.user, pk)
    if not report.is_disclosure:
        raise Http404("该报告没有填报数据")
    if not report.is_editable:
        messages.error(request, f"报告当前状态为“{report.get_status_display()}”，填报数据不能修改")
        return redirect("reports:detail", pk=report.pk)
    _require_editor(request.user, report)
    cells = ogi.returned_cells()
    form = ReturnsForm(request.POST or None, cells=cells, initial=report.statistical_returns)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_returns(request.user, Channel.WEB, report, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已保存填报数据")
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/returns_form.html", {"report": report, "form": form})


@login_required
def edit_part(request, pk: int, number: int):
    report = _visible_report(request.user, pk)
    if not report.is_editable:
        messages.error(request, f"报告当前状态为“{report.get_status_display()}”，正文不能修改")
        return redirect("reports:detail", pk=report.pk)
    _require_editor(request.user, report)
    part = get_object_or_404(report.parts, number=number)
    form = PartForm(request.POST or None, initial={"body_template": part.body_template})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_part(
                request.user, Channel.WEB, part, form.cleaned_data["body_template"]
            )
        except ValidationError as error:
            form.add_error("body_template", error)
        else:
            messages.success(request, f"已保存“{part}”")
            detail_url = reverse("reports:detail", kwargs={"pk": report.pk})
            return redirect(f"{detail_url}#part-{part.number}")
    context = {
        "report": report,
        "part": part,
        "form": form,
        "figures": [f for f in all_figures() if f.applies_to(report.unit)],
    }
    return render(request, "reports/part_form.html", context)


@login_required
@require_POST
def preview_part(request, pk: int, number: int):
    """The part as typed, rendered with the current figures (htmx fragment; nothing saved)."""
    report = _visible_report(request.user, pk)
    _require_editor(request.user, report)
    body = request.POST.get("body_template", "").replace("\r\n", "\n")
    context = {"errors": [], "paragraphs": [], "problems": []}
    try:
        services.check_template(body, report.unit)
    except ValidationError as error:
        context["errors"] = error.messages
    else:
        figures, composition = services.preview_part(report, number, body)
        result = report_render.Rendered(report, figures, composition)
        context["paragraphs"] = [
            report_render.paragraph_html(result, paragraph, link_records=True)
            for part in composition.parts
            for paragraph in part.paragraphs
        ]
        context["problems"] = composition.problems
    return render(request, "reports/_preview.html", context)


def _step(request, pk: int, action, success: str):
    """Run one workflow step as the logged-in user; a refusal is shown as it is."""
    report = _visible_report(request.user, pk)
    try:
        action(report)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def submit(request, pk: int):
    return _step(
        request,
        pk,
        lambda report: services.submit_for_review(request.user, Channel.WEB, report),
        "已送审，等待审核",
    )


@login_required
@require_POST
def approve(request, pk: int):
    comment = request.POST.get("comment", "")
    return _step(
        request,
        pk,
        lambda report: services.approve_report(request.user, Channel.WEB, report, comment),
        "审核通过，等待领导签发",
    )


@login_required
@require_POST
def send_back(request, pk: int):
    comment = request.POST.get("comment", "")
    return _step(
        request,
        pk,
        lambda report: services.return_report(request.user, Channel.WEB, report, comment),
        "已退回修改",
    )


@login_required
def sign(request, pk: int):
    """签发: only the leader, as themselves (the signatory is request.user, never a form field)."""
    report = _visible_report(request.user, pk)
    if report.is_issued:
        messages.info(request, f"报告已于{report.issued_on}签发")
        return redirect("reports:detail", pk=report.pk)
    if not can_sign_report(request.user, report):
        raise PermissionDenied("只有本级领导可以签发报告")
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sign_report(
                request.user,
                Channel.WEB,
                report,
                data["doc_number"],
                data["index_number"],
                data["issued_on"],
                problems_reason=data["problems_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已签发（{data['doc_number']}），指标已冻结")
            return redirect("reports:detail", pk=report.pk)
    problems = services.current_problems(report)
    context = {
        "report": report,
        "form": form,
        "problems": problems,
        # A 填报 value is listed as such but needs no reason (fazhi.reports.ogi).
        "blocking": ogi.blocking(problems),
        "review_form": ReviewForm(),
    }
    return render(request, "reports/sign_form.html", context)


@login_required
def download(request, pk: int, fmt: str):
    report = _visible_report(request.user, pk)
    if fmt not in DOWNLOADS:
        raise Http404("未知格式")
    content_type, write = DOWNLOADS[fmt]
    response = HttpResponse(write(report), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{report.title}.{fmt}"
    )
    return response
