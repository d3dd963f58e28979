"""What `fazhi tick` does for 建议提案: remind the 主办 unit once a proposal's answer period (代表法
art. 42, or the 重新办理 period) has passed without an answer."""

from django.db.models import F

from fazhi.core import jobs

from .models import Proposal, Source, Status


def remind_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        Proposal.objects.filter(status__in=Status.awaiting_answer(), unit__isnull=False),
        "建议提案逾期提醒",
        text=jobs.text(
            jobs.choice_label("source", Source),
            "第",
            F("number"),
            "号「",
            F("next_due_label"),
            "」已于",
            jobs.date_text("next_due_on"),
            "到期未答复",
        ),
        unit=F("unit_id"),
    )
