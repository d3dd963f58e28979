"""Who sees 依申请公开 requests.

The agency's own staff (and the overseers of its government) see its requests; another unit's
staff see nothing of them (404). Who may take which step is the transition table's (steps.py).
The public sees only what `public.public_status` gives it, through the tracking number and its check
code — never anyone's personal data, nor what they asked for.
"""

from fazhi.core.permissions import unit_scope_q

from .models import DisclosureRequest, Status


def visible_requests(user):
    if not user.is_authenticated:
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.filter(unit_scope_q(user, "agency")).select_related("agency")


def open_requests(user):
    """The workbench's source: the open requests the user sees, with their next due dates."""
    return visible_requests(user).filter(status__in=Status.open())
