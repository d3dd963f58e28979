"""Who sees and who may act on 依申请公开 requests.

The agency's own staff (and the overseers of its government) see and handle its requests;
another unit's staff see nothing of them (404). The public sees only what `public_status` gives
it, through the tracking number and its check code — never anyone's personal data.
"""

from fazhi.core import workbench
from fazhi.core.models import Role
from fazhi.core.permissions import may_change_closed, unit_in_scope, unit_scope_q

from .models import DisclosureRequest, Status

HANDLING_ROLES = (Role.COORDINATOR, Role.REVIEWER, Role.STAFF)


def visible_requests(user):
    if not user.is_authenticated:
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.filter(unit_scope_q(user, "agency")).select_related("agency")


def can_view_request(user, request) -> bool:
    return unit_in_scope(user, request.agency)


def can_handle_request(user, request) -> bool:
    """May take the next step: the agency's staff within scope, and not on a concluded request
    unless holding the override."""
    if not (
        user.is_authenticated
        and user.role in HANDLING_ROLES
        and unit_in_scope(user, request.agency)
    ):
        return False
    return request.status in Status.open() or may_change_closed(user)


def can_register_request(user) -> bool:
    return user.is_authenticated and user.role in HANDLING_ROLES and user.unit_id is not None


def public_status(request) -> dict:
    """What the applicant's tracking page shows: no name, ID, phone, address or description."""
    return {
        "number": request.number,
        "agency": request.agency.name,
        "received_on": request.received_on,
        "status": request.get_status_display(),
        "due_on": request.reply_due_on if request.is_open else None,
        "due_label": request.next_due_label if request.is_open else "",
        "next_due_on": request.next_due_on,
        "replied_on": request.replied_on,
        "result": request.get_result_display() if request.result else "",
    }


def overdue(today=None):
    return DisclosureRequest.objects.overdue(today)


@workbench.register("disclosure", "依申请公开")
def open_requests_for_workbench(user):
    return visible_requests(user).filter(status__in=Status.open())
