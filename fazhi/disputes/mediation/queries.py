"""Who sees and who may act on 调解 cases.

A case belongs to its body's unit: a town's staff see its committees' cases (village committees
belong to their town), an agency's staff its own 行政调解, the court's and the police's staff
their 调解室's cases; overseers see their government's subtree. Another county sees nothing: a
case that is not visible answers 404.
"""

from fazhi.core import workbench
from fazhi.core.models import Role
from fazhi.core.permissions import may_change_closed, unit_in_scope, unit_scope_q

from .models import MediationBody, MediationCase, Status

HANDLING_ROLES = (Role.COORDINATOR, Role.REVIEWER, Role.STAFF)


def visible_cases(user):
    if not user.is_authenticated:
        return MediationCase.objects.none()
    return MediationCase.objects.filter(unit_scope_q(user, "unit")).select_related(
        "body", "unit", "mediator"
    )


def visible_bodies(user):
    if not user.is_authenticated:
        return MediationBody.objects.none()
    return MediationBody.objects.filter(unit_scope_q(user, "unit")).select_related("unit")


def can_view_case(user, case) -> bool:
    return unit_in_scope(user, case.unit)


def can_handle_case(user, case) -> bool:
    """May take the next step: a handling role within scope; a concluded case only for its
    司法确认 (after 调解成功) or with the override."""
    if not (
        user.is_authenticated and user.role in HANDLING_ROLES and unit_in_scope(user, case.unit)
    ):
        return False
    return (
        case.status in Status.open() or case.status == Status.SUCCEEDED or may_change_closed(user)
    )


def can_register_case(user) -> bool:
    return (
        user.is_authenticated
        and user.role in HANDLING_ROLES
        and visible_bodies(user).filter(active=True).exists()
    )


def overdue(today=None):
    return MediationCase.objects.overdue(today)


@workbench.register("mediation", "调解")
def open_cases_for_workbench(user):
    return visible_cases(user).filter(status__in=Status.open())
