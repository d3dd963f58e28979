"""Who sees 案卷评查: the organising unit (and its government's coordinators and leaders) sees the
whole campaign; a reviewer named in it sees the campaign and its files; a department sees the
campaigns it is in and only its own files and results. Another county sees nothing (404).

`closed_cases(units, year)` reads the enforcement cases through the kernel's registry (a
procedure imports no other's models): it belongs in fazhi/enforcement/cases/queries.py."""

from django.db.models import Q

from fazhi.core import procedures
from fazhi.core.permissions import unit_scope_q

from .models import Campaign, FileStatus, ReviewFile


def visible_campaigns(user):
    if not user.is_authenticated:
        return Campaign.objects.none()
    mine = unit_scope_q(user, "unit")
    reviewing = Q(pk__in=Campaign.reviewers.through.objects.filter(user=user).values("campaign"))
    reviewed = Q(
        pk__in=Campaign.departments.through.objects.filter(orgunit__in=_scope_ids(user)).values(
            "campaign"
        )
    )
    return Campaign.objects.filter(mine | reviewing | reviewed).select_related("unit")


def _scope_ids(user):
    from fazhi.core.permissions import subtree_ids

    scope = user.scope_unit()
    return subtree_ids(scope) if scope else []


def visible_files(user):
    if not user.is_authenticated:
        return ReviewFile.objects.none()
    reviewing = Q(
        campaign_id__in=Campaign.reviewers.through.objects.filter(user=user).values("campaign")
    )
    mine = unit_scope_q(user, "unit", "campaign__unit") | reviewing
    return ReviewFile.objects.filter(mine).select_related("unit", "campaign", "case")


def open_files(user):
    return visible_files(user).filter(status__in=FileStatus.open())


def case_model():
    return procedures.get("enforcement").model


def closed_cases(units, year: int):
    """The cases of `units` closed (结案) in `year` — the pool of a 评查 draw. To move into
    fazhi/enforcement/cases/queries.py as `closed_cases(units, year)`."""
    return (
        case_model()
        .objects.filter(unit__in=units, status="closed", closed_on__year=year)
        .select_related("unit")
        .order_by("pk")
    )


def results_by_department(files):
    """The results per department of the given files (a campaign's, as the user sees them), in
    one aggregate query: files, scored, average (百分制), 优秀/合格/不合格 counts."""
    from django.db.models import Avg, Count

    return (
        files.order_by()
        .values("unit__name", "unit_id")
        .annotate(
            files=Count("pk"),
            scored=Count("pk", filter=Q(status__in=FileStatus.scored_group())),
            average=Avg("percent"),
            excellent=Count("pk", filter=Q(grade="excellent")),
            passed=Count("pk", filter=Q(grade="pass")),
            failed=Count("pk", filter=Q(grade="fail")),
        )
        .order_by("unit__name")
    )
