"""The statutory periods of 行政应诉, with their articles (reference/legal_deadlines.md §3).

All are calendar-day periods counted by 民事诉讼法(2021) art. 85 (行政诉讼法 art. 101 applies it):
the start day is not counted, and a last day that is a 法定休假日 moves to the next working day.

Where the law is open on that rule, this app has no reading of its own: it takes the kernel's
calendar (fazhi.core.clocks / calendar). There, a weekend counts as a rest day (judicial practice),
and a 调休 Saturday or Sunday (a make-up working day under the State Council's notice) is a working
day, so a period may end on it (reference/legal_deadlines.md §9; e.g. 2021-10-09 in the tests).
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

# 延期提供证据: the defendant applies in writing within the 15 日 of the answer (the same period,
# with the same rest-day rule, so its last day is `answer_due_on`); once the court allows it, the
# evidence is due within 15 日 after the 正当事由 ceases (行诉解释 art. 34). CONFIRMED (text read).
EVIDENCE_AFTER_REASON = Limit(15, LimitUnit.DAYS)
EXTENSION_ARTICLE = "行诉解释第三十四条"

ALL_CASES = "all_cases"
DEFAULT_ADVICE_REPLY_DAYS = 60


def advice_reply_limit() -> Limit:
    """The period for answering a 司法建议 on a 负责人's non-appearance, when the court's letter
    sets none. UNCONFIRMED — no statute sets one: CT art. 12 and 行诉解释 arts. 129 ¶4, 132 let the
    court issue the advice without a reply period, and 行政诉讼法 art. 96 (4) only says the organ
    "将处理情况告知人民法院". The one number in the texts is 行诉解释 art. 149 ¶4 (a 司法建议 on an
    unlawful 规范性文件 is answered in writing within 六十日 of receipt), and courts commonly set
    60 日 in their letters; so the default is 60 日, by analogy, not by law. A period the court's
    letter sets is entered on the step and prevails. Setting FAZHI_LITIGATION_ADVICE_REPLY_DAYS
    (calendar days, counted as the other periods here).
    """
    days = getattr(settings, "FAZHI_LITIGATION_ADVICE_REPLY_DAYS", DEFAULT_ADVICE_REPLY_DAYS)
    if not isinstance(days, int) or days < 1:
        raise ValueError(f"FAZHI_LITIGATION_ADVICE_REPLY_DAYS={days!r}: 应为正整数(日)")
    return Limit(days, LimitUnit.DAYS)


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
