"""The 建议提案 figures of the annual report (seed part 五.1).

Counting: a proposal is counted once, under its own source, in the year it was received, whether
or not it was handled together with others (并案). 并案 changes how proposals are handled and
answered, not how many were made: we found no documented practice of counting a merged group once,
so the total is the number of proposals, and `sup.proposals.parts` flags a total that differs from
人大代表建议 + 政协提案. The seed states 325 with parts 207 + 119 = 326; the demo records give 326,
and a report that states 325 is flagged by that check.
"""

from django.db.models import Q

from fazhi.core.models import OrgUnit, UnitKind
from fazhi.figures.registry import Share, Table, Value, check, counted, figure

from . import rules
from .models import Proposal, Source, Status

PROPOSALS = Table(Proposal)


def _received(period) -> Q:
    return Q(received_on__range=period.range)


def _involved_units(scope, period, kind: str):
    """Distinct units of `kind` that were 主办 or 协办 of a proposal received in the period."""
    proposals = Proposal.objects.in_scope(scope).filter(_received(period))
    return OrgUnit.objects.filter(kind=kind).filter(
        Q(pk__in=proposals.values("unit")) | Q(pk__in=proposals.values("co_units"))
    )


@figure("sup.proposals.total", "交由政府系统办理的建议提案", "件", section="五.1", table=PROPOSALS)
def total(scope, period) -> Q:
    """期内收到并由政府系统办理的人大代表建议和政协委员提案件数，按收到日期计；并案办理的各件分别计数。"""
    return _received(period)


@figure("sup.proposals.npc", "人大代表建议", "件", section="五.1", table=PROPOSALS)
def npc(scope, period) -> Q:
    """期内收到的人大代表建议件数(按人大常委会编号逐件计)，按收到日期计。"""
    return _received(period) & Q(source=Source.NPC)


@figure("sup.proposals.cppcc", "政协提案", "件", section="五.1", table=PROPOSALS)
def cppcc(scope, period) -> Q:
    """期内收到的政协委员提案件数(按政协编号逐件计)，按收到日期计。"""
    return _received(period) & Q(source=Source.CPPCC)


@figure("sup.proposals.towns", "涉及乡镇人民政府", "个", section="五.1")
def towns(scope, period) -> Value:
    """期内收到的建议提案中，作为主办或协办单位的不同乡镇(街道)个数。"""
    return counted(_involved_units(scope, period, UnitKind.TOWN))


@figure("sup.proposals.units", "涉及市级单位", "个", section="五.1")
def units(scope, period) -> Value:
    """期内收到的建议提案中，作为主办或协办单位的不同政府工作部门个数。"""
    return counted(_involved_units(scope, period, UnitKind.DEPARTMENT))


@figure("sup.proposals.closed_rate", "办结率", "%", section="五.1", table=PROPOSALS)
def closed_rate(scope, period) -> Share:
    """截至办结率统计日(FAZHI_PROPOSAL_CLOSING_CUTOFF，默认当年9月30日；期末早于该日的取期末)，期内
    收到且收到日期不晚于统计日的建议提案中，已于统计日前(含)办结(满意或基本满意，或重新办理达到规定
    次数)的件数 ÷ 该部分收到件数。"""
    cutoff = min(rules.closing_cutoff(period.end.year), period.end)
    received = _received(period) & Q(received_on__lte=cutoff)
    return Share(received, Q(status=Status.CLOSED, closed_on__lte=cutoff))


@check(
    "sup.proposals.parts",
    "交由政府系统办理的建议提案应等于人大代表建议与政协提案之和",
    "sup.proposals.total",
    "sup.proposals.npc",
    "sup.proposals.cppcc",
)
def parts(values) -> str | None:
    total, a, b = (
        values["sup.proposals.total"].value,
        values["sup.proposals.npc"].value,
        values["sup.proposals.cppcc"].value,
    )
    if None in (total, a, b) or total == a + b:
        return None
    return f"建议提案合计 {total} 件 ≠ 人大代表建议 {a} 件 + 政协提案 {b} 件 = {a + b} 件"
