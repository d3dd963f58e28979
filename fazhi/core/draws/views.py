"""The public pages of the draws (no login: a draw is published from the moment it is committed).

Names that are personal data are masked (`services.public_label`), and so is any ID or mobile
number typed into the 抽取事由 or the named public source; the seed is shown only once it
is revealed (before, its commitment); 核验 recomputes the draw on the server from its stored
inputs, and the JSON is what anyone needs to recompute it without us."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from ..masking import mask_text
from . import selection, services
from .models import Draw, DrawStatus, SeedMethod

LIST_SIZE = 100


def draw_list(request):
    draws = Draw.objects.select_related("unit").defer("pool")[:LIST_SIZE]
    rows = [(draw, services.kind_label(draw.kind)) for draw in draws]
    return render(request, "core/draws/list.html", {"rows": rows})


def draw_page(request, pk: int):
    draw = get_object_or_404(Draw.objects.select_related("unit", "government"), pk=pk)
    pool = services.entries_of(draw)
    chosen = services.selected(draw)
    strata = []
    for stratum, size in selection.strata_sizes(pool).items():
        taken = [
            (e.key, services.public_label(draw, e.label)) for e in chosen if e.stratum == stratum
        ]
        strata.append({"name": selection.stratum_name(stratum), "size": size, "taken": taken})
    checked = "verify" in request.GET
    context = {
        "draw": draw,
        "kind_label": services.kind_label(draw.kind),
        "strata": strata,
        "rules": _rules(draw.parameters),
        "drawn": draw.status == DrawStatus.DRAWN,
        "commit_reveal": draw.seed_method == SeedMethod.COMMIT_REVEAL,
        "checked": checked,
        "problems": services.verify(draw) if checked else [],
    }
    return render(request, "core/draws/draw.html", context)


def draw_json(request, pk: int):
    draw = get_object_or_404(Draw.objects.select_related("unit", "government"), pk=pk)
    data = services.export(draw)
    # Typed text, masked as on the page; neither is an input of the recomputation (verify_export).
    data |= {key: mask_text(data[key]) for key in ("purpose", "public_source")}
    body = json.dumps(data, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"draw-{draw.pk}.json"
    )
    return response


def _rules(parameters: dict) -> list[str]:
    """The parameters in words, as the page states them."""
    rules = []
    if parameters["per_stratum"] is not None:
        for stratum, count in parameters["per_stratum"].items():
            rules.append(f"{selection.stratum_name(stratum)}：抽取 {count} 个")
    else:
        rules.append(f"共抽取 {parameters['total']} 个")
    if parameters["at_least_one_per_stratum"]:
        rules.append("每层至少抽取一个")
    if parameters["exclude"]:
        rules.append(f"排除：{'、'.join(parameters['exclude'])}")
    return rules
