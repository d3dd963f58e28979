"""调解 pages: the case list, the intake form, a case with its steps."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
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
from .models import MediationCase, MediationKind, Status
from .queries import (
    can_handle_case,
    can_register_case,
    can_view_case,
    visible_bodies,
    visible_cases,
)


def _filtered(request):
    cases = visible_cases(request.user)
    kind = request.GET.get("kind", "")
    if kind in MediationKind.values:
        cases = cases.filter(kind=kind)
    cases = filter_by_status(cases, request, Status)
    year = request.GET.get("year", "")
    if year.isdigit():
        start = dt.date(int(year), 1, 1)
        cases = cases.filter(received_on__range=(start, start.replace(month=12, day=31)))
    q = request.GET.get("q", "").strip()
    if q:
        cases = cases.filter(number__startswith=q) | cases.filter(parties__contains=q)
    return cases


@login_required
def case_list(request):
    """Keyset pagination on (received_on, id): constant cost on any page, no COUNT(*)."""
    cases = _filtered(request)
    rows, next_after, query = keyset_page(request, cases, "received_on")
    return render(
        request,
        "mediation/case_list.html",
        {
            "cases": rows,
            "next_after": next_after,
            "query": query,
            "statuses": Status.choices,
            "kinds": MediationKind.choices,
            "can_register": can_register_case(request.user),
        },
    )


@login_required
def case_new(request):
    if not can_register_case(request.user):
        raise PermissionDenied("只有调解组织所属单位的工作人员可以登记调解案件。")
    bodies = visible_bodies(request.user).filter(active=True)
    form = ReceiveForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        body = data.pop("body")
        try:
            case = services.receive(
                request.user, Channel.WEB, body=body, intake=services.Intake(**data)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"已受理 {case.number}，调解期限 {case.mediation_due_on:%Y-%m-%d}。"
            )
            return redirect(case)
    return render(request, "mediation/case_new.html", {"form": form})


def _case_or_404(request, pk) -> MediationCase:
    return visible_or_404(
        MediationCase.objects.select_related("body", "unit", "mediator"),
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
        "mediation/case_detail.html",
        {
            "case": case,
            "actions": actions,
            "can_handle": handle,
            "history": history,
            "reveal": reveal,
        },
    )


@login_required
@require_POST
def case_reveal(request, pk):
    """Show the phone number unmasked to those who handle the case; itself an audit row."""
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


@login_required
def export(request):
    """The list as filtered, in Excel; personal data masked (fazhi.core.exports)."""
    records = _filtered(request).order_by("-received_on", "-id")
    return xlsx_response(records, model_columns(MediationCase), "调解案件.xlsx", "调解案件")
