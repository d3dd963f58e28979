"""行政应诉 pages: the lawsuit list, the registration form, a lawsuit with its hearings."""

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
from .models import Lawsuit, Status
from .queries import (
    can_handle_lawsuit,
    can_register_lawsuit,
    can_view_lawsuit,
    handling_unit,
    visible_lawsuits,
)


def _filtered(request):
    cases = visible_lawsuits(request.user)
    cases = filter_by_status(cases, request, Status)
    year = request.GET.get("year", "")
    if year.isdigit():
        cases = cases.filter(copy_received_on__year=int(year))
    q = request.GET.get("q", "").strip()
    if q:
        cases = cases.filter(number__startswith=q) | cases.filter(plaintiff_name__startswith=q)
    return cases


@login_required
def lawsuit_list(request):
    """Keyset pagination on (copy_received_on, id): constant cost on any page, no COUNT(*)."""
    cases = _filtered(request)
    rows, next_after, query = keyset_page(request, cases, "copy_received_on")
    return render(
        request,
        "litigation/lawsuit_list.html",
        {
            "cases": rows,
            "next_after": next_after,
            "query": query,
            "statuses": Status.choices,
            "can_register": can_register_lawsuit(request.user),
        },
    )


@login_required
def lawsuit_new(request):
    if not can_register_lawsuit(request.user):
        raise PermissionDenied("只有承办单位的工作人员可以登记应诉案件。")
    government = request.user.unit.government()
    form = ReceiveForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = handling_unit(request.user, data["defendant"])
        previous_number = data.pop("previous_number").strip()
        data["previous"] = (
            visible_lawsuits(request.user).filter(number=previous_number).first()
            if previous_number
            else None
        )
        try:
            if previous_number and data["previous"] is None:
                raise ValidationError(f"前一审级案号 {previous_number} 未在本平台登记或无权查看。")
            case = services.receive(request.user, Channel.WEB, unit=unit, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"已登记 {case.number}，答辩举证期限 {case.answer_due_on:%Y-%m-%d}。"
            )
            return redirect(case)
    return render(request, "litigation/lawsuit_new.html", {"form": form})


def _case_or_404(request, pk) -> Lawsuit:
    return visible_or_404(
        Lawsuit.objects.select_related("unit", "defendant", "previous"),
        pk,
        can_view_lawsuit,
        request.user,
        "案件",
    )


@login_required
def lawsuit_detail(request, pk, forms=None, reveal=False):
    case = _case_or_404(request, pk)
    handle = can_handle_lawsuit(request.user, case)
    actions = offered_steps(ACTIONS, case, form_for, forms) if handle else []
    history = history_of(case)
    return render(
        request,
        "litigation/lawsuit_detail.html",
        {
            "case": case,
            "actions": actions,
            "can_handle": handle,
            "history": history,
            "hearings": case.hearings.all(),
            "next_instances": case.next_instances.all(),
            "reveal": reveal,
        },
    )


@login_required
@require_POST
def lawsuit_reveal(request, pk):
    """Show the plaintiff's ID number unmasked: to those who handle the case, as an audit row."""
    case = _case_or_404(request, pk)
    if not can_handle_lawsuit(request.user, case):
        raise PermissionDenied("只有承办人员可以查看完整的个人信息。")
    services.record_personal_data_access(request.user, Channel.WEB, case)
    return lawsuit_detail(request, pk, reveal=True)


@login_required
@require_POST
def lawsuit_action(request, pk, action):
    case = _case_or_404(request, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("未知的操作")
    if not can_handle_lawsuit(request.user, case):
        raise PermissionDenied("您无权办理本案，或本审级已结束(只读)。")
    form = form_for(spec, case, request.POST)
    if perform_step(request, case, spec, form, drop_empty=True):
        return redirect(case)
    return lawsuit_detail(request, pk, forms={action: form})


@login_required
def export(request):
    """The list as filtered, in Excel; personal data masked (fazhi.core.exports)."""
    records = _filtered(request).order_by("-copy_received_on", "-id")
    return xlsx_response(records, model_columns(Lawsuit), "行政应诉案件.xlsx", "行政应诉案件")
