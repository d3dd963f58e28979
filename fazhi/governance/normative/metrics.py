"""The 规范性文件 figures: seed 一.2 (清理) and 二.2 (备案审查), the rates of 合法性审核 and 备案,
and the three counts the 政府信息公开工作年度报告 reads by id (doc.issued, doc.abolished,
doc.effective).

Every figure counts the records of the scope's organs (a document belongs to its 制定机关, a
备案审查 to the government that examined it) with one conditional aggregate per table.
"""

from django.db.models import Exists, F, OuterRef, Q

from fazhi.figures.registry import Share, Table, figure

from .models import CleanupDecision, Decision, DocumentVersion, FilingReview, NormativeDocument
from .queries import in_force_on

DOCUMENTS = Table(NormativeDocument, related=("organ",))
VERSIONS = Table(DocumentVersion, "document__organ", related=("document",))
FILING_REVIEWS = Table(FilingReview, related=("document", "organ"))


def _cleanup(decision: str, period) -> Q:
    """Documents given `decision` by a 清理 completed within the period."""
    decided = CleanupDecision.objects.filter(
        document=OuterRef("pk"), decision=decision, campaign__closed_on__range=period.range
    )
    return Q(Exists(decided))


@figure("doc.cleanup.abolished", "清理废止规范性文件", "件", section="一.2", table=DOCUMENTS)
def cleanup_abolished(scope, period) -> Q:
    """期内完成的规范性文件清理中，清理结果为“废止”的规范性文件件数(按制定机关归属，每件计一次)。"""
    return _cleanup(Decision.ABOLISH, period)


@figure(
    "doc.cleanup.amended", "部分条款予以修改的规范性文件", "件", section="一.2", table=DOCUMENTS
)
def cleanup_amended(scope, period) -> Q:
    """期内完成的规范性文件清理中，清理结果为“修改”(部分条款予以修改)的规范性文件件数。"""
    return _cleanup(Decision.AMEND, period)


@figure("doc.filing_reviews", "办理规范性文件备案审查", "件", section="二.2", table=FILING_REVIEWS)
def filing_reviews(scope, period) -> Q:
    """期内审查完毕(予以备案登记、建议纠正或者不予备案登记)的规范性文件备案审查件数，按审查完成日期计。"""
    return Q(concluded_on__range=period.range)


@figure("doc.review_rate", "规范性文件合法性审核率", "%", section="二.2", table=DOCUMENTS)
def review_rate(scope, period) -> Share:
    """期内首次公布的规范性文件中，公布前经合法性审核(审核意见为合法或者修改后合法)的件数 ÷
    期内首次公布的规范性文件件数。"""
    return Share(Q(first_published_on__range=period.range), Q(review_opinion_on__isnull=False))


def _published(period) -> Q:
    return Q(published_on__range=period.range)


@figure("doc.filing_rate", "规范性文件备案率", "%", section="二.2", table=VERSIONS)
def filing_rate(scope, period) -> Share:
    """期内公布的规范性文件(首次公布和修改后公布的文本各计一件)中，已报送备案的件数 ÷ 期内公布的件数
    (截至计算之日)。"""
    return Share(_published(period), Q(filed_on__isnull=False))


@figure("doc.filing_on_time_rate", "规范性文件备案及时率", "%", section="二.2", table=VERSIONS)
def filing_on_time_rate(scope, period) -> Share:
    """期内公布的规范性文件(首次公布和修改后公布的文本各计一件)中，在备案期限内(公布之次日起
    FAZHI_NORMATIVE_FILING_DAYS 日，默认30日)报送备案的件数 ÷ 期内公布的件数。"""
    return Share(_published(period), Q(filed_on__lte=F("filing_due_on")))


# The 政府信息公开工作年度报告's table 二 (第二十条第(一)项 行政规范性文件) reads these three by id.


@figure("doc.issued", "本年制发行政规范性文件", "件", section="二.2", table=DOCUMENTS)
def issued(scope, period) -> Q:
    """期内首次公布(制发)的行政规范性文件件数，按首次公布日期计(修改不另计)。"""
    return Q(first_published_on__range=period.range)


@figure("doc.abolished", "本年废止行政规范性文件", "件", section="二.2", table=DOCUMENTS)
def abolished(scope, period) -> Q:
    """期内废止的行政规范性文件件数(含清理中决定废止的)，按废止日期计；有效期届满失效的不计。"""
    return Q(abolished_on__range=period.range)


@figure("doc.effective", "现行有效行政规范性文件", "件", section="二.2", table=DOCUMENTS)
def effective(scope, period) -> Q:
    """期末(年末)现行有效的行政规范性文件件数：已施行，且期末前未废止、未失效、有效期未届满。"""
    return in_force_on(period.end)
