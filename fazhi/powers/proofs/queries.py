"""Who sees 证明事项 and 告知承诺办件.

The 证明事项清单 is a published list: every user of the government sees it whole. A 告知承诺办件
names an applicant: its receiving unit and the government's overseers see it, nobody else.
Another county's staff see nothing: what is not visible answers 404.
"""

from django.db.models import Q

from fazhi.core.permissions import unit_scope_q

from .models import Pledge, ProofItem


def visible_proofs(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return ProofItem.objects.none()
    own = Q(government=user.unit.government()) if user.unit_id else Q(pk__in=[])
    mine = unit_scope_q(user, "office", "government", "unit")
    return ProofItem.objects.filter(own | mine).select_related("unit")


def visible_pledges(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return Pledge.objects.none()
    mine = unit_scope_q(user, "unit", "government")
    return Pledge.objects.filter(mine).select_related("unit", "proof")
