"""Steps that need someone else's approval (延长期限, 负责人同意 …).

The person handling a record asks; the approver decides in their own session. Approving takes the
step through the procedure's service function with the approver as its actor, so the authority
recorded is always the approver's own act — never an id chosen in someone else's form.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from . import audit
from .models import ApprovalRequest, ApprovalStatus
from .workflow import Refusal


def ask(procedure, step, actor, channel: str, obj, data: dict, summary: str) -> ApprovalRequest:
    """Record a request for `step` on `obj`, with the form's data as typed (checked again when the
    approver decides, against the record as it is then)."""
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        reason = procedure.steps.refusal(step, actor, obj, performing=False)
        if reason:
            raise Refusal(reason)
        if pending(procedure, obj, step.key).exists():
            raise Refusal(f"本件已有待审批的“{step.label}”申请，请等待审批结果。")
        request = ApprovalRequest.objects.create(
            procedure=procedure.key,
            object_id=obj.pk,
            object_repr=str(obj)[:200],
            step=step.key,
            step_label=step.label,
            unit=_unit_of(procedure, obj),
            data=data,
            summary=summary[:300],
            requested_by=actor,
        )
        audit.record(
            actor, channel, f"申请审批：{step.label}", obj, None, {"request": request.pk} | data
        )
    return request


def pending(procedure, obj, step_key: str | None = None):
    found = ApprovalRequest.objects.filter(
        procedure=procedure.key, object_id=obj.pk, status=ApprovalStatus.PENDING
    )
    return found.filter(step=step_key) if step_key else found


def decidable_by(user, procedures) -> list[ApprovalRequest]:
    """Pending requests this user may decide: those in the user's government whose step's
    approval rule allows the user on the record."""
    if not (user.is_authenticated and user.unit_id):
        return []
    government = user.unit.government()
    requests = ApprovalRequest.objects.filter(
        status=ApprovalStatus.PENDING, unit__path__startswith=government.path
    ).select_related("requested_by", "unit")[:200]
    by_procedure: dict[str, list[ApprovalRequest]] = defaultdict(list)
    for request in requests:
        by_procedure[request.procedure].append(request)
    allowed = []
    for (
        key,
        group,
    ) in by_procedure.items():  # the records in one query per procedure, not per request
        procedure = procedures.get(key)
        if procedure is None:
            continue
        records = _records(procedure, group)
        allowed += [r for r in group if _allows(user, procedure, r, records.get(r.object_id))]
    return sorted(allowed, key=lambda r: r.requested_at, reverse=True)


def _records(procedure, requests: list[ApprovalRequest]) -> dict:
    """The requests' records with the units their steps' approval rules read."""
    paths = {
        field.replace(".", "__")
        for request in requests
        if (step := procedure.steps.steps.get(request.step)) and step.approval
        for field in step.approval.unit_fields()
    }
    records = procedure.model.objects.select_related(*sorted(paths))
    return records.in_bulk([r.object_id for r in requests])


def _allows(user, procedure, request: ApprovalRequest, obj) -> bool:
    step = procedure.steps.steps.get(request.step)
    return bool(obj and step and step.approval and step.approval.allows(user, obj))


def may_decide(user, request: ApprovalRequest, procedures) -> bool:
    procedure = procedures.get(request.procedure)
    if procedure is None:
        return False
    obj = procedure.model.objects.filter(pk=request.object_id).first()
    return _allows(user, procedure, request, obj)


def approve(procedure, actor, channel: str, request: ApprovalRequest, run_step) -> object:
    """The approver's own act: take the step with the approver as actor. `run_step(obj, data)`
    validates the stored data through the step's form and calls its service."""
    with transaction.atomic():
        request = _locked_pending(request)
        obj = procedure.model.objects.get(pk=request.object_id)
        result = run_step(obj, request.data)
        _decide(request, actor, ApprovalStatus.APPROVED, "")
        audit.record(
            actor,
            channel,
            f"批准：{request.step_label}",
            result,
            None,
            {"request": request.pk, "requested_by": audit.actor_label(request.requested_by)},
        )
    return result


def refuse(procedure, actor, channel: str, request: ApprovalRequest, note: str) -> None:
    with transaction.atomic():
        request = _locked_pending(request)
        obj = procedure.model.objects.get(pk=request.object_id)
        step = procedure.steps[request.step]
        if not step.approval.allows(actor, obj):
            raise Refusal(step.approval.reason)
        if not note.strip():
            raise Refusal("不予批准应说明理由。")
        _decide(request, actor, ApprovalStatus.REFUSED, note)
        audit.record(actor, channel, f"不予批准：{request.step_label}", obj, None, {"note": note})


def withdraw(procedure, actor, channel: str, request: ApprovalRequest) -> None:
    with transaction.atomic():
        request = _locked_pending(request)
        if request.requested_by_id != getattr(actor, "pk", None):
            raise Refusal("只有申请人可以撤回审批申请。")
        obj = procedure.model.objects.get(pk=request.object_id)
        _decide(request, actor, ApprovalStatus.WITHDRAWN, "")
        audit.record(actor, channel, f"撤回审批申请：{request.step_label}", obj, None, {})


def _locked_pending(request: ApprovalRequest) -> ApprovalRequest:
    request = ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ApprovalStatus.PENDING:
        raise Refusal(f"该申请已{request.get_status_display()}，不能再处理。")
    return request


def _decide(request: ApprovalRequest, actor, status: str, note: str) -> None:
    request.status, request.decided_by = status, actor
    request.decided_at, request.note = timezone.now(), note[:300]
    request.save(update_fields=["status", "decided_by", "decided_at", "note"])


def _unit_of(procedure, obj):
    return getattr(obj, procedure.steps.reach[0])
