"""Every state change of 政务新媒体 accounts and campaigns is one function here. An account's
status moves only here: 整改 only on a campaign's finding, back to 正常 when the 整改 is done,
关停 with its date and reason (on a finding, or on the unit's own decision such as 合并). Each
function describes its own change and runs it through its transition table (steps.py), which
checks who may take the step and in which status, keeps the units within the actor's government
and appends the audit row, in one transaction.
"""

import datetime as dt

from django.db import transaction

from fazhi.core import audit
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, locked, require_date

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
from .steps import ACCOUNT_STEPS, CAMPAIGN_STEPS

AUDITED = {
    Account: (
        "status",
        "status_since",
        "registered",
        "registered_on",
        "rectify_finding",
        "closed_on",
        "close_reason",
        "close_note",
    ),
    Campaign: ("status", "start_on", "end_on", "summary"),
}


# --- accounts -----------------------------------------------------------------------------------


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
    """Record an account a unit operates (开设备案), optionally already 填报 in the national
    system; only for a unit the actor acts for (the table's creator rule)."""
    require_date(opened_on, label="开设日期")
    if platform not in Platform.values:
        raise Refusal(f"平台“{platform}”无效。")
    name = name.strip()
    if not name:
        raise Refusal("账号名称不能为空。")
    if registered_on is not None:
        require_date(registered_on, label="填报日期", not_before=opened_on, before_label="开设日期")
    account = Account(
        unit=unit,
        platform=platform,
        name=name,
        opened_on=opened_on,
        registered=registered_on is not None,
        registered_on=registered_on,
        status=AccountStatus.NORMAL,
        status_since=opened_on,
    )
    with transaction.atomic():
        if Account.objects.filter(platform=platform, name=name).exists():
            raise Refusal(f"{Platform(platform).label}账号“{name}”已登记。")
        return ACCOUNT_STEPS.create(
            actor, channel, account, action="登记政务新媒体账号", on=opened_on
        )


def account_from_form(actor, channel: str, data: dict) -> Account:
    return register_account(actor, channel, **data)


def record_registration(actor, channel: str, account: Account, *, on: dt.date) -> Account:
    """填报 in the 全国政务新媒体信息报送系统: from then on the account is 纳入监管."""

    def change(account):
        require_date(on, label="填报日期", not_before=account.opened_on, before_label="开设日期")
        account.registered, account.registered_on = True, on

    return ACCOUNT_STEPS.apply(
        "register", actor, channel, account, change, on=on, action="填报全国政务新媒体信息报送系统"
    )


def finish_rectification(
    actor, channel: str, account: Account, *, on: dt.date, note: str
) -> Account:
    """整改完成: the account is 正常 again."""

    def change(account):
        require_date(
            on, label="整改完成日期", not_before=account.status_since, before_label="整改开始日期"
        )
        if not note.strip():
            raise Refusal("请说明整改情况。")
        account.status, account.status_since = AccountStatus.NORMAL, on
        account.rectify_finding = None

    return ACCOUNT_STEPS.apply(
        "rectified", actor, channel, account, change, details={"note": note}, on=on
    )


def close_account(
    actor, channel: str, account: Account, *, on: dt.date, reason: str, note: str = ""
) -> Account:
    """关停 (注销) an account, with the date and the reason; a closed account stays on record."""

    def change(account):
        _close(account, on, reason, note)

    details = {"reason": reason, "note": note}
    return ACCOUNT_STEPS.apply("close", actor, channel, account, change, details=details, on=on)


def _close(account: Account, on: dt.date, reason: str, note: str) -> None:
    if account.status not in AccountStatus.open():
        raise Refusal(f"{account}已关停。")
    if reason not in CloseReason.values:
        raise Refusal(f"关停原因“{reason}”无效。")
    if reason == CloseReason.OTHER and not note.strip():
        raise Refusal("关停原因为“其他”的，应写明具体原因。")
    require_date(on, label="关停日期", not_before=account.status_since, before_label="状态起始日期")
    account.status, account.status_since = AccountStatus.CLOSED, on
    account.closed_on, account.close_reason, account.close_note = on, reason, note.strip()[:200]
    account.rectify_finding = None


# --- campaigns ----------------------------------------------------------------------------------


