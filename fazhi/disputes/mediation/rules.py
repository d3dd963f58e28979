"""The periods of 调解, with their sources.

- 司法确认: the parties apply together 自调解协议生效之日起三十日内 (人民调解法 art. 33 ¶1;
  民事诉讼法(2021) art. 201). Calendar days; a last day that is a rest day moves to the next
  working day (民事诉讼法 art. 85). CONFIRMED.
- 协议生效: a written agreement takes effect when every party and the mediator have signed and
  the committee's seal is on it (人民调解法 art. 29 ¶2); an oral agreement on the day it is
  reached (art. 30). CONFIRMED.
- 调解期限: 人民调解法 sets no period (art. 21 only asks for 及时、就地); many provinces' rules
  use 30 days from 受理. UNCONFIRMED, so it is the setting FAZHI_MEDIATION_PERIOD_DAYS
  (default 30 日), read on every computation. It drives only the due date on the workbench;
  nothing is refused for passing it.
- 司法确认 after 行政调解: 民事诉讼法(2021) art. 201 confirms agreements reached by "依法设立的调
  解组织"; 人民调解法 art. 33 names the 人民调解委员会. Whether an agency's own 行政调解 is such a
  调解组织 the codes leave open; courts confirm 行政调解协议 where local rules (多元化纠纷解决
  条例) or the court's 特邀调解 list admit the agency, and refuse them elsewhere. So it is the
  setting FAZHI_MEDIATION_ADMIN_CONFIRMATION (default true: offered, as in 云南's practice of
  诉调对接; false: 行政调解 cases are not offered 司法确认). UNCONFIRMED.
"""

from django.conf import settings

from fazhi.core.clocks import Limit, LimitUnit

CONFIRMATION = Limit(30, LimitUnit.DAYS)  # 人民调解法 art. 33; 民事诉讼法 art. 201

ARTICLE = {
    "receive": "人民调解法第十七条",
    "refuse": "人民调解法第十七条",
    "fail": "人民调解法第二十六条",
    "agreement": "人民调解法第二十八条至第三十条",
    "confirmation": "人民调解法第三十三条、民事诉讼法第二百零一条",
    "confirmation_result": "民事诉讼法第二百零二条",
}


def mediation_period() -> Limit:
    """The workbench period of a mediation (UNCONFIRMED; see the module docstring)."""
    return Limit(int(getattr(settings, "FAZHI_MEDIATION_PERIOD_DAYS", 30)), LimitUnit.DAYS)


def admin_confirmation() -> bool:
    """Whether a 行政调解 agreement is offered 司法确认 (UNCONFIRMED; see the module docstring)."""
    return bool(getattr(settings, "FAZHI_MEDIATION_ADMIN_CONFIRMATION", True))
