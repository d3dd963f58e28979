"""The 行政复议 figures of the annual report (seed part 六.1 and 一.2)."""

from django.db.models import F, Q

from fazhi.figures.registry import Value, check, counted, figure, rate

from .models import ApplicantType, Outcome, ReconsiderationCase, Status


def _cases(scope):
    return ReconsiderationCase.objects.in_scope(scope).select_related("respondent")


def _accepted(scope, period):
    return _cases(scope).filter(accepted_on__range=period.range)


def _not_accepted(scope, period):
    return _cases(scope).filter(status__in=Status.not_accepted(), closed_on__range=period.range)


def _concluded(scope, period):
    return _cases(scope).filter(status__in=Status.concluded(), closed_on__range=period.range)


@figure("rec.reviewed", "审查行政复议案件", "件", section="六.1")
def reviewed(scope, period) -> Value:
    """Applications whose acceptance review ended in the period: accepted (受理, including 视为受理)
    or not accepted (不予受理, including 告知向有权机关申请). Applications withdrawn or abandoned
    during 补正 were never reviewed to the end and are not counted."""
    return counted(
        _cases(scope).filter(
            Q(accepted_on__range=period.range)
            | Q(status__in=Status.not_accepted(), closed_on__range=period.range)
        )
    )


@figure("rec.accepted", "受理行政复议案件", "件", section="六.1")
def accepted(scope, period) -> Value:
    """Cases accepted in the period, by their date of acceptance (2017 art. 17: the day of
    receipt; 2023 art. 30: the day of the decision, or the day the review period ended)."""
    return counted(_accepted(scope, period))


@figure("rec.rejected", "不予受理行政复议案件", "件", section="六.1")
def rejected(scope, period) -> Value:
    """Applications not accepted in the period: 不予受理 decisions and 告知 to apply to the
    competent organ (which the 2023 law makes a 不予受理 decision), by decision date."""
    return counted(_not_accepted(scope, period))


@figure("rec.closed", "办结行政复议案件", "件", section="六.1")
def closed(scope, period) -> Value:
    """Accepted cases concluded in the period (决定, 调解/和解结案, 终止), by closing date,
    whatever year they were accepted in."""
    return counted(_concluded(scope, period))


@figure("rec.private_enterprise.received", "民营企业行政复议案件申请", "件", section="一.2")
def private_enterprise_received(scope, period) -> Value:
    """Applications by private enterprises received in the period."""
    return counted(
        _cases(scope).filter(
            applicant_type=ApplicantType.PRIVATE_ENTERPRISE, received_on__range=period.range
        )
    )


@figure("rec.private_enterprise.closed", "民营企业行政复议案件办结", "件", section="一.2")
def private_enterprise_closed(scope, period) -> Value:
    """Private enterprises' cases concluded in the period (as rec.closed)."""
    return counted(
        _concluded(scope, period).filter(applicant_type=ApplicantType.PRIVATE_ENTERPRISE)
    )


@figure("rec.correction_rate", "行政复议纠错率", "%", section="六.1")
def correction_rate(scope, period) -> Value:
    """Concluded cases whose decision corrected the act (撤销, 变更, 确认违法, 确认无效,
    责令履行) ÷ all cases concluded in the period (rec.closed)."""
    concluded = _concluded(scope, period)
    return rate(concluded.filter(outcome__in=Outcome.corrective()), concluded)


@figure("rec.on_time_rate", "行政复议按期办结率", "%", section="六.1")
def on_time_rate(scope, period) -> Value:
    """Cases concluded in the period on or before their decision due date (60 日 or 30 日 from
    acceptance, plus approved extension, less 补正 and 中止) ÷ all cases concluded in the period."""
    concluded = _concluded(scope, period)
    return rate(concluded.filter(closed_on__lte=F("decision_due_on")), concluded)


@check(
    "rec.review_parts",
    "审查数应等于受理数与不予受理数之和",
    "rec.reviewed",
    "rec.accepted",
    "rec.rejected",
)
def review_parts(values) -> str | None:
    total, parts = (
        values["rec.reviewed"].value,
        values["rec.accepted"].value + values["rec.rejected"].value,
    )
    if total != parts:
        accepted, rejected = values["rec.accepted"].value, values["rec.rejected"].value
        return f"审查 {total} 件 ≠ 受理 {accepted} + 不予受理 {rejected}"
    return None


@check(
    "rec.pe_within_total",
    "民营企业办结数不应超过办结总数",
    "rec.private_enterprise.closed",
    "rec.closed",
)
def enterprise_within_total(values) -> str | None:
    part, total = values["rec.private_enterprise.closed"].value, values["rec.closed"].value
    if part > total:
        return f"民营企业办结 {part} 件 > 全部办结 {total} 件"
    return None
