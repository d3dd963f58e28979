"""Every procedure's API router, built from its declaration: the same visibility, forms, checks and
service functions as the pages.

- `GET {prefix}/records` — the records the user may see, newest first, keyset-paged
  (`after` = the `next` of the previous page; `limit` 1–200);
- `GET {prefix}/records/{id}` — one record;
- `POST {prefix}/records` — register one (the registration form's fields, typed);
- `POST {prefix}/records/{id}/{step}` — one operation per step of the transition table, its body
  typed from the step's form (lengths, ranges, choices), so the OpenAPI document says what each
  step takes. A step that needs approval is recorded as a request for it (202).

Refusals answer with `{"detail": "<原因>"}`: 400 bad parameters, 401 not logged in, 403 not
allowed, 404 not visible, 422 the rules refuse.
"""

import datetime as dt
import decimal
import re
from typing import Any, Literal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, create_model

from .. import approvals
from ..instruments import services as instruments
from ..instruments import views as papers
from ..instruments.models import ServiceWay
from ..masking import field_masker, mask_text
from ..models import Channel, OrgUnit, User
from . import keyset
from .forms import form_class, prefixed, raw_data, service_data, step_form
from .views import form_errors, summary

MAX_LIMIT = 200
NATURAL_KEYS = {OrgUnit: ("code", "单位代码"), User: ("username", "用户名")}


class Refused(Schema):
    """A refusal: the reason, in Chinese."""

    detail: str


ERRORS = {400: Refused, 401: Refused, 403: Refused, 404: Refused, 422: Refused}


def camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in text.replace("-", "_").split("_"))


# --- schemas ------------------------------------------------------------------------------------


class OpenInput(BaseModel):
    """The body of a step whose form makes fields for each record (a 评查 rubric's items): besides
    the declared fields it may carry those, by the names the record's page form gives them; any
    other name is ignored, since only the record's own form's fields are read. (A plain pydantic
    model: ninja's Schema reads declared fields only.)"""

    model_config = ConfigDict(extra="allow")


def input_schema(name: str, form: type[forms.Form]) -> type[BaseModel]:
    fields = {key: _input_field(field) for key, field in form.base_fields.items()}
    per_record = getattr(form, "fields_per_record", "")  # what those fields are, in Chinese
    if per_record:
        return create_model(name, __base__=OpenInput, __doc__=per_record, **fields)
    return create_model(name, __base__=Schema, **fields)


def _input_field(field: forms.Field) -> tuple:
    kind, extra = _input_type(field)
    info = {"title": str(field.label or ""), "description": str(field.help_text or "")} | extra
    if field.required:
        return kind, Field(..., **info)
    default = [] if isinstance(field, forms.ModelMultipleChoiceField) else None
    return kind | None, Field(default, **info)


