"""What `fazhi tick` does for 法律顾问: mark engagements whose last period has ended as 已到期, and
remind the engaging unit FAZHI_ADVISER_RENEWAL_NOTICE_DAYS (default 30 日, rules.py) before an
engagement's period ends, once per period end (a renewal's new end is reminded again)."""

import datetime as dt

from django.db.models import F, Q
from django.utils import timezone

from fazhi.core import jobs
from fazhi.core.audit import Channel

from . import rules, services
from .models import Engagement, EngagementStatus

BATCH = 500


def expire_ended(run) -> int:
    today = timezone.localdate()
    due = Engagement.objects.filter(status=EngagementStatus.ENGAGED, end_on__lt=today).order_by(
        "pk"
    )
    done, last = 0, 0
    while True:
        ids = list(due.filter(pk__gt=last).values_list("pk", flat=True)[:BATCH])
        if not ids:
            return done
        count, refused = services.expire_many(None, Channel.JOB, ids)
        done, last = done + count, ids[-1]
        for reason, n in refused.items():
            jobs.problem(run, f"未能标记聘期届满：{reason}", n)


def remind_renewal(run) -> int:
    days = rules.renewal_notice_days()
    if not days:
        return 0
    today = timezone.localdate()
    ending = Engagement.objects.filter(
        status=EngagementStatus.ENGAGED,
        end_on__gte=today,
        end_on__lte=today + dt.timedelta(days=days),
    )
    not_yet = Q(notice_sent_for__isnull=True) | ~Q(notice_sent_for=F("end_on"))
    done = 0
    for ids in jobs.claim_batches(ending, not_yet, {"notice_sent_for": F("end_on")}):
        records = list(Engagement.objects.filter(id__in=ids).select_related("unit", "adviser"))
        jobs.remind(
            run,
            "法律顾问续聘提醒",
            records,
            text=lambda e: (
                f"法律顾问{e.adviser.name}的聘期将于{e.end_on:%Y-%m-%d}届满，请及时决定是否续聘"
            ),
            unit_of=lambda e: e.unit_id,
        )
        done += len(records)
    return done
