"""Who sees 调解 cases.

A case belongs to its body's unit: a town's staff see its committees' cases (village committees
belong to their town), an agency's staff its own 行政调解, the court's and the police's staff
their 调解室's cases; overseers see their government's subtree. Another county sees nothing: a
case that is not visible answers 404. Who may act on one is the transition table's (steps.py).
"""

from fazhi.core.permissions import unit_scope_q

from .models import MediationBody, MediationCase, Status


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


def open_cases(user):
    """The workbench's source: the open cases the user sees, by their mediation due date."""
    return visible_cases(user).filter(status__in=Status.open())


def overdue(today=None):
    return MediationCase.objects.overdue(today)