def _input_type(field: forms.Field) -> tuple:
    if isinstance(field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        label = _natural_key(field)[1]
        many = isinstance(field, forms.ModelMultipleChoiceField)
        return (list[str] if many else str), {"description": label, "max_length": 64}
    if isinstance(field, forms.BooleanField):
        return bool, {}
    if isinstance(field, forms.DateField):
        return dt.date, {}
    if isinstance(field, forms.IntegerField):
        return int, _bounds(field, {"ge": -(2**31), "le": 2**31 - 1})
    if isinstance(field, forms.DecimalField):
        return decimal.Decimal, _bounds(field, {"max_digits": field.max_digits})
    if isinstance(field, forms.ChoiceField):
        values = tuple(str(v) for v, _ in field.choices if v not in ("", None))
        return (Literal[values] if values else str), {}
    max_length = getattr(field, "max_length", None) or 10_000
    return str, {"max_length": max_length}


def _bounds(field, extra: dict) -> dict:
    found = {k: v for k, v in extra.items() if v is not None}
    if field.min_value is not None:
        found["ge"] = field.min_value
    if field.max_value is not None:
        found["le"] = field.max_value
    return found


def output_schema(procedure) -> type[Schema]:
    fields = {
        "id": (int, ...),
        "title": (str, ...),
        "status": (str, ...),
        "status_label": (str, ...),
    }
    for name in procedure.fields_in_api:
        field = procedure.model._meta.get_field(name)
        fields[name] = (_output_type(field), Field(None, title=str(field.verbose_name)))
        if field.choices:
            fields[f"{name}_label"] = (str | None, None)
    return create_model(f"{camel(procedure.key)}Record", __base__=Schema, **fields)


def _output_type(field: models.Field):
    if isinstance(field, models.ForeignKey):
        return str | None
    if isinstance(field, models.BooleanField):
        return bool | None
    if isinstance(field, models.DateTimeField):
        return dt.datetime | None
    if isinstance(field, models.DateField):
        return dt.date | None
    if isinstance(field, models.IntegerField):
        return int | None
    if isinstance(field, models.DecimalField):
        return decimal.Decimal | None
    if isinstance(field, models.JSONField):
        return Any  # a list of codes (a team's 执法领域) or another JSON value, as stored
    return str | None


def serialize(procedure, obj) -> dict:
    data = {
        "id": obj.pk,
        "title": mask_text(str(obj)),
        "status": obj.status,
        "status_label": obj.get_status_display(),
    }
    for name in procedure.fields_in_api:
        field = procedure.model._meta.get_field(name)
        data[name] = _value(procedure, obj, field)
        if field.choices:
            data[f"{name}_label"] = getattr(obj, f"get_{name}_display")()
    return data


def _value(procedure, obj, field):
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name)
        if related is None:
            return None
        key = NATURAL_KEYS.get(type(related), (None,))[0]
        return getattr(related, key) if key else str(related)
    value = getattr(obj, field.name)
    mask = procedure.personal.get(field.name) or field_masker(field)
    return mask(value) if mask and isinstance(value, str) else value


class Page(Schema):
    next: str | None = Field(None, description="下一页游标；无下一页时为空")


# --- the router ---------------------------------------------------------------------------------


def router_for(procedure) -> Router:
    router = Router(tags=[procedure.label])
    Out = output_schema(procedure)
    PageOut = create_model(f"{camel(procedure.key)}Page", __base__=Page, items=(list[Out], ...))
    _list_and_get(router, procedure, Out, PageOut)
    if procedure.creation:
        _create(router, procedure, Out)
    for step in procedure.steps:
        if not step.by_system:
            _step(router, procedure, step, Out)
    _papers(router, procedure)
    if procedure.extra_api:
        procedure.extra_api(router)
    return router


class InstrumentOut(Schema):
    id: int
    title: str
    number: str = Field(description="文号")
    step: str = Field(description="制作环节")
    issued_on: dt.date
    served_on: dt.date | None = Field(description="送达日期")
    served_way: str = Field(description="送达方式")
    docx: str = Field(description="下载 DOCX(GB/T 9704)")
    pdf: str = Field(description="下载 PDF")


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    sha256: str
    note: str
    uploaded_at: dt.datetime
    url: str


class PapersOut(Schema):
    instruments: list[InstrumentOut]
    attachments: list[AttachmentOut]


class ServeIn(Schema):
    served_on: dt.date = Field(title="送达(收到)日期")
    way: Literal[tuple(ServiceWay.values)] = Field(title="送达方式")


def _papers(router, procedure) -> None:
    """A record's 文书 and attachments, and the 送达 of a 文书 whose kind starts no clock."""

    @router.get(
        "/records/{record_id}/papers",
        response={200: PapersOut, **ERRORS},
        summary=f"{procedure.noun}的文书和附件",
        operation_id=f"{procedure.key}_papers",
    )
    def papers_of(request, record_id: int = Path(..., ge=1, le=2**63 - 1)):
        obj = visible_or_404(procedure, request, record_id)
        return {
            "instruments": [_instrument(i) for i in instruments.instruments_of(obj)],
            "attachments": [_attachment(a) for a in instruments.attachments_of(obj)],
        }

    @router.post(
        "/records/{record_id}/papers/{instrument_id}/serve",
        response={200: InstrumentOut, **ERRORS},
        summary="登记文书送达",
        operation_id=f"{procedure.key}_serve",
    )
    def serve(
        request,
        payload: ServeIn,
        record_id: int = Path(..., ge=1, le=2**63 - 1),
        instrument_id: int = Path(..., ge=1, le=2**63 - 1),
    ):
        obj = visible_or_404(procedure, request, record_id)
        instrument = instruments.instruments_of(obj).filter(pk=instrument_id).first()
        if instrument is None:
            raise HttpError(404, "文书不存在")
        if not procedure.steps.handles(request.user, obj):
            raise HttpError(403, "只有承办人员可以登记送达。")
        if step := papers.served_by_step(procedure, instrument):
            raise HttpError(422, f"该文书的送达请通过“{step.label}”登记：送达之日起算法定期限。")
        try:
            done = instruments.serve(
                request.user, Channel.API, instrument, payload.served_on, payload.way
            )
        except ValidationError as exc:
            raise HttpError(422, "；".join(exc.messages)) from exc
        return _instrument(done)


