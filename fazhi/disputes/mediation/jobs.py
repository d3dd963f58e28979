"""What `fazhi tick` does for 调解: a reminder for each open case past its mediation period
(FAZHI_MEDIATION_PERIOD_DAYS, see rules.py), once per due date."""

from django.db.models import F

from fazhi.core import jobs

from .models import MediationCase, Status


def remind_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        MediationCase.objects.filter(status__in=Status.open()),
        "调解逾期提醒",
        text=jobs.text(
            F("number"), "「", F("next_due_label"), "」已于", jobs.date_text("next_due_on"), "到期"
        ),
        unit=F("unit_id"),
    )
