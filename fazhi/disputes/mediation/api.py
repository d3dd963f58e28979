"""调解 over the API: the same visibility and the same service functions as the pages."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError

from fazhi.core.apisteps import Refused, perform_api_step, prefixed, refusal, visible_or_404
from fazhi.core.audit import Channel
from fazhi.core.masking import mask_phone

from . import services
from .actions import ACTIONS, form_for
from .models import MediationCase
from .queries import (
    can_handle_case,
    can_register_case,
    can_view_case,
    visible_bodies,
    visible_cases,
)

prefix = "/mediation"
router = Router(tags=["调解"])


class CaseOut(Schema):
    id: int
    number: str
    body: str
    kind: str
    dispute_type: str
    parties: str
    party_phone: str
    origin: str
    status: str
    status_label: str
    received_on: dt.date
    mediation_due_on: dt.date | None
    closed_on: dt.date | None
    agreement_form: str
    agreement_effective_on: dt.date | None
    confirmation_due_on: dt.date | None
    confirmation_applied_on: dt.date | None
    confirmation_result: str

    @staticmethod
    def resolve_body(obj):
        return obj.body.code

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_party_phone(obj):
        return mask_phone(obj.party_phone)


class ReceiveIn(Schema):
    body: str  # 调解组织代码
    dispute_type: str
    parties: str
    origin: str
    received_on: dt.date
    party_phone: str = ""
    summary: str = ""


@router.get("/cases", response=list[CaseOut], summary="可见的调解案件(按受理日期倒序，分页)")
def list_cases(request, kind: str = "", status: str = "", limit: int = 50, offset: int = 0):
    cases = visible_cases(request.user).order_by("-received_on", "-id")
    if kind:
        cases = cases.filter(kind=kind)
    if status:
        cases = cases.filter(status=status)
    return cases[offset : offset + min(limit, 500)]


@router.get("/cases/{case_id}", response=CaseOut)
def get_case(request, case_id: int):
    case = visible_or_404(
        MediationCase.objects.select_related("body", "unit"),
        case_id,
        can_view_case,
        request.user,
        "案件",
    )
    return case


@router.post("/cases", response={201: CaseOut, 422: Refused}, summary="受理调解")
def receive_case(request, payload: ReceiveIn):
    if not can_register_case(request.user):
        raise HttpError(403, "只有调解组织所属单位的工作人员可以登记调解案件。")
    data = payload.dict()
    body = visible_bodies(request.user).filter(code=data.pop("body")).first()
    if body is None:
        raise HttpError(422, "调解组织代码不存在或不在您的管辖范围内。")
    try:
        case = services.receive(
            request.user, Channel.API, body=body, intake=services.Intake(**data)
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, case)


@router.post(
    "/cases/{case_id}/{action}",
    response={200: CaseOut, 422: Refused},
    summary="办理一个环节(与网页同一服务函数)；字段同网页表单",
)
def act_on_case(request, case_id: int, action: str, payload: dict = Body(...)):
    case = visible_or_404(
        MediationCase.objects.select_related("body", "unit"),
        case_id,
        can_view_case,
        request.user,
        "案件",
    )
    spec = ACTIONS.get(action)
    if spec is None:
        raise HttpError(404, f"未知的操作：{action}")
    if not can_handle_case(request.user, case):
        raise HttpError(403, "您无权办理本案，或案件已办结(只读)。")
    form = form_for(spec, case, prefixed(spec, payload))
    return perform_api_step(request, case, spec, form)
