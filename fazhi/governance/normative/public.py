"""The public library of 行政规范性文件 (纲要(2021－2025年) "统一公开查询"; 政府信息公开条例 art.
20(1): 规范性文件 are disclosed proactively): every document the portal's government and its
departments and towns published, searchable by title, 文号 or 制定机关, each with its versions and
whether it is in force. No login; drafts are never shown.

The library is paged by the kernel's keyset, newest first (on the index `normdoc_public`), with a
bounded total: no COUNT(*) over every document and no OFFSET, so a page costs the same at any
depth and however many documents there are."""

from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from fazhi.core import ratelimit
from fazhi.core.ledger import keyset
from fazhi.core.masking import holds_number_piece
from fazhi.core.pages import portal_government, search_param

from .models import DocStatus, NormativeDocument

PUBLISHED = [
    DocStatus.PUBLISHED,
    DocStatus.EFFECTIVE,
    DocStatus.EXPIRED,
    DocStatus.ABOLISHED,
]
PAGE_SIZE = 30
COUNT_BOUND = 1000
SORT = "-published_on"


def _government():
    return portal_government()


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
        found = Q(doc_number__icontains=q) | Q(organ__name__icontains=q)
        found |= Q(organ__short_name__icontains=q)
        if not holds_number_piece(q):  # the page masks it in the title
            found |= Q(title__icontains=q)
        documents = documents.filter(found)
    if state == "in_force":
        documents = documents.filter(status__in=DocStatus.in_force())
    elif state == "ended":
        documents = documents.exclude(status__in=DocStatus.in_force())
    context = {
        "government": government,
        # A published document has its 公布日期 (services.publish requires it): no NULLs to read.
        "page": keyset.requested_page(request, documents, SORT, PAGE_SIZE, nulls=False),
        "total": keyset.bounded_count(documents, COUNT_BOUND, SORT),
        "count_bound": COUNT_BOUND,
        "q": q,
        "state": state,
        # The search as the previous and next pages keep it.
        "query": urlencode({name: value for name, value in (("q", q), ("state", state)) if value}),
    }
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