def _instrument(instrument) -> dict:
    return {
        "id": instrument.pk,
        "title": instrument.title,
        "number": instrument.number,
        "step": instrument.step,
        "issued_on": instrument.issued_on,
        "served_on": instrument.served_on,
        "served_way": instrument.served_way,
        "docx": reverse("core:instrument_file", args=[instrument.pk, "docx"]),
        "pdf": reverse("core:instrument_file", args=[instrument.pk, "pdf"]),
    }


def _attachment(attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "note": attachment.note,
        "uploaded_at": attachment.uploaded_at,
        "url": reverse("core:attachment_file", args=[attachment.pk]),
    }


def _list_and_get(router, procedure, Out, PageOut) -> None:
    statuses = tuple(["open", *procedure.statuses.values])
    date_field = procedure.ledger.date_field

    class ListQuery(Schema):
        status: Literal[statuses] | None = Field(None, description="状态；open 为全部未结")
        after: str | None = Field(None, max_length=64, description="上一页返回的 next")
        limit: int = Field(50, ge=1, le=MAX_LIMIT)

    ListQuery.__name__ = f"{camel(procedure.key)}ListQuery"

    @router.get(
        "/records",
        response={200: PageOut, **ERRORS},
        summary=f"可见的{procedure.label}{procedure.noun}(按日期倒序，游标分页)",
        operation_id=f"{procedure.key}_list",
    )
    def list_records(request, query: Query[ListQuery]):
        records = procedure.visible(request.user)
        if query.status == "open":
            records = records.filter(status__in=procedure.statuses.open())
        elif query.status:
            records = records.filter(status=query.status)
        try:
            page = keyset.page(records, f"-{date_field}", after=query.after or "", size=query.limit)
        except keyset.BadCursor:
            raise HttpError(400, "分页游标无效。") from None
        items = [serialize(procedure, obj) for obj in page.rows]
        return {"items": items, "next": page.next_cursor or None}

    @router.get(
        "/records/{record_id}",
        response={200: Out, **ERRORS},
        summary=f"一件{procedure.noun}",
        operation_id=f"{procedure.key}_get",
    )
    def get_record(request, record_id: int = Path(..., ge=1, le=2**63 - 1)):
        return serialize(procedure, visible_or_404(procedure, request, record_id))


def visible_or_404(procedure, request, record_id: int):
    obj = procedure.visible(request.user).filter(pk=record_id).first()
    if obj is None:
        raise HttpError(404, f"{procedure.noun}不存在或无权查看")
    return obj


def _create(router, procedure, Out) -> None:
    creation = procedure.creation
    In = input_schema(f"{camel(procedure.key)}CreateIn", creation.form)

    @router.post(
        "/records",
        response={201: Out, **ERRORS},
        summary=creation.label,
        operation_id=f"{procedure.key}_create",
    )
    def create_record(request, payload: In):
        reason = procedure.steps.creator.refusal(request.user, _prospective(request.user))
        if reason:
            raise HttpError(403, reason)
        kwargs = creation.form_args(request.user) if creation.form_args else {}
        form = creation.form(to_form_data(creation.form(**kwargs), payload.model_dump()), **kwargs)
        if not form.is_valid():
            raise HttpError(422, form_errors(form))
        try:
            obj = creation.create(request.user, Channel.API, form.cleaned_data)
        except ValidationError as exc:
            raise HttpError(422, "；".join(exc.messages)) from exc
        return Status(201, serialize(procedure, obj))


