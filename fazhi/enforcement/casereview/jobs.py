"""What `fazhi tick` does for 案卷评查: remind the department of each 评查案卷 whose 整改期限 has
passed without its 整改情况 recorded (逾期), once per due date."""

from django.db.models import F

from fazhi.core import jobs

from .models import FileStatus, ReviewFile

LATE = jobs.text(
    "评查案卷(案件编号",
    F("case_id"),
    ")的整改期限已于",
    jobs.date_text("next_due_on"),
    "届满，请登记整改情况",
)


def remind_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        ReviewFile.objects.filter(status=FileStatus.RECTIFYING, next_due_on__isnull=False),
        "案卷评查整改逾期提醒",
        text=LATE,
        unit=F("unit_id"),
    )
