"""The 信箱 figures of the annual report (seed part 五.2)."""

from django.db.models import Q

from fazhi.figures.registry import Share, Table, check, figure

from .models import Letter, LetterStatus

LETTERS = Table(Letter)


def _received(period) -> Q:
    return Q(received_on__range=period.range)


@figure("sup.letters.received", "州政府统一信箱受理信件", "件", section="五.2", table=LETTERS)
def received(scope, period) -> Q:
    """期内收到(登记)的州政府统一信箱转来的信件，按收到日期计。"""
    return _received(period)


@figure("sup.letters.closed_rate", "州政府统一信箱信件办结率", "%", section="五.2", table=LETTERS)
def closed_rate(scope, period) -> Share:
    """期内收到的信件中，截至期末已办结的件数 ÷ 期内收到件数(报告表述为“已全部办结”)。"""
    return Share(_received(period), Q(status=LetterStatus.CLOSED, closed_on__lte=period.end))


@check(
    "sup.letters.closed_within_received",
    "信箱办结率的分母应等于受理信件数",
    "sup.letters.received",
    "sup.letters.closed_rate",
)
def closed_within_received(values) -> str | None:
    total, rate_ = values["sup.letters.received"].value, values["sup.letters.closed_rate"]
    if rate_.denominator is not None and rate_.denominator != total:
        return f"办结率分母 {rate_.denominator} 件 ≠ 受理信件 {total} 件"
    return None
