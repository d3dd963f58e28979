"""The 合法性审核 figures of the annual report (seed part 二.1: "开展合法性审核58件(次)").

Counting: a review is counted in the year its opinion was given (出具审核意见), whoever sent it,
within the scope of the unit that sent it. A draft sent twice (after 退回补充材料) is one review;
a draft reviewed again after a 不合法 opinion is a second review (件次). Withdrawn drafts and
drafts still under review are not counted. 合同协议 are counted apart (legal.*): the seed's
"合法性审核58件(次)" stands beside 重大行政决策 and 常务会 and counts the reviews of decisions,
行政规范性文件 and other documents sent to the government's reviewing office.
"""

from django.db.models import F, Q

from fazhi.figures.registry import Share, Table, figure

from .models import Opinion, Review, ReviewKind, ReviewStatus

REVIEWS = Table(Review, related=("unit",))
DOCUMENTS = (ReviewKind.DECISION, ReviewKind.NORMATIVE, ReviewKind.OTHER)


def _given(period) -> Q:
    return Q(status=ReviewStatus.GIVEN, opinion_on__range=period.range)


@figure("dec.legality_reviews", "合法性审核", "件(次)", section="二.1", table=REVIEWS)
def legality_reviews(scope, period) -> Q:
    """期内出具合法性审核意见的重大行政决策、行政规范性文件和其他文件的审核件次(按出具意见日期计；
    合同协议的审核另计；撤回及尚在审核的不计)。"""
    return _given(period) & Q(kind__in=DOCUMENTS)


@figure("legal.contract_reviews", "合同协议合法性审核", "件(次)", section="二.3", table=REVIEWS)
def contract_reviews(scope, period) -> Q:
    """期内出具合法性审核意见的合同协议审核件次(按出具意见日期计)。"""
    return _given(period) & Q(kind=ReviewKind.CONTRACT)


@figure("legal.contract_review_rate", "合同合法性审查率", "%", section="二.3", table=REVIEWS)
def contract_review_rate(scope, period) -> Share:
    """期内登记签订的合同协议中，签订前(含签订当日)已取得“合法”或“修改后合法”审核意见的件数 ÷
    期内登记签订的合同协议件数(按合同签订日期计)。分母只含在本平台送审并登记了签订日期的合同：
    未送审即签订、也未在平台登记的合同不在其中。"""
    signed = Q(kind=ReviewKind.CONTRACT, signed_on__range=period.range)
    cleared = Q(
        status=ReviewStatus.GIVEN,
        opinion__in=Opinion.clearing(),
        opinion_on__lte=F("signed_on"),
    )
    return Share(signed, cleared)


@figure("dec.legality_on_time_rate", "合法性审核及时率", "%", section="二.1", table=REVIEWS)
def on_time_rate(scope, period) -> Share:
    """期内出具审核意见的各类合法性审核(含合同协议)中，在审核期限内(含期限当日)出具的件数 ÷
    期内出具审核意见的件数。审核期限自送审(或补充材料后重新送审)次日起算，为本级设定的
    审核工作日数(默认15个工作日)，重大行政决策不少于7个工作日。"""
    return Share(_given(period), Q(opinion_on__lte=F("due_on")))
