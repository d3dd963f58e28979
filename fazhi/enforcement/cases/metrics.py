"""The 行政执法 三项制度 figures of the annual report (seed part 四.1: "2021年，全市各部门共进行
法制审核1624件，对重大行政执法决定…进行报备，共进行审查备案9件").

Counting:
- enf.legal_reviews: every 法制审核 recorded (a LegalReview row), in the year of its date, within
  the scope of the reviewing 执法部门. A case reworked after "存在问题" and reviewed again counts
  twice (件次), as the seed counts reviews, not cases; ordinary cases reviewed count too.
- enf.major_filings: 重大执法决定 filed (报送备案) with the 司法局 in the year (备案日期).
- enf.publication_on_time_rate: of the decisions made in the year (less those changed or revoked
  before publication), the share published within their period (7 工作日 for 许可 and 处罚, 20
  for the others: 国办发〔2018〕118号 (六)).
"""

from django.db.models import F, Q

from fazhi.figures.registry import Share, Table, figure

from .models import Case, LegalReview

CASES = Table(Case, related=("unit",))
REVIEWS = Table(LegalReview, unit_field="unit", related=("unit", "case"))


@figure("enf.legal_reviews", "法制审核", "件", section="四.1", table=REVIEWS)
def legal_reviews(scope, period) -> Q:
    """期内各执法部门记录的行政执法决定法制审核件次(按审核日期计；审核意见为“存在问题”、
    补正后再次审核的分别计数；重大执法决定和其他送审的执法决定均计入)。"""
    return Q(reviewed_on__range=period.range)


@figure("enf.major_filings", "重大行政执法决定审查备案", "件", section="四.1", table=CASES)
def major_filings(scope, period) -> Q:
    """期内报送司法局备案的重大行政执法决定件数(按报送备案日期计)。"""
    return Q(major=True, filing_on__range=period.range)


@figure("enf.publication_on_time_rate", "执法决定公示及时率", "%", section="四.1", table=CASES)
def publication_on_time_rate(scope, period) -> Share:
    """期内作出的行政执法决定(公示前已被变更、撤销的除外)中，在公示期限内(含期限当日)公示的
    件数 ÷ 期内作出的决定件数。公示期限自决定作出之次日起算：行政许可、行政处罚7个工作日，
    其他执法决定20个工作日(国办发〔2018〕118号第(六)项)。"""
    among = Q(decided_on__range=period.range) & (
        Q(revoked_on__isnull=True) | Q(published_on__isnull=False)
    )
    return Share(among, Q(published_on__lte=F("publish_due_on")))
