"""What `fazhi tick` does for 信箱 letters: one reminder to the assigned unit per overdue reply."""

from fazhi.core import jobs

from .models import Letter, LetterStatus


def remind_overdue(run) -> int:
    # A letter reassigned after a reminder has a later due date, so it is reminded again.
    return jobs.remind_overdue(
        run,
        Letter.objects.filter(status__in=LetterStatus.awaiting_reply()),
        "信箱信件逾期提醒",
        fields=["unit_id", "registrar_id", "reference", "next_due_on"],
        text=lambda x: f"信箱信件{x.reference}应于{x.next_due_on:%Y-%m-%d}前答复，已逾期",
        unit_of=lambda x: x.unit_id or x.registrar_id,
    )
