"""Who sees what of 重大行政决策, and what the portal shows.

A catalogue and the government's meetings are the government's: every unit of that government sees
them (a prefecture's overseers see their counties'). A decision is seen by the 统筹机构 that keeps
it, its 承办单位, and the overseers of its government. Another county sees nothing: what is not
visible answers 404. The public sees published catalogues, drafts open to comment (and those whose
comment has closed), the published handling of opinions and published decisions, never a
person's data unmasked.
"""

from django.db.models import Q

from fazhi.core.permissions import unit_scope_q

from .models import Catalogue, CatalogueStatus, Decision, Meeting, Status


def _government_q(user, field: str = "government") -> Q:
    if not user.is_authenticated or user.unit_id is None:
        return Q(pk__in=[])
    return Q(**{field: user.unit.government()}) | unit_scope_q(user, field)


def visible_catalogues(user):
    if not user.is_authenticated:
        return Catalogue.objects.none()
    return Catalogue.objects.filter(_government_q(user)).select_related("government", "office")


def visible_decisions(user):
    if not user.is_authenticated:
        return Decision.objects.none()
    mine = unit_scope_q(user, "office", "unit", "government")
    return Decision.objects.filter(mine).select_related("unit", "office", "government", "catalogue")


def visible_meetings(user):
    if not user.is_authenticated:
        return Meeting.objects.none()
    return Meeting.objects.filter(_government_q(user)).select_related("government", "office")


def open_decisions(user):
    """The workbench's source: drafts whose public comment period runs."""
    return visible_decisions(user).filter(status__in=Status.awaiting())


# --- the portal -----------------------------------------------------------------------------------


def published_catalogues(government):
    return Catalogue.objects.filter(
        government=government, status=CatalogueStatus.PUBLISHED
    ).order_by("-year")


PUBLIC_STATUSES = [Status.COMMENTING, Status.PREPARING, Status.DECIDED, Status.PUBLISHED]


def public_decisions(government):
    """Decisions whose draft has been put to public comment (and so is public), or published."""
    return (
        Decision.objects.filter(government=government, comment_from__isnull=False)
        .filter(status__in=PUBLIC_STATUSES)
        .select_related("unit")
    )
