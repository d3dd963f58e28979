"""Who sees 政务新媒体 accounts and campaigns.

A unit's staff see their own unit's accounts; the overseers of a government see all of its
accounts. A campaign is the government's: every unit of that government sees it (its findings
concern them). Another county sees neither. Who may take which step is the transition tables'
(steps.py).
"""

from django.db.models import DateField, Q, Value
from django.db.models.functions import Cast

from fazhi.core.permissions import subtree_ids, unit_scope_q

from .models import Account, AccountStatus, Campaign


def visible_accounts(user):
    if not user.is_authenticated:
        return Account.objects.none()
    return Account.objects.filter(unit_scope_q(user, "unit")).select_related("unit")


def visible_campaigns(user):
    if not user.is_authenticated or user.unit_id is None:
        return Campaign.objects.none()
    government = user.unit.government()
    return Campaign.objects.filter(
        Q(organ__in=subtree_ids(government)) | unit_scope_q(user, "organ")
    ).select_related("unit", "organ")


def rectifying_accounts(user):
    """The workbench's source: accounts under 整改. No statutory date, so they sort after the
    dated items."""
    return (
        visible_accounts(user)
        .filter(status=AccountStatus.RECTIFYING)
        .annotate(next_due_on=Cast(Value(None), DateField()), next_due_label=Value("整改中"))
    )
