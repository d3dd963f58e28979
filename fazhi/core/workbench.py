"""The staff workbench gathers each domain's open items with their next statutory due date.

A domain registers a source: a function of the user returning a queryset of its visible open
records, each with `next_due_on`, `next_due_label`, `get_absolute_url()` and a str. The workbench
runs one query per source, whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils.html import format_html

from .templatetags.deadlines import due_badge


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    open_items: Callable[..., QuerySet]


_SOURCES: dict[str, Source] = {}


def add(key: str, label: str, open_items: Callable[..., QuerySet]) -> None:
    _SOURCES[key] = Source(key, label, open_items)


def register(key: str, label: str):
    def wrap(func: Callable[..., QuerySet]):
        add(key, label, func)
        return func

    return wrap


def sources() -> list[Source]:
    return list(_SOURCES.values())


def items_for(user, limit: int = 50) -> list[tuple[Source, list]]:
    """The open items of every source, soonest due first (undated last), at most `limit` each."""
    result = []
    for source in sources():
        qs = source.open_items(user).order_by(F("next_due_on").asc(nulls_last=True), "pk")
        result.append((source, list(qs[:limit])))
    return result


def row_html(item) -> str:
    """One item's row of the workbench table, made here rather than in the template (a few dozen
    template nodes per item, for up to 50 items per procedure): the same HTML."""
    label = item.next_due_label
    return format_html(
        '<tr><td><a href="{}">{}</a></td><td>{}{}</td><td>{}</td></tr>',
        item.get_absolute_url(),
        str(item),
        item.get_status_display(),
        format_html(" · {}", label) if label else "",
        due_badge(item.next_due_on),
    )
