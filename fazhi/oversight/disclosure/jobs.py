"""What `fazhi tick` does for 依申请公开: overdue reminders. Nothing moves by itself: 视为放弃
after a missed 补正 needs a judgement that there was no good reason (条例 art. 30)."""

from fazhi.core import jobs

from .models import DisclosureRequest, Status


def remind_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        DisclosureRequest.objects.filter(status__in=Status.open()),
        "依申请公开逾期提醒",
        fields=["agency_id", "number", "next_due_on", "next_due_label"],
        text=lambda r: f"{r.number}「{r.next_due_label}」已于{r.next_due_on:%Y-%m-%d}到期",
        unit_of=lambda r: r.agency_id,
    )
