"""建议提案 over the API: the same visibility and the same service functions as the pages."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError

from fazhi.core.apisteps import Refused, perform_api_step, refusal, visible_or_404
from fazhi.core.audit import Channel

from . import services
from .actions import ACTIONS, form_for
from .models import Proposal
from .queries import (
    can_handle_proposal,
    can_register_proposal,
    can_view_proposal,
    visible_proposals,
)

prefix = "/proposals"
router = Router(tags=["建议提案"])


class ProposalOut(Schema):
    id: int
    source: str
    year: int
    number: str
    title: str
    proposers: str
    received_on: dt.date
    assigned_on: dt.date | None
    unit: str | None
    co_units: list[str]
    merged_into: int | None
    status: str
    status_label: str
    extended: bool
    due_on: dt.date | None
    next_due_on: dt.date | None
    round: int
    answered_on: dt.date | None
    category: str
    satisfaction: str
    closed_on: dt.date | None

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_co_units(obj):
        return [u.code for u in obj.co_units.all()]

    @staticmethod
    def resolve_merged_into(obj):
        return obj.merged_into_id

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class ReceiveIn(Schema):
    source: str
    year: int
    number: str
    title: str
    proposers: str
    received_on: dt.date
    session: str = ""


@router.get("/items", response=list[ProposalOut], summary="可见的建议提案(按收到日期倒序，分页)")
def list_proposals(
    request, status: str = "", year: int | None = None, limit: int = 50, offset: int = 0
):
    proposals = visible_proposals(request.user).prefetch_related("co_units")
    if status:
        proposals = proposals.filter(status=status)
    if year:
        proposals = proposals.filter(year=year)
    return proposals.order_by("-received_on", "-id")[offset : offset + min(limit, 500)]


@router.get("/items/{proposal_id}", response=ProposalOut)
def get_proposal(request, proposal_id: int):
    proposal = visible_or_404(
        Proposal.objects.select_related("unit", "office"),
        proposal_id,
        can_view_proposal,
        request.user,
        "建议提案",
    )
    return proposal


@router.post("/items", response={201: ProposalOut, 422: Refused}, summary="登记建议提案")
def receive_proposal(request, payload: ReceiveIn):
    if not can_register_proposal(request.user):
        raise HttpError(403, "只有登记交办单位的工作人员可以登记建议提案。")
    try:
        proposal = services.receive(
            request.user,
            Channel.API,
            government=request.user.unit.government(),
            office=request.user.unit,
            **payload.dict(),
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, proposal)


@router.post(
    "/items/{proposal_id}/{action}",
    response={200: ProposalOut, 422: Refused},
    summary="办理一个环节(与网页同一服务函数)；字段同网页表单，单位以主键表示",
)
def act_on_proposal(request, proposal_id: int, action: str, payload: dict = Body(...)):
    proposal = visible_or_404(
        Proposal.objects.select_related("government"),
        proposal_id,
        can_view_proposal,
        request.user,
        "建议提案",
    )
    spec = ACTIONS.get(action)
    if spec is None:
        raise HttpError(404, f"未知的操作：{action}")
    if not can_handle_proposal(request.user, proposal):
        raise HttpError(403, "您无权办理本件，或本件已办结(只读)。")
    data = {}
    for key, value in payload.items():
        data[f"{spec.key}-{key}"] = value
    form = form_for(spec, proposal, _querydict(data))
    return perform_api_step(request, proposal, spec, form)


def _querydict(data: dict):
    """Lists (协办单位) as a multi-valued form field."""
    from django.http import QueryDict

    q = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            q.setlist(key, [str(v) for v in value])
        else:
            q[key] = str(value)
    return q
