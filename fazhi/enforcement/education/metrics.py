"""The 普法 figures of the annual report (seed 四.3, and the 12 episodes of 八.5).

Every figure counts the activities of one type held (开展日期) in the period by units of the
scope, not 撤销. One activity has one type, and each figure counts its own type: the seed's
sentence lists them side by side, so none is part of another.

- 送法活动 (edu.law_events, 132 场次) are the activities taken to the grassroots
  (送法进农村、进社区、进企业、进校园 …, by the 普法宣讲团 or a unit) that are not of a
  more specific type. A 民法典专题宣讲 (65), a “法律明白人”培训, a 领导干部法治专题讲座
  or a 法律咨询 is registered as that type, even when held in a village, and is not
  among the 132: the report's "各类送法活动132场次" and "民法典专题宣讲65场次" are two
  counts, not a total and its part.
- The two TV figures count the episodes (期, the line's 数量) of 电视普法节目 (the 《平安法治弥勒》
  栏目), split by where they were broadcast: edu.tv_episodes (四.3 "拍摄播出3期") the episodes
  shot and broadcast as a 专题节目 on their own; edu.tv_episodes_news (八.5 "在《弥勒新闻》中共
  制作播出12期") the episodes made for and broadcast within the 《弥勒新闻》 news programme. An
  episode is one or the other, so 3 and 12 do not overlap: 15 episodes in all.
- Quantities (份 of leaflets, 块 of boards, 人次 of consultations, 期 of episodes) and the people
  trained (参加人数 of “法律明白人”培训) are sums of a column; counts of 场次/期/次 count the lines.

Counting: each group is a registry table read by ONE aggregate statement (compute_all): the
counted lines by `Table(Activity)`, the quantities and the attendance by tables that sum their
column (`Table(..., summed=…)`: SUM(column) FILTER (WHERE …) in the same one statement).
"""

from django.db.models import Q

from fazhi.figures.registry import Display, Table, figure

from .models import Activity, ActivityKind, ActivityStatus

K = ActivityKind


RELATED = ("unit",)
LINES = Table(Activity, related=RELATED)
QUANTITIES = Table(Activity, related=RELATED, summed="quantity")
ATTENDANCE = Table(Activity, related=RELATED, summed="attendance")


def held(period, kind, **extra) -> Q:
    """Activities of `kind` held in the period and not 撤销."""
    return Q(held_on__range=period.range, status=ActivityStatus.REGISTERED, kind=kind, **extra)


@figure("edu.law_events", "送法活动", "场次", section="四.3", table=LINES)
def law_events(scope, period) -> Q:
    """期内(按开展日期)开展、未撤销的普法活动中，类型为“送法活动”(送法进农村、进社区、进企业、进校园
    等，由普法宣讲团或单位到基层开展)的场次，一条记录计一场次。民法典专题宣讲、“法律明白人”培训、
    领导干部法治专题讲座、法律咨询等各有其类型、分别计数，不计入本数(以宣讲民法典为主题的送法活动
    登记为“民法典专题宣讲”)。"""
    return held(period, K.LAW_EVENT)


@figure("edu.leader_lectures", "领导干部法治专题讲座", "场", section="四.3", table=LINES)
def leader_lectures(scope, period) -> Q:
    """期内开展、未撤销的“领导干部法治专题讲座”的场数，一条记录计一场。"""
    return held(period, K.LEADER_LECTURE)


@figure("edu.civil_code_talks", "民法典专题宣讲", "场次", section="四.3", table=LINES)
def civil_code_talks(scope, period) -> Q:
    """期内开展、未撤销的“民法典专题宣讲”的场次，一条记录计一场次；不计入送法活动(edu.law_events)。"""
    return held(period, K.CIVIL_CODE)


@figure("edu.legal_literate.sessions", "“法律明白人”培训", "期", section="四.3", table=LINES)
def legal_literate_sessions(scope, period) -> Q:
    """期内开展、未撤销的“法律明白人”培训的期数，一条记录计一期。"""
    return held(period, K.LEGAL_LITERATE)


@figure("edu.legal_literate.people", "“法律明白人”培训人数", "人", section="四.3", table=ATTENDANCE)
def legal_literate_people(scope, period) -> Q:
    """期内开展、未撤销的“法律明白人”培训的参加人数之和(同一人参加两期的计两人)。"""
    return held(period, K.LEGAL_LITERATE)


@figure("edu.tv_episodes", "拍摄播出《平安法治弥勒》", "期", section="四.3", table=QUANTITIES)
def tv_episodes(scope, period) -> Q:
    """期内播出、未撤销的电视普法节目中，单独拍摄、作为专题节目播出(不在《弥勒新闻》中播出)的期数
    之和(数量)。在《弥勒新闻》中播出的栏目期数另计为 edu.tv_episodes_news，不计入本数。"""
    return held(period, K.TV, in_news=False)


@figure(
    "edu.tv_episodes_news",
    "在《弥勒新闻》中制作播出《平安法治弥勒》",
    "期",
    section="八.5",
    table=QUANTITIES,
)
def tv_episodes_news(scope, period) -> Q:
    """期内播出、未撤销的电视普法节目中，作为栏目在《弥勒新闻》中制作播出的期数之和(数量)。与
    edu.tv_episodes(单独拍摄播出的专题节目)互不重叠：一期节目只在其中一处计数。"""
    return held(period, K.TV, in_news=True)


@figure(
    "edu.leaflets",
    "发放宣传资料",
    "份",
    section="四.3",
    display=Display.APPROX,
    table=QUANTITIES,
)
def leaflets(scope, period) -> Q:
    """期内开展、未撤销的“宣传资料发放”的份数之和(数量)；报告按“××余份”表述。"""
    return held(period, K.LEAFLETS)


@figure("edu.boards", "法治文化阵地展板更新", "块", section="四.3", table=QUANTITIES)
def boards(scope, period) -> Q:
    """期内完成、未撤销的“法治文化阵地展板更新”的块数之和(数量)。"""
    return held(period, K.BOARDS)


@figure("edu.consultations", "解答法律咨询", "人次", section="四.3", table=QUANTITIES)
def consultations(scope, period) -> Q:
    """期内开展、未撤销的“法律咨询”解答的人次之和(数量)。"""
    return held(period, K.CONSULTATION)


@figure("edu.enterprise_checkups", "对民营企业“法治体检”", "次", section="四.3", table=LINES)
def enterprise_checkups(scope, period) -> Q:
    """期内开展、未撤销的民营企业“法治体检”的次数，一条记录(一家企业的一次体检)计一次。"""
    return held(period, K.CHECKUP)


# --- 七: 宪法宣誓 and 述法 (no figure of the seed; the report's part 七 states them). The
# 会前学法 of the 常务会议 is recorded with the meeting (governance/decisions), not here.


@figure("edu.oaths", "组织宪法宣誓", "次", section="七", table=LINES)
def oaths(scope, period) -> Q:
    """期内开展、未撤销的宪法宣誓仪式的次数，一条记录计一次(宪法宣誓制度：国家工作人员就职时公开
    进行宪法宣誓)。"""
    return held(period, K.OATH)


@figure("edu.law_reports", "领导干部述法", "次", section="七", table=LINES)
def law_reports(scope, period) -> Q:
    """期内开展、未撤销的述法(领导干部在年度述职中报告履行推进法治建设第一责任人职责情况)的次数，
    一条记录计一次。"""
    return held(period, K.REPORTING)
