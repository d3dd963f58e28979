"""弥勒市's 法律顾问 of 2020–2021, made through the service functions.

In 2021, 39 units — all 12 乡镇(街道) and 27 of the 32 departments — had a 法律顾问 in force; 28
of them a 社会律师 (from four law firms), the other 11 a 公职律师 of the 市司法局 or a 法律专家 of
红河学院 only. Most engagements are yearly contracts (一年一聘) renewed for 2022; eight run from
July to June and were renewed mid-2021 (each renewal a period of its own); one unit dismissed its
lawyer in September and engaged another; the 市统计局's engagement ended in 2020 and was not
renewed, so it is not counted for 2021. Ended engagements are then marked 已到期 as the tick does.

The work log: about 340 lines of 2021 recorded by the units (one batch through
`record_work_many`), many of them batch lines ("审核合同5件"), whose 件次 add up to the seed's
"80余 … 1100余" — because the lines are arranged so, not because a number is written.
"""

import datetime as dt
import random

from django.utils import timezone

from fazhi.core.audit import Channel

from . import services
from .models import AdviserKind, Engagement, EngagementStatus, WorkKind

D = dt.date
NOT_ENGAGED = ["ggzyj", "gzw", "nyj", "xczxj", "tjj"]  # departments without one in 2021
LAPSED = "tjj"  # engaged in 2020 only
FIRMS = ["云南弥阳律师事务所", "云南湖泉律师事务所", "云南锦屏律师事务所", "云南红河晨曦律师事务所"]
LAWYERS = [
    "张建华",
    "李晓梅",
    "王志刚",
    "赵丽娟",
    "陈国平",
    "杨雪",
    "普文斌",
    "何晓东",
    "施云",
    "刘海燕",
    "周军",
    "吴敏",
    "徐立新",
    "孙婷",
]
PUBLIC_LAWYERS = ["马丽华", "罗志勇", "沈洁", "唐海", "蒋红梅"]
EXPERTS = ["钱文博", "毕云飞"]

# 件次 by kind in 2021 (the seed: 80余 … 200余; 法治宣传等 = 法治宣传 + 其他法律事务)
TOTALS = {
    WorkKind.DECISION: 83,
    WorkKind.CONTRACT: 276,
    WorkKind.DOCUMENT: 14,
    WorkKind.ENFORCEMENT: 1137,
    WorkKind.RECONSIDERATION: 23,
    WorkKind.LITIGATION: 44,
    WorkKind.ARBITRATION: 52,
    WorkKind.MEDIATION: 26,
    WorkKind.PUBLICITY: 203,
    WorkKind.OTHER: 4,
}
# the 件次 of one line: a batch line of several like matters is common practice
COUNTS = {
    WorkKind.DECISION: (1, 2),
    WorkKind.CONTRACT: (1, 6),
    WorkKind.DOCUMENT: (1, 1),
    WorkKind.ENFORCEMENT: (5, 30),
    WorkKind.RECONSIDERATION: (1, 1),
    WorkKind.LITIGATION: (1, 2),
    WorkKind.ARBITRATION: (1, 3),
    WorkKind.MEDIATION: (1, 2),
    WorkKind.PUBLICITY: (2, 10),
    WorkKind.OTHER: (1, 1),
}
SUBJECTS = {
    WorkKind.DECISION: ["对{u}重大行政决策事项出具法律意见", "参与{u}重大项目决策合法性论证"],
    WorkKind.CONTRACT: ["审核{u}政府采购合同", "审核{u}工程建设合同", "审核{u}租赁协议"],
    WorkKind.DOCUMENT: ["审核{u}行政规范性文件草案"],
    WorkKind.ENFORCEMENT: ["{u}重大行政执法决定法制审核", "{u}行政处罚案件法制审核"],
    WorkKind.RECONSIDERATION: ["代理{u}行政复议案件答复"],
    WorkKind.LITIGATION: ["代理{u}行政诉讼案件出庭应诉"],
    WorkKind.ARBITRATION: ["代理{u}劳动人事争议仲裁案件", "代理{u}合同纠纷仲裁案件"],
    WorkKind.MEDIATION: ["参与{u}矛盾纠纷调解"],
    WorkKind.PUBLICITY: ["为{u}干部职工开展法治讲座", "在{u}开展法治宣传活动"],
    WorkKind.OTHER: ["为{u}信访事项提供法律咨询"],
}


