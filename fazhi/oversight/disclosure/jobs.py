"""What `fazhi tick` does for 依申请公开: overdue reminders. Nothing moves by itself: 视为放弃
after a missed 补正 needs a judgement that there was no good reason (条例 art. 30)."""

from django.db.models import F

from fazhi.core import jobs

from .models import DisclosureRequest, Status


def remind_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        DisclosureRequest.objects.filter(status__in=Status.open()),
        "依申请公开逾期提醒",
        text=jobs.text(
            F("number"), "「", F("next_due_label"), "」已于", jobs.date_text("next_due_on"), "到期"
        ),
        unit=F("agency_id"),
    )
