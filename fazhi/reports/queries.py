"""Who sees and who edits annual reports."""

from django.db.models import Q, QuerySet

from fazhi.core.models import Role, User
from fazhi.core.permissions import unit_in_scope, unit_scope_q

from .models import AnnualReport, ReportStatus


def visible_reports(user: User) -> QuerySet[AnnualReport]:
    """Reports of the units in the user's scope, drafts included; and the issued reports of the
    user's own government and its units, which the portal publishes anyway (督察工作规定 art. 24).
    """
    if not user.is_authenticated or user.unit_id is None:
        return AnnualReport.objects.none()
    government = user.unit.government()
    issued_at_home = Q(status=ReportStatus.ISSUED, unit__path__startswith=government.path)
    return AnnualReport.objects.filter(unit_scope_q(user) | issued_at_home).select_related("unit")


def can_create_report(user: User) -> bool:
    return user.is_authenticated and user.role == Role.COORDINATOR and user.unit_id is not None


def can_edit_report(user: User, report: AnnualReport) -> bool:
    """The coordinator of the report's scope edits and issues it until it is issued."""
    return (
        user.is_authenticated
        and user.role == Role.COORDINATOR
        and unit_in_scope(user, report.unit)
        and not report.is_issued
    )
