"""Template filters that show a due date with its state: 逾期, 临期 or in time."""

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def due_state(due: dt.date | None, today: dt.date | None = None) -> str:
    if due is None:
        return "none"
    today = today or timezone.localdate()
    if due < today:
        return "overdue"
    if (due - today).days <= settings.FAZHI_DUE_SOON_DAYS:
        return "soon"
    return "ok"


@register.filter
def due_badge(due: dt.date | None):
    return due_badge_on(due, timezone.localdate())


def due_badge_on(due: dt.date | None, today: dt.date) -> SafeString:
    """The badge as of `today`: a list page reads today once for its rows' dates. Its parts are a
    date, a number and a state of three words, none of which needs escaping."""
    state = due_state(due, today)
    if state == "none":
        return mark_safe('<span class="badge closed">—</span>')
    if state == "overdue":
        text = f"已逾期{(today - due).days}天"
    elif due == today:
        text = "今日到期"
    else:
        text = f"剩{(due - today).days}天"
    day = due.isoformat()
    return mark_safe(f'<span class="badge {state}" title="{day}">{day} · {text}</span>')
