"""弥勒市's 合法性审核 of 2021: the seed's "开展合法性审核58件(次)" (二.1) counts the reviews
of 重大行政决策, 行政规范性文件 and other documents whose opinion was given in the year. This
demo makes the 44 other documents (seed 二.2: "以市政府或市政府办名义下发的文件(含规范性文件)
均要进行合法性审核"); the decisions demo makes its 6 重大行政决策 and the normative-documents demo
its 8 行政规范性文件, through this app's services, making 58.

Besides: 合同协议 sent for review (counted apart, legal.*), one signed before its opinion came; a
draft returned for more materials and not yet sent again; one withdrawn; one sent in late
December whose opinion came in January 2022 (not a 2021 review). Every record is made through the
service functions, by the sending unit's staff (the coordinator where the demo has no account of
that unit) and by the 司法局 as the 合法性审核机构."""

import datetime as dt

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.calendar import get_calendar

from . import services
from .models import Opinion, ReviewKind
from .steps import OFFICE

C = Channel.CLI
# unit, title (送审稿) — the 44 other documents sent in 2021
OTHERS = [
    ("zfb", "弥勒市2021年政府工作要点任务分解方案"),
    ("zfb", "弥勒市人民政府工作规则(修订)"),
    ("zfb", "弥勒市人民政府常务会议议事规则"),
    ("zfb", "弥勒市政务公开工作实施方案"),
    ("sfj", "弥勒市法治政府建设2021年工作要点"),
    ("sfj", "弥勒市行政执法“三项制度”实施方案"),
    ("sfj", "弥勒市行政复议体制改革实施方案"),
    ("zwfwj", "弥勒市“一网通办”工作实施方案"),
    ("zwfwj", "弥勒市政务服务“好差评”制度实施办法"),
    ("zwfwj", "弥勒市证明事项告知承诺制工作方案"),
    ("scjgj", "弥勒市食品安全突发事件应急预案"),
    ("scjgj", "弥勒市“双随机、一公开”监管工作方案"),
    ("scjgj", "弥勒市农贸市场升级改造实施方案"),
    ("jtysj", "弥勒市农村公路管护体制改革实施方案"),
    ("jtysj", "弥勒市城市公共交通发展规划(2021—2025年)"),
    ("nyncj", "弥勒市高标准农田建设项目管理办法"),
    ("nyncj", "弥勒市动物防疫工作实施方案"),
    ("yjglj", "弥勒市安全生产专项整治三年行动实施方案"),
    ("yjglj", "弥勒市森林草原防灭火应急预案"),
    ("czj", "弥勒市政府投资项目财政评审管理办法"),
    ("czj", "弥勒市政府采购内部控制管理办法"),
    ("zjj", "弥勒市城镇老旧小区改造实施方案"),
    ("zjj", "弥勒市物业服务管理工作方案"),
    ("swj", "弥勒市河(湖)长制工作考核办法"),
    ("swj", "弥勒市农村供水工程管理办法"),
    ("lcj", "弥勒市林长制实施方案"),
    ("fgj", "弥勒市国民经济和社会发展第十四个五年规划纲要实施方案"),
    ("fgj", "弥勒市优化营商环境实施方案"),
    ("jtj", "弥勒市义务教育阶段学生招生入学工作方案"),
    ("jtj", "弥勒市全民健身实施计划(2021—2025年)"),
    ("gxj", "弥勒市工业园区企业入园管理办法"),
    ("gaj", "弥勒市城区道路交通秩序综合整治方案"),
    ("gaj", "弥勒市电动自行车登记管理工作方案"),
    ("mzj", "弥勒市殡葬改革工作实施方案"),
    ("rsj", "弥勒市根治拖欠农民工工资工作方案"),
    ("zrzyj", "弥勒市国土空间总体规划编制工作方案"),
    ("zrzyj", "弥勒市农村乱占耕地建房问题整治方案"),
    ("wjj", "弥勒市突发公共卫生事件应急预案"),
    ("ybj", "弥勒市医疗保障基金监管工作方案"),
    ("cgj", "弥勒市城市管理综合执法工作规范"),
    ("xczxj", "弥勒市巩固拓展脱贫攻坚成果同乡村振兴有效衔接实施方案"),
    ("532504001", "弥阳街道城乡人居环境提升工作方案"),
    ("532504101", "新哨镇集镇规划建设管理办法"),
    ("532504102", "虹溪镇历史文化名镇保护工作方案"),
]
# unit, title, counterparty, opinion, days to the opinion, days from the opinion to signing
# (None: not signed yet; negative: signed before the opinion came)
CONTRACTS = [
    ("zjj", "弥勒市城镇老旧小区改造项目施工合同", "云南建投第一建设有限公司", Opinion.LAWFUL, 4, 3),
    ("zjj", "弥勒市保障性住房租赁合同", "弥勒市城市建设投资开发有限公司", Opinion.AMEND, 6, 5),
    ("jtysj", "弥勒市农村客运班线特许经营协议", "弥勒市恒通运输有限公司", Opinion.AMEND, 8, 4),
    ("swj", "弥勒市城区供水特许经营补充协议", "弥勒市水务产业投资有限公司", Opinion.LAWFUL, 5, 2),
    ("czj", "弥勒市政府法律顾问服务合同", "云南凌云律师事务所", Opinion.LAWFUL, 3, 1),
    (
        "zfb",
        "弥勒市人民政府与弥勒市工业园区招商引资协议",
        "云南某新材料有限公司",
        Opinion.AMEND,
        9,
        6,
    ),
    ("zwfwj", "弥勒市政务服务大厅物业服务合同", "弥勒市安居物业服务有限公司", Opinion.LAWFUL, 4, 2),
    ("nyncj", "弥勒市高标准农田建设项目设计合同", "红河州农业勘察设计院", Opinion.LAWFUL, 5, 3),
    ("wjj", "弥勒市医疗废物集中处置服务合同", "红河州环境科技有限公司", Opinion.LAWFUL, 6, -2),
    (
        "gaj",
        "弥勒市城区智能交通系统建设合同",
        "云南交投智能科技有限公司",
        Opinion.UNLAWFUL,
        7,
        None,
    ),
    (
        "lcj",
        "弥勒市国有林场森林管护购买服务合同",
        "弥勒市绿源林业服务有限公司",
        Opinion.LAWFUL,
        4,
        None,
    ),
]
# actors: the demo's accounts of a unit, else the coordinator (who acts for the whole city)
ACCOUNTS = {"gaj": "police", "scjgj": "market", "zfb": "duchashi"}
STEPS = len(OTHERS) + len(CONTRACTS) + 4


