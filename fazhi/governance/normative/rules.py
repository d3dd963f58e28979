"""The rules of 行政规范性文件, with their sources (legal_deadlines.md §5).

CONFIRMED
- 合法性审核 before 集体审议: 纲要(2021－2025年) (九) "全面落实行政规范性文件合法性审核机制";
  国办发〔2018〕115号 set the mechanism up (title confirmed, text not read). That an unreviewed
  draft, or one found unlawful, may not go to 集体审议 is the rule the seed states ("以市政府或
  市政府办名义下发的文件(含规范性文件)均要进行合法性审核", seed 二.2) and the one 重大行政决策
  follows by law (重大行政决策程序暂行条例 art. 25: "未经合法性审查或者经审查不合法的，不得提交
  决策机关讨论"); here it is enforced for every 规范性文件.
- Periods of a 规章's 备案, used by analogy where a province has set none: 30 日 from publication
  (法规规章备案条例(2001) art. 3; 法规规章备案审查条例(2024) art. 4 "应当自公布之日起30日内");
  the organ reports how it handled a correction notice within 30 日 of receiving it
  (BA01 art. 17; BA24 art. 21). Provinces set up the 备案审查 of other documents "依照本条例的
  有关规定" (BA01 art. 21; BA24 art. 25).
- 附带审查 through 复议 (行政复议法(2023) art. 13, 56): 30 日 to handle, or 7 日 (工作日, art. 88)
  to forward.

Settings (UNCONFIRMED, read with getattr so that a province can set its own):
- FAZHI_NORMATIVE_FILING_DAYS (default 30, calendar 日 from the day after publication): the 备案
  period of a 规范性文件. No national rule exists (§5: "no national deadline"); 河北 sets 15 日,
  one local rule 3 工作日, "30 days" is common. 云南's own rule was not read, so the default is the
  period the State Council sets for 规章 (BA01 art. 3, BA24 art. 4), which the provinces' systems
  follow "依照本条例的有关规定" (BA01 art. 21). A 修改 is filed again within the same period.
- FAZHI_NORMATIVE_VALIDITY_YEARS (default 5) and FAZHI_NORMATIVE_PROVISIONAL_VALIDITY_YEARS
  (default 2, for 暂行 / 试行): the 有效期 from the day a document takes effect. Local practice
  ("有效期一般为5年，暂行办法、暂行规定2年"), not a national rule (§5, UNCONFIRMED). 0 means no
  有效期 (documents then end only by 废止).
- FAZHI_NORMATIVE_FILING_REVIEW_MONTHS (default 2): the 备案审查 period from receipt, by analogy
  with the 主动审查 of 规章 "一般应当在审查程序启动后2个月内完成" (BA24 art. 11); shown as a due
  date and reminded, never refused.
"""

import datetime as dt

from django.conf import settings

from fazhi.core.clocks import Limit, LimitUnit
from fazhi.core.workflow import Refusal

ARTICLE = {
    "review": "法治政府建设实施纲要(2021－2025年)(九)；重大行政决策程序暂行条例第二十五条",
    "filing": "法规规章备案条例第三条、第二十一条；法规规章备案审查条例第四条、第二十五条",
    "correction": "法规规章备案条例第十七条；法规规章备案审查条例第二十一条",
    "cleanup": "法治政府建设实施纲要(2021－2025年)(九)",
    "incidental": "行政复议法(2023)第十三条、第五十六条",
}

CORRECTION_REPORT = Limit(30, LimitUnit.DAYS)  # BA01 art. 17; BA24 art. 21


def filing_period() -> Limit:
    return Limit(int(getattr(settings, "FAZHI_NORMATIVE_FILING_DAYS", 30)), LimitUnit.DAYS)


def validity_years(provisional: bool) -> int:
    if provisional:
        return int(getattr(settings, "FAZHI_NORMATIVE_PROVISIONAL_VALIDITY_YEARS", 2))
    return int(getattr(settings, "FAZHI_NORMATIVE_VALIDITY_YEARS", 5))


def valid_until(effective_from: dt.date, provisional: bool) -> dt.date | None:
    """The last day of validity: the day before the same date N years on (a document effective
    2021-03-01 for 5 years is valid through 2026-02-28); None when no 有效期 is set."""
    years = validity_years(provisional)
    if years <= 0:
        return None
    if effective_from.year + years > dt.MAXYEAR:
        raise Refusal(f"施行日期无效：{effective_from:%Y-%m-%d} 起算的有效期超出可以计算的日期。")
    try:
        end = effective_from.replace(year=effective_from.year + years)
    except ValueError:  # from 29 February: valid through 28 February
        end = dt.date(effective_from.year + years, 3, 1)
    return end - dt.timedelta(days=1)


def filing_review_period() -> Limit:
    return Limit(
        int(getattr(settings, "FAZHI_NORMATIVE_FILING_REVIEW_MONTHS", 2)), LimitUnit.MONTHS
    )


# 附带审查 through 行政复议 (行政复议法(2023)). Art. 88 ¶2: "本法关于行政复议期间有关“三日”、
# “五日”、“七日”、“十日”的规定是指工作日，不含法定休假日" — 30 日 and 60 日 are calendar days.
INCIDENTAL_HANDLE = Limit(30, LimitUnit.DAYS)  # art. 56 "应当在三十日内依法处理"
INCIDENTAL_FORWARD = Limit(7, LimitUnit.WORKDAYS)  # art. 56 "应当在七日内转送有权处理的行政机关"
# art. 58: "行政复议机构应当自行政复议中止之日起三日内，书面通知…制定机关…提出书面答复。
# 制定机关应当自收到书面通知之日起十日内提交书面答复及相关材料"
INCIDENTAL_NOTIFY = Limit(3, LimitUnit.WORKDAYS)
INCIDENTAL_ANSWER = Limit(10, LimitUnit.WORKDAYS)
# art. 60: "接受转送的行政机关、国家机关应当自收到转送之日起六十日内，将处理意见回复转送的
# 行政复议机关"
INCIDENTAL_REPLY = Limit(60, LimitUnit.DAYS)
INCIDENTAL_ARTICLE = "行政复议法(2023)第十三条、第三十九条、第五十六条至第六十条"
