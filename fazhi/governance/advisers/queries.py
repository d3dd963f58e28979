"""Who sees 法律顾问 records: the unit that keeps them and the overseers of its government (a
coordinator or leader sees the whole subtree). An adviser is also seen by every unit that engages
them. Another county sees nothing: a record that is not visible answers 404."""

from django.db.models import Exists, OuterRef, Q

from fazhi.core.permissions import subtree_ids, unit_scope_q

from .models import Adviser, Engagement, EngagementStatus, WorkEntry


def visible_advisers(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return Adviser.objects.none()
    engaged_here = Engagement.objects.filter(
        adviser_id=OuterRef("pk"), unit_id__in=subtree_ids(user.scope_unit())
    )
    mine = unit_scope_q(user, "unit") | Q(Exists(engaged_here))
    return Adviser.objects.filter(mine).select_related("unit")


def visible_engagements(user):
    if not user.is_authenticated:
        return Engagement.objects.none()
    return Engagement.objects.filter(unit_scope_q(user, "unit")).select_related("unit", "adviser")


def visible_work(user):
    if not user.is_authenticated:
        return WorkEntry.objects.none()
    return WorkEntry.objects.filter(unit_scope_q(user, "unit")).select_related(
        "unit", "adviser", "engagement"
    )


def expiring_engagements(user):
    """The workbench's source: engagements in force, by the end of their current period."""
    return visible_engagements(user).filter(status=EngagementStatus.ENGAGED)