def _plan(units: dict) -> list[dict]:
    """Who engages whom, when: one dict an engagement, its later periods as renewals."""
    from fazhi.demo.city import DEPARTMENTS, TOWNS

    departments = [code for code, _, _ in DEPARTMENTS if code not in NOT_ENGAGED]
    towns = [code for code, _, _ in TOWNS]
    engaging = departments + towns  # 27 + 12 = 39
    # 28 units with a 社会律师: 20 departments and 8 towns; the rest a 公职律师 or 法律专家.
    with_lawyer = departments[:20] + towns[:8]
    plan = []
    for n, code in enumerate(engaging):
        if code in with_lawyer:
            adviser = ("lawyer", LAWYERS[n % len(LAWYERS)])
        elif n % 4 == 3:
            adviser = ("expert", EXPERTS[n % len(EXPERTS)])
        else:
            adviser = ("public", PUBLIC_LAWYERS[n % len(PUBLIC_LAWYERS)])
        if n % 5 == 2:  # July to June, renewed mid-2021 and again in 2022
            periods = [(D(2020, 7, 1), D(2021, 6, 30)), (D(2021, 7, 1), D(2022, 6, 30))]
        else:  # 一年一聘, renewed for 2022
            periods = [(D(2021, 1, 1), D(2021, 12, 31)), (D(2022, 1, 1), D(2022, 12, 31))]
        plan.append({"unit": code, "adviser": adviser, "periods": periods})
        if code in with_lawyer[:6]:  # a 公职律师 beside the lawyer
            plan.append(
                {
                    "unit": code,
                    "adviser": ("public", PUBLIC_LAWYERS[n % len(PUBLIC_LAWYERS)]),
                    "periods": [(D(2021, 3, 1), D(2022, 2, 28))],
                }
            )
    # one lawyer dismissed in September 2021, another engaged
    victim = next(p for p in plan if p["unit"] == departments[8] and p["adviser"][0] == "lawyer")
    victim["periods"] = victim["periods"][:1]
    victim["terminated"] = (D(2021, 9, 30), "未按约定参与合同审核，经协商解除聘用合同")
    plan.append(
        {
            "unit": departments[8],
            "adviser": ("lawyer", LAWYERS[-1]),
            "periods": [(D(2021, 10, 1), D(2022, 9, 30))],
        }
    )
    plan.append(
        {
            "unit": LAPSED,
            "adviser": ("public", PUBLIC_LAWYERS[0]),
            "periods": [(D(2020, 1, 1), D(2020, 12, 31))],
        }
    )
    return plan


STEPS = 48  # the engagements, and the work log


def build(context: dict, progress=None) -> None:
    progress = progress or (lambda n: None)
    units, staff = context["units"], context["users"]["coordinator"]
    rng = random.Random(2021)
    advisers = _register(units, staff)
    engagements = []
    for item in _plan(units):
        engagements.append(_engage(staff, units[item["unit"]], advisers[item["adviser"]], item))
        progress(1)
    services.record_work_many(staff, Channel.CLI, _work(engagements, rng))
    _expire_ended()
    progress(max(STEPS - len(engagements), 1))


def _register(units: dict, staff) -> dict:
    """The government's register: lawyers of four firms, 公职律师 of the 市司法局, two experts."""
    found = {}
    people = [("lawyer", name, FIRMS[n % len(FIRMS)]) for n, name in enumerate(LAWYERS)]
    people += [("public", name, "弥勒市司法局") for name in PUBLIC_LAWYERS]
    people += [("expert", name, "红河学院法学院") for name in EXPERTS]
    kinds = {
        "lawyer": AdviserKind.LAWYER,
        "public": AdviserKind.PUBLIC_LAWYER,
        "expert": AdviserKind.EXPERT,
    }
    for n, (kind, name, organisation) in enumerate(people):
        licence = ""
        if kind == "lawyer":
            licence = f"15325{2008 + n % 10}1{1000000 + n * 7919:07d}"
        elif kind == "public":
            licence = f"65325{2016 + n % 4}2{2000000 + n * 6271:07d}"
        found[(kind, name)] = services.register_adviser(
            staff,
            Channel.CLI,
            {
                "unit": units["sfj"],
                "name": name,
                "kind": kinds[kind],
                "organisation": organisation,
                "licence_id_number": licence,
                "phone": f"139{87300000 + n * 1373:08d}",
                "expertise": "行政法、合同法" if kind != "expert" else "行政法学",
                "registered_on": D(2019, 12, 20),
            },
        )
    return found


def _engage(staff, unit, adviser, item) -> Engagement:
    (start, end), *later = item["periods"]
    fee = 30000 if adviser.kind == AdviserKind.LAWYER else None
    data = {"unit": unit, "adviser": adviser, "start_on": start, "end_on": end, "fee": fee}
    e = services.engage(
        staff, Channel.CLI, data | {"contract_number": f"弥法顾〔{start.year}〕{unit.pk}号"}
    )
    for start, end in later:
        e = services.renew(staff, Channel.CLI, e, end_on=end, start_on=start, fee=fee)
    if "terminated" in item:
        on, reason = item["terminated"]
        e = services.terminate(staff, Channel.CLI, e, on=on, reason=reason)
    return e


def _work(engagements: list[Engagement], rng: random.Random) -> list[services.WorkLine]:
    """Lines of 2021 whose 件次 add up to TOTALS, each within its engagement's time in force."""
    year_start, year_end = D(2021, 1, 1), min(D(2021, 12, 31), timezone.localdate())
    spans = [
        (e, max(e.start_on, year_start), min(e.ended_on, year_end))
        for e in engagements
        if e.start_on <= year_end and e.ended_on >= year_start
    ]
    lines = []
    for kind, total in TOTALS.items():
        low, high = COUNTS[kind]
        while total > 0:
            count = min(rng.randint(low, high), total)
            total -= count
            e, first, last = rng.choice(spans)
            on = first + dt.timedelta(days=rng.randint(0, (last - first).days))
            subject = rng.choice(SUBJECTS[kind]).format(u=e.unit.short_name or e.unit.name)
            if count > 1:
                subject += f"{count}件"
            lines.append(services.WorkLine(e, on, kind, subject, count=count))
    return lines


def _expire_ended() -> None:
    """What the tick would do on the day the demo is built: ended engagements are 已到期."""
    today = timezone.localdate()
    ended = Engagement.objects.filter(status=EngagementStatus.ENGAGED, end_on__lt=today)
    services.expire_many(None, Channel.CLI, list(ended.values_list("pk", flat=True)))
