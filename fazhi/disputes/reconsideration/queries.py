"""Who sees and who may act on 行政复议 cases.

The 复议机构's staff (and the overseers of its government) see and handle the cases; the
respondent unit's staff see the cases against their unit (to answer them) but cannot act on them.
Another county's staff see neither: a case that is not visible answers 404.
"""

from django.db.models import Q

from fazhi.core import workbench
from fazhi.core.models import Role
from fazhi.core.permissions import may_change_closed, unit_in_scope, unit_scope_q

from .models import ReconsiderationCase, Status

HANDLING_ROLES = (Role.COORDINATOR, Role.REVIEWER, Role.STAFF)


def visible_cases(user):
    if not user.is_authenticated:
        return ReconsiderationCase.objects.none()
    mine = unit_scope_q(user, "unit")
    if user.unit_id:
        mine |= Q(respondent_id=user.unit_id)
    return ReconsiderationCase.objects.filter(mine).select_related("unit", "respondent", "organ")


def can_view_case(user, case) -> bool:
    return unit_in_scope(user, case.unit) or (
        user.is_authenticated and user.unit_id == case.respondent_id
    )


def can_handle_case(user, case) -> bool:
    """May take the next step: the handling unit's staff, within scope, and not on a closed case
    unless holding the override."""
    if not (
        user.is_authenticated and user.role in HANDLING_ROLES and unit_in_scope(user, case.unit)
    ):
        return False
    return case.status in Status.open() or may_change_closed(user)


def can_register_case(user) -> bool:
    return user.is_authenticated and user.role in HANDLING_ROLES and user.unit_id is not None


def overdue(today=None):
    return ReconsiderationCase.objects.overdue(today)


@workbench.register("reconsideration", "行政复议")
def open_cases_for_workbench(user):
    return visible_cases(user).filter(status__in=Status.open())
