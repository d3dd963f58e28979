"""The figures of 案卷评查 (seed 四.1: "每年组织至少一次行政执法案卷评查，随机抽查…执法部门年度
已结执法案卷进行评查").

Counting (a 评查案卷 belongs to the 执法部门 whose case it is, so a scope's figure is its
departments' files, and the 驾驶舱 breaks each table figure down by department):
- enf.case_reviews.files: 评查案卷 scored (评分) in the period.
- enf.case_reviews.average: their average score on the 百分制 (points ÷ the rubric's maximum ×
  100), to one decimal: one aggregate query.
- enf.case_reviews.pass_rate: the share of them graded 合格 or 优秀 (lines in rules.py).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Q

from fazhi.core.permissions import subtree_ids
from fazhi.figures.registry import Share, Table, Value, figure

from .models import FileStatus, Grade, ReviewFile

FILES = Table(ReviewFile, related=("unit", "case", "campaign"))


def _scored_rows(scope, period):
    """The scope's scored files in one statement (the units as a subquery, not a read of their
    ids first: a figure outside a table costs one query)."""
    return ReviewFile.objects.filter(unit__in=subtree_ids(scope)).filter(_scored(period))


def _scored(period) -> Q:
    return Q(status__in=FileStatus.scored_group(), scored_on__range=period.range)


@figure("enf.case_reviews.files", "评查行政执法案卷", "卷", section="四.1", table=FILES)
def files(scope, period) -> Q:
    """期内评查(评分)的行政执法案卷数，按评分日期计，计入案卷所属执法部门。"""
    return _scored(period)


@figure("enf.case_reviews.pass_rate", "评查案卷合格率", "%", section="四.1", table=FILES)
def pass_rate(scope, period) -> Share:
    """期内评分的评查案卷中，评查等次为合格或优秀的卷数 ÷ 期内评分的评查案卷数(等次分数线见
    案卷评查的设置)。"""
    return Share(_scored(period), Q(grade__in=Grade.passing()))


@figure("enf.case_reviews.average", "评查案卷平均得分", "分", section="四.1")
def average(scope, period) -> Value:
    """期内评分的评查案卷的平均得分(百分制：得分 ÷ 评查标准满分 × 100)，保留一位小数。"""
    rows = _scored_rows(scope, period)
    found = rows.aggregate(average=Avg("percent"))["average"]
    value = None if found is None else Decimal(found).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Value(value, rows)


@figure("enf.case_reviews.departments", "案卷评查涉及执法部门", "个", section="四.1")
def departments(scope, period) -> Value:
    """期内有案卷被评查(评分)的执法部门个数。"""
    rows = _scored_rows(scope, period)
    return Value(rows.values("unit").distinct().count(), rows)
