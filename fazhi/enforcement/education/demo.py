"""弥勒市's 普法学法 of 2020–2021, made through the service functions.

2021 (the seed's 四.3 and 八.5): the 市司法局's four 普法宣讲团 and the towns take 送法进农村 (and
进社区、进企业、进校园) to the villages — 133 registered, one of them twice by mistake and 撤销, so
132 counted; the 宣讲团's "美好生活·民法典相伴" talks (65, registered as 民法典专题宣讲, not among
the 132); one 领导干部法治专题讲座 at the 市政府常务会; 15 “法律明白人”培训 sessions (1645
people); 《平安法治弥勒》 — 3 专题 episodes shot and broadcast on their own, and 12 made for
《弥勒新闻》 (one a month); leaflets handed out at the events (20 000余份), boards of the 法治文化
阵地 renewed (178 块), consultations answered (1206 人次, one line entered wrong and 更正), 10
民营企业“法治体检”; and the 学法 of the units (会前学法, 宪法宣誓, 旁听庭审, 以案释法, 述法), which
no figure of the seed counts. Each total is reached because the lines are arranged so, never
because a number is written.

The 普法责任清单 of 2021: eight units publish their items in February; their activities name the
item they carry out; two items have none (they show under 未开展活动的清单事项). 2020 has a few
activities and the lists of two units.
"""

import dataclasses
import datetime as dt
import random

from django.utils import timezone

from fazhi.core.audit import Channel

from . import services
from .models import NEWS, PROGRAMME, Activity, ActivityKind

D = dt.date
K = ActivityKind
BROADCASTER = "弥勒市融媒体中心"
VILLAGES = ["小寨村", "大树村", "龙潭村", "白土村", "新村", "黑泥村", "石洞村", "上寨村", "洗洒村"]

# The 普法责任清单 of 2021: unit → [(laws, audience, measures, planned times)]
DUTIES = {
    "sfj": [
        ("《中华人民共和国宪法》", "全市干部群众", "宪法宣传周集中宣传、宪法宣誓", "12月4日前后"),
        ("《中华人民共和国民法典》", "城乡居民", "普法宣讲团巡回宣讲、发放宣传资料", "全年"),
        ("《人民调解法》", "人民调解员、村(社区)干部", "“法律明白人”培训", "每季度"),
    ],
    "gaj": [
        ("《道路交通安全法》", "驾驶人、中小学生", "送法进校园、进农村", "全年"),
        ("《反电信网络诈骗法》(草案)等反诈法规", "城乡居民", "发放宣传资料", "全年"),
    ],
    "scjgj": [("《食品安全法》", "食品生产经营者", "送法进企业、法律咨询", "6月食品安全宣传周")],
    "gxj": [("《优化营商环境条例》", "民营企业", "民营企业“法治体检”", "全年")],
    "rsj": [("《保障农民工工资支付条例》", "用人单位、农民工", "送法进工地", "1月、12月")],
}

STEPS = 12


def build(context: dict, progress=None) -> None:
    progress = progress or (lambda n: None)
    units, staff = context["units"], context["users"]["coordinator"]
    rng = random.Random(4_3)
    items = _duties(units, staff, 2021)
    progress(2)
    lines = _year_2021(units, items, rng)
    progress(2)
    services.register_many(staff, Channel.CLI, lines)
    progress(4)
    _mistakes(staff)
    _year_2020(units, staff, rng)
    progress(STEPS - 8)


def _duties(units, staff, year: int) -> dict:
    found = {}
    for code, entries in DUTIES.items():
        if year == 2020 and code not in ("sfj", "gaj"):
            continue
        for n, (laws, audience, measures, planned) in enumerate(entries):
            item = services.draft_item(
                staff,
                Channel.CLI,
                {
                    "unit": units[code],
                    "year": year,
                    "laws": laws,
                    "audience": audience,
                    "measures": measures,
                    "planned_times": planned,
                    "drafted_on": D(year, 1, 20),
                },
            )
            found[(code, n)] = services.publish(staff, Channel.CLI, item, on=D(year, 2, 5))
    return found


YEAR_START, YEAR_END = D(2021, 1, 4), D(2021, 12, 28)


