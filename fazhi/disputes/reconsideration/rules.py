"""The statutory periods of 行政复议, by law version, with their articles.

Day types: 行政复议法(2017) art. 40 makes only "五日""七日" working days; (2023) art. 88 makes
"三日""五日""七日""十日" working days. The 60- and 30-day periods are calendar days under both, and
follow 民事诉讼法's 期间 rules (a last day that is a rest day moves to the next working day).
"""

from fazhi.core.clocks import Limit, LimitUnit

from .models import LawVersion, Procedure

# 受理审查: 2017 art. 17 / 2023 art. 30 — 五日 (working days by 2017 art. 40, 2023 art. 88).
ACCEPTANCE_REVIEW = Limit(5, LimitUnit.WORKDAYS)

# 补正通知 within 5 工作日 of receipt: 实施条例 art. 29 / 2023 art. 31 ¶1.
CORRECTION_NOTICE = Limit(5, LimitUnit.WORKDAYS)

# Applicant's 补正 period: 2023 art. 31 ¶2 fixes 十日 (working days, art. 88)
# "自收到补正通知之日起", i.e. from the notice's 送达 (step 补正通知已送达), and lets the
# organ grant a reasonable extension (step 延长补正期限). Under 2017 the notice sets a
# 合理的补正期限 (实施条例 art. 29), for which we default to the same 10 工作日, from the
# notice or, once recorded, from its 送达.
CORRECTION_PERIOD = Limit(10, LimitUnit.WORKDAYS)

# 中止满六十日原因仍未消除的，终止: 2023 art. 41 ¶1 (五); 实施条例 art. 42 ¶2 ("满60日"). Calendar
# days (neither law lists 六十日 among its working-day periods).
SUSPENSION_TERMINATES = Limit(60, LimitUnit.DAYS)

# 决定期限: 2017 art. 31 / 2023 art. 62 ¶1 — 60 日 from 受理; 简易程序 30 日 (2023 art. 62 ¶2).
DECISION = {
    Procedure.ORDINARY: Limit(60, LimitUnit.DAYS),
    Procedure.SIMPLIFIED: Limit(30, LimitUnit.DAYS),
}

# 申请期限 (2023 art. 20 ¶1): 60 日 from the day the applicant knew or should have known of the
# act. ¶3: when the act did not tell them of the right, the organ and the period, it runs from
# when they knew of those, but at most one year from knowing the act's content. ¶2 (不可抗力 or
# another 正当理由) lets it run on after the obstacle: so a late application is a warning at
# receipt, for the review to weigh, never a refusal to register it. Art. 21: over 20 years (不动产)
# or 5 years from the act's making, the organ 不予受理 — 受理 is then refused.
APPLICATION_PERIOD = Limit(60, LimitUnit.DAYS)
NOT_INFORMED_MAX_YEARS = 1
ABSOLUTE_MAX_YEARS = {True: 20, False: 5}  # real property?

# 被申请人答复 (2023): the 复议机构 sends the application's copy within 七日 of 受理 (art. 48; 简易
# 三日, art. 54 ¶1); the respondent answers in writing with its evidence within 十日 of receiving it
# (art. 48; 简易 五日, art. 54 ¶1) — all working days (art. 88 ¶2). No answer: the act is taken to
# have no evidence or basis and is revoked (art. 70).
COPY = {
    Procedure.ORDINARY: Limit(7, LimitUnit.WORKDAYS),
    Procedure.SIMPLIFIED: Limit(3, LimitUnit.WORKDAYS),
}
REPLY = {
    Procedure.ORDINARY: Limit(10, LimitUnit.WORKDAYS),
    Procedure.SIMPLIFIED: Limit(5, LimitUnit.WORKDAYS),
}

# 听证通知: 举行听证的五日前书面通知当事人 (2023 art. 51 ¶1; working days, art. 88 ¶2).
HEARING_NOTICE = Limit(5, LimitUnit.WORKDAYS)

# 延长: at most 30 日 (2017 art. 31, by the 复议机关负责人; 2023 art. 62 ¶1, by the 复议机构负责人).
MAX_EXTENSION_DAYS = 30

EXTENSION_APPROVER = {
    LawVersion.FY2017: "行政复议机关负责人",
    LawVersion.FY2023: "行政复议机构负责人",
}

ARTICLE = {
    "receive": {
        LawVersion.FY2017: "行政复议法(2017)第十七条",
        LawVersion.FY2023: "行政复议法(2023)第三十条",
    },
    "correction": {
        LawVersion.FY2017: "行政复议法实施条例第二十九条",
        LawVersion.FY2023: "行政复议法(2023)第三十一条",
    },
    "accept": {
        LawVersion.FY2017: "行政复议法(2017)第十七条",
        LawVersion.FY2023: "行政复议法(2023)第三十条",
    },
    "reject": {
        LawVersion.FY2017: "行政复议法(2017)第十七条",
        LawVersion.FY2023: "行政复议法(2023)第三十条第二款",
    },
    "suspend": {
        LawVersion.FY2017: "行政复议法实施条例第四十一条",
        LawVersion.FY2023: "行政复议法(2023)第三十九条",
    },
    "extend": {
        LawVersion.FY2017: "行政复议法(2017)第三十一条",
        LawVersion.FY2023: "行政复议法(2023)第六十二条",
    },
    "decide": {
        LawVersion.FY2017: "行政复议法(2017)第二十八条",
        LawVersion.FY2023: "行政复议法(2023)第六十三条至第七十三条",
    },
    "terminate": {
        LawVersion.FY2017: "行政复议法(2017)第二十五条、实施条例第四十二条",
        LawVersion.FY2023: "行政复议法(2023)第四十一条",
    },
    "dismiss_application": {
        LawVersion.FY2017: "行政复议法实施条例第四十八条第一款第(二)项",
        LawVersion.FY2023: "行政复议法(2023)第三十三条",
    },
    "hearing": {
        LawVersion.FY2017: "行政复议法实施条例第三十三条",
        LawVersion.FY2023: "行政复议法(2023)第五十条",
    },
}


def article(step: str, law: str) -> str:
    return ARTICLE[step][LawVersion(law)]
