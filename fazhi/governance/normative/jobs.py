"""What `fazhi tick` does for 规范性文件: end the validity of documents whose 有效期 has run out
(失效, the law's own effect: the table's System step), and remind the units whose 备案 or whose
备案审查 is overdue."""

from django.db.models import Case, F, When
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


def expire_documents(run) -> int:
    due = NormativeDocument.objects.filter(
        status__in=DocStatus.in_force(), valid_until__lt=timezone.localdate()
    )
    # services.expire_many takes the step as the system itself (no actor, the job's channel)
    return jobs.apply_in_batches(
        run, due, lambda actor, channel, ids: services.expire_many(ids), "未能使规范性文件失效"
    )


def remind_filing_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        NormativeDocument.objects.filter(status__in=DocStatus.awaiting_filing()),
        "规范性文件备案逾期提醒",
        text=jobs.text(
            "《",
            F("title"),
            "》(",
            F("doc_number"),
            ")应于",
            jobs.date_text("next_due_on"),
            "前报送备案",
        ),
        unit=F("unit_id"),
    )


def remind_review_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        FilingReview.objects.filter(status__in=FilingStatus.awaiting()),
        "规范性文件备案审查逾期提醒",
        text=jobs.text(
            "规范性文件备案审查「",
            F("next_due_label"),
            "」已于",
            jobs.date_text("next_due_on"),
            "到期",
        ),
        # 审查中: the reviewing office; after its opinion, the organ that must answer it
        unit=Case(When(status=FilingStatus.RECEIVED, then=F("office_id")), default=F("organ_id")),
    )


def remind_incidental_overdue(run) -> int:
    return jobs.remind_overdue(
        run,
        IncidentalReview.objects.filter(status__in=IncidentalStatus.awaiting()),
        "规范性文件附带审查逾期提醒",
        text=jobs.text(
            "《",
            F("document_title"),
            "》附带审查「",
            F("next_due_label"),
            "」已于",
            jobs.date_text("next_due_on"),
            "到期",
        ),
        unit=F("office_id"),
    )
