"""Who sees 行政复议 cases.

The 复议机构's staff (and the overseers of its government) see the cases it handles; the
respondent unit's staff see the cases against their unit (to answer them) but take no step (the
transition table, steps.py). Another county's staff see neither: a case that is not visible
answers 404.
"""

from django.db.models import Q

from fazhi.core.permissions import unit_scope_q

from .models import ReconsiderationCase, Status


def visible_cases(user):
    if not user.is_authenticated:
        return ReconsiderationCase.objects.none()
    mine = unit_scope_q(user, "unit")
    if user.unit_id:
        mine |= Q(respondent_id=user.unit_id)
    return ReconsiderationCase.objects.filter(mine).select_related("unit", "respondent", "organ")


def open_cases(user):
    """The workbench's source: the open cases the user sees, with their next due dates."""
    return visible_cases(user).filter(status__in=Status.open())


def overdue(today=None):
    return ReconsiderationCase.objects.overdue(today)
