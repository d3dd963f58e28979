"""Helpers every service function uses to refuse bad input before it writes anything.

A refusal is a `Refusal` (a ValidationError) with a Chinese message that the views, the API, the
importers and the command line all show as they are.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .permissions import may_change_closed


class Refusal(ValidationError):
    """A request the rules do not allow; nothing was changed."""


def locked(obj: models.Model) -> models.Model:
    """Re-read the object under a row lock, so the check and the write see the same state."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def require_status(obj, allowed: Iterable[str], action: str) -> None:
    allowed = list(allowed)
    if obj.status not in allowed:
        names = dict(type(obj)._meta.get_field("status").flatchoices)
        labels = "、".join(str(names[s]) for s in allowed)
        current = obj.get_status_display()
        raise Refusal(
            f"无法{action}：案件当前状态为“{current}”，只有“{labels}”的案件可以{action}。"
        )


def require_open_or_override(obj, actor, open_statuses: Iterable[str]) -> None:
    if obj.status not in list(open_statuses) and not may_change_closed(actor):
        raise Refusal("案件已办结，只读；如需更正，请由具有更正权限的人员办理。")


def require_date(
    on, *, label: str, not_before: dt.date | None = None, before_label: str = ""
) -> dt.date:
    """A step's date must be a real date, not in the future, and not before the step it follows."""
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise Refusal(f"{label}无效：{on!r} 不是日期。")
    today = timezone.localdate()
    if on > today:
        raise Refusal(f"{label}不能晚于今天({today:%Y-%m-%d})：{on:%Y-%m-%d}。")
    if not_before and on < not_before:
        raise Refusal(f"{label}({on:%Y-%m-%d})不能早于{before_label}({not_before:%Y-%m-%d})。")
    return on


def parse_date(text: str, label: str) -> dt.date:
    """Parse an ISO date typed by a person; refuse with the reason instead of guessing."""
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise Refusal(f"{label}无效：“{text}”不是有效日期(应为 YYYY-MM-DD，且该日存在)。") from None