def _day(rng, start=YEAR_START, end=YEAR_END) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _split(rng, total: int, parts: int, low: int) -> list[int]:
    """`parts` positive numbers of at least `low` adding up to `total`."""
    cuts = sorted(rng.sample(range(1, total - parts * low), parts - 1))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, total - parts * low], strict=True)]
    return [low + s for s in sizes]


def _year_2021(units: dict, items: dict, rng) -> list[services.ActivityLine]:
    from fazhi.demo.city import TOWNS

    towns = [code for code, _, _ in TOWNS]
    line = services.ActivityLine
    lines: list[services.ActivityLine] = []

    def town_name(code):
        return units[code].short_name

    # 送法活动: 133 registered (one twice by mistake, revoked below): 宣讲团 and towns, and a few
    # departments taking their own laws to schools, sites and firms.
    for n in range(133):
        town = towns[n % len(towns)]
        where = f"{town_name(town)}{VILLAGES[n % len(VILLAGES)]}"
        if n % 11 == 5:
            unit, item, title = "gaj", items[("gaj", 0)], f"交通安全送法进校园({town_name(town)})"
        elif n % 17 == 3:
            unit, item, title = "scjgj", items[("scjgj", 0)], "食品安全法送法进企业"
        elif n % 4 == 0:
            unit, item, title = town, None, f"送法进农村——{where}"
        else:
            unit, item, title = "sfj", None, f"普法宣讲团送法进农村——{where}"
        if n == 132:  # the first one registered again by mistake
            lines.append(dataclasses.replace(lines[0]))
            continue
        on = D(2021, 3, 18) if n == 0 else _day(rng)
        lines.append(
            line(
                units[unit],
                K.LAW_EVENT,
                on,
                title,
                place=where,
                audience="村(居)民、学生、企业职工",
                attendance=rng.randint(40, 260),
                duty_item=item,
            )
        )
    # 民法典专题宣讲 (65): the 宣讲团's "美好生活·民法典相伴"
    for n in range(65):
        where = f"{town_name(towns[n % len(towns)])}{VILLAGES[(n * 5) % len(VILLAGES)]}"
        lines.append(
            line(
                units["sfj"],
                K.CIVIL_CODE,
                _day(rng, D(2021, 5, 6)),
                f"“美好生活·民法典相伴”主题宣讲——{where}",
                place=where,
                audience="村(居)民",
                attendance=rng.randint(60, 200),
                duty_item=items[("sfj", 1)],
            )
        )
    lines.append(
        line(
            units["zfb"],
            K.LEADER_LECTURE,
            D(2021, 7, 15),
            "市政府领导班子法治专题讲座：学习贯彻习近平法治思想",
            place="市政府常务会议室",
            audience="市政府领导班子成员、各部门主要负责人",
            attendance=86,
        )
    )
    # “法律明白人”培训: 15 sessions, 1645 people in all
    for n, people in enumerate(_split(rng, 1645, 15, 60)):
        town = towns[n % len(towns)]
        lines.append(
            line(
                units["sfj"] if n % 3 == 0 else units[town],
                K.LEGAL_LITERATE,
                _day(rng, D(2021, 3, 1), D(2021, 11, 30)),
                f"“法律明白人”培训第{n + 1}期({town_name(town)})",
                place=f"{town_name(town)}司法所",
                audience="“法律明白人”、人民调解员",
                attendance=people,
                duty_item=items[("sfj", 2)] if n % 3 == 0 else None,
            )
        )
    # 《平安法治弥勒》: 3 专题 episodes on their own, 12 within 《弥勒新闻》 (one a month)
    for on, subject in [
        (D(2021, 4, 20), "以案说法：电信诈骗"),
        (D(2021, 8, 10), "民法典与百姓生活"),
        (D(2021, 12, 3), "国家宪法日特别节目"),
    ]:
        lines.append(_tv(units, on, f"《{PROGRAMME}》专题：{subject}", in_news=False))
    for month in range(1, 13):
        lines.append(
            _tv(units, D(2021, month, 25), f"《{NEWS}》·《{PROGRAMME}》{month}月", in_news=True)
        )
    # 宣传资料发放: 20 460 份 over 36 hand-outs (the report: 20000余份)
    for n, copies in enumerate(_split(rng, 20460, 36, 150)):
        unit = ["sfj", "gaj", "scjgj", *towns][n % (3 + len(towns))]
        item = {"sfj": items[("sfj", 1)], "scjgj": items[("scjgj", 0)]}.get(unit)
        lines.append(
            line(
                units[unit],
                K.LEAFLETS,
                _day(rng),
                "发放普法宣传资料",
                place="集市、广场、村委会",
                audience="群众",
                quantity=copies,
                duty_item=item,
            )
        )
    # 法治文化阵地展板更新: 178 块 over 24 renewals
    for n, boards in enumerate(_split(rng, 178, 24, 2)):
        town = towns[n % len(towns)]
        lines.append(
            line(
                units[town],
                K.BOARDS,
                _day(rng),
                f"{town_name(town)}法治文化广场展板更新",
                place=f"{town_name(town)}法治文化广场",
                quantity=boards,
            )
        )
    # 法律咨询: 1206 人次 over 30 days of answering (the last one entered wrong, corrected below)
    for n, people in enumerate(_split(rng, 1206, 30, 10)):
        unit = "sfj" if n % 2 else towns[n % len(towns)]
        wrong = people + 100 if n == 29 else people
        lines.append(
            line(
                units[unit],
                K.CONSULTATION,
                _day(rng),
                "现场解答法律咨询" if n != 29 else "“12·4”国家宪法日现场法律咨询",
                place="集市、公共法律服务站",
                audience="群众",
                quantity=wrong,
            )
        )
    # 民营企业“法治体检” (10)
    for n in range(10):
        lines.append(
            line(
                units["gxj"] if n % 2 else units["sfj"],
                K.CHECKUP,
                _day(rng, D(2021, 4, 1), D(2021, 11, 30)),
                f"民营企业“法治体检”第{n + 1}家",
                place="园区企业",
                audience="民营企业经营管理人员",
                attendance=rng.randint(8, 30),
                duty_item=items[("gxj", 0)] if n % 2 else None,
            )
        )
    # 学法 of a department (the 常务会议's 会前学法 is recorded with each meeting, in decisions)
    for month in range(1, 13):
        lines.append(
            line(
                units["sfj"],
                K.PRE_MEETING,
                D(2021, month, 8),
                "局务会议会前学法",
                place="市司法局会议室",
                audience="局领导班子成员及各科室负责人",
                attendance=rng.randint(20, 30),
            )
        )
    lines += [
        line(
            units["sfj"],
            K.OATH,
            D(2021, 12, 3),
            "新任命国家工作人员宪法宣誓",
            place="市人大常委会会议室",
            audience="新任命国家工作人员",
            attendance=18,
            duty_item=items[("sfj", 0)],
        ),
        line(
            units["sfj"],
            K.TRIAL,
            D(2021, 9, 16),
            "国家工作人员旁听庭审",
            place="弥勒市人民法院",
            audience="各部门国家工作人员",
            attendance=120,
        ),
        line(
            units["zfb"],
            K.REPORTING,
            D(2021, 12, 20),
            "部门主要负责人年终述法",
            place="市政府常务会议室",
            audience="市政府领导班子",
            attendance=40,
        ),
    ]
    for n in range(6):
        lines.append(
            line(
                units["gaj"] if n % 2 else units["sfj"],
                K.CASE_TEACHING,
                _day(rng),
                "以案释法：典型案例发布",
                audience="群众",
            )
        )
    return lines


