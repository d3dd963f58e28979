"""建议提案 pages: the list, the registration form, and a proposal with its steps."""

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
from .models import Proposal, Source, Status
from .queries import (
    can_handle_proposal,
    can_register_proposal,
    can_view_proposal,
    visible_proposals,
)


def _filtered(request):
    proposals = visible_proposals(request.user)
    proposals = filter_by_status(proposals, request, Status)
    if request.GET.get("source", "") in Source.values:
        proposals = proposals.filter(source=request.GET["source"])
    if request.GET.get("overdue"):
        proposals = proposals.overdue()
    year = request.GET.get("year", "")
    if year.isdigit():
        proposals = proposals.filter(year=int(year))
    q = request.GET.get("q", "").strip()
    if q:
        proposals = proposals.filter(number=q) | proposals.filter(title__contains=q)
    return proposals


@login_required
def proposal_list(request):
    """Keyset pagination on (received_on, id): constant cost on any page, no COUNT(*)."""
    proposals = _filtered(request)
    rows, next_after, query = keyset_page(request, proposals, "received_on")
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "proposals": rows,
            "next_after": next_after,
            "query": query,
            "statuses": Status.choices,
            "sources": Source.choices,
            "can_register": can_register_proposal(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def proposal_new(request):
    if not can_register_proposal(request.user):
        raise PermissionDenied("只有登记交办单位的工作人员可以登记建议提案。")
    form = ReceiveForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.receive(
                request.user,
                Channel.WEB,
                government=request.user.unit.government(),
                office=request.user.unit,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记：{proposal}。")
            return redirect(proposal)
    return render(request, "proposals/proposal_new.html", {"form": form})


def _proposal_or_404(request, pk) -> Proposal:
    return visible_or_404(
        Proposal.objects.select_related("unit", "office", "government", "merged_into"),
        pk,
        can_view_proposal,
        request.user,
        "建议提案",
    )


@login_required
def proposal_detail(request, pk, forms=None):
    proposal = _proposal_or_404(request, pk)
    handle = can_handle_proposal(request.user, proposal)
    actions = offered_steps(ACTIONS, proposal, form_for, forms) if handle else []
    history = history_of(proposal)
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "p": proposal,
            "actions": actions,
            "can_handle": handle,
            "co_units": proposal.co_units.order_by("path"),
            "merged": proposal.merged.order_by("source", "number"),
            "answers": proposal.answers.all(),
            "history": history,
        },
    )


@login_required
@require_POST
def proposal_action(request, pk, action):
    proposal = _proposal_or_404(request, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("未知的操作")
    if not can_handle_proposal(request.user, proposal):
        raise PermissionDenied("您无权办理本件，或本件已办结(只读)。")
    form = form_for(spec, proposal, request.POST)
    if perform_step(request, proposal, spec, form):
        return redirect(proposal)
    return proposal_detail(request, pk, forms={action: form})


@login_required
def export(request):
    """The list as filtered, in Excel; personal data masked (fazhi.core.exports)."""
    records = _filtered(request).order_by("-received_on", "-id")
    return xlsx_response(records, model_columns(Proposal), "建议提案.xlsx", "建议提案")
