"""Who sees 信箱 letters.

The registrar unit (政府办 or whoever receives the mailbox for the government) and the overseers of
its government see every letter of that government; a unit's staff see the letters passed to
their unit. Another county's staff see nothing: a letter not visible is a 404. Who may take which
step is the transition table's (steps.py).
"""

from fazhi.core.permissions import unit_scope_q

from .models import Letter, LetterStatus


def visible_letters(user):
    if not user.is_authenticated:
        return Letter.objects.none()
    mine = unit_scope_q(user, "registrar", "unit")
    return Letter.objects.filter(mine).select_related("unit", "registrar", "organ")


def open_letters(user):
    """The workbench's source: the open letters the user sees, with their next due dates."""
    return visible_letters(user).filter(status__in=LetterStatus.open())


def overdue(today=None):
    return Letter.objects.overdue(today)
