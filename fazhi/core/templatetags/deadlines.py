"""Template filters that show a due date with its state: 逾期, 临期 or in time."""

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html

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
    state = due_state(due)
    if state == "none":
        return format_html('<span class="badge closed">{}</span>', "—")
    today = timezone.localdate()
    if state == "overdue":
        text = f"已逾期{(today - due).days}天"
    elif due == today:
        text = "今日到期"
    else:
        text = f"剩{(due - today).days}天"
    return format_html(
        '<span class="badge {}" title="{}">{} · {}</span>',
        state,
        due.isoformat(),
        due.isoformat(),
        text,
    )
