"""Every state change of 政务新媒体 accounts and campaigns is one function here. An account's
status moves only here: 整改 only on a campaign's finding, back to 正常 when the 整改 is done,
关停 with its date and reason (on a finding, or on the unit's own decision such as 合并). Each
function checks status and dates, writes in one transaction and appends one audit row.
"""

import datetime as dt

from django.db import transaction

from fazhi.core import audit
from fazhi.core.workflow import (
    Frame,
    Refusal,
    locked,
    require_date,
    require_open_or_override,
    require_status,
    transition,
)

from .models import (
    Account,
    AccountStatus,
    Campaign,
    CampaignStatus,
    CloseReason,
    Finding,
    FindingAction,
    Platform,
    Problem,
)

ACCOUNT_AUDITED = (
    "status",
    "status_since",
    "registered",
    "registered_on",
    "rectify_finding",
    "closed_on",
    "close_reason",
    "close_note",
)
CAMPAIGN_AUDITED = ("status", "start_on", "end_on", "summary")


def register_account(
    actor,
    channel: str,
    *,
    unit,
    platform: str,
    name: str,
    opened_on: dt.date,
    registered_on: dt.date | None = None,
) -> Account:
    """Record an account the unit operates (开设备案), optionally already 填报 in the national
    system."""
    require_date(opened_on, label="开设日期")
    if platform not in Platform.values:
        raise Refusal(f"平台“{platform}”无效。")
    name = name.strip()
    if not name:
        raise Refusal("账号名称不能为空。")
    if registered_on is not None:
        require_date(registered_on, label="填报日期", not_before=opened_on, before_label="开设日期")
    with transaction.atomic():
        if Account.objects.filter(platform=platform, name=name).exists():
            raise Refusal(f"{Platform(platform).label}账号“{name}”已登记。")
        account = Account.objects.create(
            unit=unit,
            platform=platform,
            name=name,
            opened_on=opened_on,
            registered=registered_on is not None,
            registered_on=registered_on,
            status=AccountStatus.NORMAL,
            status_since=opened_on,
        )
        after = audit.snapshot(account, ACCOUNT_AUDITED) | {"on": opened_on}
        audit.record(actor, channel, "登记政务新媒体账号", account, None, after)
    return account


def record_registration(actor, channel: str, account: Account, *, on: dt.date) -> Account:
    """填报 in the 全国政务新媒体信息报送系统: from then on the account is 纳入监管."""

    def change(account):
        require_status(account, AccountStatus.open(), "填报")
        if account.registered:
            raise Refusal(f"该账号已于{account.registered_on:%Y-%m-%d}填报。")
        require_date(on, label="填报日期", not_before=account.opened_on, before_label="开设日期")
        account.registered, account.registered_on = True, on

    return _apply_account(actor, channel, account, "填报全国政务新媒体信息报送系统", change, on=on)


def finish_rectification(
    actor, channel: str, account: Account, *, on: dt.date, note: str
) -> Account:
    """整改完成: the account is 正常 again."""

    def change(account):
        require_status(account, [AccountStatus.RECTIFYING], "确认整改完成")
        require_date(
            on, label="整改完成日期", not_before=account.status_since, before_label="整改开始日期"
        )
        if not note.strip():
            raise Refusal("请说明整改情况。")
        account.status, account.status_since = AccountStatus.NORMAL, on
        account.rectify_finding = None

    return _apply_account(actor, channel, account, "整改完成", change, {"note": note}, on=on)


def close_account(
    actor, channel: str, account: Account, *, on: dt.date, reason: str, note: str = ""
) -> Account:
    """关停 (注销) an account, with the date and the reason; a closed account stays on record."""

    def change(account):
        _close(account, on, reason, note)

    return _apply_account(
        actor, channel, account, "关停账号", change, {"reason": reason, "note": note}, on=on
    )


def _close(account: Account, on: dt.date, reason: str, note: str) -> None:
    require_status(account, AccountStatus.open(), "关停")
    if reason not in CloseReason.values:
        raise Refusal(f"关停原因“{reason}”无效。")
    if reason == CloseReason.OTHER and not note.strip():
        raise Refusal("关停原因为“其他”的，应写明具体原因。")
    require_date(on, label="关停日期", not_before=account.status_since, before_label="状态起始日期")
    account.status, account.status_since = AccountStatus.CLOSED, on
    account.closed_on, account.close_reason, account.close_note = on, reason, note.strip()[:200]
    account.rectify_finding = None


