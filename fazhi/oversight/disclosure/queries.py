"""Who sees 依申请公开 requests.

The agency's own staff (and the overseers of its government) see its requests; another unit's
staff see nothing of them (404). Who may take which step is the transition table's (steps.py).
The public sees only what `public_status` gives it, through the tracking number and its check
code — never anyone's personal data, nor what they asked for.
"""

from fazhi.core.permissions import unit_scope_q

from . import rules
from .models import DisclosureRequest, Status


def visible_requests(user):
    if not user.is_authenticated:
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.filter(unit_scope_q(user, "agency")).select_related("agency")


def open_requests(user):
    """The workbench's source: the open requests the user sees, with their next due dates."""
    return visible_requests(user).filter(status__in=Status.open())


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
        # The 救济途径 told with the reply (复议前置 for a 不予公开 answer), or the general one.
        "remedy": request.remedy or rules.REMEDY_GENERAL,
        "review_first": request.situation in rules.review_first_situations(),
    }
