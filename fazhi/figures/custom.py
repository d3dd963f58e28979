"""Custom figures: conditions as data, validated against the procedure model's own fields and
turned into Q objects — never code, never SQL.

A condition is {"field": name, "op": operator, "value": value}. Only concrete fields of the
procedure's model are offered (dates, fields with choices, booleans, numbers, foreign keys to
OrgUnit), never the record's personal fields, free text or lookups across relations: an OrgUnit
foreign key is compared by its own column (`organ_id IN (…)`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from django.db import models
from django.db.models import Q, Sum

from fazhi.core import procedures
from fazhi.core.models import OrgUnit
from fazhi.core.workflow import Refusal

from .registry import (
    Display,
    Figure,
    Period,
    Share,
    Table,
    Value,
    count_alone,
    subtree_units,
)

PREFIX = "custom."
MAX_CONDITIONS = 20
MAX_IN_VALUES = 100  # an IN list longer than any choice list or a government's units
MAX_NUMBER = Decimal(10) ** 12
EARLIEST, LATEST = dt.date(1949, 10, 1), dt.date(2100, 12, 31)
SLUG = re.compile(r"^(?=.{1,40}$)[a-z0-9_]+(\.[a-z0-9_]+)*$")  # as a report's {% fig %} accepts
SECTION = re.compile(r"^[一二三四五六七八九十]{1,2}(\.\d{1,2}){0,2}$")

OPERATORS = {
    "eq": "等于",
    "ne": "不等于",
    "in": "属于(多选)",
    "lt": "早于/小于",
    "lte": "不晚于/不大于",
    "gt": "晚于/大于",
    "gte": "不早于/不小于",
    "empty": "为空",
    "not_empty": "不为空",
    "period": "在统计期间内",
}


@dataclass(frozen=True)
class FieldSpec:
    """A field a condition may name, with what it may be compared by."""

    name: str
    label: str
    type: str  # date, choice, bool, number, unit
    operators: tuple[str, ...]
    choices: tuple[tuple[str, str], ...] = ()
    nullable: bool = False
    integer: bool = True

    def as_json(self) -> dict:
        return {
            "label": self.label,
            "type": self.type,
            "ops": list(self.operators),
            "choices": [list(c) for c in self.choices],
        }


def _spec(field: models.Field, personal: set[str]) -> FieldSpec | None:
    if field.primary_key or field.name in personal or field.many_to_many:
        return None
    emptiable = field.null or (field.blank and isinstance(field, models.CharField))
    empties = ("empty", "not_empty") if emptiable else ()
    label = str(field.verbose_name)
    if isinstance(field, models.ForeignKey):
        if field.related_model is not OrgUnit:
            return None
        ops = ("eq", "ne", "in", *(empties if field.null else ()))
        return FieldSpec(field.name, label, "unit", ops, nullable=field.null)
    if isinstance(field, models.DateTimeField):  # bookkeeping times, not the record's dates
        return None
    if isinstance(field, models.DateField):
        ops = ("period", "eq", "ne", "lt", "lte", "gt", "gte", *empties)
        return FieldSpec(field.name, label, "date", ops, nullable=field.null)
    if isinstance(field, models.BooleanField):
        return FieldSpec(field.name, label, "bool", ("eq", *empties), nullable=field.null)
    if field.choices:
        choices = tuple((str(k), str(v)) for k, v in field.flatchoices)
        ops = ("eq", "ne", "in", *empties)
        return FieldSpec(field.name, label, "choice", ops, choices, nullable=field.null)
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        ops = ("eq", "ne", "lt", "lte", "gt", "gte", *empties)
        integer = isinstance(field, models.IntegerField)
        return FieldSpec(field.name, label, "number", ops, nullable=field.null, integer=integer)
    return None  # free text and anything else: not offered


def fields_of(procedure_key: str) -> dict[str, FieldSpec]:
    """The fields of the procedure's record that conditions may name, in the model's order."""
    procedure = procedures.get(procedure_key)
    personal = set(procedure.personal)
    found = {}
    for field in procedure.model._meta.concrete_fields:
        spec = _spec(field, personal)
        if spec is not None:
            found[spec.name] = spec
    return found


def procedure_choices() -> list[tuple[str, str]]:
    return [(p.key, p.label) for p in procedures.all_procedures()]


# --- validation ---------------------------------------------------------------------------------


def clean_conditions(
    procedure_key: str, rows, what: str, government: OrgUnit | None = None
) -> tuple[list[dict], list[str]]:
    """The rows as stored (values normalised), and the refusals, one per bad row, in Chinese."""
    specs = fields_of(procedure_key)
    if not isinstance(rows, list):
        return [], [f"{what}格式无效。"]
    if len(rows) > MAX_CONDITIONS:
        return [], [f"{what}最多 {MAX_CONDITIONS} 行，现有 {len(rows)} 行。"]
    cleaned, errors = [], []
    for n, row in enumerate(rows, start=1):
        where = f"{what}第{n}行"
        if not isinstance(row, dict):
            errors.append(f"{where}：格式无效。")
            continue
        name, op, value = row.get("field"), row.get("op"), row.get("value")
        spec = specs.get(name) if isinstance(name, str) else None
        if spec is None:
            shown = str(name)[:40]
            if isinstance(name, str) and "__" in name:
                errors.append(f"{where}：不能跨关联查询字段“{shown}”，只能使用本记录的字段。")
            else:
                errors.append(f"{where}：字段“{shown}”不存在或不可用于指标条件。")
            continue
        if op not in spec.operators:
            shown = OPERATORS.get(op, str(op)[:20]) if isinstance(op, str) else str(op)[:20]
            errors.append(f"{where}：字段“{spec.label}”不能使用运算“{shown}”。")
            continue
        try:
            cleaned.append(
                {"field": name, "op": op, "value": _clean_value(spec, op, value, government)}
            )
        except Refusal as refusal:
            errors.append(f"{where}：{refusal.messages[0]}")
    return cleaned, errors


def _clean_value(spec: FieldSpec, op: str, value, government: OrgUnit | None):
    if op in ("empty", "not_empty", "period"):
        return None
    if op == "in":
        if isinstance(value, str):
            value = [v.strip() for v in value.replace("，", ",").split(",") if v.strip()]
        if not isinstance(value, list) or not value:
            raise Refusal(f"“{spec.label}”属于运算需要至少一个值。")
        if len(value) > MAX_IN_VALUES:
            raise Refusal(f"“{spec.label}”的取值最多 {MAX_IN_VALUES} 个，现有 {len(value)} 个。")
        if spec.type == "unit":
            return _units(spec, value, government)
        return [_one_value(spec, v, government) for v in value]
    if spec.type == "unit":
        return _units(spec, [value], government)[0]
    return _one_value(spec, value, government)


def _units(spec: FieldSpec, values: list, government: OrgUnit | None) -> list[str]:
    """Unit codes, each an existing unit within the government (read in one query)."""
    codes = [str(v).strip()[:40] for v in values]
    paths = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "path"))
    for code in codes:
        if code not in paths:
            raise Refusal(f"单位代码“{code}”不存在。")
        if government is not None and not paths[code].startswith(government.path):
            raise Refusal(f"单位“{code}”不在本级人民政府范围内。")
    return codes


def _one_value(spec: FieldSpec, value, government: OrgUnit | None):
    text = "" if value is None else str(value).strip()
    if len(text) > 40:
        raise Refusal(f"“{spec.label}”的取值过长。")
    if spec.type == "choice":
        allowed = dict(spec.choices)
        by_label = {label: key for key, label in spec.choices}
        text = by_label.get(text, text)  # a choice may be typed as its label
        if text not in allowed:
            raise Refusal(f"“{text}”不是“{spec.label}”的可选值。")
        return text
    if spec.type == "bool":
        if isinstance(value, bool):
            return value
        if text.lower() in ("true", "是", "1"):
            return True
        if text.lower() in ("false", "否", "0"):
            return False
        raise Refusal(f"“{spec.label}”只能为“是”或“否”。")
    if spec.type == "date":
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise Refusal(f"“{text}”不是有效日期(应为 YYYY-MM-DD)。") from None
        if not EARLIEST <= day <= LATEST:
            raise Refusal(f"日期“{text}”超出合理范围。")
        return day.isoformat()
    if spec.type == "number":
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise Refusal(f"“{text}”不是数字。") from None
        if not number.is_finite() or abs(number) >= MAX_NUMBER:
            raise Refusal(f"数值“{text}”超出合理范围。")
        if spec.integer:
            if number != number.to_integral_value():
                raise Refusal(f"“{spec.label}”应为整数。")
            return int(number)
        return str(number)
    raise Refusal(f"“{spec.label}”不可用于指标条件。")  # pragma: no cover


# --- building -----------------------------------------------------------------------------------


def _q(row: dict, period: Period, specs: dict[str, FieldSpec], unit_ids: dict[str, int]) -> Q:
    """One validated condition as a Q over the model's own columns."""
    name, op, value = row["field"], row["op"], row["value"]
    spec = specs[name]
    if op == "period":
        return Q(**{f"{name}__range": period.range})
    if op in ("empty", "not_empty"):
        blank = Q(**{f"{name}__isnull": True}) if spec.nullable else Q(pk__in=[])
        if spec.type == "choice":  # a blank choice is stored as ""
            blank |= Q(**{name: ""})
        return ~blank if op == "not_empty" else blank
    column = name
    if spec.type == "unit":  # an OrgUnit key: its own column, by id (no join)
        column = f"{name}_id"
        value = [unit_ids[c] for c in value] if isinstance(value, list) else unit_ids[value]
    elif spec.type == "date":
        value = (
            [dt.date.fromisoformat(v) for v in value]
            if isinstance(value, list)
            else (dt.date.fromisoformat(value))
        )
    if op == "eq":
        return Q(**{column: value})
    if op == "ne":
        return ~Q(**{column: value})
    return Q(**{f"{column}__{op}": value})  # in, lt, lte, gt, gte


