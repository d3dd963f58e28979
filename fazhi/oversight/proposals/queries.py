"""Who sees 建议提案.

The registering office (建议提案交办机构, e.g. 政府办督查室) and the overseers of its government see
every proposal it registered; a 主办 unit sees the proposals it leads, a 协办 unit those it assists.
Who may take which step is the transition table's (steps.py). Another county's staff see nothing:
a proposal that is not visible answers 404.
"""

from django.db.models import Exists, OuterRef, Q

from fazhi.core.permissions import subtree_ids, unit_scope_q

from .models import Proposal, Status

CoUnit = Proposal.co_units.through


def visible_proposals(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return Proposal.objects.none()
    assisting = CoUnit.objects.filter(
        proposal_id=OuterRef("pk"), orgunit_id__in=subtree_ids(user.scope_unit())
    )
    mine = unit_scope_q(user, "office", "unit") | Q(Exists(assisting))
    return Proposal.objects.filter(mine).select_related("unit", "office", "government")


def open_proposals(user):
    """The workbench's source: the proposals the user sees that still owe an answer."""
    return visible_proposals(user).filter(status__in=Status.awaiting_answer())


def overdue(today=None):
    return Proposal.objects.overdue(today)
