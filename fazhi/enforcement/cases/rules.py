"""The periods and rules of 行政执法案件 and the 三项制度, each with its law and article.

Statutory (行政处罚法 2021, "CF"; 国办发〔2018〕118号, "118号"):

- 办案期限: "行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。法律、法规、规章另有
  规定的，从其规定" (CF art. 60): 90 日 (calendar days) from 立案. The law has no extension
  clause; sector rules add one (市场监管 +30 日 with the 负责人's approval, 市场监督管理行政处罚
  程序规定 art. 64; 农业 +30 日, 农业行政处罚程序规定 art. 58; 住建 +30 日; 交通 +30 日, 交通运输
  行政执法程序规定 art. 78). They are the setting FAZHI_ENFORCEMENT_EXTENSION_DAYS, a mapping
  执法领域 → days (default the four sector examples of shared/reference/legal_deadlines.md §8);
  a field not named has no extension. The clock is shown for every kind of case (a 许可 has its
  own statutory period in 行政许可法; this platform keeps the 90 日 as the handling reminder).
- 送达: "当事人不在场的，行政机关应当在七日内…将行政处罚决定书送达当事人" (CF art. 61 ¶1);
  "本法中…'七日'的规定是指工作日" (CF art. 85): 7 工作日 from the decision.
- 执法公示 (118号 (六)): "在执法决定作出之日起20个工作日内，向社会公布执法机关、执法对象、执法
  类别、执法结论等信息…行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内公开".
- 撤回公示: "公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效的，行政机关应当在三日内
  撤回行政处罚决定信息并公开说明理由" (CF art. 48 ¶2; 三日 = 3 工作日, art. 85). For other kinds
  118号 (六) says only "及时…撤下": the same period is used, the setting
  FAZHI_ENFORCEMENT_WITHDRAWAL_WORKDAYS (default 3).
- 执法人员: "执法人员不得少于两人" and "具有行政执法资格" (CF art. 42): at least two officers,
  each holding a certificate valid for the case's 执法领域 on the day they are put on it.
- 法制审核: "未经法制审核或者审核未通过的，不得作出决定" (CF art. 58 ¶1); the cases: 118号 (十二)
  and CF art. 58 ¶1 (二) "直接关系当事人或者第三人重大权益，经过听证程序的".
- 全程音像记录: "对查封扣押财产、强制拆除等直接涉及人身自由、生命健康、重大财产权益的现场执法
  活动和执法办案场所，要推行全程音像记录" (118号 (八)).

Left open by the law (settings, UNCONFIRMED; docs/architecture.md "Rules the law leaves open"):

- FAZHI_ENFORCEMENT_REVIEW_DAYS (default 10 工作日): the 法制审核 period. No national time limit:
  118号 (十四) leaves it to each agency ("明确…审核的方式、时限"); the default is the 市场监管
  example (市场监督管理行政处罚程序规定 art. 55: 10 工作日); 农业 uses 5. Shown as a due date
  and reminded, never refused.
- FAZHI_MAJOR_DECISION_FILING_DAYS (default 15 工作日): the period within which a 重大执法决定 is
  filed (备案) with the government's 司法局. The seed names 《云南省重大行政执法决定法制审核办法》,
  which is not in the laws folder; 15 工作日 is the period commonly set by provincial 重大行政执法
  决定备案 rules. UNCONFIRMED; a due date and a reminder, never a refusal.
"""

from django.conf import settings

from fazhi.core.clocks import Limit, LimitUnit, due_date

from .models import CaseKind

DECIDE = Limit(90, LimitUnit.DAYS)  # 行政处罚法第六十条
SERVE = Limit(7, LimitUnit.WORKDAYS)  # 行政处罚法第六十一条第一款、第八十五条
PUBLISH_FAST = Limit(7, LimitUnit.WORKDAYS)  # 国办发〔2018〕118号(六)：许可、处罚
PUBLISH = Limit(20, LimitUnit.WORKDAYS)  # 国办发〔2018〕118号(六)
FAST_KINDS = (CaseKind.PENALTY, CaseKind.LICENCE)
MIN_OFFICERS = 2  # 行政处罚法第四十二条第一款

DEFAULT_EXTENSION_DAYS = {"market": 30, "agriculture": 30, "housing": 30, "transport": 30}
DEFAULT_REVIEW_DAYS = 10
DEFAULT_FILING_DAYS = 15
DEFAULT_WITHDRAWAL_WORKDAYS = 3

ART_OFFICERS = "行政处罚法第四十二条"
ART_NOTICE = "行政处罚法第四十四条、第六十二条"
ART_REVIEW = "行政处罚法第五十八条"
ART_DECIDE = "行政处罚法第六十条"
ART_SERVE = "行政处罚法第六十一条"
ART_WITHDRAW = "行政处罚法第四十八条第二款"
ART_PUBLISH = "国办发〔2018〕118号第(六)项"
ART_AUDIO_VIDEO = "国办发〔2018〕118号第(八)项"
ART_CATALOGUE = "国办发〔2018〕118号第(十二)项"
ART_REVIEW_OPINION = "国办发〔2018〕118号第(十三)项"


def extension_days(field: str) -> int:
    """The days a case of this 执法领域 may be extended by (0: no extension)."""
    table = getattr(settings, "FAZHI_ENFORCEMENT_EXTENSION_DAYS", DEFAULT_EXTENSION_DAYS)
    return int(table.get(field, 0) or 0)


def decide_due(opened_on, extension: int = 0):
    """立案 + 90 日 (+ the approved extension), the start day not counted (CF art. 60)."""
    extensions = [Limit(extension, LimitUnit.DAYS)] if extension else []
    return due_date(opened_on, DECIDE, extensions=extensions)


def review_limit() -> Limit:
    days = int(getattr(settings, "FAZHI_ENFORCEMENT_REVIEW_DAYS", DEFAULT_REVIEW_DAYS))
    return Limit(days, LimitUnit.WORKDAYS)


def filing_limit() -> Limit:
    days = int(getattr(settings, "FAZHI_MAJOR_DECISION_FILING_DAYS", DEFAULT_FILING_DAYS))
    return Limit(days, LimitUnit.WORKDAYS)


def withdrawal_limit() -> Limit:
    days = int(
        getattr(settings, "FAZHI_ENFORCEMENT_WITHDRAWAL_WORKDAYS", DEFAULT_WITHDRAWAL_WORKDAYS)
    )
    return Limit(days, LimitUnit.WORKDAYS)


def publication_limit(kind: str) -> Limit:
    """7 工作日 for 许可 and 处罚, 20 工作日 for the other decisions (118号 (六))."""
    return PUBLISH_FAST if kind in FAST_KINDS else PUBLISH
