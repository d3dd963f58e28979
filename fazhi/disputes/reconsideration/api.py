"""行政复议 over the API: the same visibility and the same service functions as the pages."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError

from fazhi.core.apisteps import Refused, perform_api_step, prefixed, refusal, visible_or_404
from fazhi.core.audit import Channel
from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.core.models import OrgUnit

from . import services
from .actions import ACTIONS, form_for
from .models import ReconsiderationCase
from .queries import (
    can_handle_case,
    can_register_case,
    can_view_case,
    visible_cases,
)

prefix = "/reconsideration"
router = Router(tags=["行政复议"])


class CaseOut(Schema):
    id: int
    number: str
    applicant_name: str
    applicant_type: str
    applicant_id_number: str
    applicant_phone: str
    respondent: str
    category: str
    law: str
    status: str
    status_label: str
    received_on: dt.date
    accepted_on: dt.date | None
    decision_due_on: dt.date | None
    next_due_on: dt.date | None
    next_due_label: str
    closed_on: dt.date | None
    outcome: str

    @staticmethod
    def resolve_respondent(obj):
        return obj.respondent.code

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_applicant_id_number(obj):
        return mask_id_number(obj.applicant_id_number)

    @staticmethod
    def resolve_applicant_phone(obj):
        return mask_phone(obj.applicant_phone)


class ReceiveIn(Schema):
    applicant_name: str
    applicant_type: str
    respondent: str  # 被申请人单位代码
    act: str
    category: str
    receipt_channel: str
    submitted_on: dt.date
    received_on: dt.date | None = None
    applicant_id_number: str = ""
    applicant_uscc: str = ""
    applicant_phone: str = ""


@router.get("/cases", response=list[CaseOut], summary="可见的行政复议案件(按收到日期倒序，分页)")
def list_cases(request, status: str = "", limit: int = 50, offset: int = 0):
    cases = visible_cases(request.user).order_by("-received_on", "-id")
    if status:
        cases = cases.filter(status=status)
    return cases[offset : offset + min(limit, 500)]


@router.get("/cases/{case_id}", response=CaseOut)
def get_case(request, case_id: int):
    case = visible_or_404(
        ReconsiderationCase.objects.select_related("respondent", "unit"),
        case_id,
        can_view_case,
        request.user,
        "案件",
    )
    return case


@router.post("/cases", response={201: CaseOut, 422: Refused}, summary="登记复议申请")
def receive_case(request, payload: ReceiveIn):
    if not can_register_case(request.user):
        raise HttpError(403, "只有承办单位的工作人员可以登记行政复议申请。")
    government = request.user.unit.government()
    data = payload.dict()
    respondent = OrgUnit.objects.filter(
        code=data.pop("respondent"), path__startswith=government.path
    ).first()
    if respondent is None:
        raise HttpError(422, "被申请人单位代码不存在或不属于本级政府。")
    try:
        case = services.receive(
            request.user,
            Channel.API,
            organ=government,
            unit=request.user.unit,
            app=services.Application(respondent=respondent, **data),
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
    case = visible_or_404(ReconsiderationCase.objects, case_id, can_view_case, request.user, "案件")
    spec = ACTIONS.get(action)
    if spec is None:
        raise HttpError(404, f"未知的操作：{action}")
    if not can_handle_case(request.user, case):
        raise HttpError(403, "您无权办理本案，或案件已办结(只读)。")
    form = form_for(spec, case, prefixed(spec, payload))
    return perform_api_step(request, case, spec, form)
