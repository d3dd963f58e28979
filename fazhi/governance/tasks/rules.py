"""The periods of 任务分工 and 督办, with their sources.

No law sets them. 督察工作规定(2019) art. 8 (九) makes a government "统筹推进 … 考核评价和督促检查"
and art. 18 and 30 let the 督察单位 set a time limit for 整改 ("限期整改", "限期完成"), leaving the
limit to it: the 督办's deadline is a date the office writes in each notice, never computed here.

Settings (local practice, read with getattr so a government can change them):
- FAZHI_TASK_RETURN_DAYS (default 5): a quarter's 季度进展报告 is due this many 工作日 after the
  quarter's last day. Local work plans usually ask for quarterly returns "每季度结束后5个工作日内"
  (e.g. 次月5日前 or 5个工作日内); no statute, no national rule: a setting. Working days follow the
  State Council's holidays and 调休 (fazhi.core.calendar).
- The first return due is the quarter's in which the table is issued; a quarter's return may be
  filed from the first day of the quarter's last month (earlier it would report on a quarter not
  yet run). Both are this platform's rules, written here so that they can be read.
"""

import datetime as dt

from django.conf import settings

from fazhi.core.clocks import Limit, LimitUnit

ARTICLE = "《法治政府建设与责任落实督察工作规定》第八条第(九)项、第十八条、第三十条"


def return_period() -> Limit:
    return Limit(int(getattr(settings, "FAZHI_TASK_RETURN_DAYS", 5)), LimitUnit.WORKDAYS)


def quarter_end(day: dt.date) -> dt.date:
    """The last day of the quarter holding `day`."""
    month = ((day.month - 1) // 3 + 1) * 3
    nxt = dt.date(day.year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def next_quarter_end(end: dt.date) -> dt.date:
    return quarter_end(end + dt.timedelta(days=1))


def filing_opens(end: dt.date) -> dt.date:
    """The first day a quarter's return may be filed: the first day of its last month."""
    return end.replace(day=1)
