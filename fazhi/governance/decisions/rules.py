"""The periods and required steps of a 重大行政决策 (《重大行政决策程序暂行条例》, 国务院令第713号,
2019-09-01施行; shared/reference/legal_deadlines.md §6).

- 公开征求意见 (art. 15): "公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，公开
  征求意见时应当予以说明。" 30 calendar days (日, not 工作日) from the day the draft is published
  (the start day not counted; a last day that is a rest day moves to the next working day — the
  kernel's clock, which only lengthens the period). Shorter only with the reason stated.
- 听证 (art. 16 ¶3): "听证参加人名单应当提前向社会公布。听证会材料应当于召开听证会7日前送达听证
  参加人。" The materials' day and the hearing's day are 7 日 or more apart
  (the 送达 day not counted: sent on the 1st, the hearing may be held on the 8th).
- 合法性审查 (art. 26 ¶2): "送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日。" The
  合法性审核 app gives the reviewing office that period from the request; nothing here counts it.
- Required before 集体讨论决定: 公众参与 (art. 14, save matters not disclosed by law) and
  合法性审查 (art. 25 ¶2: "决策草案未经合法性审查或者经审查不合法的，不得提交决策机关讨论");
  专家论证 (art. 19) and 风险评估 (art. 22) where the decision was flagged as needing them at 启动.

Settings (local rules, read with getattr so a jurisdiction can change them):
- FAZHI_DECISION_COMMENT_LIMIT (default 5) and FAZHI_DECISION_COMMENT_WINDOW (default 3600 s):
  at most this many opinions from one address within the window on the portal's form. The
  条例 sets no such limit (art. 14 wants participation made easy); five an hour, as the
  政府信息公开 form, keeps a person's several opinions while stopping a flood.
"""

from django.conf import settings

from fazhi.core.clocks import Limit, LimitUnit

LAW = "《重大行政决策程序暂行条例》"
COMMENT_PERIOD = Limit(30, LimitUnit.DAYS)  # art. 15: 一般不少于30日
HEARING_MATERIALS_DAYS = 7  # art. 16 ¶3: 召开听证会7日前送达

ARTICLE = {
    "catalogue": f"{LAW}第三条第三款",
    "start": f"{LAW}第十条、第十一条",
    "comment": f"{LAW}第十四条、第十五条",
    "handling": f"{LAW}第十八条",
    "hearing": f"{LAW}第十六条、第十七条",
    "experts": f"{LAW}第十九条",
    "risk": f"{LAW}第二十二条至第二十四条",
    "legality": f"{LAW}第二十五条",
    "meeting": f"{LAW}第三十条",
    "party": f"{LAW}第三十一条",
    "publish": f"{LAW}第三十二条",
    "evaluate": f"{LAW}第三十六条",
}


def comment_limit() -> tuple[int, int]:
    """(opinions, seconds): the portal form's rate limit per address."""
    return (
        int(getattr(settings, "FAZHI_DECISION_COMMENT_LIMIT", 5)),
        int(getattr(settings, "FAZHI_DECISION_COMMENT_WINDOW", 3600)),
    )
