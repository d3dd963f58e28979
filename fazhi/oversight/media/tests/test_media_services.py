"""政务新媒体 transitions: status only through services, 整改 only on a finding, refusals."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.oversight.media import services
from fazhi.oversight.media.models import Account, AccountStatus, CampaignStatus, CloseReason

from .factories import account, campaign

D = dt.date


@pytest.fixture
def staff(people):
    return people["coordinator"]


def test_finding_closes_with_reason_of_the_problem(org, people, staff):
    acc, c = account(org, staff), campaign(org, staff)
    services.record_finding(
        staff, Channel.WEB, c, account=acc, on=D(2021, 5, 12), problem="zombie", action="close"
    )
    finding = acc.findings.get()
    acc.refresh_from_db()
    assert (acc.status, acc.closed_on, acc.close_reason) == (
        AccountStatus.CLOSED,
        D(2021, 5, 12),
        CloseReason.ZOMBIE,
    )
    assert finding.campaign == c
    row = AuditEntry.objects.filter(object_type="media.Account").last()
    assert row.action == "集中整治责令关停" and row.after["details"]["finding"] == finding.pk


def test_rectification_then_back_to_normal(org, staff):
    acc, c = account(org, staff), campaign(org, staff)
    services.record_finding(
        staff, Channel.WEB, c, account=acc, on=D(2021, 5, 12), problem="security", action="rectify"
    )
    finding = acc.findings.get()
    acc.refresh_from_db()
    assert acc.status == AccountStatus.RECTIFYING and acc.rectify_finding == finding
    acc = services.finish_rectification(staff, Channel.WEB, acc, on=D(2021, 6, 1), note="已整改")
    assert acc.status == AccountStatus.NORMAL and acc.rectify_finding is None
    c = services.finish_campaign(staff, Channel.WEB, c, on=D(2021, 6, 30), summary="")
    assert c.status == CampaignStatus.FINISHED


def _unchanged(call, message):
    accounts = list(Account.objects.values())
    rows = AuditEntry.objects.count()
    with pytest.raises(Refusal, match=message):
        call()
    assert list(Account.objects.values()) == accounts
    assert AuditEntry.objects.count() == rows


def test_refusals_change_nothing(org, people, staff):
    acc, c = account(org, staff), campaign(org, staff)
    # 整改 exists only as a finding; an account that is 正常 cannot "finish" one.
    _unchanged(
        lambda: services.finish_rectification(staff, Channel.WEB, acc, on=D(2021, 6, 1), note="x"),
        "整改",
    )
    _unchanged(
        lambda: services.record_finding(
            staff, Channel.WEB, c, account=acc, on=D(2021, 5, 1), problem="zombie", action="close"
        ),
        "不能早于整治开始日期",
    )
    _unchanged(
        lambda: services.close_account(staff, Channel.WEB, acc, on=D(2021, 5, 1), reason="other"),
        "写明具体原因",
    )
    other = account(org, people["kaiyuan_staff"], name="开远发布", unit=org["kaiyuan_justice"])
    _unchanged(
        lambda: services.record_finding(
            staff,
            Channel.WEB,
            c,
            account=other,
            on=D(2021, 5, 12),
            problem="zombie",
            action="close",
        ),
        "不在本次整治的范围内",
    )
    services.close_account(staff, Channel.WEB, acc, on=D(2021, 5, 11), reason="merged")
    _unchanged(
        lambda: services.record_registration(staff, Channel.WEB, acc, on=D(2021, 6, 1)), "关停"
    )
    services.finish_campaign(staff, Channel.WEB, c, on=D(2021, 6, 30), summary="")
    fresh = account(org, staff, name="弥勒公安微博", platform="weibo")
    _unchanged(
        lambda: services.record_finding(
            staff, Channel.WEB, c, account=fresh, on=D(2021, 6, 1), problem="zombie", action="close"
        ),
        "已结束",
    )


def test_duplicate_account_refused(org, staff):
    account(org, staff)
    with pytest.raises(Refusal, match="已登记"):
        account(org, staff)
    assert Account.objects.count() == 1