def _sender(context, unit_code):
    return context["users"][ACCOUNTS.get(unit_code, "coordinator")]


def build(context: dict, progress=None) -> None:
    units, users = context["units"], context["users"]
    duties.assign(None, C, units["sfj"], OFFICE)  # 合法性审核机构: 市司法局
    office = users["reviewer"]
    calendar = get_calendar()

    def step():
        if progress:
            progress(1)

    day = dt.date(2021, 1, 6)
    for i, (code, title) in enumerate(OTHERS):
        # about one a week through the year; the opinion 2–12 工作日 later, two of them late
        sent = calendar.add_workdays(day, 5 * i + (i % 3) + 1)
        sender = _sender(context, code)
        review = services.request_review(
            sender,
            kind=ReviewKind.OTHER,
            title=f"{title}(送审稿)",
            unit=units[code],
            submitted_on=sent,
            note="附送审稿、起草说明及有关依据。",
            channel=C,
        )
        if i % 4 == 0:
            review = services.accept(office, C, review, on=calendar.add_workdays(sent, 1))
        if i == 9:  # 材料不齐: 退回补充, then sent again
            returned = calendar.add_workdays(sent, 2)
            review = services.send_back(
                office, C, review, on=returned, reason="请补充起草说明及征求意见情况。"
            )
            sent = calendar.add_workdays(returned, 3)
            review = services.resubmit(sender, C, review, on=sent)
        late = i in (17, 33)
        given = calendar.add_workdays(sent, 17 if late else 2 + (i * 7) % 11)
        amend = i % 5 == 2
        services.give_opinion(
            office,
            review,
            opinion=Opinion.AMEND if amend else Opinion.LAWFUL,
            opinion_on=given,
            text="建议删去增设审批条件的表述，明确实施主体，其余内容合法。" if amend else "",
            channel=C,
        )
        step()

    for i, (code, title, party, opinion, days, signing) in enumerate(CONTRACTS):
        sent = calendar.add_workdays(dt.date(2021, 2, 1), 20 * i + 3)
        sender = _sender(context, code)
        review = services.request_review(
            sender,
            kind=ReviewKind.CONTRACT,
            title=f"{title}(送审稿)",
            unit=units[code],
            submitted_on=sent,
            counterparty=party,
            channel=C,
        )
        given = calendar.add_workdays(sent, days)
        if signing is not None and signing < 0:  # signed before the opinion came
            review = services.record_signing(
                sender, C, review, signed_on=calendar.add_workdays(sent, days + signing)
            )
        text = {
            Opinion.AMEND: "违约责任条款约定不对等，应修改后签订。",
            Opinion.UNLAWFUL: "未依法履行政府采购程序，不得签订。",
        }.get(opinion, "")
        review = services.give_opinion(
            office, review, opinion=opinion, opinion_on=given, text=text, channel=C
        )
        if signing is not None and signing > 0:
            services.record_signing(
                sender, C, review, signed_on=calendar.add_workdays(given, signing)
            )
        step()

    coordinator = users["coordinator"]
    returned = services.request_review(
        users["market"],
        kind=ReviewKind.OTHER,
        title="弥勒市市场主体信用分级分类监管办法(送审稿)",
        unit=units["scjgj"],
        submitted_on=dt.date(2021, 11, 22),
        channel=C,
    )
    services.send_back(
        office, C, returned, on=dt.date(2021, 11, 24), reason="请补充公平竞争审查意见。"
    )
    step()
    withdrawn = services.request_review(
        coordinator,
        kind=ReviewKind.OTHER,
        title="弥勒市城区临时占道经营管理办法(送审稿)",
        unit=units["cgj"],
        submitted_on=dt.date(2021, 8, 9),
        channel=C,
    )
    services.withdraw(
        coordinator, C, withdrawn, on=dt.date(2021, 8, 16), reason="上级政策调整，暂缓制定。"
    )
    step()
    december = services.request_review(
        coordinator,
        kind=ReviewKind.OTHER,
        title="弥勒市2022年重点项目建设推进方案(送审稿)",
        unit=units["fgj"],
        submitted_on=dt.date(2021, 12, 27),
        channel=C,
    )
    services.give_opinion(
        office, december, opinion=Opinion.LAWFUL, opinion_on=dt.date(2022, 1, 7), channel=C
    )
    step()
    step()


