"""Staff pages for imports: templates to download, an upload form, each upload's progress and then
its result with its errors (the import itself runs outside the request: imports/background.py)."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from .imports import (
    UnknownImportKind,
    all_importers,
    background,
    error_report_xlsx,
    get_importer,
    result_from_dict,
    template_csv,
    template_xlsx,
)
from .models import ImportRun

RECENT_RUNS = 10
REFRESH_SECONDS = 2

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATES = {
    "xlsx": (template_xlsx, XLSX_TYPE),
    "csv": (template_csv, "text/csv; charset=utf-8"),
}


def max_upload_bytes() -> int:
    return getattr(settings, "FAZHI_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入类型")
    file = forms.FileField(
        label="文件(CSV 或 XLSX)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )
    dry_run = forms.BooleanField(label="仅校验(不写入)", required=False)

    def __init__(self, *args, importers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(i.kind, i.label) for i in importers]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(f"文件超过 {limit // (1024 * 1024)} MB 上限，请拆分后导入")
        return upload


def importers_for(user) -> list:
    return [importer for importer in all_importers() if importer.can_import(user)]


def _allowed_importers(request) -> list:
    """The importers this user may run; anyone without one is refused the pages."""
    allowed = importers_for(request.user)
    if not allowed:
        raise PermissionDenied("您没有导入数据的权限")
    return allowed


def _importer_for(request, kind: str):
    try:
        importer = get_importer(kind)
    except UnknownImportKind:
        raise Http404("未知的导入类型") from None
    if not importer.can_import(request.user):
        raise PermissionDenied("您没有导入此类数据的权限")
    return importer


def _page(request, importers, form, status=200):
    context = {
        "importers": importers,
        "form": form,
        "max_mb": max_upload_bytes() // 2**20,
        "runs": ImportRun.objects.filter(user=request.user)[:RECENT_RUNS],
    }
    return render(request, "core/imports.html", context, status=status)


@login_required
@require_GET
def imports_page(request):
    importers = _allowed_importers(request)
    return _page(request, importers, UploadForm(importers=importers))


@login_required
@require_GET
def download_template(request, kind: str, fmt: str):
    importer = _importer_for(request, kind)
    if fmt not in TEMPLATES:
        raise Http404("未知的模板格式")
    build, content_type = TEMPLATES[fmt]
    content = build(kind, request.user) if fmt == "xlsx" else build(kind)
    return _attachment(content, content_type, f"{importer.label}导入模板.{fmt}")


@login_required
@require_POST
def upload(request):
    importers = _allowed_importers(request)
    form = UploadForm(request.POST, request.FILES, importers=importers)
    if not form.is_valid():
        return _page(request, importers, form, status=400)
    data = form.cleaned_data
    _importer_for(request, data["kind"])
    try:
        run = background.queue(data["kind"], data["file"], request.user, data["dry_run"])
    except background.Busy as exc:
        form.add_error(None, str(exc))
        return _page(request, importers, form, status=409)
    return redirect("core:import_run", pk=run.pk)


def _own_run(request, pk: int) -> ImportRun:
    """One of the user's own runs: an upload's rows and errors are its uploader's to see."""
    run = ImportRun.objects.filter(pk=pk, user=request.user).first()
    if run is None:
        raise Http404("没有这次导入，或不是您上传的")
    return run


@login_required
@require_GET
def import_run(request, pk: int):
    run = background.refreshed(_own_run(request, pk))
    if not run.finished:
        context = {"run": run, "refresh": REFRESH_SECONDS}
        return render(request, "core/import_progress.html", context)
    result = result_from_dict(run.result) if run.result else None
    return render(request, "core/import_result.html", {"run": run, "result": result})


@login_required
@require_GET
def error_report(request, pk: int):
    run = _own_run(request, pk)
    if not run.result or not run.result["errors"]:
        raise Http404("没有可下载的错误报告")
    result = result_from_dict(run.result)
    filename = f"{result.label}导入错误报告.xlsx"
    return _attachment(error_report_xlsx(result), XLSX_TYPE, filename)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