@dataclass(frozen=True)
class Definition:
    """A custom figure's definition, validated: what the registry builds its Figure from."""

    figure_id: str
    label: str
    unit: str
    section: str
    definition: str
    display: str
    kind: str
    procedure: str
    conditions: tuple
    numerator_conditions: tuple = ()
    sum_field: str = ""
    government_path: str = ""
    unit_ids: tuple = ()  # (code, id) of the OrgUnits the conditions name

    @classmethod
    def of(cls, obj, government_path: str = "", unit_ids: dict | None = None) -> Definition:
        return cls(
            obj.figure_id,
            obj.label,
            obj.unit,
            obj.section,
            obj.definition,
            obj.display,
            obj.kind,
            obj.procedure,
            tuple(_frozen(r) for r in obj.conditions),
            tuple(_frozen(r) for r in obj.numerator_conditions),
            obj.sum_field,
            government_path,
            tuple(sorted((unit_ids or {}).items())),
        )


def _frozen(row: dict) -> tuple:
    value = row["value"]
    return (row["field"], row["op"], tuple(value) if isinstance(value, list) else value)


def unit_codes(obj) -> set[str]:
    """The OrgUnit codes a stored definition's conditions name."""
    specs = fields_of(obj.procedure)
    codes = set()
    for row in [*obj.conditions, *obj.numerator_conditions]:
        spec = specs.get(row["field"])
        if spec and spec.type == "unit" and row["value"] is not None:
            codes |= set(row["value"] if isinstance(row["value"], list) else [row["value"]])
    return codes


