"""A list page's rows: each record's cells as HTML, read as values where the columns allow.

A page of 50 records built as model instances (a 复议 case has 60 fields, and three related units
each) cost four times the query's own time; most list pages show seven or eight of those fields.
Where every column is a field path, or a function that declares the fields it `reads`, the rows
are read as those values only and the functions see them as a record (`RowView`). A column that
calls a method of the record, or a model with its own link, keeps the records: `row_fields` is
None for it and the page reads model instances as before. Both kinds of row give the same cells.
"""

import datetime as dt
import functools
import html
from types import SimpleNamespace

from django.core.exceptions import FieldDoesNotExist
from django.db.models.query import ValuesIterable
from django.template import Context
from django.template.base import render_value_in_context
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..masking import mask_text
from ..records import Record, procedure_key_of, record_url
from ..templatetags.deadlines import due_badge_on


class RowView:
    """One row read as values, seen as the record: `row.respondent.name` reads
    `respondent__name`, `row.status` the stored value, `row.pk` the id."""

    __slots__ = ("_prefix", "model", "values")

    def __init__(self, values: dict, model, prefix: str = ""):
        self.values, self.model, self._prefix = values, model, prefix

    def __getattr__(self, name):
        if name == "pk" and not self._prefix:
            return self.values["id"]
        key = self._prefix + name
        if key in self.values:
            return self.values[key]
        nested = f"{key}__"
        if any(k.startswith(nested) for k in self.values):
            return RowView(self.values, self.model, nested)
        raise AttributeError(f"列表未读取 {key}：请在该列的 reads 中声明")

    def get_absolute_url(self) -> str:
        return record_url(procedure_key_of(self.model), self.values["id"])


class _RowViews(ValuesIterable):
    def __iter__(self):
        model = self.queryset.model
        for values in super().__iter__():
            yield RowView(values, model)


def as_row_views(records, fields):
    """`records` read as `fields` only, each row a RowView."""
    rows = records.values(*fields)
    rows._iterable_class = _RowViews
    return rows


def row_fields(model, columns, sort_fields) -> tuple[str, ...] | None:
    """The values a page of `model`'s records needs for `columns` (and the sort fields the page's
    cursor reads), or None where a column needs the record itself."""
    if model.get_absolute_url is not Record.get_absolute_url:
        return None
    fields = {"id", *sort_fields}
    for column in columns:
        if callable(column.value):
            if not column.reads:
                return None
            fields.update(column.reads)
        else:
            key = _path_reader(model, column.value)
            if key is None:
                return None
            fields.add(key[0])
    return tuple(sorted(fields))


@functools.cache
def _path_reader(model, path: str):
    """(the values key of a dotted path of concrete fields, the field at its end), or None where
    the path ends on a relation or passes through something that is not a field."""
    field, names = None, path.split(".")
    for position, name in enumerate(names):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if field.is_relation:
            if position == len(names) - 1 or not field.many_to_one:
                return None
            model = field.related_model
        elif position != len(names) - 1 or not field.concrete:
            return None
    return "__".join(names), field


def _record_value(obj, column, language):
    """A column's value for a model instance: its function's, or its path's (a choice as its
    label)."""
    if callable(column.value):
        return column.value(obj)
    value = obj
    for name in column.value.split("."):
        value = _attribute_shown(value, name, language)
        if value is None:
            break
    return value


def _values_reader(model, column, language):
    """A column's value for a RowView, as a function decided once a page."""
    if callable(column.value):
        return column.value
    key, field = _path_reader(model, column.value)
    if not _has_display(field):
        return lambda row: row.values[key]
    labels = _translated_labels(field, language)
    return lambda row: _label(labels, row.values[key])


def _attribute_shown(obj, name: str, language: str | None):
    """`obj.get_<name>_display()` where the field has choices, else the attribute itself. The
    labels come from a dict made once per field: Django's get_FOO_display builds that dict again
    on every call, a few hundred times per list page."""
    field = _choices_field(type(obj), name)
    if field is None:
        return getattr(obj, name, None)
    return _shown_value(field, getattr(obj, field.attname), language)


def _shown_value(field, raw, language: str | None = None):
    """A stored value as the record shows it: a choice's label, else the value."""
    if not _has_display(field):
        return raw
    return _label(_translated_labels(field, language or get_language()), raw)


