"""The approver's pages: the requests waiting for the user's decision, and one request to decide.
Deciding is the approver's own act in their own session (fazhi.core.approvals)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from . import approvals
from .ledger.forms import prefixed, service_data, step_form
from .ledger.views import form_errors
from .models import ApprovalRequest, Channel
from .procedures import get, registry


@login_required
def approval_list(request):
    mine = ApprovalRequest.objects.filter(requested_by=request.user).select_related("decided_by")
    return render(
        request,
        "core/approvals.html",
        {"waiting": approvals.decidable_by(request.user, registry()), "mine": mine[:50]},
    )


@login_required
def approval_detail(request, pk):
    req = get_object_or_404(ApprovalRequest.objects.select_related("requested_by"), pk=pk)
    procedure = _procedure_of(req)
    obj = procedure.visible(request.user).filter(pk=req.object_id).first()
    may_decide = approvals.may_decide(request.user, req, registry())
    if obj is None and not may_decide and req.requested_by_id != request.user.pk:
        raise Http404("审批申请不存在或无权查看")
    if request.method == "POST":
        return _decide(request, req, procedure, may_decide)
    return render(
        request,
        "core/approval.html",
        {"req": req, "obj": obj, "may_decide": may_decide, "p": procedure},
    )


def _decide(request, req, procedure, may_decide):
    decision = request.POST.get("decision")
    try:
        if decision == "withdraw":
            approvals.withdraw(procedure, request.user, Channel.WEB, req)
            messages.success(request, "已撤回审批申请。")
        elif not may_decide:
            raise PermissionDenied("您没有审批此申请的权限。")
        elif decision == "approve":
            approvals.approve(procedure, request.user, Channel.WEB, req, _runner(request, req))
            messages.success(request, f"已批准：{req.step_label}。")
        elif decision == "refuse":
            approvals.refuse(
                procedure, request.user, Channel.WEB, req, request.POST.get("note", "")
            )
            messages.success(request, f"已不予批准：{req.step_label}。")
        else:
            raise Http404("未知的审批操作")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("core:approval", req.pk)


def _runner(request, req):
    """Take the requested step as the approver: the stored data through the step's form again."""
    procedure = _procedure_of(req)
    step = procedure.steps[req.step]

    def run(obj, data):
        form = step_form(step, obj, request.user, prefixed(step, data))
        if not form.is_valid():
            raise ValidationError(f"申请内容已不符合要求：{form_errors(form)}")
        return procedure.steps.service(step)(request.user, Channel.WEB, obj, **service_data(form))

    return run


def _procedure_of(req):
    try:
        return get(req.procedure)
    except KeyError:
        raise Http404("审批申请所属事项不存在") from None
