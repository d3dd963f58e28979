"""Who sees 行政执法案件: the 执法部门 that handles the case (and its government's coordinators
and leaders), and the 司法局 a 重大执法决定 was filed with. Another county sees nothing (404).

The public sees only what is published: `public_decisions(government)` — the 执法公示 of the
decisions of the government's units, not withdrawn — and the published 目录清单."""

from django.db.models import Case as Choose
from django.db.models import F, Q, Value, When
from django.db.models.functions import Concat, Left, Length, Repeat, Replace, Trim
from django.db.models.lookups import GreaterThan

from fazhi.core.masking import holds_number_piece, mask_name, mask_text
from fazhi.core.permissions import subtree_ids, unit_scope_q

from .models import Case, Criterion, PartyKind, Status


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
        matches = Q(unit__name__icontains=search) | Q(number__icontains=search)
        if not holds_number_piece(search):  # the page masks it in the title
            rows = rows.alias(shown_title=_SHOWN_TITLE)
            matches |= Q(shown_title__icontains=search)
        rows = rows.filter(matches)
    return rows


_NAME = Trim("party_name")
# The 案由 as public_text shows it, for the search: a natural person's name masked (surname
# kept), so that the public cannot find a decision by the name the page hides.
_SHOWN_TITLE = Choose(
    When(
        GreaterThan(Length(_NAME), 1),
        party_kind=PartyKind.PERSON,
        then=Replace("title", _NAME, Concat(Left(_NAME, 1), Repeat(Value("*"), Length(_NAME) - 1))),
    ),
    default=F("title"),
)


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


def public_text(case, text: str) -> str:
    """A case's free text as published: ID and phone numbers masked, and a natural person's
    name masked wherever it is written (案由 are often "张三无证经营案")."""
    text = mask_text(text)
    name = (case.party_name or "").strip() if case.party_kind == PartyKind.PERSON else ""
    return text.replace(name, mask_name(name)) if len(name) > 1 else text