def table_for(model) -> Table:
    """The Table the procedure's registered figures already count, so a custom figure is
    counted in the same one aggregate statement as they are; a Table of its own otherwise."""
    from .registry import _REGISTRY

    for fig in _REGISTRY.values():
        if fig.table is not None and fig.table.model is model and not fig.table.unit_field:
            return fig.table
    return Table(model)


def build(d: Definition) -> Figure:
    """The registry's Figure for a definition: a count or rate over the procedure's Table
    (counted with the registered figures of that table), or a sum (its own aggregate)."""
    model = procedures.get(d.procedure).model
    specs = fields_of(d.procedure)
    ids = dict(d.unit_ids)

    def where(rows, period: Period) -> Q:
        q = Q()
        for name, op, value in rows:
            value = list(value) if isinstance(value, tuple) else value
            q &= _q({"field": name, "op": op, "value": value}, period, specs, ids)
        return q

    table = table_for(model)
    display = d.display or (Display.PERCENT if d.kind == "rate" else Display.EXACT)
    common = dict(
        id=d.figure_id,
        label=d.label,
        unit=d.unit,
        section=d.section,
        display=display,
        definition=d.definition,
        government_path=d.government_path,
    )
    if d.kind == "sum":

        def summed(scope, period: Period) -> Value:
            rows = table.rows(subtree_units(scope)).filter(where(d.conditions, period))
            total = rows.aggregate(total=Sum(d.sum_field))["total"] or 0
            return Value(total, rows)

        summed.__module__ = __name__
        return Figure(compute=summed, **common)

    if d.kind == "rate":

        def counts(scope, period: Period):
            among = where(d.conditions, period)
            return Share(among, where(d.numerator_conditions, period))
    else:

        def counts(scope, period: Period):
            return where(d.conditions, period)

    fig = Figure(compute=lambda s, p: None, table=table, counts=counts, **common)

    def alone(scope, period: Period) -> Value:
        return count_alone(fig, scope, period)

    return replace(fig, compute=alone)
