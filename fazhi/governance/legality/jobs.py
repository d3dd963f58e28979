"""What `fazhi tick` does for 合法性审核: remind the reviewing office (合法性审核机构) of drafts
whose review period ends within FAZHI_DUE_SOON_DAYS days (临期), once per due date, and of those
whose period has passed without an opinion (逾期), once per due date."""

import datetime as dt

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from fazhi.core import jobs

from .models import Review, ReviewStatus

FIELDS = ["office_id", "kind", "title", "next_due_on", "next_due_label"]


def _waiting():
    return Review.objects.filter(status__in=ReviewStatus.awaiting())


def remind_due_soon(run) -> int:
    today = timezone.localdate()
    soon = today + dt.timedelta(days=int(getattr(settings, "FAZHI_DUE_SOON_DAYS", 3)))
    candidates = _waiting().filter(next_due_on__gte=today, next_due_on__lte=soon)
    not_yet = Q(soon_notified_on__isnull=True) | Q(soon_notified_on__lt=F("next_due_on"))
    # claimed with the due date itself, so a later due date (sent again) is reminded again
    done = 0
    for ids in jobs.claim_batches(candidates, not_yet, {"soon_notified_on": F("next_due_on")}):
        records = list(Review.objects.filter(id__in=ids).only("id", *FIELDS))
        jobs.remind(
            run,
            "合法性审核临期提醒",
            records,
            text=lambda r: f"合法性审核《{r.title}》应于{r.next_due_on:%Y-%m-%d}前出具审核意见",
            unit_of=lambda r: r.office_id,
        )
        done += len(records)
    return done


def remind_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        _waiting(),
        "合法性审核逾期提醒",
        text=jobs.text(
            "合法性审核《",
            F("title"),
            "》已于",
            jobs.date_text("next_due_on"),
            "到期，尚未出具审核意见",
        ),
        unit=F("office_id"),
    )
