"""弥勒市's 重大行政决策 of 2021, made through the service functions.

The 市政府办 (the city's 重大行政决策统筹机构) drafts the 2021 决策事项目录 with eight items, has it
agreed by the 市委 and publishes it; in June it adds one item and in September removes one, each
with its reason. Six decisions go through every step — public comment of 30 日 with opinions from
the portal and their handling published, 专家论证 and 风险评估 where flagged, 合法性审查 by the
司法局 through the 合法性审核 app (six reviews of kind 重大行政决策, opinions given in 2021) — and
are decided at six of the year's fifteen 常务会议, then published; one is evaluated afterwards.
Three of them had a 听证会 held by a 市政府部门 (发改局 on the water price, 交通运输局 on taxi
fares, 综合执法局 on waste sorting). Of the fifteen 常务会议, ten opened with 会前学法; a 全体会议
in January is not counted as a 常务会议. The figures (dec.executive_meetings 15, dec.hearings 3,
dec.catalogue_coverage 6/8) come from these records, not from numbers written in.

The 统筹机构's steps are taken by its own staff (duchashi, 市政府办); the 承办单位's by the
coordinator, who acts for every unit of the city; the reviews' opinions by the 司法局's reviewer.
"""

import datetime as dt

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.authority import PublicActor
from fazhi.core.calendar import get_calendar
from fazhi.governance.legality import services as legality
from fazhi.governance.legality.services import OFFICE as LEGALITY_OFFICE

from . import services
from .steps import OFFICE

D = dt.date
CLI = Channel.CLI
MEETINGS_2021 = [
    D(2021, 1, 26), D(2021, 2, 23), D(2021, 3, 19), D(2021, 4, 16), D(2021, 5, 14),
    D(2021, 6, 8), D(2021, 6, 29), D(2021, 7, 20), D(2021, 8, 13), D(2021, 9, 7),
    D(2021, 9, 28), D(2021, 10, 22), D(2021, 11, 12), D(2021, 11, 30), D(2021, 12, 21),
]  # fmt: skip
STUDY = [
    ("《中华人民共和国民法典》与政府依法履职", "市司法局局长"),
    ("《重大行政决策程序暂行条例》解读", "市政府法律顾问"),
    ("《中华人民共和国行政处罚法》(2021年修订)", "市司法局副局长"),
    ("《优化营商环境条例》", "市发展和改革局局长"),
    ("《中华人民共和国安全生产法》(2021年修正)", "市应急管理局局长"),
    ("《法治政府建设实施纲要(2021—2025年)》", "市司法局局长"),
    ("《中华人民共和国数据安全法》", "市政府法律顾问"),
    ("《中华人民共和国个人信息保护法》", "市政府法律顾问"),
    ("《中华人民共和国土地管理法实施条例》", "市自然资源局局长"),
    ("《中华人民共和国行政复议法》与行政应诉", "市司法局副局长"),
]
# (承办单位, 事项, 类别, 专家论证, 风险评估, 听证, index of the meeting that decides it)
DECIDED = [
    ("fgj", "弥勒市城区居民生活用水价格调整方案", "policy", True, True, True, 4),
    ("jtysj", "弥勒市城区出租汽车运价调整方案", "policy", False, True, True, 6),
    ("zjj", "弥勒市城镇老旧小区改造三年行动计划(2021—2023年)", "plan", True, False, False, 7),
    ("zrzyj", "弥勒市中心城区控制性详细规划修编", "plan", True, True, False, 9),
    ("cgj", "弥勒市城区生活垃圾分类管理实施方案", "policy", False, True, True, 11),
    ("wjj", "弥勒市紧密型县域医疗卫生共同体建设实施方案", "policy", True, False, False, 13),
]
WAITING = ("jtj", "弥勒市城区中小学校布局调整规划(2021—2030年)", "plan")
REMOVED = ("whlyj", "弥勒市湖泉生态园区文化旅游资源保护利用办法", "resources")
ADDED = ("nyncj", "弥勒市高原特色农业产业发展扶持办法", "policy")
OPINIONS = [
    ("李明", "建议对低保户、特困户给予减免。", "adopted", ""),
    ("王芳", "建议分阶段实施，给群众适应时间。", "partly", "已明确过渡期，但不再分三个阶段。"),
    ("张伟", "建议暂缓实施。", "rejected", "该事项已列入年度目录，经论证具备实施条件。"),
]
STEPS = len(MEETINGS_2021) + len(DECIDED) + 4


