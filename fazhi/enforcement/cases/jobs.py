"""What `fazhi tick` does for 行政执法案件: remind the 执法部门 of each case whose next deadline
(作出决定, 法制审核, 送达, 执法公示 7/20 工作日, 报送备案, 撤下公示 3 工作日) falls within
FAZHI_DUE_SOON_DAYS days (临期), once per due date, and of those past it (逾期), once per due
date. Publication and withdrawal deadlines may fall after 结案: every case with a next deadline
is a candidate, whatever its status."""

import datetime as dt

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from fazhi.core import jobs

from .models import Case

FIELDS = ["unit_id", "title", "next_due_on", "next_due_label"]


def _pending():
    return Case.objects.filter(next_due_on__isnull=False)


def _soon(c) -> str:
    return f"执法案件《{c.title}》应于{c.next_due_on:%Y-%m-%d}前{c.next_due_label}"


LATE = jobs.text(
    "执法案件《",
    F("title"),
    "》的",
    F("next_due_label"),
    "期限已于",
    jobs.date_text("next_due_on"),
    "届满",
)


def remind_due_soon(run) -> int:
    today = timezone.localdate()
    soon = today + dt.timedelta(days=int(getattr(settings, "FAZHI_DUE_SOON_DAYS", 3)))
    candidates = _pending().filter(next_due_on__gte=today, next_due_on__lte=soon)
    not_yet = Q(soon_notified_on__isnull=True) | Q(soon_notified_on__lt=F("next_due_on"))
    done = 0
    for ids in jobs.claim_batches(candidates, not_yet, {"soon_notified_on": F("next_due_on")}):
        records = list(Case.objects.filter(id__in=ids).only("id", *FIELDS))
        jobs.remind(run, "行政执法临期提醒", records, text=_soon, unit_of=lambda c: c.unit_id)
        done += len(records)
    return done


def remind_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        _pending(),
        "行政执法逾期提醒",
        text=LATE,
        unit=F("unit_id"),
    )
