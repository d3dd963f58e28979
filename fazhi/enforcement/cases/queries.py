"""Who sees 行政执法案件: the 执法部门 that handles the case (and its government's coordinators
and leaders), and the 司法局 a 重大执法决定 was filed with. Another county sees nothing (404).

The public sees only what is published: `public_decisions(government)` — the 执法公示 of the
decisions of the government's units, not withdrawn — and the published 目录清单."""

from django.db.models import Q

from fazhi.core.permissions import subtree_ids, unit_scope_q

from .models import Case, Criterion, Status


def _units(government) -> list[int]:
    return list(subtree_ids(government).values_list("pk", flat=True))


def visible_cases(user):
    if not user.is_authenticated:
        return Case.objects.none()
    mine = unit_scope_q(user, "unit", "filing_office")
    return Case.objects.filter(mine).select_related("unit")


def open_cases(user):
    return visible_cases(user).filter(status__in=Status.open())


def public_decisions(government, search: str = ""):
    """The published decisions of the government's units, newest first (the partial index
    enf_published walks them)."""
    rows = Case.objects.filter(
        unit_id__in=_units(government),
        published_on__isnull=False,
        withdrawn_on__isnull=True,
    ).select_related("unit")
    search = (search or "").strip()
    if search:
        rows = rows.filter(
            Q(title__icontains=search)
            | Q(unit__name__icontains=search)
            | Q(number__icontains=search)
        )
    return rows


def withdrawn_decisions(government):
    """Published decisions taken down after being changed, revoked or found unlawful: their
    explanation stays public (行政处罚法第四十八条第二款 "公开说明理由")."""
    return Case.objects.filter(
        unit_id__in=_units(government), withdrawn_on__isnull=False
    ).select_related("unit")


def published_criteria(government):
    return Criterion.objects.filter(
        unit_id__in=_units(government),
        published_on__isnull=False,
        removed_on__isnull=True,
    ).select_related("unit")
