"""Who sees and who may act on 政务新媒体 accounts and campaigns.

A unit's staff see and keep their own unit's accounts; the overseers of a government see all of
its accounts. A campaign is the government's: every unit of that government sees it (its findings
concern them), the lead unit's staff and the coordinators run it. Another county sees neither.
"""

from django.db.models import Q

from fazhi.core import workbench
from fazhi.core.models import Role
from fazhi.core.permissions import may_change_closed, subtree_ids, unit_in_scope, unit_scope_q

from .models import Account, AccountStatus, Campaign, CampaignStatus

HANDLING_ROLES = (Role.COORDINATOR, Role.REVIEWER, Role.STAFF)


def _acts(user) -> bool:
    return user.is_authenticated and user.role in HANDLING_ROLES and user.unit_id is not None


def visible_accounts(user):
    if not user.is_authenticated:
        return Account.objects.none()
    return Account.objects.filter(unit_scope_q(user, "unit")).select_related("unit")


def can_view_account(user, account) -> bool:
    return unit_in_scope(user, account.unit)


def can_manage_account(user, account) -> bool:
    if not (_acts(user) and unit_in_scope(user, account.unit)):
        return False
    return account.status in AccountStatus.open() or may_change_closed(user)


def can_register_account(user) -> bool:
    return _acts(user)


def visible_campaigns(user):
    if not user.is_authenticated or user.unit_id is None:
        return Campaign.objects.none()
    government = user.unit.government()
    return Campaign.objects.filter(
        Q(organ__in=subtree_ids(government)) | unit_scope_q(user, "organ")
    ).select_related("unit", "organ")


def can_view_campaign(user, campaign) -> bool:
    if not user.is_authenticated or user.unit_id is None:
        return False
    return unit_in_scope(user, campaign.organ) or campaign.organ.path.startswith(
        user.unit.government().path
    )


def can_manage_campaign(user, campaign) -> bool:
    """The lead unit's staff, or a coordinator of the government."""
    if not _acts(user):
        return False
    if not (
        unit_in_scope(user, campaign.unit)
        or (user.role == Role.COORDINATOR and unit_in_scope(user, campaign.organ))
    ):
        return False
    return campaign.status == CampaignStatus.ONGOING or may_change_closed(user)


def can_open_campaign(user) -> bool:
    return _acts(user) and user.role in (Role.COORDINATOR, Role.STAFF)


@workbench.register("media", "政务新媒体整改")
def rectifying_for_workbench(user):
    """Accounts under 整改: no statutory date, so they sort after the dated items."""
    from django.db.models import DateField, Value
    from django.db.models.functions import Cast

    return (
        visible_accounts(user)
        .filter(status=AccountStatus.RECTIFYING)
        .annotate(
            next_due_on=Cast(Value(None), DateField()),
            next_due_label=Value("整改中"),
        )
    )
