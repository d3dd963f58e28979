"""What `fazhi tick` does for 信箱 letters: one reminder to the assigned unit per overdue reply."""

from django.db.models import F
from django.db.models.functions import Coalesce

from fazhi.core import jobs

from .models import Letter, LetterStatus


def remind_overdue(run) -> int:
    # A letter reassigned after a reminder has a later due date, so it is reminded again.
    return jobs.remind_overdue(
        run,
        Letter.objects.filter(status__in=LetterStatus.awaiting_reply()),
        "信箱信件逾期提醒",
        text=jobs.text(
            "信箱信件", F("reference"), "应于", jobs.date_text("next_due_on"), "前答复，已逾期"
        ),
        unit=Coalesce("unit_id", "registrar_id"),
    )
