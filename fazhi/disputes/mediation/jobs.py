"""What `fazhi tick` does for 调解: a reminder for each open case past its mediation period
(FAZHI_MEDIATION_PERIOD_DAYS, see rules.py), once per due date."""

from django.db.models import F, Q
from django.utils import timezone

from fazhi.core import jobs

from .models import MediationCase, Status


@jobs.register("调解·逾期提醒")
def remind_overdue(run) -> int:
    today = timezone.localdate()
    candidates = MediationCase.objects.filter(status__in=Status.open(), next_due_on__lt=today)
    not_yet = Q(overdue_notified_on__isnull=True) | Q(overdue_notified_on__lt=F("next_due_on"))
    done = 0
    for ids in jobs.claim_batches(candidates, not_yet, {"overdue_notified_on": today}):
        cases = list(
            MediationCase.objects.filter(id__in=ids).only(
                "id", "unit_id", "number", "next_due_on", "next_due_label"
            )
        )
        jobs.remind(
            run,
            "调解逾期提醒",
            cases,
            text=lambda c: f"{c.number}「{c.next_due_label}」已于{c.next_due_on:%Y-%m-%d}到期",
            unit_of=lambda c: c.unit_id,
        )
        done += len(cases)
    return done