def open_campaign(
    actor, channel: str, *, organ, unit, name: str, start_on: dt.date, scope: str
) -> Campaign:
    """集中整治 starts, led by `unit` for its government `organ`: it may record findings from its
    start day until it is finished. Opened by the government's coordinator or its 主管单位 (the
    table's creator rule)."""
    require_date(start_on, label="开始日期")
    name = name.strip()
    if not name:
        raise Refusal("整治名称不能为空。")
    if not scope.strip():
        raise Refusal("请写明整治范围。")
    if unit.government() != organ:
        raise Refusal(f"牵头单位“{unit}”不属于{organ}。")
    campaign = Campaign(
        organ=organ, unit=unit, name=name, start_on=start_on, scope=scope.strip()[:300]
    )
    with transaction.atomic():
        if Campaign.objects.filter(organ=organ, name=name).exists():
            raise Refusal(f"集中整治“{name}”已登记。")
        return CAMPAIGN_STEPS.create(actor, channel, campaign, action="开展集中整治", on=start_on)


def campaign_from_form(actor, channel: str, data: dict) -> Campaign:
    """The registration form's data: led by the user's own unit, for its government."""
    if actor is None or actor.unit_id is None:
        raise Refusal("请以本级政府统筹协调人员或政务新媒体主管单位工作人员的身份登记。")
    return open_campaign(actor, channel, organ=actor.unit.government(), unit=actor.unit, **data)


def finish_campaign(
    actor, channel: str, campaign: Campaign, *, on: dt.date, summary: str = ""
) -> Campaign:
    def change(campaign):
        require_date(on, label="结束日期", not_before=campaign.start_on, before_label="开始日期")
        last = campaign.findings.order_by("-found_on").values_list("found_on", flat=True).first()
        if last and on < last:
            raise Refusal(f"结束日期不能早于最后一次发现问题的日期({last:%Y-%m-%d})。")
        campaign.status, campaign.end_on = CampaignStatus.FINISHED, on
        campaign.summary = summary.strip()[:500]

    return CAMPAIGN_STEPS.apply(
        "finish", actor, channel, campaign, change, on=on, action="结束集中整治"
    )


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
) -> Campaign:
    """A campaign's finding on one account of the campaign's government, and what it does to
    the account: 整改 puts it under rectification, 关停 closes it with the reason the problem
    implies. Taken by the campaign's lead unit (the table); audited on the campaign (the finding)
    and on the account (its status, naming the campaign and the finding)."""
    made = {}

    def change(campaign):
        made["finding"], made["account"] = _find(campaign, account, on, problem, action, note)

    def account_row(campaign):
        finding, (found, before) = made["finding"], made["account"]
        after = audit.snapshot(found, AUDITED[Account]) | {
            "on": on,
            "details": {"campaign": campaign.pk, "finding": finding.pk, "problem": problem},
        }
        label = "集中整治责令关停" if action == FindingAction.CLOSE else "集中整治责令整改"
        return [audit.Change(label, found, before, after)]

    details = {"account": str(account), "problem": problem, "action": action, "note": note}
    return CAMPAIGN_STEPS.apply(
        "finding", actor, channel, campaign, change, details=details, on=on, then=account_row
    )


def _find(campaign, account, on, problem, action, note) -> tuple[Finding, tuple]:
    """Check the finding, record it and change its account; returns the finding and the account
    with its audited state before the change."""
    if problem not in Problem.values:
        raise Refusal(f"问题类型“{problem}”无效。")
    if action not in FindingAction.values:
        raise Refusal(f"处置方式“{action}”无效。")
    if action == FindingAction.CLOSE and problem == Problem.OTHER and not note.strip():
        raise Refusal("问题类型为“其他”而关停的，应写明具体情况。")
    require_date(on, label="发现日期", not_before=campaign.start_on, before_label="整治开始日期")
    if account is None:
        raise Refusal("请选择账号。")
    account = locked(account)
    if not account.unit.path.startswith(campaign.organ.path):
        raise Refusal(f"{account}不在本次整治的范围内(不属于{campaign.organ})。")
    if account.status not in AccountStatus.open():
        raise Refusal(f"{account}已关停，不能再登记整治问题。")
    before = audit.snapshot(account, AUDITED[Account])
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
    return finding, (account, before)


# Neither accounts nor campaigns run a statutory clock: one frame serves both tables.
FRAME = Frame(
    snapshot=lambda obj: audit.snapshot(obj, AUDITED[type(obj)]),
    refresh_due=lambda obj: None,
    default_on=lambda obj: getattr(obj, "start_on", None),
)
