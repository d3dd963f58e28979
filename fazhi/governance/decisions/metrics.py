"""The 重大行政决策 figures of the annual report (seed part 二.1).

- dec.executive_meetings: the government's 常务会议 held in the year (the seed's "共举行市政府常务
  会15次"). 全体会议 are not counted.
- dec.hearings: decisions whose 听证会 was held in the year and organised by a 政府部门 (the seed's
  "市政府部门开展重大决策听证3件(次)"); a hearing organised by a town is not a 部门's.
- dec.catalogue_coverage: of the items of the year's 决策事项目录 still in it (not 调出), the share
  decided (集体讨论决定) within that year. An item the meeting deferred is not decided.
dec.legality_reviews is the 合法性审核 app's figure; each review a decision sends counts there.
"""

from django.db.models import Q

from fazhi.core.models import UnitKind
from fazhi.figures.registry import Share, Table, figure

from .models import Decision, Meeting, MeetingKind, Status

MEETINGS = Table(Meeting)
DECISIONS = Table(Decision, related=("unit",))


@figure("dec.executive_meetings", "政府常务会议", "次", section="二.1", table=MEETINGS)
def executive_meetings(scope, period) -> Q:
    """期内召开的本级政府常务会议次数(按召开日期计；全体会议不计)。"""
    return Q(kind=MeetingKind.EXECUTIVE, held_on__range=period.range)


@figure("dec.hearings", "政府部门重大决策听证", "件(次)", section="二.1", table=DECISIONS)
def hearings(scope, period) -> Q:
    """期内举行听证会、且听证组织单位为政府工作部门的重大行政决策件数(按听证日期计；每件决策一次
    听证)。"""
    return Q(hearing_on__range=period.range, hearing_unit__kind=UnitKind.DEPARTMENT)


@figure(
    "dec.catalogue_coverage", "决策事项目录事项年内决定率", "%", section="二.1", table=DECISIONS
)
def catalogue_coverage(scope, period) -> Share:
    """期末年度的决策事项目录所列事项(不含已调出目录的)中，于期内经集体讨论作出决定(通过或修改后
    通过)的件数 ÷ 目录所列事项件数。"""
    listed = Q(catalogue__year=period.end.year) & ~Q(status=Status.REMOVED)
    return Share(listed, Q(decided_on__range=period.range))
