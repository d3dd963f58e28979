"""Who sees and who may act on 行政诉讼 (应诉) cases.

The 承办单位's staff (the defendant department or town, or the 司法局 for a suit against the
government) handle a lawsuit; the defendant unit's staff see it; coordinators and leaders see
their government's subtree. Another county's staff see nothing: a hidden lawsuit answers 404.
"""

from fazhi.core import workbench
from fazhi.core.models import Role
from fazhi.core.permissions import may_change_closed, unit_in_scope, unit_scope_q

from .models import Lawsuit, Status

HANDLING_ROLES = (Role.COORDINATOR, Role.REVIEWER, Role.STAFF)


def visible_lawsuits(user):
    if not user.is_authenticated:
        return Lawsuit.objects.none()
    mine = unit_scope_q(user, "unit") | unit_scope_q(user, "defendant")
    return Lawsuit.objects.filter(mine).select_related("unit", "defendant")


def can_view_lawsuit(user, case) -> bool:
    return unit_in_scope(user, case.unit) or unit_in_scope(user, case.defendant)


def can_handle_lawsuit(user, case) -> bool:
    """May take the next step: the 承办单位's staff (or an overseer above it), and not on a case
    whose instance is over unless holding the override."""
    if not (
        user.is_authenticated and user.role in HANDLING_ROLES and unit_in_scope(user, case.unit)
    ):
        return False
    return case.status in Status.open() or may_change_closed(user)


def can_register_lawsuit(user) -> bool:
    return user.is_authenticated and user.role in HANDLING_ROLES and user.unit_id is not None


def handling_unit(user, defendant):
    """Who prepares the defence: a suit against the government itself is handled by the
    registering unit (the 司法局); a department's or town's by that unit."""
    government = user.unit.government()
    return user.unit if defendant.pk == government.pk else defendant


def overdue(today=None):
    return Lawsuit.objects.overdue(today)


@workbench.register("litigation", "行政应诉")
def open_lawsuits_for_workbench(user):
    """Open lawsuits by their next due date: the answer while owed, the next hearing, the appeal
    period."""
    return visible_lawsuits(user).filter(status__in=Status.open())
