"""弥勒市's 依申请公开 requests of 2020 and 2021 (and two open ones of today), made through the
service functions. The 2021 figures come out as the seed states them (受理13件, 均在规定时间内答复,
无因申请引起的复议、诉讼) because the requests are arranged so, not because a number is written.
The plans include a 补正 restart, a third-party consultation across 国庆 (its letter's 送达
recorded) and an approved extension of 20 工作日, so that the demo shows each clock rule at work.
"""

import contextlib
import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.calendar import CalendarYearUnknown, get_calendar
from fazhi.core.forms import ServiceWay
from fazhi.core.validators import make_id_number, make_org_code, make_uscc
from fazhi.core.workflow import Refusal

from . import services
from .models import ApplicantType, Format, PauseKind, ReceiptChannel, ResultRow, Situation

D = dt.date


@dataclass
class Plan:
    received: dt.date
    agency: str
    topic: str
    situation: str = Situation.DISCLOSE
    result: str = ""
    applicant_type: str = ApplicantType.PERSON
    channel: str = ReceiptChannel.IN_PERSON
    submitted: dt.date | None = None
    reply_after: int = 8  # 工作日 after the clock start
    correction: bool = False
    consultation: tuple[dt.date, dt.date] | None = None
    extension_on: dt.date | None = None
    reply_on: dt.date | None = None
    note: str = ""


PLANS_2020 = [
    Plan(D(2020, 4, 14), "zfb", "2019年市政府常务会议纪要目录"),
    Plan(D(2020, 7, 7), "zrzyj", "弥阳街道某地块土地征收批复文件"),
    Plan(
        D(2020, 9, 15),
        "gaj",
        "某企业营业执照登记档案",
        Situation.NOT_OURS,
        note="该信息由市场监管部门掌握，已告知申请人向其申请。",
    ),
    # Received in late December, answered in January: carried over into 2021 (table 三 row 二).
    Plan(D(2020, 12, 21), "zrzyj", "朋普镇集体土地征收补偿安置方案", reply_on=D(2021, 1, 12)),
]

PLANS_2021 = [
    Plan(D(2021, 1, 12), "zfb", "2020年市政府重大行政决策事项目录"),
    Plan(
        D(2021, 2, 5),
        "zrzyj",
        "新哨镇某村土地征收公告及补偿标准",
        channel=ReceiptChannel.REGISTERED_POST,
        submitted=D(2021, 2, 2),
    ),
    # 补正: the description was unclear; the clock restarts from the corrected request (art. 30).
    Plan(
        D(2021, 3, 9),
        "zrzyj",
        "城区某片区控制性详细规划",
        channel=ReceiptChannel.WEB,
        correction=True,
    ),
    Plan(D(2021, 3, 25), "gaj", "2020年道路交通事故统计公报", Situation.ALREADY_PUBLIC),
    Plan(
        D(2021, 4, 20),
        "zjj",
        "某小区建设工程规划许可及竣工验收资料",
        Situation.PARTIAL,
        applicant_type=ApplicantType.BUSINESS,
        note="涉及个人信息部分已作区分处理。",
    ),
    Plan(
        D(2021, 5, 18),
        "scjgj",
        "某建设项目环境影响评价批复",
        Situation.NOT_OURS,
        applicant_type=ApplicantType.BUSINESS,
        channel=ReceiptChannel.ORDINARY_POST,
        submitted=D(2021, 5, 14),
        note="该信息由生态环境部门掌握，已告知申请人向其申请。",
    ),
    Plan(D(2021, 6, 8), "zfb", "2021年市政府工作报告重点任务分解方案", channel=ReceiptChannel.WEB),
    Plan(
        D(2021, 7, 6),
        "rsj",
        "近五年全市各乡镇就业人数分析报告",
        Situation.NEEDS_PROCESSING,
        ResultRow.NEEDS_MAKING,
        channel=ReceiptChannel.FAX,
        note="所需信息需对现有数据进行加工分析，依第三十八条不予提供。",
    ),
    Plan(
        D(2021, 8, 10),
        "zrzyj",
        "某宗地出让前的内部讨论记录",
        Situation.WITHHOLD,
        ResultRow.WITHHELD_PROCESS,
        note="属于行政机关在履行职责过程中形成的讨论记录，依第十六条第二款不予公开。",
    ),
    # 征求第三方意见 from 09-28 to 10-12, across 国庆 and its 调休: those days do not count.
    Plan(
        D(2021, 9, 22),
        "zjj",
        "某房地产开发项目预售许可资料",
        consultation=(D(2021, 9, 28), D(2021, 10, 12)),
        reply_on=D(2021, 10, 26),
    ),
    Plan(
        D(2021, 10, 19),
        "sfj",
        "2021年度行政执法人员名单",
        applicant_type=ApplicantType.LEGAL_SERVICE,
    ),
    # 延期 with the consent of the head of the 公开工作机构 (art. 33 ¶2).
    Plan(
        D(2021, 11, 4),
        "zrzyj",
        "东风农场片区历年土地利用总体规划调整资料",
        channel=ReceiptChannel.REGISTERED_POST,
        submitted=D(2021, 11, 2),
        extension_on=D(2021, 11, 30),
        reply_on=D(2021, 12, 20),
    ),
    Plan(D(2021, 12, 1), "zfb", "2021年市政府规范性文件清理结果", channel=ReceiptChannel.WEB),
]