def build(context: dict, progress=None) -> None:
    progress = progress or (lambda n: None)
    units, users = context["units"], context["users"]
    government = units["government"]
    duties.assign(None, CLI, units["zfb"], OFFICE)  # 重大行政决策统筹机构
    if not duties.holders(government, LEGALITY_OFFICE).exists():  # 合法性审核机构
        duties.assign(None, CLI, units["sfj"], LEGALITY_OFFICE)
    maker = _Maker(units, users, government)
    maker.meetings()
    progress(len(MEETINGS_2021))
    maker.catalogue()
    progress(2)
    for row in DECIDED:
        maker.decision(*row)
        progress(1)
    maker.adjustments()
    progress(2)


class _Maker:
    def __init__(self, units, users, government):
        self.units, self.government, self.cal = units, government, get_calendar()
        self.office, self.handler = users["duchashi"], users["coordinator"]
        self.reviewer = users["reviewer"]
        self.public = PublicActor(services.PORTAL_PUBLIC, government)
        self.items = {}

    def day(self, on: dt.date) -> dt.date:
        return self.cal.next_workday(on)

    def meetings(self):
        services.register_meeting(
            self.office,
            CLI,
            {"kind": "plenary", "number": "2021年第1次", "held_on": D(2021, 1, 5), "chair": "市长"},
        )
        self.held, studies = [], iter(STUDY)
        for n, on in enumerate(MEETINGS_2021, start=1):
            data = {"kind": "executive", "number": f"2021年第{n}次", "held_on": on, "chair": "市长"}
            if n % 3 != 0:  # ten of the fifteen open with 会前学法
                topic, speaker = next(studies)
                data |= {"study_topic": topic, "study_speaker": speaker}
            data["agenda"] = "研究全市经济运行、安全生产等工作。"
            m = services.register_meeting(self.office, CLI, data)
            m = services.issue_minutes(
                self.office,
                CLI,
                m,
                on=self.cal.add_workdays(on, 3),
                number=f"弥政常纪〔2021〕{n}号",
            )
            self.held.append(m)

    def catalogue(self):
        cat = services.create_catalogue(
            self.office,
            CLI,
            {
                "year": 2021,
                "title": "弥勒市2021年度重大行政决策事项目录",
                "drafted_on": D(2021, 1, 8),
            },
        )
        for code, title, category, *_ in [*DECIDED, WAITING, REMOVED]:
            self.items[title] = services.add_item(
                self.office,
                CLI,
                cat,
                on=D(2021, 1, 11),
                title=title,
                category=category,
                unit=self.units[code],
            )
        cat = services.party_agree(
            self.office, CLI, cat, on=D(2021, 1, 22), party_document="市委常委会会议"
        )
        self.cat = services.publish_catalogue(
            self.office, CLI, cat, on=D(2021, 1, 28), document_number="弥政发〔2021〕3号"
        )

    def decision(self, code, title, category, experts, risk, hearing, meeting_index):
        cal, unit = self.cal, self.units[code]
        meeting = self.held[meeting_index]
        opinion_on = cal.add_workdays(meeting.held_on - dt.timedelta(days=14), 1)
        requested = self.day(opinion_on - dt.timedelta(days=16))  # ≥ 7 工作日 for the review
        published_handling = self.day(requested - dt.timedelta(days=5))
        closed = self.day(published_handling - dt.timedelta(days=4))
        comment_from = self.day(closed - dt.timedelta(days=38))
        started = self.day(comment_from - dt.timedelta(days=20))
        d = self.items[title]
        d = services.start(
            self.office, CLI, d, on=started, unit=unit, needs_experts=experts, needs_risk=risk
        )
        d = services.open_comment(
            self.handler,
            CLI,
            d,
            on=comment_from,
            draft=f"《{title}》(征求意见稿)及起草说明。",
            days=30,
        )
        opinions = []
        for n, (name, text, _, _) in enumerate(OPINIONS):
            opinions.append(
                services.comment(
                    self.public,
                    CLI,
                    d,
                    on=comment_from + dt.timedelta(days=3 + 5 * n),
                    way="portal",
                    name=name,
                    contact="13908731234",
                    text=text,
                )
            )
        if hearing:
            held = self.day(comment_from + dt.timedelta(days=21))
            d = services.hearing(
                self.handler,
                CLI,
                d,
                on=held,
                hearing_unit=unit,
                place=f"{unit.name}会议室",
                announced_on=held - dt.timedelta(days=12),
                materials_on=held - dt.timedelta(days=9),
                participants="消费者代表5名、经营者代表2名、人大代表和政协委员各1名、专家1名",
                record="听证参加人陈述意见并经询问、辩论，确认听证会记录并签字。",
            )
        d = services.close_comment(self.handler, CLI, d, on=closed)
        for opinion, (_, _, outcome, reason) in zip(opinions, OPINIONS, strict=True):
            d = services.handle_opinion(
                self.handler, CLI, d, on=closed, opinion=opinion, outcome=outcome, reason=reason
            )
        d = services.publish_handling(self.handler, CLI, d, on=published_handling)
        if experts:
            d = services.experts(
                self.handler,
                CLI,
                d,
                on=published_handling,
                way="论证会",
                experts="州决策咨询论证专家库专家5名",
                opinion="方案必要、可行，建议细化实施步骤；已采纳。",
            )
        if risk:
            d = services.risk(
                self.handler,
                CLI,
                d,
                on=published_handling,
                conclusion="controllable",
                report="经舆情跟踪、重点走访和会商分析，风险可控，已制定防范措施和处置预案。",
            )
        review = services.request_review(self.handler, CLI, d, on=requested)
        legality.give_opinion(
            self.reviewer,
            review,
            opinion="lawful" if meeting_index % 2 else "amend",
            opinion_on=opinion_on,
            text="" if meeting_index % 2 else "第五条表述应与上位法一致，修改后合法。",
            channel=CLI,
        )
        d = services.decide(self.office, CLI, d, meeting=meeting, outcome="adopted")
        reported = cal.add_workdays(meeting.held_on, 3)
        d = services.publish(
            self.office,
            CLI,
            d,
            on=cal.add_workdays(reported, 4),
            party_reported_on=reported,
            text=f"《{title}》已经市人民政府常务会议研究通过，现予公布。",
            document_number=f"弥政发〔2021〕{20 + meeting_index}号",
            adoption_note="公开征求意见期间收到意见3条，采纳1条、部分采纳1条、未采纳1条(理由已公布)。",
        )
        if meeting_index == 4:
            services.evaluate(
                self.office,
                CLI,
                d,
                on=D(2021, 12, 10),
                ground="3",
                evaluation_unit="云南某第三方评估机构",
                evaluation="调价后供水企业运营平稳，减免政策落实到位。",
            )

    def adjustments(self):
        code, title, category = ADDED
        added = services.add_item(
            self.office,
            CLI,
            self.cat,
            on=D(2021, 6, 15),
            title=title,
            category=category,
            unit=self.units[code],
            reason="落实省委农村工作会议部署，经市委同意年中增列。",
        )
        added = services.start(self.office, CLI, added, on=D(2021, 7, 5), unit=self.units[code])
        added = services.open_comment(
            self.handler,
            CLI,
            added,
            on=D(2021, 11, 15),
            draft=f"《{title}》(征求意见稿)及起草说明。",
        )
        services.close_comment(self.handler, CLI, added, on=D(2021, 12, 20))
        services.remove(
            self.office,
            CLI,
            self.items[REMOVED[1]],
            on=D(2021, 9, 10),
            reason="经研究不属于重大行政决策事项，按一般行政规范性文件办理。",
        )
