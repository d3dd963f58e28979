"""Who sees 行政诉讼 (应诉) cases.

The 承办单位's staff (the defendant department or town, or the 司法局 for a suit against the
government) and the defendant unit's staff see a lawsuit; coordinators and leaders see their
government's subtree. Another county's staff see nothing: a hidden lawsuit answers 404. Who may
act on one is the transition table's (steps.py).
"""

from fazhi.core.models import OrgUnit
from fazhi.core.permissions import unit_scope_q

from .models import Lawsuit, Status


def visible_lawsuits(user):
    if not user.is_authenticated:
        return Lawsuit.objects.none()
    mine = unit_scope_q(user, "unit", "defendant")
    return Lawsuit.objects.filter(mine).select_related("unit", "defendant")


def open_lawsuits(user):
    """The workbench's source: open lawsuits by their next due date (the answer while it is owed,
    the next hearing, the appeal period)."""
    return visible_lawsuits(user).filter(status__in=Status.open())


def registrable_defendants(user):
    """The defendants the user may register lawsuits for: the units the user acts for (a
    法制员's own unit; a coordinator's whole government, the government itself included)."""
    scope = user.scope_unit() if user.is_authenticated else None
    if scope is None:
        return OrgUnit.objects.none()
    return scope.subtree().order_by("path")


def overdue(today=None):
    return Lawsuit.objects.overdue(today)
