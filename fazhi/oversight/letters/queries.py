"""Who sees and who may act on 信箱 letters.

The registrar unit (政府办 or whoever receives the mailbox for the government) and the overseers of
its government see every letter of that government; a unit's staff see the letters assigned to
their unit and may answer them. Another county's staff see nothing: a letter not visible is a 404.
"""

from fazhi.core import workbench
from fazhi.core.models import Role
from fazhi.core.permissions import may_change_closed, unit_in_scope, unit_scope_q

from .models import Letter, LetterStatus

HANDLING_ROLES = (Role.COORDINATOR, Role.REVIEWER, Role.STAFF)


def visible_letters(user):
    if not user.is_authenticated:
        return Letter.objects.none()
    mine = unit_scope_q(user, "registrar") | unit_scope_q(user, "unit")
    return Letter.objects.filter(mine).select_related("unit", "registrar")


def can_view_letter(user, letter) -> bool:
    return unit_in_scope(user, letter.registrar) or unit_in_scope(user, letter.unit)


def _may_act(user) -> bool:
    return user.is_authenticated and user.role in HANDLING_ROLES


def can_manage_letter(user, letter) -> bool:
    """交办、改派、办结: the registrar's staff, or a coordinator over it."""
    if not (_may_act(user) and unit_in_scope(user, letter.registrar)):
        return False
    return letter.status in LetterStatus.open() or may_change_closed(user)


def can_reply_letter(user, letter) -> bool:
    """答复: the assigned unit's staff (or whoever manages the letter)."""
    if letter.status not in LetterStatus.open() and not may_change_closed(user):
        return False
    return _may_act(user) and (
        unit_in_scope(user, letter.unit) or unit_in_scope(user, letter.registrar)
    )


def can_register_letter(user) -> bool:
    return _may_act(user) and user.unit_id is not None


def overdue(today=None):
    return Letter.objects.overdue(today)


@workbench.register("letters", "信箱信件")
def open_letters_for_workbench(user):
    return visible_letters(user).filter(status__in=LetterStatus.open())


# Which action each permission opens: the view and the API read this one table.
MANAGE_ACTIONS = frozenset({"assign", "reassign", "close", "reopen"})
REPLY_ACTIONS = frozenset({"reply"})


def can_take(user, letter, action: str) -> bool:
    if action in MANAGE_ACTIONS:
        return can_manage_letter(user, letter)
    if action in REPLY_ACTIONS:
        return can_reply_letter(user, letter)
    return False
