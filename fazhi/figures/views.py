"""Figures as staff see them: a year's table, and behind each figure the records it counted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.models import OrgUnit
from fazhi.core.pages import year_param
from fazhi.core.permissions import is_overseer, unit_in_scope
from fazhi.core.workflow import Refusal

from . import custom, definitions, registry, services
from .models import Kind
from .registry import Display

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
    if not figure.applies_to(scope):
        raise Http404("该指标不适用于此单位")
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


# --- figures defined without code -----------------------------------------------------------

BLANK_ROWS = 3  # empty condition rows offered below the filled ones (the page works without JS)


def _coordinator_only(request):
    try:
        definitions.require_coordinator(request.user)
    except Refusal as refusal:
        raise PermissionDenied(refusal.messages[0]) from None


@login_required
def custom_list(request):
    _coordinator_only(request)
    if request.method == "POST":  # delete
        obj = get_object_or_404(definitions.editable(request.user), pk=request.POST.get("pk"))
        try:
            definitions.delete(request.user, Channel.WEB, obj)
        except Refusal as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(request, f"已删除指标“{obj.label}”。")
        return redirect("figures:custom")
    labels = _procedure_labels()
    return render(
        request,
        "figures/custom_list.html",
        {
            "figures": [
                (f, labels.get(f.procedure, f.procedure))
                for f in definitions.editable(request.user)
            ]
        },
    )


@login_required
def custom_edit(request, pk: int | None = None):
    _coordinator_only(request)
    obj = get_object_or_404(definitions.editable(request.user), pk=pk) if pk else None
    if request.method == "POST":
        data = _posted(request.POST)
    elif obj is not None:
        data = _stored(obj)
    else:
        data = {"kind": "count", "procedure": request.GET.get("procedure", ""), "section": ""}
    errors, preview = [], None
    if request.method == "POST" and request.POST.get("action") != "procedure":
        try:
            if request.POST.get("action") == "preview":
                preview = definitions.preview(request.user, data)
            elif obj is None:
                obj = definitions.define(request.user, Channel.WEB, data)
                messages.success(request, f"已定义指标“{obj.label}”({obj.figure_id})。")
                return redirect("figures:custom")
            else:
                obj = definitions.change(request.user, Channel.WEB, obj, data)
                messages.success(request, f"已修改指标“{obj.label}”。")
                return redirect("figures:custom")
        except Refusal as refusal:
            errors = refusal.messages
    key = data.get("procedure")
    known = {p for p, _ in custom.procedure_choices()}
    specs = custom.fields_of(key) if key in known else {}
    return render(
        request,
        "figures/custom_edit.html",
        {
            "obj": obj,
            "data": data,
            "errors": errors,
            "preview": preview,
            "year": timezone.localdate().year,
            "procedures": custom.procedure_choices(),
            "kinds": Kind.choices,
            "displays": Display.choices,
            "specs": specs,
            "fields_json": {name: spec.as_json() for name, spec in specs.items()},
            "operators": custom.OPERATORS,
            "condition_tables": [
                ("c", "条件(计数、求和)／分母条件(比率)", _rows(data.get("conditions"))),
                (
                    "n",
                    "分子条件(仅比率：分母记录中另须满足)",
                    _rows(data.get("numerator_conditions")),
                ),
            ],
        },
    )


def _procedure_labels() -> dict[str, str]:
    return dict(custom.procedure_choices())


def _posted(post) -> dict:
    data = {
        name: post.get(name, "")
        for name in (
            "slug",
            "label",
            "unit",
            "section",
            "definition",
            "display",
            "kind",
            "procedure",
            "sum_field",
        )
    }
    data["conditions"] = _posted_rows(post, "c")
    data["numerator_conditions"] = _posted_rows(post, "n") if data["kind"] == "rate" else []
    return data


def _posted_rows(post, prefix: str) -> list[dict]:
    """The filled rows of the form; a row without a field is an unused blank one."""
    fields, ops, values = (post.getlist(f"{prefix}-{part}") for part in ("field", "op", "value"))
    rows = []
    for field, op, value in zip(fields, ops, values, strict=False):
        if field:
            rows.append({"field": field, "op": op, "value": value})
        if len(rows) > custom.MAX_CONDITIONS:  # refused by the service; no need to read more
            break
    return rows


def _stored(obj) -> dict:
    return {
        "slug": obj.figure_id.removeprefix(custom.PREFIX),
        "label": obj.label,
        "unit": obj.unit,
        "section": obj.section,
        "definition": obj.definition,
        "display": obj.display,
        "kind": obj.kind,
        "procedure": obj.procedure,
        "sum_field": obj.sum_field,
        "conditions": obj.conditions,
        "numerator_conditions": obj.numerator_conditions,
    }


def _rows(rows) -> list[dict]:
    shown = []
    for row in rows or []:
        value = row.get("value")
        text = "，".join(str(v) for v in value) if isinstance(value, list) else value
        shown.append({"field": row.get("field"), "op": row.get("op"), "value": text or ""})
    return shown + [{"field": "", "op": "", "value": ""}] * BLANK_ROWS
