"""The 告知承诺 figures (seed part 一.4: "2021年，使用证明事项告知承诺制办理便民服务6426件次").

Counted over the services handled on a pledge by the scope's units, by the day of 承诺受理."""

from django.db.models import Q

from fazhi.figures.registry import Table, figure

from .models import Pledge, PledgeStatus

PLEDGES = Table(Pledge, related=("unit", "proof"))


@figure(
    "cert.commitment.cases",
    "使用证明事项告知承诺制办理便民服务",
    "件次",
    section="一.4",
    table=PLEDGES,
)
def cases(scope, period) -> Q:
    """期内以申请人书面承诺代替证明受理的办件数(件次)，按承诺受理日期计。"""
    return Q(received_on__range=period.range)


@figure("cert.commitment.false", "告知承诺核查发现承诺不实", "件", section="一.4", table=PLEDGES)
def false_pledges(scope, period) -> Q:
    """期内承诺受理的办件中，截至期末经核查认定承诺不实的件数。"""
    return Q(
        received_on__range=period.range, status=PledgeStatus.FALSE, verified_on__lte=period.end
    )
