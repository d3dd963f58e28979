"""What `fazhi tick` does for 信箱 letters: one reminder to the assigned unit per overdue reply."""

from django.db.models import F, Q
from django.utils import timezone

from fazhi.core import jobs

from .models import Letter, LetterStatus


@jobs.register("信箱·逾期提醒")
def remind_overdue(run) -> int:
    today = timezone.localdate()
    candidates = Letter.objects.filter(
        status__in=LetterStatus.awaiting_reply(), next_due_on__lt=today
    )
    # A letter reassigned after a reminder has a later due date, so it is reminded again.
    not_yet = Q(overdue_notified_on__isnull=True) | Q(overdue_notified_on__lt=F("next_due_on"))
    done = 0
    for ids in jobs.claim_batches(candidates, not_yet, {"overdue_notified_on": today}):
        letters = list(
            Letter.objects.filter(id__in=ids).only(
                "id", "unit_id", "registrar_id", "reference", "next_due_on"
            )
        )
        jobs.remind(
            run,
            "信箱信件逾期提醒",
            letters,
            text=lambda x: f"信箱信件{x.reference}应于{x.next_due_on:%Y-%m-%d}前答复，已逾期",
            unit_of=lambda x: x.unit_id or x.registrar_id,
        )
        done += len(letters)
    return done
