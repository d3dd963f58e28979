"""Who sees 行政复议意见书: the 复议机构 that made them and its government's overseers, and the
organ each was sent to. Another county sees nothing (404)."""

from fazhi.core.permissions import unit_scope_q

from .models import OpinionStatus, ReviewOpinion


def visible_opinions(user):
    if not user.is_authenticated:
        return ReviewOpinion.objects.none()
    mine = unit_scope_q(user, "unit", "addressee")
    return ReviewOpinion.objects.filter(mine).select_related("unit", "addressee", "organ")


def open_opinions(user):
    return visible_opinions(user).filter(status__in=OpinionStatus.open())