def _tv(units, on, title, *, in_news) -> services.ActivityLine:
    return services.ActivityLine(
        units["sfj"],
        K.TV,
        on,
        title,
        audience="电视观众",
        quantity=1,
        programme=PROGRAMME,
        broadcaster=BROADCASTER,
        in_news=in_news,
    )


def _mistakes(staff) -> None:
    """The year's two mistakes, put right as a unit would: a 送法活动 registered twice is 撤销,
    and the 宪法日 consultation entered with 100 人次 too many is 更正."""
    twice = Activity.objects.filter(kind=K.LAW_EVENT, held_on=D(2021, 3, 18)).order_by("-id")
    services.revoke(
        staff, Channel.CLI, twice.first(), on=D(2021, 3, 25), reason="重复登记(与同日同一活动重复)"
    )
    wrong = Activity.objects.get(title="“12·4”国家宪法日现场法律咨询")
    values = {
        f: getattr(wrong, f)
        for f in ("kind", "held_on", "title", "place", "audience", "attendance")
    }
    services.correct(
        staff,
        Channel.CLI,
        wrong,
        **values,
        quantity=wrong.quantity - 100,
        reason="登记时误将现场发放宣传资料人数计入咨询人次",
    )


def _year_2020(units: dict, staff, rng) -> None:
    items = _duties(units, staff, 2020)
    line = services.ActivityLine
    start, end = D(2020, 1, 6), D(2020, 12, 28)
    lines = [
        line(
            units["sfj"],
            K.LAW_EVENT,
            _day(rng, start, end),
            "送法进农村",
            audience="村民",
            attendance=rng.randint(40, 200),
            duty_item=items[("sfj", 1)] if n % 2 else None,
        )
        for n in range(20)
    ]
    lines += [
        line(units["sfj"], K.CIVIL_CODE, _day(rng, D(2020, 6, 1), end), "民法典宣讲", attendance=80)
        for _ in range(8)
    ]
    lines.append(
        line(units["sfj"], K.LEAFLETS, D(2020, 12, 4), "宪法日发放宣传资料", quantity=3000)
    )
    lines.append(
        line(
            units["sfj"],
            K.LEGAL_LITERATE,
            D(2020, 10, 15),
            "“法律明白人”培训",
            attendance=96,
        )
    )
    services.register_many(staff, Channel.CLI, lines)


