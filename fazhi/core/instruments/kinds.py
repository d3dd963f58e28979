"""A kind of 文书 as a procedure declares it, and the filling in of its text.

A template's text names the record's facts by their Chinese labels in double braces, e.g.
`{{申请人}}`, and the step's form fields by theirs, besides `{{文号}}`, `{{日期}}` (the day
issued) and `{{机关}}` (the issuing government). Nothing else is evaluated: a coordinator edits
the text, not code, and an unknown name is refused when the template is saved.
"""

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

from django import forms
from django.db import models

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]{1,60})\s*\}\}")
STANDARD = ("文号", "日期", "机关")


@dataclass(frozen=True)
class Kind:
    """One kind of 文书 of a procedure."""

    key: str  # unique within the procedure: "correction_notice"
    title: str  # 补正通知书
    code: str  # the 机关代字's suffix in its number: 弥勒市 + 复补 → 弥勒市复补〔2024〕3号
    body: str  # the default text; the first line ending in "：" is the addressee (主送)
    law: str = ""  # the article that requires it in writing, shown beside the template
    signer: str = ""  # the record's unit field whose name signs it (署名); the government if ""


def text_of(value) -> str:
    """How a value reads in a document: dates in full (GB/T 9704 7.3.5.1), choices by label."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def record_context(obj, only: Collection[str] | None = None) -> dict[str, str]:
    """The record's facts by their labels: each concrete field people see, choices by label;
    with `only`, just those labels (the placeholders of a text being filled: a 文书 names a few
    of a record's forty facts, and a related unit not named is not read)."""
    context = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key or not f.editable or not isinstance(f.verbose_name, str):
            continue
        if only is not None and f.verbose_name not in only:
            continue
        if f.choices:
            value = getattr(obj, f"get_{f.name}_display")()
        elif isinstance(f, models.ForeignKey):
            value = getattr(obj, f.name)
        else:
            value = getattr(obj, f.attname)
        context[str(f.verbose_name)] = text_of(value)
    return context


def form_context(form_class, details: dict | None) -> dict[str, str]:
    """The step's form data by the form's labels (what the service passed as its details); a
    field left empty, or not passed on, reads as nothing."""
    fields = form_class.base_fields if form_class else {}
    details = details or {}
    context = {}
    for name, field in fields.items():
        if not field.label:
            continue
        value = details.get(name)
        if value is None and isinstance(field, forms.BooleanField):
            value = False  # an unticked box is not passed on
        choices = dict(getattr(field, "choices", ()) or ())
        context[str(field.label)] = text_of(choices.get(value, value))
    return context


def names_in(text: str) -> list[str]:
    return [m.group(1) for m in PLACEHOLDER.finditer(text)]


def fill(text: str, context: dict[str, str]) -> str:
    """The text with every placeholder replaced; an unknown one is left visible as 【…】 so that
    nobody sends a document with a silent gap."""
    return PLACEHOLDER.sub(lambda m: context.get(m.group(1), f"【{m.group(1)}】"), text)


def available_names(model, form_classes) -> list[str]:
    """The placeholders a template of this kind may use: the standard ones, the record's facts
    and the issuing steps' form fields."""
    names = list(STANDARD)
    for f in model._meta.concrete_fields:
        if not f.primary_key and f.editable and isinstance(f.verbose_name, str):
            names.append(str(f.verbose_name))
    for form_class in form_classes:
        names += [str(f.label) for f in form_class.base_fields.values() if f.label]
    return list(dict.fromkeys(names))
