"""The periods of 建议提案 handling, with their sources.

CONFIRMED (代表法(2015) art. 42): a 代表建议 is answered within 三个月 of 交办; a wide-ranging or
difficult one within 六个月 of 交办. The national rule does not say who decides that a suggestion
is difficult; 北京 art. 21, 浙江 art. 21, 山东 art. 19 and 青岛 art. 25 require the consent of the
交办机关 (legal_deadlines.md §4), so here an extension is a recorded approval.

Settings (UNCONFIRMED or local, read with getattr so a jurisdiction can change them):
- FAZHI_PROPOSAL_PERIOD_MONTHS (default 3): the answer period. For 政协提案 the national
  政协提案工作条例 was not read; local joint rules mirror the 代表建议 rule (§4), so one setting
  serves both sources.
- FAZHI_PROPOSAL_EXTENDED_MONTHS (default 6): the period for difficult ones (代表法 art. 42).
- FAZHI_PROPOSAL_REHANDLING_MONTHS (default 1): after a 不满意 rating the unit answers again
  within 1 month (山东 24, 浙江 24, 河南 22; 重庆 27 and 北京 27 say 2 months).
- FAZHI_PROPOSAL_MAX_ROUNDS (default 2): a proposal still rated 不满意 after this many answers is
  closed with the rating recorded (no statute found; local practice).
- FAZHI_PROPOSAL_CLOSING_CUTOFF (default "09-30"): the month-day at which the 办结率 is taken, as
  the seed report does ("截至9月30日").
"""

import datetime as dt

from django.conf import settings

from fazhi.core.clocks import Limit, LimitUnit

ARTICLE = "代表法(2015)第四十二条"


def answer_period() -> Limit:
    return Limit(getattr(settings, "FAZHI_PROPOSAL_PERIOD_MONTHS", 3), LimitUnit.MONTHS)


def extended_period() -> Limit:
    return Limit(getattr(settings, "FAZHI_PROPOSAL_EXTENDED_MONTHS", 6), LimitUnit.MONTHS)


def rehandling_period() -> Limit:
    return Limit(getattr(settings, "FAZHI_PROPOSAL_REHANDLING_MONTHS", 1), LimitUnit.MONTHS)


def max_rounds() -> int:
    return int(getattr(settings, "FAZHI_PROPOSAL_MAX_ROUNDS", 2))


def closing_cutoff(year: int) -> dt.date:
    month, day = getattr(settings, "FAZHI_PROPOSAL_CLOSING_CUTOFF", "09-30").split("-")
    return dt.date(year, int(month), int(day))
