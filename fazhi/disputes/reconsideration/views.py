"""行政复议 pages: the case list, the receipt form, a case with its steps, and the export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.audit import Channel
from fazhi.core.exports import model_columns, xlsx_response
from fazhi.core.pages import (
    filter_by_status,
    history_of,
    keyset_page,
    offered_steps,
    perform_step,
    visible_or_404,
)

from . import services
from .actions import ACTIONS, form_for
from .forms import ReceiveForm
from .models import ReconsiderationCase, Status
from .queries import can_handle_case, can_register_case, can_view_case, visible_cases


def _filtered(request):
    cases = visible_cases(request.user)
    cases = filter_by_status(cases, request, Status)
    if request.GET.get("overdue"):
        cases = cases.overdue()
    year = request.GET.get("year", "")
    if year.isdigit():
        cases = cases.filter(received_on__year=int(year))
    q = request.GET.get("q", "").strip()
    if q:
        cases = cases.filter(number__startswith=q) | cases.filter(applicant_name__startswith=q)
    return cases


@login_required
def case_list(request):
    """Keyset pagination on (received_on, id): constant cost on any page, no COUNT(*)."""
    cases = _filtered(request)
    rows, next_after, query = keyset_page(request, cases, "received_on")
    return render(
        request,
        "reconsideration/case_list.html",
        {
            "cases": rows,
            "next_after": next_after,
            "query": query,
            "statuses": Status.choices,
            "can_register": can_register_case(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def case_export(request):
    """The list as filtered, in Excel; personal data masked (fazhi.core.exports)."""
    records = _filtered(request).order_by("-received_on", "-id")
    return xlsx_response(
        records, model_columns(ReconsiderationCase), "行政复议案件.xlsx", "行政复议案件"
    )


@login_required
def case_new(request):
    if not can_register_case(request.user):
        raise PermissionDenied("只有承办单位的工作人员可以登记行政复议申请。")
    government = request.user.unit.government()
    form = ReceiveForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        app = services.Application(**form.cleaned_data)
        try:
            case = services.receive(
                request.user, Channel.WEB, organ=government, unit=request.user.unit, app=app
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"已登记 {case.number}，受理审查期限 {case.next_due_on:%Y-%m-%d}。"
            )
            return redirect(case)
    return render(request, "reconsideration/case_new.html", {"form": form})


def _case_or_404(request, pk) -> ReconsiderationCase:
    return visible_or_404(
        ReconsiderationCase.objects.select_related("unit", "respondent", "organ"),
        pk,
        can_view_case,
        request.user,
        "案件",
    )


@login_required
def case_detail(request, pk, forms=None, reveal=False):
    case = _case_or_404(request, pk)
    handle = can_handle_case(request.user, case)
    actions = offered_steps(ACTIONS, case, form_for, forms) if handle else []
    history = history_of(case)
    return render(
        request,
        "reconsideration/case_detail.html",
        {
            "case": case,
            "actions": actions,
            "can_handle": handle,
            "history": history,
            "pauses": case.pauses.all(),
            "reveal": reveal,
        },
    )


@login_required
@require_POST
def case_reveal(request, pk):
    """Show the applicant's ID and phone number unmasked: allowed to those who handle the case,
    and itself an audit row (个人信息保护法: access to personal data is recorded)."""
    case = _case_or_404(request, pk)
    if not can_handle_case(request.user, case):
        raise PermissionDenied("只有承办人员可以查看完整的个人信息。")
    services.record_personal_data_access(request.user, Channel.WEB, case)
    return case_detail(request, pk, reveal=True)


@login_required
@require_POST
def case_action(request, pk, action):
    case = _case_or_404(request, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("未知的操作")
    if not can_handle_case(request.user, case):
        raise PermissionDenied("您无权办理本案，或案件已办结(只读)。")
    form = form_for(spec, case, request.POST)
    if perform_step(request, case, spec, form):
        return redirect(case)
    return case_detail(request, pk, forms={action: form})
