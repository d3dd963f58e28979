"""依申请公开 over the API: the same visibility and the same service functions as the pages;
ID numbers, phones and addresses are masked."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError

from fazhi.core.apisteps import Refused, perform_api_step, prefixed, refusal, visible_or_404
from fazhi.core.audit import Channel
from fazhi.core.masking import mask_address, mask_id_number, mask_phone
from fazhi.core.models import OrgUnit

from . import services
from .actions import ACTIONS, form_for
from .models import DisclosureRequest
from .queries import can_handle_request, can_register_request, can_view_request, visible_requests

prefix = "/disclosure"
router = Router(tags=["依申请公开"])


class RequestOut(Schema):
    id: int
    number: str
    agency: str
    applicant_type: str
    applicant_name: str
    applicant_id_number: str
    applicant_phone: str
    applicant_address: str
    channel: str
    status: str
    status_label: str
    received_on: dt.date
    clock_start_on: dt.date
    reply_due_on: dt.date | None
    next_due_on: dt.date | None
    next_due_label: str
    replied_on: dt.date | None
    situation: str
    result: str

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.code

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_applicant_id_number(obj):
        return mask_id_number(obj.applicant_id_number)

    @staticmethod
    def resolve_applicant_phone(obj):
        return mask_phone(obj.applicant_phone)

    @staticmethod
    def resolve_applicant_address(obj):
        return mask_address(obj.applicant_address)


class ReceiveIn(Schema):
    agency: str  # 受理机关单位代码
    applicant_type: str
    applicant_name: str
    description: str
    channel: str
    submitted_on: dt.date
    received_on: dt.date | None = None
    applicant_id_number: str = ""
    applicant_uscc: str = ""
    applicant_phone: str = ""
    applicant_address: str = ""
    format_wanted: str = "paper"


@router.get("/requests", response=list[RequestOut], summary="可见的依申请公开(按收到日期倒序)")
def list_requests(request, status: str = "", limit: int = 50, offset: int = 0):
    requests = visible_requests(request.user).order_by("-received_on", "-id")
    if status:
        requests = requests.filter(status=status)
    return requests[offset : offset + min(limit, 500)]


@router.get("/requests/{request_id}", response=RequestOut)
def get_request(request, request_id: int):
    obj = visible_or_404(
        DisclosureRequest.objects.select_related("agency"),
        request_id,
        can_view_request,
        request.user,
        "申请",
    )
    return obj


@router.post("/requests", response={201: RequestOut, 422: Refused}, summary="登记依申请公开")
def receive_request(request, payload: ReceiveIn):
    if not can_register_request(request.user):
        raise HttpError(403, "只有承办单位的工作人员可以登记政府信息公开申请。")
    data = payload.dict()
    scope = request.user.scope_unit()
    agency = OrgUnit.objects.filter(code=data.pop("agency"), path__startswith=scope.path).first()
    if agency is None:
        raise HttpError(422, "受理机关单位代码不存在或不在您的范围内。")
    try:
        obj = services.receive(
            request.user, Channel.API, agency=agency, app=services.Application(**data)
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, obj)


@router.post(
    "/requests/{request_id}/{action}",
    response={200: RequestOut, 422: Refused},
    summary="办理一个环节(与网页同一服务函数)；字段同网页表单",
)
def act_on_request(request, request_id: int, action: str, payload: dict = Body(...)):
    obj = visible_or_404(
        DisclosureRequest.objects.select_related("agency"),
        request_id,
        can_view_request,
        request.user,
        "申请",
    )
    spec = ACTIONS.get(action)
    if spec is None:
        raise HttpError(404, f"未知的操作：{action}")
    if not can_handle_request(request.user, obj):
        raise HttpError(403, "您无权办理该申请，或申请已办结(只读)。")
    form = form_for(spec, obj, prefixed(spec, payload))
    return perform_api_step(request, obj, spec, form)
