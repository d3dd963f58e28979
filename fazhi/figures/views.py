"""Figures as staff see them: a year's table, and behind each figure the records it counted."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from fazhi.core.models import OrgUnit
from fazhi.core.permissions import unit_in_scope

from . import registry, services

RECORDS_SHOWN = 200


def _year_and_scope(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year - 1)
    except ValueError:
        raise Http404("年度无效") from None
    code = request.GET.get("unit") or settings.FAZHI_GOVERNMENT_CODE
    scope = OrgUnit.objects.filter(code=code).first()
    if scope is None or (
        not unit_in_scope(request.user, scope) and not _oversees(request.user, scope)
    ):
        raise Http404("单位不存在或不在您的范围内")
    return year, scope


def _oversees(user, scope) -> bool:
    mine = user.scope_unit()
    return bool(mine and scope.path.startswith(mine.path))


@login_required
def index(request):
    year, scope = _year_and_scope(request)
    computed = services.compute_all(scope, registry.Period.year(year))
    return render(
        request,
        "figures/index.html",
        {
            "year": year,
            "scope": scope,
            "computed": computed,
            "problems": services.problems(computed),
        },
    )


@login_required
def records(request, figure_id):
    year, scope = _year_and_scope(request)
    try:
        figure = registry.get(figure_id)
    except KeyError:
        raise Http404("未定义的指标") from None
    result = figure.compute(scope, registry.Period.year(year))
    rows = list(result.records[:RECORDS_SHOWN]) if result.records is not None else []
    return render(
        request,
        "figures/records.html",
        {
            "figure": figure,
            "result": result,
            "rows": rows,
            "year": year,
            "scope": scope,
            "truncated": len(rows) == RECORDS_SHOWN,
            "text": figure.format(result.value),
        },
    )
