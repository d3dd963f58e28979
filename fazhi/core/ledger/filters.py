"""A ledger's list filters, built from its declaration with django-filter.

Every ledger filters by status (one status, or all open ones) and by year (a choice of real years,
never a number typed in); a procedure adds the fields it declares — its units (limited to the
units the user may see), its choices, its flags — and a prefix search over its number and names.
A value that is not among the choices is an error shown on the page, never a 500 or a silent
"all records".
"""

import datetime as dt
import hashlib
import threading
import time
from typing import NamedTuple

import django_filters
from cachetools import LRUCache
from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from ..models import OrgUnit
from .rendering import FilterFormRenderer

OPEN = "open"


def year_choices() -> list[tuple[int, str]]:
    last = timezone.localdate().year + 1
    return [(str(y), f"{y}年") for y in range(last, settings.FAZHI_FIRST_YEAR - 1, -1)]


def units_visible_to(user):
    scope = user.scope_unit() if getattr(user, "is_authenticated", False) else None
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


YES_NO = [("true", "是"), ("false", "否")]


class YesNoFilter(django_filters.ChoiceFilter):
    """A yes/no column: 全部, 是 or 否; any other value is the form's error."""

    def filter(self, qs, value):
        return super().filter(qs, value == "true" if value else value)


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
        # Not BooleanFilter: Django's yes/no select reads any other value as "unknown", which
        # is no filter, a silent "all records".
        return YesNoFilter(field_name=field.name, label=label, choices=YES_NO, empty_label="全部")
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


class Shown(NamedTuple):
    """A list page's filters as the page shows them."""

    html: SafeString  # the filter fields, each with its errors
    errors: bool
    key: tuple  # the filter values as requested, and the choices they were checked against


class LedgerFilters:
    """A ledger's filters applied to a request: checked by the FilterSet, shown as its form.

    Building the FilterSet, checking the request and rendering the form took a sixth of a list
    page. The same filter values checked against the same choices (the statuses, the years to
    this one, the units the user may see, the procedure's choices) give the same checked values
    and the same form, so both are kept per ledger and process, for the last `KEPT` such
    combinations; what the units were is part of what is compared (`units_digest`). Kept or not,
    the records are filtered by the FilterSet's own filters from the checked values."""

    KEPT = 256

    def __init__(self, procedure):
        self.filterset = filterset_for(procedure)
        # whose filters apply checked values: the filtering methods are the FilterSet's own
        self._applier = self.filterset(None, procedure.model.objects.none())
        self._names = tuple(self.filterset.base_filters)
        self._has_units = any(
            isinstance(f, django_filters.ModelChoiceFilter)
            for f in self.filterset.base_filters.values()
        )
        self._kept = LRUCache(self.KEPT)
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe

    def apply(self, request, records) -> tuple[Shown, models.QuerySet]:
        values = tuple((n, tuple(request.GET.getlist(n))) for n in self._names if n in request.GET)
        key = (bool(request.GET), values, self._choices_digest(request.user))
        with self._lock:
            kept = self._kept.get(key)
        if kept is None:
            filters = self.filterset(request.GET or None, records, request=request)
            html = form_html(filters.form)
            if filters.is_bound and not filters.is_valid():
                return Shown(html, True, key), records.none()
            kept = (filters.form.cleaned_data if filters.is_bound else {}, html)
            with self._lock:
                self._kept[key] = kept
        checked, html = kept
        for name, value in checked.items():
            records = self._applier.filters[name].filter(records, value)
        return Shown(html, False, key), records

    def _choices_digest(self, user) -> tuple:
        """What the offered choices depend on beyond the declaration: the year, and the units the
        user may see."""
        year = timezone.localdate().year
        return year, (units_digest(user) if self._has_units else b"")


_digests: dict = {}  # a government's path: (digest, when read)
_digests_lock = threading.Lock()


def units_digest(user) -> bytes:
    """A digest of the units (id, name) `user` may see: what a kept filter form was made for (a
    prefecture's ~400 names kept with each form would add up). Read once per government for
    FAZHI_LIST_UNITS_SECONDS: one query a list page less."""
    scope = user.scope_unit() if getattr(user, "is_authenticated", False) else None
    path = scope.government().path if scope else None
    now = time.monotonic()
    with _digests_lock:
        digest, read_at = _digests.get(path, (None, 0.0))
    if digest is None or now - read_at >= settings.FAZHI_LIST_UNITS_SECONDS:
        units = list(units_visible_to(user).values_list("pk", "name"))
        digest = hashlib.blake2b(repr(units).encode(), digest_size=16).digest()
        with _digests_lock:
            if len(_digests) >= 1024:
                _digests.clear()
            _digests[path] = (digest, now)
    return digest


@receiver([post_save, post_delete], sender=OrgUnit, dispatch_uid="ledger-filter-units")
def forget_units(**kwargs) -> None:
    with _digests_lock:
        _digests.clear()


def form_html(form) -> SafeString:
    """The filter fields as the list page shows them: label, input, and errors under it."""
    parts = []
    for field in form:
        errors = "".join(f"<li>{conditional_escape(e)}</li>" for e in field.errors)
        shown = f'<ul class="errorlist">{errors}</ul>' if errors else ""
        parts.append(f'<div class="filter">{field.label_tag()}{field}{shown}</div>')
    return mark_safe("\n".join(parts))
