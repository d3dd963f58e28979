"""Who sees, edits, reviews and signs annual reports."""

from django.db.models import Q, QuerySet

from fazhi.core.models import Role, User
from fazhi.core.permissions import unit_in_scope, unit_scope_q

from .models import AnnualReport, ReportStatus


def visible_reports(user: User) -> QuerySet[AnnualReport]:
    """Reports of the units in the user's scope, drafts included; the reports of the user's
    government sent for review, to its reviewers; and the issued reports of the user's own
    government and its units, which the portal publishes anyway (督察工作规定 art. 24).
    """
    if not user.is_authenticated or user.unit_id is None:
        return AnnualReport.objects.none()
    government = user.unit.government()
    at_home = Q(unit__path__startswith=government.path)
    shown = unit_scope_q(user) | (at_home & Q(status=ReportStatus.ISSUED))
    if user.role == Role.REVIEWER:
        shown |= at_home & ~Q(status=ReportStatus.DRAFT)
    return AnnualReport.objects.filter(shown).select_related("unit")


def can_create_report(user: User) -> bool:
    return user.is_authenticated and user.role == Role.COORDINATOR and user.unit_id is not None


def can_edit_report(user: User, report: AnnualReport) -> bool:
    """The coordinator of the report's scope drafts it while it is with them (起草中, 退回修改)."""
    return (
        user.is_authenticated
        and user.role == Role.COORDINATOR
        and unit_in_scope(user, report.unit)
        and report.is_editable
    )


def can_review_report(user: User, report: AnnualReport) -> bool:
    """A reviewer (审核人员) of the government the report's unit belongs to: the city's 司法局
    reviewers check the city's report and its departments' and towns' reports."""
    if not (user.is_authenticated and user.role == Role.REVIEWER and user.unit_id):
        return False
    return report.unit.path.startswith(user.unit.government().path)


def can_sign_report(user: User, report: AnnualReport) -> bool:
    """A leader (领导) of the report's own unit signs it (签发), or a leader of a government
    above it: a department's head signs the department's report, never the government's (a
    leader's scope is the whole government, so scope alone would let any department head sign
    for the government)."""
    if not (user.is_authenticated and user.role == Role.LEADER and user.unit_id):
        return False
    if user.unit_id == report.unit_id:
        return True
    return user.unit.is_government and unit_in_scope(user, report.unit)
