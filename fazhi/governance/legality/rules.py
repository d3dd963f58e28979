"""The periods of a 合法性审核.

- 审核期限: 国办发〔2018〕115号 (关于全面推行行政规范性文件合法性审核机制的指导意见) is widely
  cited as "审核时间一般不少于5个工作日，最长不超过15个工作日"; the reference
  (shared/reference/legal_deadlines.md §5) marks that UNCONFIRMED (not read), and local rules differ
  (德州 15, 阜宁县 7, elsewhere 5 工作日). So the period is the setting FAZHI_LEGALITY_REVIEW_DAYS
  (工作日), default 15: the longest period the cited text is believed to allow, so that no review
  the office completes within the believed maximum shows as overdue; a government with a shorter
  local rule sets it lower. It runs from the day after the draft was sent (or sent again with the
  materials asked for), the start day not counted (docs/architecture.md, clocks).
- 重大行政决策: "送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日"
  (重大行政决策程序暂行条例 art. 26 ¶2) — a floor: a decision's review is never due earlier
  than 7 工作日 after it was sent, whatever the setting.
"""

from django.conf import settings

from fazhi.core.clocks import Limit, LimitUnit

DEFAULT_REVIEW_DAYS = 15
DECISION_FLOOR = Limit(7, LimitUnit.WORKDAYS)  # 重大行政决策程序暂行条例第二十六条第二款
ARTICLE_RETURN = "重大行政决策程序暂行条例第二十六条第一款"
ARTICLE_FLOOR = "重大行政决策程序暂行条例第二十六条第二款"
ARTICLE_UNREVIEWED = "重大行政决策程序暂行条例第二十五条"


def review_limit() -> Limit:
    """The review period (工作日), FAZHI_LEGALITY_REVIEW_DAYS (default 15; see above)."""
    days = int(getattr(settings, "FAZHI_LEGALITY_REVIEW_DAYS", DEFAULT_REVIEW_DAYS))
    return Limit(days, LimitUnit.WORKDAYS)


def review_due(kind: str, started_on):
    """The day the opinion is due: the review period from `started_on` (not counted), and for a
    重大行政决策 never earlier than 7 工作日 after it (art. 26 ¶2)."""
    from fazhi.core.clocks import due_date

    from .models import ReviewKind

    due = due_date(started_on, review_limit())
    if kind == ReviewKind.DECISION:
        due = max(due, due_date(started_on, DECISION_FLOOR))
    return due
