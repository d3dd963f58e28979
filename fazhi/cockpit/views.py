"""The 驾驶舱: for leaders and the coordinator, every figure with its change on last year, one
figure by unit and by month as charts that open the records behind them, and the open work by
unit. ECharts is served from the project's own static files; the data travel as JSON in the
page (no inline script: the CSP holds)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from fazhi.figures import registry
from fazhi.figures.views import _year_and_scope

from . import services


@login_required
def cockpit(request):
    year, scope = _year_and_scope(request, default_year=timezone.localdate().year)
    rows = services.overview(scope, year)
    chosen = _chosen(request, rows)
    units = services.by_unit(chosen, scope, year)
    months = services.by_month(chosen, scope, year)
    work = services.open_work(scope, timezone.localdate())
    records = reverse("figures:records", args=[chosen.id])
    charts = {
        "figure": {"label": chosen.label, "unit": chosen.unit},
        "units": [
            {
                "name": u.short_name or u.name,
                "value": _number(v),
                "url": f"{records}?year={year}&unit={u.code}",
            }
            for u, v in units
        ],
        "months": {
            "labels": [f"{m}月" for m, _, _ in months],
            "current": [_number(v) for _, v, _ in months],
            "previous": [_number(v) for _, _, v in months],
            "year": year,
        },
        "work": [
            {"name": w.unit.short_name or w.unit.name, "overdue": w.overdue, "due_soon": w.due_soon}
            for w in work[:20]
        ],
    }
    return render(
        request,
        "cockpit/index.html",
        {
            "year": year,
            "scope": scope,
            "rows": rows,
            "chosen": chosen,
            "units": units,
            "months": months,
            "work": work,
            "charts": charts,
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        },
    )


def _chosen(request, rows):
    wanted = request.GET.get("figure")
    if not wanted:
        return rows[0].figure
    try:
        return registry.get(wanted)
    except KeyError:
        raise Http404("未定义的指标") from None


def _number(value):
    return None if value is None else float(value)