# 弥勒市's 2021 volumes, which a county's year copies times its scale
COUNTY_VOLUMES = {
    K.LAW_EVENT: 132,
    K.CIVIL_CODE: 65,
    K.LEGAL_LITERATE: 15,
    K.LEAFLETS: 36,
    K.BOARDS: 24,
    K.CONSULTATION: 30,
    K.CHECKUP: 10,
}
# the 数量 of one county line: 份 of leaflets, 块 of boards, 人次 of consultations
QUANTITIES = {K.LEAFLETS: (100, 1000), K.BOARDS: (2, 15), K.CONSULTATION: (10, 80)}


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A year of one county's 普法: its 司法局's and 公安局's published 普法责任清单, and
    activities of the kinds the seed counts, 弥勒市's 2021 numbers of each times `scale` (at
    least one), by its 司法局, departments and towns, registered in one batch by the county's
    coordinator."""
    progress = progress or (lambda n: None)
    units, towns = context["units"], context["towns"]
    staff = context["users"]["coordinator"]
    end = min(D(year, 12, 28), timezone.localdate() - dt.timedelta(days=1))
    start = D(year, 1, 4)
    items = {}
    for code, (laws, audience, measures, planned) in (
        ("sfj", DUTIES["sfj"][1]),
        ("gaj", DUTIES["gaj"][0]),
    ):
        item = services.draft_item(
            staff,
            Channel.CLI,
            {
                "unit": units[code],
                "year": year,
                "laws": laws,
                "audience": audience,
                "measures": measures,
                "planned_times": planned,
                "drafted_on": start,
            },
        )
        items[code] = services.publish(staff, Channel.CLI, item, on=start)
    lines = []
    for kind, volume in COUNTY_VOLUMES.items():
        for n in range(max(1, round(volume * scale))):
            code = ["sfj", "gaj", *towns][n % (2 + len(towns))]
            counted = QUANTITIES.get(kind)
            lines.append(
                services.ActivityLine(
                    units[code],
                    kind,
                    _day(rng, start, end),
                    f"{K(kind).label}({units[code].short_name or units[code].name})",
                    audience="群众",
                    attendance=None if counted else rng.randint(40, 160),
                    quantity=rng.randint(*counted) if counted else None,
                    duty_item=items.get(code) if kind == K.LAW_EVENT else None,
                )
            )
    services.register_many(staff, Channel.CLI, lines)
    progress(1)
