"""Who sees and who may act on 建议提案.

The registering office (政府办督查室) and the overseers of its government see every proposal of
that government; a 主办 unit sees the proposals it leads, a 协办 unit those it assists. The office
registers, 交办 and records ratings; the 主办 unit handles and answers. Another county's staff
see nothing: a proposal that is not visible answers 404.
"""

from django.db.models import Exists, OuterRef, Q

from fazhi.core import workbench
from fazhi.core.models import Role
from fazhi.core.permissions import may_change_closed, subtree_ids, unit_in_scope, unit_scope_q

from .models import Proposal, Status

HANDLING_ROLES = (Role.COORDINATOR, Role.REVIEWER, Role.STAFF)
CoUnit = Proposal.co_units.through


def visible_proposals(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return Proposal.objects.none()
    assisting = CoUnit.objects.filter(
        proposal_id=OuterRef("pk"), orgunit_id__in=subtree_ids(user.scope_unit())
    )
    mine = unit_scope_q(user, "office") | unit_scope_q(user, "unit") | Q(Exists(assisting))
    return Proposal.objects.filter(mine).select_related("unit", "office", "government")


def can_view_proposal(user, proposal) -> bool:
    if not user.is_authenticated:
        return False
    if unit_in_scope(user, proposal.office) or unit_in_scope(user, proposal.unit):
        return True
    return proposal.co_units.filter(pk__in=subtree_ids(user.scope_unit())).exists()


def can_handle_proposal(user, proposal) -> bool:
    """May take the next step: staff of the registering office, or of the 主办 unit once it is
    交办; not on a closed proposal unless holding the override."""
    if not (user.is_authenticated and user.role in HANDLING_ROLES):
        return False
    if not (unit_in_scope(user, proposal.office) or unit_in_scope(user, proposal.unit)):
        return False
    return proposal.status in Status.open() or may_change_closed(user)


def can_register_proposal(user) -> bool:
    return user.is_authenticated and user.role in HANDLING_ROLES and user.unit_id is not None


def overdue(today=None):
    return Proposal.objects.overdue(today)


@workbench.register("proposals", "建议提案")
def open_proposals_for_workbench(user):
    return visible_proposals(user).filter(status__in=Status.awaiting_answer())
