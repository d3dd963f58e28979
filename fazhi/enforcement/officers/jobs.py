"""What `fazhi tick` does for 执法证: mark certificates whose 有效期 has run out as 过期, and remind
the officer's unit FAZHI_CERTIFICATE_RENEWAL_NOTICE_DAYS (default 60 日, rules.py) before a
certificate's 有效期 ends, once per end date (a 换证's new date is reminded again)."""

import datetime as dt

from django.db.models import F, Q
from django.utils import timezone

from fazhi.core import jobs
from fazhi.core.audit import Channel

from . import rules, services
from .models import Certificate, CertificateStatus

BATCH = 500


def expire_ended(run) -> int:
    today = timezone.localdate()
    due = Certificate.objects.filter(
        status=CertificateStatus.VALID, valid_until__lt=today
    ).order_by("pk")
    done, last = 0, 0
    while True:
        ids = list(due.filter(pk__gt=last).values_list("pk", flat=True)[:BATCH])
        if not ids:
            return done
        count, refused = services.expire_many(None, Channel.JOB, ids)
        done, last = done + count, ids[-1]
        for reason, n in refused.items():
            jobs.problem(run, f"未能标记执法证过期：{reason}", n)


def remind_renewal(run) -> int:
    days = rules.renewal_notice_days()
    if not days:
        return 0
    today = timezone.localdate()
    ending = Certificate.objects.filter(
        status=CertificateStatus.VALID,
        valid_until__gte=today,
        valid_until__lte=today + dt.timedelta(days=days),
    )
    not_yet = Q(notice_sent_for__isnull=True) | ~Q(notice_sent_for=F("valid_until"))
    done = 0
    for ids in jobs.claim_batches(ending, not_yet, {"notice_sent_for": F("valid_until")}):
        records = list(Certificate.objects.filter(id__in=ids).select_related("unit", "officer"))
        jobs.remind(
            run,
            "执法证换证提醒",
            records,
            text=lambda c: (
                f"{c.officer.name}的行政执法证(证号{c.number}，{c.get_field_display()})"
                f"将于{c.valid_until:%Y-%m-%d}到期，请及时申请换证"
            ),
            unit_of=lambda c: c.unit_id,
        )
        done += len(records)
    return done