def _step(router, procedure, step, Out) -> None:
    In = input_schema(f"{camel(procedure.key)}{camel(step.key)}In", form_class(step))

    @router.post(
        f"/records/{{record_id}}/{step.key}",
        response={200: Out, 202: Refused, **ERRORS},
        summary=step.label + ("(需审批的，提交审批申请)" if step.approval else ""),
        operation_id=f"{procedure.key}_{step.key}",
    )
    def take_step(
        request: HttpRequest, payload: In, record_id: int = Path(..., ge=1, le=2**63 - 1)
    ):
        obj = visible_or_404(procedure, request, record_id)
        user = request.user
        asking = procedure.steps.needs_request(step, user, obj)
        reason = procedure.steps.refusal(step, user, obj, performing=not asking)
        if reason:
            status = 422 if procedure.steps.state_refusal(step, obj) else 403
            raise HttpError(status, reason)
        blank = step_form(step, obj, user)
        form = step_form(step, obj, user, prefixed(step, to_form_data(blank, payload.model_dump())))
        if not form.is_valid():
            raise HttpError(422, form_errors(form))
        try:
            if asking:
                approvals.ask(
                    procedure, step, user, Channel.API, obj, raw_data(form), summary(step, form)
                )
                return Status(202, {"detail": f"已提交审批：{step.label}"})
            result = procedure.steps.service(step)(user, Channel.API, obj, **service_data(form))
        except ValidationError as exc:
            raise HttpError(422, "；".join(exc.messages)) from exc
        # The record as the step left it: a service may answer with what the step made (an
        # opinion, a review), which this schema does not describe.
        if not isinstance(result, type(obj)) or result.pk != obj.pk:
            result = type(obj)._default_manager.get(pk=obj.pk)
        return Status(200, serialize(procedure, result))


def to_form_data(form: forms.Form, payload: dict) -> dict:
    """The API's typed values as the form's data: dates as ISO text, units and users by their
    code or username resolved among the choices the form offers (so the API offers no more than
    the page)."""
    data = {}
    for name, value in payload.items():
        field = form.fields.get(name)
        if value is None or field is None:
            continue
        if any("\x00" in str(v) for v in (value if isinstance(value, list) else [value])):
            # No field holds NUL (Django's text fields refuse it), and PostgreSQL refuses it even
            # in a lookup: refused here alike for every field and every item of a list (a 500,
            # found by fuzzing: str() of a list shows NUL as the text "\\x00").
            raise HttpError(422, f"“{field.label or name}”不能包含空字符(\\x00)。")
        if isinstance(field, forms.ModelChoiceField) and not field.to_field_name:
            value = _natural_to_pk(field, value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = "on" if value else ""
        data[name] = value
    return data


def _natural_key(field) -> tuple[str, str]:
    """How the API names a choice of this field: the form field's own `to_field_name` (the form
    then takes that value as it is), a unit's code or a user's name, or else the record's 编号."""
    if field.to_field_name:
        model_field = field.queryset.model._meta.get_field(field.to_field_name)
        return field.to_field_name, str(model_field.verbose_name)
    return NATURAL_KEYS.get(field.queryset.model, ("pk", "编号"))


PK = re.compile(r"[0-9]{1,18}")


def _natural_to_pk(field, value):
    """The pks of the choices named, compared as text (the API's values are strings); a value
    that names no choice stays an invalid choice for the form to refuse."""
    key = _natural_key(field)[0]
    values = [str(v) for v in (value if isinstance(value, list) else [value])]
    # An id is ASCII digits: str.isdigit() also takes "¹" or "٣", which int() refuses (a 500).
    wanted = [v for v in values if PK.fullmatch(v)] if key == "pk" else values
    found = field.queryset.filter(**{f"{key}__in": wanted}).values_list(key, "pk")
    by_key = {str(k): pk for k, pk in found}
    pks = [by_key.get(v, f"无效：{v}") for v in values]
    return pks if isinstance(value, list) else pks[0]


def _prospective(user):
    from .views import _Prospective

    return _Prospective(user)