def _label(labels: dict, raw):
    shown = labels.get(make_hashable(raw))
    return force_str(raw, strings_only=True) if shown is None else shown


@functools.cache
def _choices_field(model, name: str):
    meta = getattr(model, "_meta", None)
    if meta is None:
        return None
    try:
        field = meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if _has_display(field) else None


def _has_display(field) -> bool:
    # Exactly the fields Django gives a get_FOO_display (Field.contribute_to_class).
    return field.choices is not None and not field.is_relation


@functools.cache
def _translated_labels(field, language: str | None) -> dict:
    """The labels as text in `language`: the lazy labels were translated again in every cell."""
    labels = dict(make_hashable(field.flatchoices))
    return {value: force_str(label, strings_only=True) for value, label in labels.items()}


def rows_html(records, columns, pick: bool = False) -> SafeString:
    """The page's table rows as HTML, each with a tick box first where the page offers bulk
    steps (`pick`). Built here rather than by a loop of {% if %}s over every cell in the template:
    that was ~350 cells a page, each a dozen template nodes, and most of the page's rendering
    time; the HTML is what the template made. A tick box's label names the record: the record's
    own name, or for a row read as values its linked column's text."""
    context = Context(autoescape=True)  # values shown as {{ }} shows them (localised, escaped)
    seen: dict = {}  # a page shows the same dates again and again: each formatted once
    named = next((i for i, c in enumerate(columns) if c.link), 0)
    language = get_language()  # once a page, not once a cell (a context-local read)
    rows, readers = [], None
    for obj in records:
        if isinstance(obj, RowView):
            readers = readers or [_values_reader(obj.model, c, language) for c in columns]
            values = [read(obj) for read in readers]
        else:
            values = [_record_value(obj, c, language) for c in columns]
        cells = [_cell_html(obj, c, v, context, seen) for c, v in zip(columns, values, strict=True)]
        rows.append("<tr>")
        if pick:
            name = values[named] if isinstance(obj, RowView) and values else obj
            name = mask_text(name) if isinstance(name, str) else name
            if name is None or name == "":  # a record not numbered yet still has a label
                name = f"记录 {obj.pk}"
            rows.append(
                f'<td class="pick"><input type="checkbox" name="ids" value="{obj.pk}" '
                f'aria-label="选择 {_shown(name, context, seen)}"></td>'
            )
        rows.extend(cells)
        rows.append("</tr>\n")
    return mark_safe("".join(rows))


def _cell_html(obj, column, value, context: Context, seen: dict) -> str:
    """One cell of a row, from its column's value: `cell_html(cell(...))` without the dict."""
    if isinstance(value, str):
        value = mask_text(value)  # an ID or mobile number typed into free text stays masked
    text = "" if value is None else value
    css = "phone" if column.phone else ""
    if column.link:
        link = conditional_escape(obj.get_absolute_url())
        inner = f'<a href="{link}">{_shown(text, context, seen)}</a>'
    elif column.due and value:
        key = ("due", value)
        if key not in seen:
            if "today" not in seen:  # read once a page (setdefault would read it every time)
                seen["today"] = timezone.localdate()
            seen[key] = due_badge_on(value, seen["today"])
        inner = seen[key]
    elif text == "":
        inner = '<span class="muted">—</span>'
    else:
        inner = _shown(text, context, seen)
    return f'<td class="{css}">{inner}</td>'


def cell_html(c: dict, context: Context, seen: dict | None = None) -> str:
    """A cell as `cell` describes it, as HTML (what the template made: test_page_rendering)."""
    column = SimpleNamespace(link=bool(c["link"]), due=c["due"] is not None, phone=c["phone"])
    link = SimpleNamespace(get_absolute_url=lambda: c["link"])
    return _cell_html(link, column, c["due"] or c["text"], context, {} if seen is None else seen)


def _shown(value, context: Context, seen: dict) -> str:
    if type(value) is str:  # most cells: {{ }} of plain text is just escape(), done directly
        return html.escape(value)
    if not isinstance(value, dt.date | int | float):  # anything else is shown as it comes
        return render_value_in_context(value, context)
    key = (type(value), value)  # the type too: True == 1, and a date is never a datetime
    if key not in seen:
        seen[key] = render_value_in_context(value, context)
    return seen[key]
