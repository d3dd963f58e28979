"""What `fazhi tick` does for 行政应诉: remind the 承办单位 once when the answer and evidence (or,
once answered, evidence still owed) are due within FAZHI_DUE_SOON_DAYS days or overdue — late
evidence counts as no evidence (行政诉讼法 arts. 67, 34 ¶2; after an allowed extension 行诉解释
art. 34, whose deadline is then the one watched), so this deadline decides cases."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from fazhi.core import jobs

from .models import Lawsuit, Status


def remind_answer_due(run) -> int:
    today = timezone.localdate()
    soon = today + dt.timedelta(days=getattr(settings, "FAZHI_DUE_SOON_DAYS", 3))
    unanswered = Q(status=Status.RECEIVED, answer_due_on__lte=soon)
    evidence_owed = Q(
        Q(evidence_due_on__lte=soon) | Q(evidence_due_on__isnull=True, answer_due_on__lte=soon),
        status__in=Status.pending(),
        answered_on__isnull=False,
        evidence_submitted_on__isnull=True,
    )
    candidates = Lawsuit.objects.filter(unanswered | evidence_owed)
    done = 0
    claimed = jobs.claim_batches(
        candidates, Q(answer_reminded_on__isnull=True), {"answer_reminded_on": today}
    )
    for ids in claimed:
        cases = list(
            Lawsuit.objects.filter(id__in=ids).only(
                "id", "unit_id", "number", "answer_due_on", "evidence_due_on", "answered_on"
            )
        )
        jobs.remind(run, "行政应诉答辩举证提醒", cases, text=_text, unit_of=lambda c: c.unit_id)
        done += len(cases)
    return done


def _text(case) -> str:
    if case.answered_on and case.evidence_due_on:
        return f"{case.number} 延期举证期限{case.evidence_due_on:%Y-%m-%d}(行诉解释第34条)"
    if case.answered_on:
        return f"{case.number} 举证期限{case.answer_due_on:%Y-%m-%d}(行政诉讼法第67条)"
    return f"{case.number} 答辩举证期限{case.answer_due_on:%Y-%m-%d}(行政诉讼法第67条)"
