"""The statutory periods of 行政应诉, with their articles (reference/legal_deadlines.md §3).

All are calendar-day periods counted by 民事诉讼法(2021) art. 85 (行政诉讼法 art. 101 applies it):
the start day is not counted, and a last day that is a rest day moves to the next working day.
"""

from django.conf import settings

from fazhi.core.clocks import Limit, LimitUnit

from .models import DecisionKind

# 答辩举证: 15 日 from receiving the copy of the complaint (行政诉讼法 art. 67 ¶1). CONFIRMED.
# The same 15 日 for the copy of an appeal (行政诉讼法 art. 101 → 民事诉讼法(2021) art. 174).
ANSWER = Limit(15, LimitUnit.DAYS)
ANSWER_ARTICLE = "行政诉讼法第六十七条"

# 上诉期限: 判决 15 日, 裁定 10 日 from service (行政诉讼法 art. 85). CONFIRMED.
APPEAL = {
    DecisionKind.JUDGMENT: Limit(15, LimitUnit.DAYS),
    DecisionKind.RULING: Limit(10, LimitUnit.DAYS),
}
APPEAL_ARTICLE = "行政诉讼法第八十五条"

ALL_CASES = "all_cases"
HEARD_CASES = "heard_cases"


def appearance_denominator() -> str:
    """Which cases the 负责人出庭应诉率 divides by. UNCONFIRMED: no statute defines the rate
    (legal_deadlines.md §3). Setting FAZHI_LITIGATION_APPEARANCE_DENOMINATOR:
    - "all_cases" (default): every lawsuit received in the period — the seed's 19/20 = 95%;
    - "heard_cases": only those of them heard in court (开庭审理), the reference's suggestion.
    """
    value = getattr(settings, "FAZHI_LITIGATION_APPEARANCE_DENOMINATOR", ALL_CASES)
    if value not in (ALL_CASES, HEARD_CASES):
        raise ValueError(
            f"FAZHI_LITIGATION_APPEARANCE_DENOMINATOR={value!r}: 应为 all_cases 或 heard_cases"
        )
    return value
