"""弥勒市's 行政规范性文件, made through the service functions (seed 一.2, 二.2).

- 100 documents in force at the start of 2021, published 2017–2020 by the government (drafted by
  市政府办) and eleven departments, recorded as they stood;
- the 2021 清理 "全面清理制约“放管服”改革的规范性文件": every document in force on 2021-02-28
  decided — 41 废止, 2 修改 (部分条款), the rest 保留 — completed on 2021-06-30, which abolishes
  the 41 and gives the 2 a new version, filed again;
- 8 documents of 2021 through the whole procedure: 合法性审核 (kind 规范性文件, the opinion given
  in 2021 by 司法局 through the 合法性审核 procedure's own services), 集体审议, 公布, 备案 — among
  them the three 市政府 documents the seed names, whose 备案审查 司法局 (备案审查机构) concluded.
"""

import datetime as dt

from fazhi.core import duties
from fazhi.core.audit import Channel

from . import services
from .models import DocStatus, NormativeDocument
from .steps import FILING_OFFICE

D = dt.date
LEGALITY_OFFICE = "legality.office"  # the 合法性审核 procedure's duty (its steps.OFFICE)

# organ (government or department code), 文号 代字
ORGANS = [
    ("government", "弥政发"),
    ("government", "弥政办发"),
    ("fgj", "弥发改发"),
    ("scjgj", "弥市监发"),
    ("zjj", "弥住建发"),
    ("jtysj", "弥交运发"),
    ("nyncj", "弥农发"),
    ("zrzyj", "弥自然资发"),
    ("czj", "弥财发"),
    ("rsj", "弥人社发"),
    ("whlyj", "弥文旅发"),
    ("swj", "弥水务发"),
    ("gaj", "弥公发"),
    ("zwfwj", "弥政务发"),
]
TOPICS = [
    "企业投资项目核准",
    "建设工程施工许可",
    "商品房预售资金监管",
    "农村宅基地审批",
    "个体工商户登记",
    "户外广告设置",
    "道路运输经营许可",
    "城市道路占用挖掘",
    "城镇排水许可",
    "政府投资项目",
    "涉企收费",
    "公共资源交易",
    "招商引资优惠政策",
    "中小企业发展专项资金",
    "行政事业性收费",
    "城区临时摊点",
    "旅游市场秩序",
    "农产品质量安全",
    "劳动用工备案",
    "取水许可",
]
KINDS = ["管理办法", "实施细则", "实施办法", "若干规定", "实施意见"]
EXISTING = len(TOPICS) * len(KINDS)  # 100
ABOLISHED, AMENDED = 41, 2  # seed 一.2

