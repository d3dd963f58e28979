"""What `fazhi tick` does for 行政复议: what the law moves by itself, and overdue reminders."""

from django.db.models import F
from django.utils import timezone

from fazhi.core import jobs

from . import services
from .models import LawVersion, ReconsiderationCase, Status

BATCH = 500


def deem_accepted(run) -> int:
    """2023 art. 30 ¶3: a review period that ended without a 不予受理 decision means 受理.
    Batches are locked with SKIP LOCKED and re-checked, so two runs never deem a case twice;
    refusals (e.g. a decision period reaching a year whose holidays nobody entered) are counted
    in the run's problems instead of being dropped."""
    due = ReconsiderationCase.objects.filter(
        status=Status.RECEIVED, law=LawVersion.FY2023, next_due_on__lt=timezone.localdate()
    )
    return jobs.apply_in_batches(run, due, services.deem_accepted_many, "未能视为受理", batch=BATCH)


def remind_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        ReconsiderationCase.objects.filter(status__in=Status.open()),
        "行政复议逾期提醒",
        text=jobs.text(
            F("number"), "「", F("next_due_label"), "」已于", jobs.date_text("next_due_on"), "到期"
        ),
        unit=F("unit_id"),
    )
