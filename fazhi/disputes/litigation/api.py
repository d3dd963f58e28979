"""行政应诉 over the API: the same visibility and the same service functions as the pages."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError

from fazhi.core.apisteps import Refused, perform_api_step, prefixed, refusal, visible_or_404
from fazhi.core.audit import Channel
from fazhi.core.masking import mask_id_number
from fazhi.core.models import OrgUnit

from . import services
from .actions import ACTIONS, form_for
from .models import Lawsuit
from .queries import (
    can_handle_lawsuit,
    can_register_lawsuit,
    can_view_lawsuit,
    handling_unit,
    visible_lawsuits,
)

prefix = "/litigation"
router = Router(tags=["行政应诉"])


class LawsuitOut(Schema):
    id: int
    number: str
    court: str
    instance: str
    previous_id: int | None
    cause: str
    plaintiff_type: str
    plaintiff_name: str
    plaintiff_id_number: str
    defendant: str
    status: str
    status_label: str
    copy_received_on: dt.date
    answer_due_on: dt.date
    answered_on: dt.date | None
    next_hearing_on: dt.date | None
    decided_on: dt.date | None
    result: str
    lost: bool
    appeal_due_on: dt.date | None
    next_due_on: dt.date | None
    next_due_label: str
    closed_on: dt.date | None

    @staticmethod
    def resolve_defendant(obj):
        return obj.defendant.code

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_plaintiff_id_number(obj):
        return mask_id_number(obj.plaintiff_id_number)


class ReceiveIn(Schema):
    number: str
    court: str
    cause: str
    plaintiff_type: str
    plaintiff_name: str
    defendant: str  # 被告单位代码
    copy_received_on: dt.date
    instance: str = "first"
    plaintiff_id_number: str = ""
    previous_id: int | None = None  # 二审、再审: the lawsuit of the instance before


@router.get("/lawsuits", response=list[LawsuitOut], summary="可见的应诉案件(按收到日期倒序，分页)")
def list_lawsuits(request, status: str = "", limit: int = 50, offset: int = 0):
    cases = visible_lawsuits(request.user).order_by("-copy_received_on", "-id")
    if status:
        cases = cases.filter(status=status)
    return cases[offset : offset + min(limit, 500)]


@router.get("/lawsuits/{lawsuit_id}", response=LawsuitOut)
def get_lawsuit(request, lawsuit_id: int):
    case = visible_or_404(
        Lawsuit.objects.select_related("defendant", "unit"),
        lawsuit_id,
        can_view_lawsuit,
        request.user,
        "案件",
    )
    return case


@router.post("/lawsuits", response={201: LawsuitOut, 422: Refused}, summary="登记应诉案件")
def receive_lawsuit(request, payload: ReceiveIn):
    if not can_register_lawsuit(request.user):
        raise HttpError(403, "只有承办单位的工作人员可以登记应诉案件。")
    government = request.user.unit.government()
    data = payload.dict()
    defendant = OrgUnit.objects.filter(
        code=data.pop("defendant"), path__startswith=government.path
    ).first()
    if defendant is None:
        raise HttpError(422, "被告单位代码不存在或不属于本级政府。")
    previous_id = data.pop("previous_id")
    previous = None
    if previous_id is not None:
        previous = (
            Lawsuit.objects.select_related("unit", "defendant").filter(pk=previous_id).first()
        )
        if previous is None or not can_view_lawsuit(request.user, previous):
            raise HttpError(422, "前一审级案件不存在或无权查看。")
    try:
        case = services.receive(
            request.user,
            Channel.API,
            defendant=defendant,
            unit=handling_unit(request.user, defendant),
            previous=previous,
            **data,
        )
    except ValidationError as exc:
        raise refusal(exc) from exc
    return Status(201, case)


@router.post(
    "/lawsuits/{lawsuit_id}/{action}",
    response={200: LawsuitOut, 422: Refused},
    summary="办理一个环节(与网页同一服务函数)；字段同网页表单",
)
def act_on_lawsuit(request, lawsuit_id: int, action: str, payload: dict = Body(...)):
    case = visible_or_404(
        Lawsuit.objects.select_related("unit", "defendant"),
        lawsuit_id,
        can_view_lawsuit,
        request.user,
        "案件",
    )
    spec = ACTIONS.get(action)
    if spec is None:
        raise HttpError(404, f"未知的操作：{action}")
    if not can_handle_lawsuit(request.user, case):
        raise HttpError(403, "您无权办理本案，或本审级已结束(只读)。")
    form = form_for(spec, case, prefixed(spec, payload))
    return perform_api_step(request, case, spec, form, drop_empty=True)