# The documents of 2021: title, organ, drafting unit, actor, sent, opinion (date, kind),
# deliberated, published, 文号, filed, and for the government's own its 备案审查 by 司法局
# (received, concluded) before it is filed with 红河州人民政府 and 市人大常委会.
NEW = [
    (
        "弥勒市人民政府关于禁止在重点区域内道路上停车的通告",
        "government",
        "gaj",
        "police",
        D(2021, 3, 8),
        (D(2021, 3, 17), "amend"),
        D(2021, 3, 26),
        D(2021, 4, 6),
        "弥政通〔2021〕2号",
        D(2021, 4, 20),
        (D(2021, 4, 8), D(2021, 4, 16)),
    ),
    (
        "弥勒市人民政府关于弥勒市网络预约出租汽车经营服务管理实施细则",
        "government",
        "jtysj",
        "coordinator",
        D(2021, 4, 12),
        (D(2021, 4, 23), "lawful"),
        D(2021, 5, 7),
        D(2021, 5, 18),
        "弥政规〔2021〕1号",
        D(2021, 6, 1),
        (D(2021, 5, 20), D(2021, 5, 28)),
    ),
    (
        "弥勒市人民政府关于弥勒市城区、乡镇(街道)广场舞噪声污染防治管理规定",
        "government",
        "sthjfj",
        "coordinator",
        D(2021, 6, 21),
        (D(2021, 7, 2), "amend"),
        D(2021, 7, 16),
        D(2021, 7, 28),
        "弥政规〔2021〕2号",
        D(2021, 8, 10),
        (D(2021, 7, 30), D(2021, 8, 6)),
    ),
    (
        "弥勒市市场监督管理局关于推行市场主体登记告知承诺制的实施办法",
        "scjgj",
        "scjgj",
        "market",
        D(2021, 3, 15),
        (D(2021, 3, 24), "lawful"),
        D(2021, 4, 2),
        D(2021, 4, 9),
        "弥市监发〔2021〕8号",
        D(2021, 4, 26),
        None,
    ),
    (
        "弥勒市公安局关于电动自行车登记上牌管理的通告",
        "gaj",
        "gaj",
        "police",
        D(2021, 5, 10),
        (D(2021, 5, 19), "lawful"),
        D(2021, 5, 28),
        D(2021, 6, 4),
        "弥公通〔2021〕5号",
        D(2021, 6, 22),
        None,
    ),
    (
        "弥勒市自然资源局关于农村村民住宅用地审批管理的实施细则",
        "zrzyj",
        "zrzyj",
        "coordinator",
        D(2021, 7, 5),
        (D(2021, 7, 16), "amend"),
        D(2021, 7, 30),
        D(2021, 8, 6),
        "弥自然资发〔2021〕21号",
        D(2021, 8, 27),
        None,
    ),
    (
        "弥勒市住房和城乡建设局关于城市建筑垃圾处置管理的实施办法",
        "zjj",
        "zjj",
        "coordinator",
        D(2021, 9, 6),
        (D(2021, 9, 16), "lawful"),
        D(2021, 9, 27),
        D(2021, 10, 12),
        "弥住建发〔2021〕33号",
        D(2021, 10, 29),
        None,
    ),
    (
        "弥勒市教育体育局关于规范校外培训机构管理的实施意见",
        "jtj",
        "jtj",
        "coordinator",
        D(2021, 10, 18),
        (D(2021, 10, 29), "lawful"),
        D(2021, 11, 12),
        D(2021, 11, 22),
        "弥教体发〔2021〕40号",
        D(2021, 12, 8),
        None,
    ),
]

STEPS = EXISTING + len(NEW) + 2


def build(context: dict, progress=None) -> None:
    units, users = context["units"], context["users"]
    government = units["government"]
    coordinator = users["coordinator"]
    duties.assign(None, Channel.CLI, units["sfj"], FILING_OFFICE)
    duties.assign(None, Channel.CLI, units["sfj"], LEGALITY_OFFICE)  # idempotent

    existing = _existing(units, coordinator, progress)
    _cleanup(government, units["sfj"], coordinator, existing)
    if progress:
        progress(1)
    for row in NEW:
        _new_document(units, users, row)
        if progress:
            progress(1)
    _incidental(government, users["reviewer"])
    if progress:
        progress(1)


def _incidental(government, reviewer) -> None:
    """A 附带审查 on one of the 复议 cases the demo keeps open today (2023 law): the case is 中止,
    the maker notified and answering, the request handled and the case resumed — records of the
    current year only, so the 2021 figures stay as they were."""
    from fazhi.core import procedures

    cases = procedures.get("reconsideration").model.objects.filter(
        organ=government, status="accepted", law="2023", unit=reviewer.unit
    )
    case = cases.order_by("accepted_on", "pk").first()
    doc = NormativeDocument.objects.filter(status=DocStatus.EFFECTIVE, organ=government).first()
    if case is None or doc is None:
        return
    on = case.accepted_on + dt.timedelta(days=2)
    review = services.request_incidental(
        reviewer, Channel.CLI, case=case, requested_on=on, document=doc, clauses="第三条"
    )
    review = services.notify_maker(reviewer, Channel.CLI, review, on=on + dt.timedelta(days=1))
    review = services.record_answer(reviewer, Channel.CLI, review, on=on + dt.timedelta(days=6))
    services.handle_incidental(
        reviewer, Channel.CLI, review, on=on + dt.timedelta(days=9), result="lawful"
    )


