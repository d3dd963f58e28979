"""政务新媒体 over the API: the same visibility and service functions as the pages."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError

from fazhi.core.apisteps import Refused, perform_api_step, prefixed, visible_or_404
from fazhi.core.audit import Channel
from fazhi.core.models import OrgUnit

from . import services
from .actions import ACCOUNT_ACTIONS, form_for
from .models import Account
from .queries import can_manage_account, can_register_account, can_view_account, visible_accounts

prefix = "/media"
router = Router(tags=["政务新媒体"])


class AccountOut(Schema):
    id: int
    platform: str
    name: str
    unit: str
    opened_on: dt.date
    registered: bool
    registered_on: dt.date | None
    status: str
    status_label: str
    closed_on: dt.date | None
    close_reason: str

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class AccountIn(Schema):
    unit: str  # 主办单位代码
    platform: str
    name: str
    opened_on: dt.date
    registered_on: dt.date | None = None


@router.get("/accounts", response=list[AccountOut], summary="可见的政务新媒体账号(分页)")
def list_accounts(request, status: str = "", limit: int = 50, offset: int = 0):
    accounts = visible_accounts(request.user).order_by("-id")
    if status:
        accounts = accounts.filter(status=status)
    return accounts[offset : offset + min(limit, 500)]


@router.get("/accounts/{account_id}", response=AccountOut)
def get_account(request, account_id: int):
    account = visible_or_404(
        Account.objects.select_related("unit"), account_id, can_view_account, request.user, "账号"
    )
    return account


@router.post("/accounts", response={201: AccountOut, 422: Refused}, summary="登记政务新媒体账号")
def register_account(request, payload: AccountIn):
    if not can_register_account(request.user):
        raise HttpError(403, "只有工作人员可以登记政务新媒体账号。")
    data = payload.dict()
    unit = OrgUnit.objects.filter(code=data.pop("unit")).first()
    if unit is None or not can_view_account(request.user, Account(unit=unit)):
        raise HttpError(422, "主办单位代码不存在或不在您的管理范围内。")
    try:
        account = services.register_account(request.user, Channel.API, unit=unit, **data)
    except ValidationError as exc:
        raise HttpError(422, "；".join(exc.messages)) from exc
    return Status(201, account)


@router.post(
    "/accounts/{account_id}/{action}",
    response={200: AccountOut, 422: Refused},
    summary="办理一个环节(填报、整改完成、关停)；字段同网页表单",
)
def act_on_account(request, account_id: int, action: str, payload: dict = Body(...)):
    account = visible_or_404(
        Account.objects.select_related("unit"), account_id, can_view_account, request.user, "账号"
    )
    spec = ACCOUNT_ACTIONS.get(action)
    if spec is None:
        raise HttpError(404, f"未知的操作：{action}")
    if not can_manage_account(request.user, account):
        raise HttpError(403, "您无权办理该账号，或账号已关停(只读)。")
    form = form_for(spec, account, prefixed(spec, payload))
    return perform_api_step(request, account, spec, form)
