"""What `fazhi tick` does for 调解: a reminder for each open case past its mediation period
(FAZHI_MEDIATION_PERIOD_DAYS, see rules.py), once per due date."""

from fazhi.core import jobs

from .models import MediationCase, Status


def remind_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        MediationCase.objects.filter(status__in=Status.open()),
        "调解逾期提醒",
        fields=["unit_id", "number", "next_due_on", "next_due_label"],
        text=lambda c: f"{c.number}「{c.next_due_label}」已于{c.next_due_on:%Y-%m-%d}到期",
        unit_of=lambda c: c.unit_id,
    )
