"""Figures as staff see them: a year's table, and behind each figure the records it counted."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from fazhi.core.models import OrgUnit
from fazhi.core.pages import year_param
from fazhi.core.permissions import is_overseer, unit_in_scope

from . import registry, services

RECORDS_SHOWN = 200


def _year_and_scope(request, default_year: int | None = None):
    """The year asked for (this year unless said) and the scope: the user's, or a unit in it."""
    year = year_param(request, default_year or timezone.localdate().year)
    if not is_overseer(request.user):
        # The records behind a figure span every unit of the government.
        raise PermissionDenied("指标及其所计记录仅供统筹协调人员和领导查看。")
    code = request.GET.get("unit") or request.user.scope_unit().code
    scope = OrgUnit.objects.filter(code=code).first()
    if scope is None or not unit_in_scope(request.user, scope):
        raise Http404("单位不存在或不在您的范围内")
    return year, scope


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
