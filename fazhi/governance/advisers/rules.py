"""The rules of 法律顾问 engagements, with their sources.

No law or regulation fixes how long a 政府法律顾问 is engaged or when a renewal must be decided:
the 中办、国办《关于推行法律顾问制度和公职律师公司律师制度的意见》(2016) leaves the contract to
the parties, and 重大行政决策程序暂行条例 art. 28 only requires that the 合法性审查
"应当组织法律顾问、公职律师提出法律意见". So the one period here is a local setting:

- FAZHI_ADVISER_RENEWAL_NOTICE_DAYS (default 30): how many 日 (calendar days) before an
  engagement's period ends `fazhi tick` reminds the engaging unit to decide on 续聘 or let it end.
  30 日 because engagements are usually yearly contracts (一年一聘) and a renewal needs the unit's
  own decision and a new contract: a month leaves time for both. No law fixes it; 0 switches the
  reminder off. The contract's end date is the parties' own, so the count is in calendar days and
  is not moved off rest days.

Licence numbers: a 律师执业证 (社会律师) and a 公职律师证 are numbered with 17 digits by the
司法行政机关 (律师执业管理办法; 公职律师管理办法); a 社会律师 or 公职律师 is registered with
the number.
"""

import re

from django.conf import settings

LICENCE = re.compile(r"\d{17}")
ARTICLE = "重大行政决策程序暂行条例第二十八条"


def renewal_notice_days() -> int:
    return max(int(getattr(settings, "FAZHI_ADVISER_RENEWAL_NOTICE_DAYS", 30)), 0)
