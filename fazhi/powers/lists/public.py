"""The public 权责清单 (纲要(2021—2025年) 二(一): 权责清单 "向社会公开"; 政府信息公开条例 art.
20(2): 机关职能 are disclosed proactively): the version of the portal's government in force today,
every item with its 实施主体, type and legal basis, by unit and type or searched by name or code.
No login; a version being compiled is never shown.

Paged by the kernel's keyset on (职权编码, id), which the version's unique (清单, 编码) index
serves, with a bounded total: a page costs the same at any depth of a list of thousands."""

from urllib.parse import urlencode

from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from fazhi.core import ratelimit
from fazhi.core.ledger import keyset
from fazhi.core.masking import holds_number_piece
from fazhi.core.pages import portal_government, search_param

from . import queries
from .models import Category

PAGE_SIZE = 50
COUNT_BOUND = 1000
SORT = "code"


def power_list(request):
    government = portal_government()
    in_force = queries.in_force(government, timezone.localdate()) if government else None
    items = queries.published_items(in_force) if in_force else queries.no_items()
    units = queries.units_listed(in_force) if in_force else []
    q = search_param(request, 100)
    if q and not ratelimit.public_search(request, "powers"):
        return render(request, "core/search_throttled.html", status=429)
    unit = _chosen(request.GET.get("unit", ""), {str(u.pk) for u in units})
    category = _chosen(request.GET.get("category", ""), set(Category.values))
    if unit:
        items = items.filter(unit_id=int(unit))
    if category:
        items = items.filter(category=category)
    if q:
        found = Q(code__icontains=q)
        if not holds_number_piece(q):  # the page masks it in the text
            found |= Q(name__icontains=q)
        items = items.filter(found)
    chosen = (("q", q), ("unit", unit), ("category", category))
    context = {
        "government": government,
        "power_list": in_force,
        "by_category": queries.counts_by_category(in_force) if in_force else [],
        "units": units,
        "categories": Category.choices,
        "page": keyset.requested_page(request, items, SORT, PAGE_SIZE, nulls=False),
        "total": keyset.bounded_count(items, COUNT_BOUND, SORT),
        "count_bound": COUNT_BOUND,
        "q": q,
        "unit": unit,
        "category": category,
        "query": urlencode({name: value for name, value in chosen if value}),
    }
    return render(request, "powerlists/public.html", context)


def _chosen(value: str, allowed: set[str]) -> str:
    """A filter's value if it is one the page offers; any other is no filter (the page shows
    what it offers, so only a hand-made link carries another)."""
    return value if value in allowed else ""
