"""The period of a 行政复议意见书 (行政复议法(2023) art. 76; under the 2017 law 实施条例 art. 57,
with the same 60 日 "自收到行政复议意见书之日起"): the organ it is sent to reports how it
corrected the act "自收到行政复议意见书之日起六十日内" — 60 calendar days from receipt (art. 88 ¶2
makes only 三日、五日、七日、十日 working days; ¶1 applies 民事诉讼法's 期间 rules, so a last day
that is a rest day moves to the next working day)."""

from fazhi.core.clocks import Limit, LimitUnit

REPORT_BACK = Limit(60, LimitUnit.DAYS)
ARTICLE = "行政复议法(2023)第七十六条；行政复议法实施条例第五十七条"
