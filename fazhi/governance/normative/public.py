"""The public library of 行政规范性文件 (纲要(2021－2025年) "统一公开查询"; 政府信息公开条例 art.
20(1): 规范性文件 are disclosed proactively): every document the portal's government and its
departments and towns published, searchable by title, 文号 or 制定机关, each with its versions and
whether it is in force. No login; drafts are never shown."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from fazhi.core import ratelimit
from fazhi.core.models import OrgUnit
from fazhi.core.pages import search_param

from .models import DocStatus, NormativeDocument

PUBLISHED = [
    DocStatus.PUBLISHED,
    DocStatus.EFFECTIVE,
    DocStatus.EXPIRED,
    DocStatus.ABOLISHED,
]
PAGE = 30


def _government():
    return OrgUnit.objects.filter(code=settings.FAZHI_GOVERNMENT_CODE).first()


def _documents(government):
    if government is None:
        return NormativeDocument.objects.none()
    return NormativeDocument.objects.filter(
        organ__path__startswith=government.path, status__in=PUBLISHED
    ).select_related("organ")


def library(request):
    government = _government()
    documents = _documents(government)
    q = search_param(request, 100)
    if q and not ratelimit.public_search(request, "normative"):
        return render(request, "core/search_throttled.html", status=429)
    state = request.GET.get("state", "")
    if q:
        documents = documents.filter(
            Q(title__icontains=q)
            | Q(doc_number__icontains=q)
            | Q(organ__name__icontains=q)
            | Q(organ__short_name__icontains=q)
        )
    if state == "in_force":
        documents = documents.filter(status__in=DocStatus.in_force())
    elif state == "ended":
        documents = documents.exclude(status__in=DocStatus.in_force())
    page = Paginator(documents.order_by("-published_on", "-pk"), PAGE).get_page(
        request.GET.get("page")
    )
    context = {"government": government, "page": page, "q": q, "state": state}
    return render(request, "normative/library.html", context)


def document(request, pk: int):
    doc = _documents(_government()).filter(pk=pk).first()
    if doc is None:
        raise Http404("未找到该文件")
    versions = list(doc.versions.order_by("-number"))
    for version in versions:
        version.validity = _version_validity(doc, version)
    context = {"government": _government(), "doc": doc, "versions": versions}
    return render(request, "normative/library_document.html", context)


def _version_validity(doc, version) -> str:
    """有效 / 已修改 / 废止 / 失效 of one published text."""
    if version.number < doc.version:
        return "已修改"
    return doc.validity