def open_campaign(
    actor, channel: str, *, organ, unit, name: str, start_on: dt.date, scope: str
) -> Campaign:
    """集中整治 starts: it may record findings from its start day until it is finished."""
    require_date(start_on, label="开始日期")
    name = name.strip()
    if not name:
        raise Refusal("整治名称不能为空。")
    if not scope.strip():
        raise Refusal("请写明整治范围。")
    if not unit.path.startswith(organ.path):
        raise Refusal(f"牵头单位“{unit}”不属于{organ}。")
    with transaction.atomic():
        if Campaign.objects.filter(organ=organ, name=name).exists():
            raise Refusal(f"集中整治“{name}”已登记。")
        campaign = Campaign.objects.create(
            organ=organ, unit=unit, name=name, start_on=start_on, scope=scope.strip()[:300]
        )
        after = audit.snapshot(campaign, CAMPAIGN_AUDITED) | {"on": start_on}
        audit.record(actor, channel, "开展集中整治", campaign, None, after)
    return campaign


def finish_campaign(
    actor, channel: str, campaign: Campaign, *, on: dt.date, summary: str
) -> Campaign:
    def change(campaign):
        require_status(campaign, [CampaignStatus.ONGOING], "结束整治")
        require_date(on, label="结束日期", not_before=campaign.start_on, before_label="开始日期")
        last = campaign.findings.order_by("-found_on").values_list("found_on", flat=True).first()
        if last and on < last:
            raise Refusal(f"结束日期不能早于最后一次发现问题的日期({last:%Y-%m-%d})。")
        campaign.status, campaign.end_on, campaign.summary = (
            CampaignStatus.FINISHED,
            on,
            summary.strip()[:500],
        )

    with transaction.atomic():
        campaign = locked(campaign)
        require_open_or_override(campaign, actor, [CampaignStatus.ONGOING])
        before = audit.snapshot(campaign, CAMPAIGN_AUDITED)
        change(campaign)
        campaign.save()
        after = audit.snapshot(campaign, CAMPAIGN_AUDITED) | {"on": on}
        audit.record(actor, channel, "结束集中整治", campaign, before, after)
    return campaign


def record_finding(
    actor,
    channel: str,
    campaign: Campaign,
    *,
    account: Account,
    on: dt.date,
    problem: str,
    action: str,
    note: str = "",
) -> Finding:
    """A campaign's finding on one account, and what it does to the account: 整改 puts it under
    rectification, 关停 closes it with the reason the problem implies. One audit row, on the
    account (its status is what changed), naming the campaign and the finding."""
    if problem not in Problem.values:
        raise Refusal(f"问题类型“{problem}”无效。")
    if action not in FindingAction.values:
        raise Refusal(f"处置方式“{action}”无效。")
    if action == FindingAction.CLOSE and problem == Problem.OTHER and not note.strip():
        raise Refusal("问题类型为“其他”而关停的，应写明具体情况。")
    with transaction.atomic():
        campaign = locked(campaign)
        if campaign.status != CampaignStatus.ONGOING:
            raise Refusal(f"集中整治“{campaign}”已结束，不能再登记发现的问题。")
        require_date(
            on, label="发现日期", not_before=campaign.start_on, before_label="整治开始日期"
        )
        account = locked(account)
        if not account.unit.path.startswith(campaign.organ.path):
            raise Refusal(f"{account}不在本次整治的范围内。")
        require_status(account, AccountStatus.open(), "登记整治问题")
        before = audit.snapshot(account, ACCOUNT_AUDITED)
        finding = Finding.objects.create(
            campaign=campaign,
            account=account,
            found_on=on,
            problem=problem,
            action=action,
            note=note.strip()[:200],
        )
        if action == FindingAction.CLOSE:
            _close(account, on, Problem(problem).close_reason(), note)
        else:
            require_date(
                on, label="发现日期", not_before=account.status_since, before_label="状态起始日期"
            )
            account.status, account.status_since = AccountStatus.RECTIFYING, on
            account.rectify_finding = finding
        account.save()
        after = audit.snapshot(account, ACCOUNT_AUDITED) | {
            "on": on,
            "details": {"campaign": campaign.pk, "finding": finding.pk, "problem": problem},
        }
        label = "集中整治责令关停" if action == FindingAction.CLOSE else "集中整治责令整改"
        audit.record(actor, channel, label, account, before, after)
    return finding


def _apply_account(actor, channel, account, action: str, change, details=None, on=None):
    """Accounts have no statutory clock: the frame's due-date step does nothing."""
    return transition(
        ACCOUNT_FRAME, actor, channel, account, action, change, details=details, on=on
    )


ACCOUNT_FRAME = Frame(
    open_statuses=AccountStatus.open,
    snapshot=lambda account: audit.snapshot(account, ACCOUNT_AUDITED),
    refresh_due=lambda account: None,
    default_on=lambda account: None,
)
