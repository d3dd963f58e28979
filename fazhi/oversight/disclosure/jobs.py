"""What `fazhi tick` does for 依申请公开: overdue reminders. Nothing moves by itself: 视为放弃
after a missed 补正 needs a judgement that there was no good reason (条例 art. 30)."""

from django.db.models import F, Q
from django.utils import timezone

from fazhi.core import jobs

from .models import DisclosureRequest, Status


@jobs.register("依申请公开·逾期提醒")
def remind_overdue(run) -> int:
    today = timezone.localdate()
    candidates = DisclosureRequest.objects.filter(status__in=Status.open(), next_due_on__lt=today)
    not_yet = Q(overdue_notified_on__isnull=True) | Q(overdue_notified_on__lt=F("next_due_on"))
    done = 0
    for ids in jobs.claim_batches(candidates, not_yet, {"overdue_notified_on": today}):
        requests = list(
            DisclosureRequest.objects.filter(id__in=ids).only(
                "id", "agency_id", "number", "next_due_on", "next_due_label"
            )
        )
        jobs.remind(
            run,
            "依申请公开逾期提醒",
            requests,
            text=lambda r: f"{r.number}「{r.next_due_label}」已于{r.next_due_on:%Y-%m-%d}到期",
            unit_of=lambda r: r.agency_id,
        )
        done += len(requests)
    return done
