"""What `fazhi tick` does for 法律顾问: mark engagements whose last period has ended as 已到期, and
remind the engaging unit FAZHI_ADVISER_RENEWAL_NOTICE_DAYS (default 30 日, rules.py) before an
engagement's period ends, once per period end (a renewal's new end is reminded again)."""

from fazhi.core import jobs

from . import rules, services


def expire_ended(run) -> int:
    ended = services.ENGAGEMENT_TERM.ended()
    return jobs.apply_in_batches(run, ended, services.expire_many, "未能标记聘期届满")


def remind_renewal(run) -> int:
    return jobs.remind_before_end(
        run,
        services.ENGAGEMENT_TERM.running(),
        "法律顾问续聘提醒",
        end_field=services.ENGAGEMENT_TERM.end_field,
        days=rules.renewal_notice_days(),
        related=("unit", "adviser"),
        text=lambda e: (
            f"法律顾问{e.adviser.name}的聘期将于{e.end_on:%Y-%m-%d}届满，请及时决定是否续聘"
        ),
        unit_of=lambda e: e.unit_id,
    )
