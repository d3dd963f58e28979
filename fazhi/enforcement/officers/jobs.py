"""What `fazhi tick` does for 执法证: mark certificates whose 有效期 has run out as 过期, and remind
the officer's unit FAZHI_CERTIFICATE_RENEWAL_NOTICE_DAYS (default 60 日, rules.py) before a
certificate's 有效期 ends, once per end date (a 换证's new date is reminded again)."""

from fazhi.core import jobs

from . import rules, services


def expire_ended(run) -> int:
    ended = services.CERTIFICATE_TERM.ended()
    return jobs.apply_in_batches(run, ended, services.expire_many, "未能标记执法证过期")


def remind_renewal(run) -> int:
    return jobs.remind_before_end(
        run,
        services.CERTIFICATE_TERM.running(),
        "执法证换证提醒",
        end_field=services.CERTIFICATE_TERM.end_field,
        days=rules.renewal_notice_days(),
        related=("unit", "officer"),
        text=lambda c: (
            f"{c.officer.name}的行政执法证(证号{c.number}，{c.get_field_display()})"
            f"将于{c.valid_until:%Y-%m-%d}到期，请及时申请换证"
        ),
        unit_of=lambda c: c.unit_id,
    )
