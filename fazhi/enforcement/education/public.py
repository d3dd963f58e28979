"""The 普法责任清单 pages of their own beside the ledger.

- `duty_list` (portal, no login): every published item of the portal's government and its
  departments and towns for a year, by unit — what each unit undertakes to publicise, to whom, by
  what measures, when ("谁执法谁普法", 督察工作规定 art. 9 (十)). Only the items' own fields are
  shown (no person: who drafted or published an item is not on the page), free text masked.
- `undone` (staff): the items of the user's scope for a year without any activity held in it,
  by unit in the org tree's order, a page at a time by the kernel's keyset: the list shrinks as
  activities are registered, and an offset would then skip the rows that moved up onto a page
  already read.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from fazhi.core.ledger import keyset
from fazhi.core.pages import portal_government
from fazhi.core.validators import plain_int

from .models import DutyItem, DutyStatus
from .queries import items_without_activity

PAGE_SIZE = 50
COUNT_BOUND = 1000
# By unit in the org tree's order, then as drafted: a unit's items stay together. Keyset pages
# on a column of the item itself, so on the item's copy of its unit's path (DutyItem.unit_path),
# which the index edutask_tree holds after the year. On PostgreSQL, 496 000 items of 6 200 units
# (JIT off): a county coordinator's page and total take ≈1 ms in either order (the county's year,
# a few hundred items, is read unit by unit and sorted); a prefecture-wide scope (62 000 items
# that year) walks edutask_tree: first page 0.6 ms, a later one 22 ms, the total 7 ms, where by
# unit id it sorted them all (232 ms, 254 ms for the total, and 8.6 s for a page after the first:
# a nested loop chosen on the planner's misestimate of `held = 0`).
UNDONE_SORT = "unit_path"


def _government():
    return portal_government()


def _year(request) -> int:
    this_year = timezone.localdate().year
    year = plain_int(request.GET.get("year", ""), 4)
    return year if year is not None and 2000 <= year <= this_year + 1 else this_year


def duty_list(request):
    government, year = _government(), _year(request)
    items = DutyItem.objects.none()
    years: list[int] = []
    if government is not None:
        published = DutyItem.objects.filter(
            unit__path__startswith=government.path, status=DutyStatus.PUBLISHED
        )
        years = sorted(set(published.values_list("year", flat=True)), reverse=True)
        items = (
            published.filter(year=year)
            .select_related("unit")
            .only(
                "unit__name",
                "unit__short_name",
                "unit__path",
                "year",
                "laws",
                "audience",
                "measures",
                "planned_times",
                "published_on",
            )
            .order_by("unit__path", "id")
        )
    context = {"government": government, "year": year, "years": years, "items": items}
    return render(request, "education/duty_list.html", context)


@login_required
def undone(request):
    if request.user.scope_unit() is None:
        raise PermissionDenied("您的账号未关联单位。")
    year = _year(request)
    items = items_without_activity(request.user, year)
    page = keyset.requested_page(request, items, UNDONE_SORT, PAGE_SIZE)
    context = {
        "year": year,
        "page": page,
        "total": keyset.bounded_count(items, COUNT_BOUND, UNDONE_SORT),
        "count_bound": COUNT_BOUND,
    }
    return render(request, "education/undone.html", context)
