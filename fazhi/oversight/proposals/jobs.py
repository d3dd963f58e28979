"""What `fazhi tick` does for 建议提案: remind the 主办 unit once a proposal's answer period (代表法
art. 42, or the 重新办理 period) has passed without an answer."""

from fazhi.core import jobs

from .models import Proposal, Status


def remind_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        Proposal.objects.filter(status__in=Status.awaiting_answer(), unit__isnull=False),
        "建议提案逾期提醒",
        fields=["unit_id", "source", "number", "title", "next_due_on", "next_due_label"],
        text=lambda p: (
            f"{p.get_source_display()}第{p.number}号「{p.next_due_label}」"
            f"已于{p.next_due_on:%Y-%m-%d}到期未答复"
        ),
        unit_of=lambda p: p.unit_id,
    )
