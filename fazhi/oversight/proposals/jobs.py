"""What `fazhi tick` does for 建议提案: remind the 主办 unit once a proposal's answer period (代表法
art. 42, or the 重新办理 period) has passed without an answer."""

from django.db.models import F, Q
from django.utils import timezone

from fazhi.core import jobs

from .models import Proposal, Status


@jobs.register("建议提案·逾期提醒")
def remind_overdue(run) -> int:
    today = timezone.localdate()
    candidates = Proposal.objects.filter(
        status__in=Status.awaiting_answer(), next_due_on__lt=today, unit__isnull=False
    )
    not_yet = Q(overdue_notified_on__isnull=True) | Q(overdue_notified_on__lt=F("next_due_on"))
    done = 0
    for ids in jobs.claim_batches(candidates, not_yet, {"overdue_notified_on": today}):
        proposals = list(
            Proposal.objects.filter(id__in=ids).only(
                "id", "unit_id", "source", "number", "title", "next_due_on", "next_due_label"
            )
        )
        jobs.remind(
            run,
            "建议提案逾期提醒",
            proposals,
            text=lambda p: (
                f"{p.get_source_display()}第{p.number}号「{p.next_due_label}」"
                f"已于{p.next_due_on:%Y-%m-%d}到期未答复"
            ),
            unit_of=lambda p: p.unit_id,
        )
        done += len(proposals)
    return done
