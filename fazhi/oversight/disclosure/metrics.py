"""The 依申请公开 figures of the annual report (seed part 五.2)."""

from django.db.models import F, Q

from fazhi.figures.registry import Share, Table, figure

from .models import DisclosureChallenge, DisclosureRequest, Status

REQUESTS = Table(DisclosureRequest, related=("agency",))
# A challenge belongs to the scope of the agency that handled its request.
CHALLENGES = Table(DisclosureChallenge, "request__agency", related=("request",))


@figure("sup.disclosure.requests", "受理依申请公开", "件", section="五.2", table=REQUESTS)
def requests(scope, period) -> Q:
    """期内收到的政府信息公开申请(即年度报告表三“本年新收政府信息公开申请数量”)，按收到申请之日
    (条例第三十一条)计；补正后重新起算答复期限的，仍按原收到日期计一件。"""
    return Q(received_on__range=period.range)


@figure(
    "sup.disclosure.challenges",
    "因信息公开申请引起的复议、诉讼",
    "件",
    section="五.2",
    table=CHALLENGES,
)
def challenges(scope, period) -> Q:
    """期内针对本范围内机关办理政府信息公开申请提起的行政复议和行政诉讼件数，按提起日期计。"""
    return Q(filed_on__range=period.range)


@figure("sup.disclosure.on_time_rate", "依申请公开按时答复率", "%", section="五.2", table=REQUESTS)
def on_time_rate(scope, period) -> Share:
    """期内作出答复的申请中，在答复期限内(收到申请或补正后申请之日起20个工作日，经同意延长的再加
    20个工作日，扣除征求第三方和其他机关意见的时间)答复的件数 ÷ 期内答复件数。"""
    replied = Q(status=Status.REPLIED, replied_on__range=period.range)
    return Share(replied, Q(replied_on__lte=F("reply_due_on")))