STEPS = len(PLANS_2020) + len(PLANS_2021) + 2

SURNAMES = "李王张刘陈杨赵黄周吴徐孙普者施何"
GIVEN = "明华丽芳强军磊洋勇艳杰娟涛超秀英平刚"
FIRMS = ["弥勒{}房地产开发有限公司", "红河{}建筑工程有限公司", "云南{}律师事务所"]


def build(context: dict, progress=None) -> None:
    maker = _Maker(random.Random(2021 + 13), context, progress or (lambda n: None))
    for plan in PLANS_2020 + PLANS_2021:
        maker.make(plan)
    maker.make_current()
    draft_annual_report(context, 2021)


def draft_annual_report(context: dict, year: int):
    """The city's 政府信息公开工作年度报告 for the year, drafted by the coordinator (条例 art. 49):
    its tables 三 and 四 are counted live from the records until it is issued."""
    from fazhi.reports.models import ReportKind
    from fazhi.reports.services import create_report

    return create_report(
        context["users"]["coordinator"],
        Channel.CLI,
        context["units"]["government"],
        year,
        ReportKind.DISCLOSURE,
    )


class _Maker:
    def __init__(self, rng, context, progress):
        self.rng, self.units, self.progress = rng, context["units"], progress
        self.staff = context["users"]["coordinator"]
        # The extension's consent (条例 art. 33 ¶2) is given by someone holding that authority
        # for the agency: the coordinator, who oversees every agency of the city and may approve.
        self.head = context["users"]["coordinator"]
        self.cal = get_calendar()

    def make(self, plan: Plan):
        cal, staff = self.cal, self.staff
        request = self._receive(plan)
        if plan.correction:
            request = services.request_correction(
                staff,
                Channel.CLI,
                request,
                on=cal.add_workdays(plan.received, 3),
                items="请明确所需规划的具体地块范围及文件名称。",
                due_on=cal.add_workdays(plan.received, 15),
            )
            request = services.receive_correction(
                staff, Channel.CLI, request, on=cal.add_workdays(plan.received, 8)
            )
        if plan.consultation:
            start, end = plan.consultation
            request = services.start_consultation(
                staff,
                Channel.CLI,
                request,
                on=start,
                kind=PauseKind.THIRD_PARTY,
                party="项目开发企业",
            )
            # The letter reached the company the next working day: its 15 工作日 run from then.
            request = services.serve_consultation(
                staff,
                Channel.CLI,
                request,
                served_on=cal.add_workdays(start, 1),
                way=ServiceWay.IN_PERSON,
            )
            request = services.end_consultation(staff, Channel.CLI, request, on=end)
        if plan.extension_on:
            request = services.extend(
                self.head,  # the consent is the head's own act
                Channel.CLI,
                request,
                on=plan.extension_on,
                workdays=20,
                reason="所需资料跨越多个年度，需调档检索。",
            )
        services.reply(
            staff,
            Channel.CLI,
            request,
            on=plan.reply_on or cal.add_workdays(request.clock_start_on, plan.reply_after),
            situation=plan.situation,
            result=plan.result,
            note=plan.note,
        )
        self.progress(1)

    def _receive(self, plan: Plan, channel=Channel.CLI):
        in_person = plan.channel == ReceiptChannel.IN_PERSON
        app = services.Application(
            applicant_type=plan.applicant_type,
            applicant_name=self._name(plan.applicant_type),
            description=plan.topic,
            channel=plan.channel,
            submitted_on=plan.submitted or plan.received,
            received_on=None if in_person else plan.received,
            applicant_phone=self._phone(),
            applicant_address=self._address(),
            format_wanted=self.rng.choice([Format.PAPER, Format.EMAIL]),
            **self._identity(plan.applicant_type),
        )
        return services.receive(self.staff, channel, agency=self.units[plan.agency], app=app)

    def make_current(self):
        """Two open requests of the last days, so the workbench shows live due dates. Skipped when
        the calendar does not know the current year (the coordinator has not entered it)."""
        with contextlib.suppress(CalendarYearUnknown, Refusal):
            today = timezone.localdate()
            day = today - dt.timedelta(days=3)
            while not self.cal.is_workday(day):
                day -= dt.timedelta(days=1)
            self._receive(Plan(day, "zfb", "本年度市政府信息公开指南", channel=ReceiptChannel.WEB))
            self._receive(Plan(today, "zrzyj", "某村集体土地确权登记成果"))
        self.progress(2)

    def _name(self, applicant_type: str) -> str:
        if applicant_type == ApplicantType.PERSON:
            return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, 2))
        firm = FIRMS[2] if applicant_type == ApplicantType.LEGAL_SERVICE else FIRMS[0]
        return firm.format("".join(self.rng.sample("兴盛华源泰丰宏达鑫", 2)))

    def _identity(self, applicant_type: str) -> dict:
        if applicant_type == ApplicantType.PERSON:
            birth = D(
                self.rng.randint(1955, 2000), self.rng.randint(1, 12), self.rng.randint(1, 28)
            )
            return {
                "applicant_id_number": make_id_number("532526", birth, self.rng.randint(1, 999))
            }
        org_code = make_org_code("".join(self.rng.choice("0123456789") for _ in range(8)))
        authority = "31" if applicant_type == ApplicantType.LEGAL_SERVICE else "91"
        return {"applicant_uscc": make_uscc(f"{authority}532504" + org_code)}

    def _address(self) -> str:
        road = self.rng.choice(["髯翁", "温泉", "朋普", "吉山"])
        return f"弥勒市弥阳街道{road}路{self.rng.randint(1, 300)}号"

    def _phone(self) -> str:
        return (
            "1" + self.rng.choice("3578") + "".join(self.rng.choice("0123456789") for _ in range(9))
        )


