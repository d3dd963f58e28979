"""The service functions of custom figures: define, change, delete — each checks the actor and
the definition, writes atomically and leaves an audit row; and preview, which computes an unsaved
definition for the current year. Only coordinators define figures, for their own government."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, procedures
from fazhi.core.models import OrgUnit, Role
from fazhi.core.workflow import Refusal

from . import custom, registry
from .models import CustomFigure, Kind
from .registry import Computed, Display, Period

FIELDS = [
    "figure_id",
    "label",
    "unit",
    "section",
    "definition",
    "display",
    "kind",
    "procedure",
    "conditions",
    "numerator_conditions",
    "sum_field",
    "government",
    "version",
]


def require_coordinator(actor) -> None:
    if not (actor and actor.is_authenticated and actor.role == Role.COORDINATOR):
        raise Refusal("只有统筹协调人员可以定义指标。")
    if actor.scope_unit() is None:
        raise Refusal("您的账户未关联单位，无法定义指标。")


def clean(actor, data: dict, existing: CustomFigure | None = None) -> dict:
    """The definition as stored, or a Refusal listing every problem (one per bad row)."""
    require_coordinator(actor)
    government = actor.scope_unit()
    errors: list[str] = []

    def text(name: str, label: str, limit: int, required: bool = True) -> str:
        value = str(data.get(name) or "").strip()
        if required and not value:
            errors.append(f"请填写{label}。")
        elif len(value) > limit:
            errors.append(f"{label}不能超过 {limit} 个字。")
        return value[:limit]

    slug = str(data.get("slug") or "").strip().lower()
    if slug.startswith(custom.PREFIX):
        slug = slug[len(custom.PREFIX) :]
    figure_id = custom.PREFIX + slug
    if not custom.SLUG.match(slug):
        errors.append("指标编号只能由小写字母、数字、下划线和点组成(40 个字符以内)。")
    elif figure_id in registry._REGISTRY:
        errors.append(f"指标编号 {figure_id} 与已登记的指标重复。")
    elif (
        CustomFigure.objects.filter(figure_id=figure_id)
        .exclude(pk=existing.pk if existing else None)
        .exists()
    ):
        errors.append(f"指标编号 {figure_id} 已被使用。")
    label = text("label", "指标名称", 100)
    unit = text("unit", "计量单位", 10)
    section = text("section", "报告部分", 20)
    if section and not custom.SECTION.match(section):
        errors.append("报告部分应写作“六.1”的形式。")
    definition = text("definition", "口径说明", 2000)
    kind = data.get("kind")
    if kind not in Kind.values:
        errors.append("请选择指标类型(计数、比率或求和)。")
    display = data.get("display") or (Display.PERCENT if kind == Kind.RATE else Display.EXACT)
    if display not in Display.values:
        errors.append("显示方式无效。")
    elif (display == Display.PERCENT) != (kind == Kind.RATE):
        errors.append("比率指标以百分比显示；计数、求和指标不能以百分比显示。")
    if kind == Kind.RATE and unit and unit != "%":
        errors.append("比率指标的计量单位应为“%”。")
    key = data.get("procedure")
    if key not in {p.key for p in procedures.all_procedures()}:
        errors.append("请选择办理事项。")
        raise Refusal(errors)
    what = "分母条件" if kind == Kind.RATE else "条件"
    conditions, refused = custom.clean_conditions(key, data.get("conditions"), what, government)
    errors += refused
    numerator, sum_field = [], ""
    if kind == Kind.RATE:
        numerator, problems = custom.clean_conditions(
            key, data.get("numerator_conditions"), "分子条件", government
        )
        errors += problems
        if not numerator and not problems:
            errors.append("比率指标须有分子条件(在分母记录中满足哪些条件)。")
    elif data.get("numerator_conditions"):
        errors.append("只有比率指标有分子条件。")
    if kind == Kind.SUM:
        sum_field = str(data.get("sum_field") or "")
        spec = custom.fields_of(key).get(sum_field)
        if spec is None or spec.type != "number":
            errors.append(f"求和字段“{sum_field[:40]}”不是本事项记录的数值字段。")
    if not refused:
        periods = [r for r in conditions if r["op"] == "period"]
        if len(periods) != 1:
            errors.append(f"{what}须有且只有一个“在统计期间内”的日期条件，指标才能按年度统计。")
    if errors:
        raise Refusal(errors)
    return {
        "figure_id": figure_id,
        "label": label,
        "unit": unit,
        "section": section,
        "definition": definition,
        "display": display,
        "kind": kind,
        "procedure": key,
        "conditions": conditions,
        "numerator_conditions": numerator,
        "sum_field": sum_field,
    }


def define(actor, channel: str, data: dict) -> CustomFigure:
    cleaned = clean(actor, data)
    with transaction.atomic():
        obj = CustomFigure.objects.create(
            **cleaned, government=actor.scope_unit(), created_by=actor
        )
        audit.record(actor, channel, "定义自定义指标", obj, None, audit.snapshot(obj, FIELDS))
    return obj


def change(actor, channel: str, obj: CustomFigure, data: dict) -> CustomFigure:
    require_editable(actor, obj)
    cleaned = clean(actor, data, existing=obj)
    with transaction.atomic():
        obj = CustomFigure.objects.select_for_update().get(pk=obj.pk)
        before = audit.snapshot(obj, FIELDS)
        for name, value in cleaned.items():
            setattr(obj, name, value)
        obj.version += 1
        obj.save()
        audit.record(actor, channel, "修改自定义指标", obj, before, audit.snapshot(obj, FIELDS))
    return obj


def delete(actor, channel: str, obj: CustomFigure) -> None:
    """Issued reports keep the values they froze; drafts simply no longer show the figure."""
    require_editable(actor, obj)
    with transaction.atomic():
        before = audit.snapshot(obj, FIELDS)
        audit.record(actor, channel, "删除自定义指标", obj, before, None)
        obj.delete()


def require_editable(actor, obj: CustomFigure) -> None:
    require_coordinator(actor)
    if obj.government_id != actor.scope_unit().pk:
        raise Refusal("只能修改本级人民政府定义的指标。")


def editable(actor):
    """The custom figures the coordinator's government defined."""
    return CustomFigure.objects.filter(government=actor.scope_unit()).select_related("created_by")


def preview(actor, data: dict, year: int | None = None) -> Computed:
    """The value an unsaved definition gives for the year (this year unless said), for the
    coordinator's government — computed exactly as it will be once saved."""
    cleaned = clean(actor, data)
    government = actor.scope_unit()
    unsaved = CustomFigure(**cleaned, government=government)
    codes = custom.unit_codes(unsaved)
    ids = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}
    fig = custom.build(custom.Definition.of(unsaved, government.path, ids))
    period = Period.year(year or timezone.localdate().year)
    return Computed(fig, fig.compute(government, period))
