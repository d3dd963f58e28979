"""The 行政应诉 figures of the annual report (seed part 六.1).

Every figure counts lawsuits per instance (一审、二审、再审 are separate rows, as CT art. 7 ¶2 makes
each instance carry its own duty to appear) by the date the copy of the complaint or appeal
arrived (`copy_received_on`), over the defendants in the scope's subtree.
"""

from django.db.models import Exists, OuterRef, Q

from fazhi.figures.registry import Share, Table, check, figure

from . import rules
from .models import Hearing, Lawsuit

LAWSUITS = Table(Lawsuit, related=("defendant",))


def _received(period) -> Q:
    return Q(copy_received_on__range=period.range)


def _head_appeared() -> Q:
    """A 负责人 who counts under CT art. 2 ¶1 appeared at one hearing or more of the instance
    (CT art. 7 ¶1: one appearance per instance normally discharges the duty). The service refuses
    to record anyone else as 负责人, so every head row counts."""
    return Q(Exists(Hearing.objects.filter(lawsuit=OuterRef("pk"), head_appeared=True)))


def _heard() -> Q:
    return Q(Exists(Hearing.objects.filter(lawsuit=OuterRef("pk"))))


@figure("lit.gov_defendant", "市政府为被告的行政诉讼", "件", section="六.1", table=LAWSUITS)
def gov_defendant(scope, period) -> Q:
    """期内收到起诉状(上诉状)副本、以本级人民政府本身为被告的行政诉讼案件，每个审级计一件；政府
    部门和乡镇为被告的不计入。"""
    return _received(period) & Q(defendant=scope)


@figure("lit.total", "全市行政诉讼案件", "件", section="六.1", table=LAWSUITS)
def total(scope, period) -> Q:
    """期内收到起诉状(上诉状)副本的行政诉讼案件，被告为本级人民政府及其部门、乡镇(范围内全部单位)，
    每个审级计一件。"""
    return _received(period)


@figure("lit.head_appearances", "行政机关负责人出庭应诉", "件", section="六.1", table=LAWSUITS)
def head_appearances(scope, period) -> Q:
    """期内收到的行政诉讼案件(口径同“全市行政诉讼案件”)中，被诉机关负责人(正职、副职、参与分管的
    副职级别负责人或其他参与分管的负责人，最高法出庭应诉规定第二条)在该审级至少出庭一次的件数。"""
    return _received(period) & _head_appeared()


@figure("lit.head_appearance_rate", "行政机关负责人出庭应诉率", "%", section="六.1", table=LAWSUITS)
def head_appearance_rate(scope, period) -> Share:
    """负责人出庭应诉件数 ÷ 分母。分母由设置 FAZHI_LITIGATION_APPEARANCE_DENOMINATOR 决定：
    all_cases(默认)为期内收到的全部行政诉讼案件；heard_cases 为其中开庭审理的案件(未开庭即撤诉、
    驳回起诉或书面审理的不计入)。该比率无法定定义。"""
    cases = _received(period)
    if rules.appearance_denominator() == rules.HEARD_CASES:
        cases &= _heard()
    return Share(cases, _head_appeared())


@figure("lit.loss_rate", "行政诉讼败诉率", "%", section="六.1", table=LAWSUITS)
def loss_rate(scope, period) -> Share:
    """期内作出裁判(判决、裁定、调解)的行政诉讼案件中败诉的件数 ÷ 期内作出裁判的件数，按裁判日期、
    每个审级计。败诉指判决撤销、履行、给付、确认违法或无效、变更、继续履行协议或赔偿；二审驳回上诉、
    维持原判的随原判；驳回诉讼请求、撤诉、驳回起诉、调解和发回重审不计败诉。"""
    return Share(Q(decided_on__range=period.range), Q(lost=True))


@check(
    "lit.parts_within_total",
    "市政府为被告数和负责人出庭数不应超过行政诉讼案件总数",
    "lit.gov_defendant",
    "lit.head_appearances",
    "lit.total",
)
def parts_within_total(values) -> str | None:
    total = values["lit.total"].value
    problems = [
        f"{label} {values[key].value} 件 > 行政诉讼案件 {total} 件"
        for key, label in (
            ("lit.gov_defendant", "市政府为被告"),
            ("lit.head_appearances", "负责人出庭"),
        )
        if values[key].value > total
    ]
    return "；".join(problems) or None