# --- a county of the demo prefecture (fazhi.demo.prefecture) --------------------------------------

COUNTY_REQUESTS = [  # (agency, topic, situation, note)
    ("zfb", "{}年政府常务会议纪要目录", Situation.DISCLOSE, ""),
    ("zfb", "{}年政府工作报告重点任务分解方案", Situation.ALREADY_PUBLIC, ""),
    ("zrzyj", "某村集体土地征收批复及补偿标准", Situation.DISCLOSE, ""),
    ("zrzyj", "城区某片区控制性详细规划", Situation.DISCLOSE, ""),
    (
        "zjj",
        "某小区建设工程规划许可及竣工验收资料",
        Situation.PARTIAL,
        "涉及个人信息部分已作区分处理。",
    ),
    (
        "gaj",
        "某企业营业执照登记档案",
        Situation.NOT_OURS,
        "该信息由市场监管部门掌握，已告知申请人向其申请。",
    ),
    ("gaj", "{}年道路交通事故统计公报", Situation.ALREADY_PUBLIC, ""),
    ("rsj", "{}年度最低工资标准执行情况", Situation.DISCLOSE, ""),
    ("scjgj", "某食品生产企业行政处罚决定书", Situation.DISCLOSE, ""),
    ("sfj", "{}年度行政执法人员名单", Situation.DISCLOSE, ""),
]


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A year of one county's 依申请公开 requests: 弥勒市's 13 of 2021 times `scale`, answered by
    the county's agencies within 3 to 15 工作日 through the city's maker (by the coordinator, who
    oversees every agency of the county); requests whose answer would fall after today are not
    made."""
    maker = _Maker(rng, context, progress or (lambda n: None))
    cal, today = maker.cal, timezone.localdate()
    for _ in range(round(13 * scale)):
        received = cal.next_workday(D(year, 1, 4) + dt.timedelta(days=rng.randrange(345)))
        if received + dt.timedelta(days=40) > today:
            continue
        agency, topic, situation, note = rng.choice(COUNTY_REQUESTS)
        channel = rng.choice([ReceiptChannel.IN_PERSON] * 2 + [ReceiptChannel.WEB])
        plan = Plan(
            received,
            agency,
            topic.format(year - 1),
            situation,
            channel=channel,
            reply_after=rng.randint(3, 15),
            note=note,
            applicant_type=rng.choice([ApplicantType.PERSON] * 4 + [ApplicantType.BUSINESS]),
        )
        maker.make(plan)
