"""What `fazhi tick` does for 任务分工: a task past its 完成时限 becomes 逾期未完成, and the
牵头单位 is reminded once for each deadline passed (a quarterly return, the task, a 督办's
整改期限)."""

from django.db.models import F
from django.db.models.functions import Left
from django.utils import timezone

from fazhi.core import jobs

from . import services
from .models import Status, Task


def lapse_overdue(run) -> int:
    changed, refused = services.lapse_overdue(run, timezone.localdate())
    for reason, count in refused.items():
        jobs.problem(run, f"任务逾期：{reason}", count)
    return len(changed)


def remind_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        Task.objects.filter(status__in=Status.awaiting()),
        "分工任务逾期提醒",
        text=jobs.text(
            "分工任务「",
            Left(jobs.text(F("year"), "年第", F("number"), "项：", F("text")), 120),  # str(task)
            "」的",
            F("next_due_label"),
            "已于",
            jobs.date_text("next_due_on"),
            "到期",
        ),
        unit=F("unit_id"),
    )
