"""The pages of 文书 and attachments: download (DOCX, PDF), 送达, upload, and the coordinator's
templates. Each paper is shown only to those who may see its record."""

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import procedures
from ..forms import ServedForm
from ..import_views import _attachment as attachment_response
from ..models import Channel, Role
from . import render as printing
from . import services
from .kinds import available_names
from .models import Attachment, Instrument, InstrumentTemplate

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def record_of(paper, user):
    """(procedure, record) of an instrument or attachment, if the user may see the record."""
    model = paper.content_type.model_class()
    procedure = procedures.for_model(model) if model else None
    record = procedure and procedure.visible(user).filter(pk=paper.object_id).first()
    if not record:
        raise Http404("文书或附件不存在或无权查看")
    return procedure, record


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """The kernel's download response (import_views), never sniffed into a page."""
    response = attachment_response(content, content_type, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def instrument_file(request, pk: int, fmt: str):
    instrument = Instrument.objects.select_related("government").filter(pk=pk).first()
    if instrument is None or fmt not in ("docx", "pdf"):
        raise Http404("文书不存在")
    record_of(instrument, request.user)
    name = f"{instrument.title}（{instrument.number}）.{fmt}"
    if fmt == "docx":
        return _download(printing.to_docx(instrument), DOCX, name)
    return _download(printing.to_pdf(instrument), "application/pdf", name)


@login_required
@require_POST
def instrument_serve(request, pk: int):
    instrument = Instrument.objects.filter(pk=pk).first()
    if instrument is None:
        raise Http404("文书不存在")
    procedure, record = record_of(instrument, request.user)
    if not procedure.steps.handles(request.user, record):
        raise PermissionDenied("只有承办人员可以登记送达。")
    if served_by_step(procedure, instrument):
        raise PermissionDenied("该文书的送达请在“办理”中登记：送达之日起算法定期限。")
    form = ServedForm(request.POST)
    if form.is_valid():
        try:
            services.serve(
                request.user,
                Channel.WEB,
                instrument,
                form.cleaned_data["served_on"],
                form.cleaned_data["way"],
            )
            messages.success(request, f"已登记送达：{instrument}。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "未能登记送达：请填写送达日期和送达方式。")
    return redirect(record)


def served_by_step(procedure, instrument: Instrument):
    kind = services.kinds_of(procedure).get(instrument.kind.split(".", 1)[-1])
    return kind and services.serving_step(procedure, kind)


class UploadForm(forms.Form):
    file = forms.FileField(label="文件")
    note = forms.CharField(label="说明", max_length=200, required=False)


def may_attach(procedure, user, record) -> bool:
    """Those who handle a record attach papers while it is open; a closed record takes them only
    from someone who may still act on it (an override holder correcting it)."""
    if not procedure.steps.handles(user, record):
        return False
    return record.is_open or bool(procedure.steps.offered(user, record))


def upload(procedure, request, record):
    """Attach a file to a record (from the record's page)."""
    if not may_attach(procedure, request.user, record):
        raise PermissionDenied("只有承办人员可以在办理中上传附件；已办结的记录只读。")
    # Refused before Django reads the body into a temporary file.
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > settings.FAZHI_ATTACHMENT_MAX_BYTES + 2**20:
        limit = settings.FAZHI_ATTACHMENT_MAX_BYTES // 2**20
        messages.error(request, f"文件超过{limit} MB，不能上传。")
        return redirect(record)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "未能上传：请选择文件。")
        return redirect(record)
    try:
        attachment = services.attach(
            request.user, Channel.WEB, record, form.cleaned_data["file"], form.cleaned_data["note"]
        )
        messages.success(request, f"已上传：{attachment.name}。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(record)


@login_required
def attachment_file(request, pk: int):
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404("附件不存在")
    record_of(attachment, request.user)
    with attachment.file.open("rb") as stored:
        content = stored.read()
    if hashlib.sha256(content).hexdigest() != attachment.sha256:
        return HttpResponse(
            "该附件的内容与上传时的校验值(SHA-256)不符，可能已被改动或损坏，请联系管理员。",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    return _download(content, "application/octet-stream", attachment.name)


# --- templates ---------------------------------------------------------------------------------


class TemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=60)
    code = forms.CharField(label="机关代字", max_length=20)
    body = forms.CharField(
        label="正文模板", widget=forms.Textarea(attrs={"rows": 16}), max_length=20000
    )


def _government_of_coordinator(user):
    if user.role != Role.COORDINATOR or not user.unit_id:
        raise PermissionDenied("只有统筹协调人员(司法局)可以修改文书模板。")
    return user.unit.government()


def _all_kinds():
    return [(p, kind) for p in procedures.all_procedures() for kind in p.instruments]


@login_required
def template_list(request):
    government = _government_of_coordinator(request.user)
    own = set(
        InstrumentTemplate.objects.filter(government=government).values_list("kind", flat=True)
    )
    rows = [(p, kind, services.full_key(p, kind) in own) for p, kind in _all_kinds()]
    return render(
        request, "core/instruments/templates.html", {"rows": rows, "government": government}
    )


@login_required
def template_edit(request, procedure_key: str, kind_key: str):
    government = _government_of_coordinator(request.user)
    try:
        procedure = procedures.get(procedure_key)
        kind = services.kinds_of(procedure)[kind_key]
    except KeyError as exc:
        raise Http404("文书种类不存在") from exc
    title, code, body = services.template_for(government, procedure, kind)
    form = TemplateForm(request.POST or None, initial={"title": title, "code": code, "body": body})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_template(
                request.user, Channel.WEB, government, procedure, kind, form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存文书模板：{form.cleaned_data['title']}。")
            return redirect("core:instrument_templates")
    names = available_names(procedure.model, services.issuing_forms(procedure, kind))
    context = {"procedure": procedure, "kind": kind, "form": form, "names": names}
    return render(
        request, "core/instruments/template_edit.html", context, status=422 if form.errors else 200
    )
