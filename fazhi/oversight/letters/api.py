"""信箱 over the API: the same visibility and service functions as the pages; phones masked."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError

from fazhi.core.apisteps import Refused, perform_api_step, prefixed, visible_or_404
from fazhi.core.audit import Channel
from fazhi.core.masking import mask_name, mask_phone

from . import services
from .actions import ACTIONS, form_for
from .models import Letter
from .queries import can_register_letter, can_take, can_view_letter, visible_letters

prefix = "/letters"
router = Router(tags=["信箱"])


class LetterOut(Schema):
    id: int
    reference: str
    received_on: dt.date
    writer_name: str
    writer_phone: str
    subject: str
    category: str
    status: str
    status_label: str
    unit: str | None
    assigned_on: dt.date | None
    reply_due_on: dt.date | None
    replied_on: dt.date | None
    closed_on: dt.date | None

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_writer_name(obj):
        return mask_name(obj.writer_name)

    @staticmethod
    def resolve_writer_phone(obj):
        return mask_phone(obj.writer_phone)


class ReceiveIn(Schema):
    reference: str
    received_on: dt.date
    writer_name: str
    subject: str
    category: str
    writer_phone: str = ""


@router.get("/letters", response=list[LetterOut], summary="可见的信箱信件(按收到日期倒序，分页)")
def list_letters(request, status: str = "", limit: int = 50, offset: int = 0):
    letters = visible_letters(request.user).order_by("-received_on", "-id")
    if status:
        letters = letters.filter(status=status)
    return letters[offset : offset + min(limit, 500)]


@router.get("/letters/{letter_id}", response=LetterOut)
def get_letter(request, letter_id: int):
    letter = visible_or_404(
        Letter.objects.select_related("unit", "registrar"),
        letter_id,
        can_view_letter,
        request.user,
        "信件",
    )
    return letter


@router.post("/letters", response={201: LetterOut, 422: Refused}, summary="登记信箱信件")
def receive_letter(request, payload: ReceiveIn):
    if not can_register_letter(request.user):
        raise HttpError(403, "只有工作人员可以登记信箱信件。")
    try:
        letter = services.receive(
            request.user,
            Channel.API,
            organ=request.user.unit.government(),
            registrar=request.user.unit,
            letter=services.Incoming(**payload.dict()),
        )
    except ValidationError as exc:
        raise HttpError(422, "；".join(exc.messages)) from exc
    return Status(201, letter)


@router.post(
    "/letters/{letter_id}/{action}",
    response={200: LetterOut, 422: Refused},
    summary="办理一个环节(交办、退回改派、答复、办结)；字段同网页表单",
)
def act_on_letter(request, letter_id: int, action: str, payload: dict = Body(...)):
    letter = visible_or_404(
        Letter.objects.select_related("organ"), letter_id, can_view_letter, request.user, "信件"
    )
    spec = ACTIONS.get(action)
    if spec is None:
        raise HttpError(404, f"未知的操作：{action}")
    if not can_take(request.user, letter, action):
        raise HttpError(403, "您无权办理该信件，或信件已办结(只读)。")
    form = form_for(spec, letter, prefixed(spec, payload))
    return perform_api_step(request, letter, spec, form)
