"""A ledger's list filters, built from its declaration with django-filter.

Every ledger filters by status (one status, or all open ones) and by year (a choice of real years,
never a number typed in); a procedure adds the fields it declares — its units (limited to the
units the user may see), its choices, its flags — and a prefix search over its number and names.
A value that is not among the choices is an error shown on the page, never a 500 or a silent
"all records".
"""

import datetime as dt

import django_filters
from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..models import OrgUnit
from .rendering import FilterFormRenderer

OPEN = "open"


def year_choices() -> list[tuple[int, str]]:
    last = timezone.localdate().year + 1
    return [(str(y), f"{y}年") for y in range(last, settings.FAZHI_FIRST_YEAR - 1, -1)]


def units_visible_to(user):
    scope = user.scope_unit() if user.is_authenticated else None
    if scope is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=scope.government().path).order_by("path")


def filterset_for(procedure) -> type[django_filters.FilterSet]:
    """The FilterSet class of one procedure's ledger."""
    model, ledger = procedure.model, procedure.ledger
    attrs = {
        "status": django_filters.ChoiceFilter(
            label="状态",
            choices=[(OPEN, "办理中(全部未结)"), *procedure.statuses.choices],
            method="filter_status",
            empty_label="全部",
        ),
        "year": django_filters.ChoiceFilter(
            label=_year_label(model, ledger.date_field),
            choices=year_choices,
            method="filter_year",
            empty_label="全部年度",
        ),
    }
    if _has_field(model, "next_due_on"):
        attrs["overdue"] = django_filters.BooleanFilter(
            label="仅看逾期", method="filter_overdue", widget=OverdueWidget
        )
    for name in ledger.filters:
        attrs[name] = _field_filter(model._meta.get_field(name))
    if ledger.search:
        attrs["q"] = django_filters.CharFilter(
            label=ledger.search_label or search_label(model, ledger.search),
            method="filter_search",
            max_length=100,
        )
    attrs.update(
        filter_status=_filter_status(procedure.statuses),
        filter_year=_filter_year(ledger.date_field),
        filter_overdue=_filter_overdue(procedure.statuses),
        filter_search=_filter_search(ledger.search),
        __init__=_init,
        Meta=type("Meta", (), {"model": model, "fields": [], "form": FilterForm}),
    )
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), attrs)


class FilterForm(forms.Form):
    # The same HTML as Django's templates, made in Python: rendering.py says why.
    default_renderer = FilterFormRenderer


class _UnitNames(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class _UnitChoices(django_filters.fields.ModelChoiceIterator, _UnitNames):
    """The units offered as (id, name) read in one query: Django reads a choice field's queryset
    through .iterator(), on PostgreSQL a server-side cursor (DECLARE, FETCH, CLOSE: three round
    trips on every list page), and builds a unit object for each option only to show its name
    (OrgUnit.__str__)."""


class _UnitChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _UnitChoices


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = _UnitChoiceField


class OverdueWidget(django_filters.widgets.BooleanWidget):
    """A checkbox-style yes/no: "1"/"true" is yes; anything else is no filter."""


def _init(self, data=None, queryset=None, *, request=None, prefix=None):
    django_filters.FilterSet.__init__(self, data, queryset, request=request, prefix=prefix)
    user = getattr(request, "user", None)
    for flt in self.filters.values():
        if isinstance(flt, django_filters.ModelChoiceFilter):
            flt.queryset = units_visible_to(user)


def _field_filter(field) -> django_filters.Filter:
    label = str(field.verbose_name)
    if isinstance(field, models.ForeignKey) and field.related_model is OrgUnit:
        return UnitFilter(
            field_name=field.name,
            label=label,
            queryset=OrgUnit.objects.none(),
            empty_label="全部单位",
        )
    if isinstance(field, models.BooleanField):
        return django_filters.BooleanFilter(field_name=field.name, label=label)
    if field.choices:
        return django_filters.ChoiceFilter(
            field_name=field.name, label=label, choices=field.choices, empty_label="全部"
        )
    raise TypeError(f"台账筛选字段 {field.name} 须为单位、是否或选项字段")


def _filter_status(statuses):
    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=statuses.open())
        return queryset.filter(status=value)

    return filter_status


def _filter_year(date_field: str):
    def filter_year(self, queryset, name, value):
        # A range on the column itself, so the (date, id) index serves it. The value is one of
        # the offered years (the form checked it).
        start, end = dt.date(int(value), 1, 1), dt.date(int(value) + 1, 1, 1)
        return queryset.filter(**{f"{date_field}__gte": start, f"{date_field}__lt": end})

    return filter_year


def _filter_overdue(statuses):
    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(status__in=statuses.open(), next_due_on__lt=today)

    return filter_overdue


def _filter_search(fields):
    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__startswith": value})
        return queryset.filter(match)

    return filter_search


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def search_label(model, fields) -> str:
    """ "案号/申请人": the searched fields' own names, unless the ledger names the box."""
    return "/".join(str(model._meta.get_field(name).verbose_name) for name in fields) or "查找"


def _year_label(model, date_field: str) -> str:
    return f"{str(model._meta.get_field(date_field).verbose_name)[:-2] or '登记'}年度"
