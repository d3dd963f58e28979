"""The 普法责任清单 pages of their own beside the ledger.

- `duty_list` (portal, no login): every published item of the portal's government and its
  departments and towns for a year, by unit — what each unit undertakes to publicise, to whom, by
  what measures, when ("谁执法谁普法", 督察工作规定 art. 9 (十)). Only the items' own fields are
  shown (no person: who drafted or published an item is not on the page), free text masked.
- `undone` (staff): the items of the user's scope for a year without any activity held in it.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from fazhi.core.models import OrgUnit

from .models import DutyItem, DutyStatus
from .queries import items_without_activity


def _government():
    return OrgUnit.objects.filter(code=settings.FAZHI_GOVERNMENT_CODE).first()


def _year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if 2000 <= year <= this_year + 1 else this_year


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
    items = items_without_activity(request.user, year).order_by("unit__path", "id")
    return render(request, "education/undone.html", {"year": year, "items": items})
