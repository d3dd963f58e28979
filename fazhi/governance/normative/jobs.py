"""What `fazhi tick` does for 规范性文件: end the validity of documents whose 有效期 has run out
(失效, the law's own effect: the table's System step), and remind the units whose 备案 or whose
备案审查 is overdue."""

from django.utils import timezone

from fazhi.core import jobs

from . import services
from .models import (
    DocStatus,
    FilingReview,
    FilingStatus,
    IncidentalReview,
    IncidentalStatus,
    NormativeDocument,
)

BATCH = 500


def expire_documents(run) -> int:
    today = timezone.localdate()
    due = NormativeDocument.objects.filter(
        status__in=DocStatus.in_force(), valid_until__lt=today
    ).order_by("pk")
    done, last = 0, 0
    while True:
        ids = list(due.filter(pk__gt=last).values_list("pk", flat=True)[:BATCH])
        if not ids:
            return done
        count, refused = services.expire_many(ids)
        done, last = done + count, ids[-1]
        for reason, n in refused.items():
            jobs.problem(run, f"未能使规范性文件失效：{reason}", n)


def remind_filing_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        NormativeDocument.objects.filter(status__in=DocStatus.awaiting_filing()),
        "规范性文件备案逾期提醒",
        fields=["unit_id", "title", "doc_number", "next_due_on", "next_due_label"],
        text=lambda d: f"《{d.title}》({d.doc_number})应于{d.next_due_on:%Y-%m-%d}前报送备案",
        unit_of=lambda d: d.unit_id,
    )


def remind_review_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        FilingReview.objects.filter(status__in=FilingStatus.awaiting()),
        "规范性文件备案审查逾期提醒",
        fields=["office_id", "organ_id", "status", "next_due_on", "next_due_label"],
        text=lambda r: f"规范性文件备案审查「{r.next_due_label}」已于{r.next_due_on:%Y-%m-%d}到期",
        unit_of=lambda r: r.office_id if r.status == FilingStatus.RECEIVED else r.organ_id,
    )


def remind_incidental_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        IncidentalReview.objects.filter(status__in=IncidentalStatus.awaiting()),
        "规范性文件附带审查逾期提醒",
        fields=["office_id", "document_title", "next_due_on", "next_due_label"],
        text=lambda r: (
            f"《{r.document_title}》附带审查「{r.next_due_label}」已于{r.next_due_on:%Y-%m-%d}到期"
        ),
        unit_of=lambda r: r.office_id,
    )