def _existing(units, coordinator, progress) -> list[NormativeDocument]:
    made = []
    for n in range(EXISTING):
        topic, kind = TOPICS[n % len(TOPICS)], KINDS[n // len(TOPICS)]
        code, prefix = ORGANS[n % len(ORGANS)]
        organ = units[code]
        drafter = units["zfb"] if code == "government" else organ
        published_on = D(2017, 1, 10) + dt.timedelta(days=13 * n)
        made.append(
            services.record_existing(
                coordinator,
                Channel.CLI,
                organ=organ,
                unit=drafter,
                title=f"{organ.name}关于印发{topic}{kind}的通知",
                doc_number=f"{prefix}〔{published_on.year}〕{n % 60 + 1}号",
                published_on=published_on,
                review_opinion_on=published_on - dt.timedelta(days=12),
                deliberated_on=published_on - dt.timedelta(days=5),
                filed_on=published_on + dt.timedelta(days=14),
                text=f"第一条 为规范{topic}工作，制定本{kind}。",
            )
        )
        if progress:
            progress(1)
    return made


def _cleanup(government, office, coordinator, documents) -> None:
    campaign = services.open_campaign(
        coordinator,
        Channel.CLI,
        government=government,
        office=office,
        title="全面清理制约“放管服”改革的规范性文件",
        cutoff_on=D(2021, 2, 28),
        opened_on=D(2021, 3, 1),
    )
    for n, doc in enumerate(documents):
        if n < ABOLISHED:
            decision, reason = "abolish", "设定的审批环节和申请材料不符合“放管服”改革要求"
        elif n < ABOLISHED + AMENDED:
            decision, reason = "amend", "部分条款与优化营商环境条例不一致，予以修改"
        else:
            decision, reason = "keep", "符合上位法和改革要求，继续有效"
        services.decide(
            coordinator,
            Channel.CLI,
            campaign,
            document=doc,
            decision=decision,
            reason=reason,
            on=D(2021, 4, 1) + dt.timedelta(days=n % 40),
        )
    services.close_campaign(coordinator, Channel.CLI, campaign, on=D(2021, 6, 30))
    for doc in NormativeDocument.objects.filter(status=DocStatus.PUBLISHED, version=2):
        services.file_document(coordinator, Channel.CLI, doc, on=D(2021, 7, 20))


def _new_document(units, users, row) -> None:
    from fazhi.governance.legality import queries as legality_queries
    from fazhi.governance.legality import services as legality

    title, organ, drafter, actor, sent, (opinion_on, opinion), deliberated, published = row[:8]
    doc_number, filed_on, filing = row[8:]
    actor = users[actor]
    data = {
        "unit": units[drafter],
        "title": title,
        "organ": units[organ],
        "provisional": False,
        "drafted_on": sent - dt.timedelta(days=7),
        "text": f"{title}(全文)",
    }
    # The drafting unit's own staff where the demo has them, else the coordinator (acts for all).
    actor = _as(actor, units[drafter], users)
    doc = services.register(actor, Channel.CLI, data)
    doc = services.request_review(actor, Channel.CLI, doc, on=sent)
    review = legality_queries.review_of(doc)
    text = "" if opinion == "lawful" else "部分条款表述不规范，修改后合法。"
    legality.give_opinion(
        users["reviewer"],
        review,
        opinion=opinion,
        opinion_on=opinion_on,
        text=text,
        channel=Channel.CLI,
    )
    meeting = "市人民政府常务会议" if organ == "government" else "局务会议"
    doc = services.deliberate(actor, Channel.CLI, doc, on=deliberated, meeting=meeting)
    doc = services.publish(actor, Channel.CLI, doc, on=published, doc_number=doc_number)
    if filing:  # the government's own: 司法局 examines it before it is filed upward
        received, concluded = filing
        reviewer = users["reviewer"]
        review = services.receive_filing(
            reviewer, Channel.CLI, office=units["sfj"], document=doc, received_on=received
        )
        services.conclude(reviewer, Channel.CLI, review, on=concluded, outcome="registered")
    services.file_document(actor, Channel.CLI, doc, on=filed_on)


def _as(actor, unit, users):
    """The demo user given, when they act for the drafting unit; else the coordinator."""
    return (
        actor if actor.unit_id == unit.pk or actor.role == "coordinator" else users["coordinator"]
    )