COUNTY_UNITS = ["zfb", "gaj", "zrzyj", "scjgj", "rsj", "cgj", "zjj", "nyncj", "wjj"]


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A year of one county's 合法性审核 (红河州's demo): 弥勒市's 44 other documents and 11
    contracts of 2021 times `scale`, sent by the county's units (through the 司法局's coordinator,
    who acts for all of them) and given their opinion by its 司法局 within 2 to 17 工作日; a
    review whose opinion would fall after today is not made."""
    from django.utils import timezone

    from fazhi.core.models import Role

    units, users = context["units"], context["users"]
    duties.assign(None, C, units["sfj"], OFFICE)
    sender, office = users[Role.COORDINATOR], users[Role.REVIEWER]
    calendar, today = get_calendar(), timezone.localdate()
    plans = [(ReviewKind.OTHER, OTHERS)] * round(44 * scale)
    plans += [(ReviewKind.CONTRACT, CONTRACTS)] * round(11 * scale)
    for kind, examples in plans:
        example = rng.choice([e for e in examples if e[1].startswith("弥勒市")])
        code = example[0] if example[0] in COUNTY_UNITS else rng.choice(COUNTY_UNITS)
        title = example[1].replace("弥勒市", context["county"].name)
        sent = calendar.next_workday(dt.date(year, 1, 4) + dt.timedelta(days=rng.randrange(330)))
        given = calendar.add_workdays(sent, rng.randint(2, 17))
        if given > today:
            continue
        review = services.request_review(
            sender,
            kind=kind,
            title=f"{title}(送审稿)",
            unit=units[code],
            submitted_on=sent,
            channel=C,
        )
        amend = rng.random() < 0.2
        review = services.give_opinion(
            office,
            review,
            opinion=Opinion.AMEND if amend else Opinion.LAWFUL,
            opinion_on=given,
            text="部分条款无上位法依据，应修改后发布(签订)。" if amend else "",
            channel=C,
        )
        if kind == ReviewKind.CONTRACT and rng.random() < 0.9:
            signed = calendar.add_workdays(given, rng.randint(1, 10))
            if signed <= today:
                services.record_signing(sender, C, review, signed_on=signed)
    if progress:
        progress(1)
