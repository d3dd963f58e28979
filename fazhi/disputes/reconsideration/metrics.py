"""The 行政复议 figures of the annual report (seed part 六.1 and 一.2).

Each counts cases of the scope (by their 复议机关) in one table: compute_all counts them all in
one statement (fazhi.figures.registry.Table).
"""

from django.db.models import F, Q

from fazhi.figures.registry import Share, Table, check, figure

from .models import ApplicantType, Outcome, ReconsiderationCase, Status

CASES = Table(ReconsiderationCase, related=("respondent",))


def _accepted(period) -> Q:
    return Q(accepted_on__range=period.range)


def _not_accepted(period) -> Q:
    return Q(status__in=Status.not_accepted(), closed_on__range=period.range)


def _concluded(period) -> Q:
    return Q(status__in=Status.concluded(), closed_on__range=period.range)


PRIVATE_ENTERPRISE = Q(applicant_type=ApplicantType.PRIVATE_ENTERPRISE)


@figure("rec.reviewed", "审查行政复议案件", "件", section="六.1", table=CASES)
def reviewed(scope, period) -> Q:
    """期内完成受理审查的申请：予以受理(含视为受理)的与不予受理(含告知向有权机关申请)的，按审查结论
    日期计。补正中撤回或逾期未补正视为放弃的申请未审查终结，不计入。"""
    return _accepted(period) | _not_accepted(period)


@figure("rec.accepted", "受理行政复议案件", "件", section="六.1", table=CASES)
def accepted(scope, period) -> Q:
    """期内受理的案件，按受理日期计(2017年法第十七条：自复议机构收到之日起即为受理；2023年法第三十
    条：受理决定之日，或审查期限届满视为受理之日)。"""
    return _accepted(period)


@figure("rec.rejected", "不予受理行政复议案件", "件", section="六.1", table=CASES)
def rejected(scope, period) -> Q:
    """期内不予受理的申请：不予受理决定及告知向有权的复议机关提出(2023年法将其作为不予受理决定)，按
    决定日期计。"""
    return _not_accepted(period)


@figure("rec.closed", "办结行政复议案件", "件", section="六.1", table=CASES)
def closed(scope, period) -> Q:
    """期内审结的已受理案件(作出复议决定、调解或和解结案、终止)，按结案日期计，不论受理于哪一年。"""
    return _concluded(period)


@figure(
    "rec.private_enterprise.received", "民营企业行政复议案件申请", "件", section="一.2", table=CASES
)
def private_enterprise_received(scope, period) -> Q:
    """期内收到的民营企业提出的行政复议申请，按收到日期计。"""
    return PRIVATE_ENTERPRISE & Q(received_on__range=period.range)


@figure(
    "rec.private_enterprise.closed", "民营企业行政复议案件办结", "件", section="一.2", table=CASES
)
def private_enterprise_closed(scope, period) -> Q:
    """期内审结的民营企业申请的案件(口径同“办结行政复议案件”)。"""
    return _concluded(period) & PRIVATE_ENTERPRISE


@figure("rec.correction_rate", "行政复议纠错率", "%", section="六.1", table=CASES)
def correction_rate(scope, period) -> Share:
    """期内审结案件中，复议决定纠正原行政行为(撤销、变更、确认违法、确认无效、责令履行)的件数 ÷ 期
    内审结件数。"""
    return Share(_concluded(period), Q(outcome__in=Outcome.corrective()))


@figure("rec.on_time_rate", "行政复议按期办结率", "%", section="六.1", table=CASES)
def on_time_rate(scope, period) -> Share:
    """期内审结案件中，在决定期限内(受理之日起60日，简易程序30日，加经批准的延长，扣除补正与中止期
    间)结案的件数 ÷ 期内审结件数。"""
    return Share(_concluded(period), Q(closed_on__lte=F("decision_due_on")))


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
