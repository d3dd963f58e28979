"""弥勒市's 行政复议 cases of 2020 and 2021 (and a few open ones of today), made through the
service functions. The 2021 counts come out as the seed states them (审查38, 受理35, 不予受理3,
办结35, 民营企业申请4/办结4) because the cases are arranged so, not because a number is written.
"""

import contextlib
import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.calendar import CalendarYearUnknown, get_calendar
from fazhi.core.models import Role, User
from fazhi.core.services import create_user
from fazhi.core.validators import make_id_number, make_org_code, make_uscc
from fazhi.core.workflow import Refusal

from . import services
from .models import (
    ApplicantType,
    Category,
    MediationGround,
    Outcome,
    ReceiptChannel,
    SuspensionGround,
)
from .steps import OFFICE

STEPS = 2 + 30 + 38 + 6

RESPONDENTS = {
    Category.LAND: ["zrzyj", "532504101", "532504104"],
    Category.TRAFFIC: ["gaj", "jtysj"],
    Category.PUBLIC_SECURITY: ["gaj"],
    Category.MARKET: ["scjgj"],
    Category.CONSTRUCTION: ["zjj", "cgj"],
    Category.LABOUR: ["rsj"],
    Category.ENVIRONMENT: ["sthjfj"],
    Category.OTHER: ["lcj", "swj", "nyncj"],
}
CATEGORY_WEIGHTS = [
    (Category.LAND, 9),
    (Category.TRAFFIC, 7),
    (Category.PUBLIC_SECURITY, 7),
    (Category.MARKET, 5),
    (Category.CONSTRUCTION, 3),
    (Category.LABOUR, 2),
    (Category.ENVIRONMENT, 1),
    (Category.OTHER, 2),
]
ACTS = {
    Category.LAND: "土地行政处罚决定",
    Category.TRAFFIC: "道路交通安全违法行为处罚决定",
    Category.PUBLIC_SECURITY: "治安管理处罚决定",
    Category.MARKET: "市场监管行政处罚决定",
    Category.CONSTRUCTION: "限期拆除决定",
    Category.LABOUR: "工伤认定决定",
    Category.ENVIRONMENT: "环境行政处罚决定",
    Category.OTHER: "行政许可决定",
}
OUTCOMES = [
    (Outcome.UPHELD, 14),
    (Outcome.DISMISSED, 5),
    (Outcome.REVOKED, 4),
    (Outcome.CONFIRMED_ILLEGAL, 3),
    (Outcome.ORDERED_PERFORMANCE, 1),
    (Outcome.MEDIATED, 3),
    (Outcome.TERMINATED, 4),
]
SURNAMES = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗普者施"
GIVEN = "明华丽芳强军磊洋勇艳杰娟涛超秀英平刚桂兰文志红春"
FIRMS = [
    "弥勒{}商贸有限公司",
    "弥勒市{}建材有限公司",
    "红河{}农业开发有限公司",
    "弥勒{}餐饮管理有限公司",
]
REJECTIONS = [
    "超过法定申请期限",
    "不属于行政复议范围(信访事项)",
    "同一行政行为已提起行政诉讼并被受理",
]


@dataclass
class Plan:
    received: dt.date
    applicant_type: str
    accepted: bool = True
    close_after_days: int | None = 40  # None: still open at the end of its year
    correction: bool = False
    suspend: bool = False
    extend: bool = False
    hearing: bool = False


def build(context: dict, progress=None) -> None:
    rng = random.Random(2021)
    units, users = context["units"], context["users"]
    duties.assign(None, Channel.CLI, units["sfj"], OFFICE)  # the city's 行政复议机构
    maker = _Maker(rng, units, users, progress or (lambda n: None))
    for plan in _plans_2020(rng) + _plans_2021(rng):
        maker.make(plan)
    maker.make_current()


def _workdays_of(year: int, first_month: int, last_month: int, rng, count: int) -> list[dt.date]:
    cal = get_calendar()
    start, end = dt.date(year, first_month, 2), dt.date(year, last_month, 20)
    days = sorted(rng.sample(range((end - start).days), count))
    return [cal.next_workday(start + dt.timedelta(days=d)) for d in days]


def _plans_2020(rng) -> list[Plan]:
    """30 applications: 28 accepted (3 of them in December, decided in 2021), 2 not accepted."""
    days = [
        *_workdays_of(2020, 1, 10, rng, 27),
        dt.date(2020, 12, 1),
        dt.date(2020, 12, 3),
        dt.date(2020, 12, 8),
    ]
    plans = [Plan(d, _person_or_org(rng)) for d in days[:27]]
    plans[5].accepted = plans[17].accepted = False
    plans += [Plan(d, ApplicantType.NATURAL_PERSON, close_after_days=45) for d in days[27:]]
    return plans


def _plans_2021(rng) -> list[Plan]:
    """38 applications reviewed in 2021: 35 accepted (4 by private enterprises), 3 not accepted;
    32 of the accepted are decided in 2021 and 3 (received in December) in 2022."""
    days = [
        *_workdays_of(2021, 1, 11, rng, 35),
        dt.date(2021, 12, 6),
        dt.date(2021, 12, 8),
        dt.date(2021, 12, 13),
    ]
    plans = [Plan(d, _person_or_org(rng)) for d in days[:35]]
    for i in (3, 11, 20, 28):
        plans[i].applicant_type = ApplicantType.PRIVATE_ENTERPRISE
    for i in (7, 16, 31):
        plans[i].accepted = False
    plans[2].correction = plans[14].correction = plans[25].correction = True
    plans[9].suspend = plans[22].suspend = True
    plans[12].extend = True
    plans[12].close_after_days = 75
    plans[18].hearing = plans[12].hearing = True
    plans += [Plan(d, ApplicantType.NATURAL_PERSON, close_after_days=50) for d in days[35:]]
    return plans


def _person_or_org(rng) -> str:
    return ApplicantType.OTHER_ORG if rng.random() < 0.08 else ApplicantType.NATURAL_PERSON


def _government_approver(government):
    """The 复议机关负责人 who approves a 2017-law case's extension (2017 art. 31 ¶1): the city's
    vice-mayor in charge, with the authority 可批准延期, working in the government itself. The
    demo city's accounts (fazhi.demo.city.USERS) have no such person, so this procedure adds one
    (through the kernel's own service, audited)."""
    from fazhi.demo.city import DEMO_PASSWORD

    user = User.objects.filter(username="fushizhang").first()
    if user is not None:
        return user
    return create_user(
        None,
        Channel.CLI,
        username="fushizhang",
        password=DEMO_PASSWORD,
        unit=government,
        role=Role.LEADER,
        full_name="刘志远",
        can_approve_extension=True,
    )


class _Maker:
    def __init__(self, rng, units, users, progress):
        self.rng, self.units, self.users, self.progress = rng, units, users, progress
        self.cal = get_calendar()
        self.staff = users["reviewer"]
        self.approver = _government_approver(units["government"])
        self.outcomes = [o for o, w in OUTCOMES for _ in range(w)]

    def make(self, plan: Plan):
        case = self._receive(plan)
        case = self._review(case, plan)
        if plan.accepted and plan.close_after_days:
            self._hear_and_decide(case, plan)
        self.progress(1)

    def _receive(self, plan: Plan, on=None):
        category = self.rng.choices(
            [c for c, _ in CATEGORY_WEIGHTS], [w for _, w in CATEGORY_WEIGHTS]
        )[0]
        respondent = self.units[self.rng.choice(RESPONDENTS[category])]
        channel = self.rng.choice([ReceiptChannel.IN_PERSON] * 3 + [ReceiptChannel.MAIL])
        submitted = (
            plan.received - dt.timedelta(days=2)
            if channel == ReceiptChannel.MAIL
            else plan.received
        )
        app = services.Application(
            applicant_name=self._name(plan.applicant_type),
            applicant_type=plan.applicant_type,
            respondent=respondent,
            act=ACTS[category],
            category=category,
            receipt_channel=channel,
            submitted_on=submitted,
            received_on=plan.received,
            applicant_phone=self._phone(),
            **self._identity(plan.applicant_type),
        )
        government = self.units["government"]
        return services.receive(
            self.staff, Channel.CLI, organ=government, unit=self.units["sfj"], app=app
        )

    def _review(self, case, plan: Plan):
        if plan.correction:
            notice = self.cal.add_workdays(case.received_on, 2)
            case = services.request_correction(
                self.staff,
                Channel.CLI,
                case,
                on=notice,
                items="请补充提交被申请复议的行政行为决定书复印件及申请人身份证明。",
            )
            case = services.receive_correction(
                self.staff, Channel.CLI, case, on=self.cal.add_workdays(notice, 6)
            )
        decided_on = self.cal.add_workdays(case.review_started_on, self.rng.randint(1, 4))
        if not plan.accepted:
            return services.reject(
                self.staff, Channel.CLI, case, on=decided_on, reason=self.rng.choice(REJECTIONS)
            )
        return services.accept(self.staff, Channel.CLI, case, on=decided_on)

    def _hear_and_decide(self, case, plan: Plan):
        start = case.accepted_on
        if plan.hearing:
            case = services.hold_hearing(
                self.staff, Channel.CLI, case, on=self.cal.add_workdays(start, 15)
            )
        if plan.suspend:
            case = services.suspend(
                self.staff,
                Channel.CLI,
                case,
                on=self.cal.add_workdays(start, 10),
                ground=SuspensionGround.INTERPRETATION,
            )
            case = services.resume(
                self.staff, Channel.CLI, case, on=self.cal.add_workdays(start, 20)
            )
        if plan.extend:
            case = services.extend(
                self.approver,  # the extension is the approver's own act
                Channel.CLI,
                case,
                on=self.cal.add_workdays(start, 35),
                days=30,
                reason="案情复杂，需进一步调查核实",
            )
        close_on = self._closing_day(case, plan.close_after_days)
        outcome = self.rng.choice(self.outcomes)
        services.decide(
            self.staff,
            Channel.CLI,
            case,
            on=close_on,
            outcome=outcome,
            # 实施条例 art. 50 ¶1: the demo's mediated cases are 自由裁量权 acts (fines' amounts)
            mediation_ground=MediationGround.DISCRETION if outcome == Outcome.MEDIATED else "",
        )

    def _closing_day(self, case, days: int) -> dt.date:
        """A working day about `days` after acceptance, never past the decision due date."""
        target = self.cal.next_workday(
            case.accepted_on + dt.timedelta(days=days + self.rng.randint(-8, 4))
        )
        latest = case.decision_due_on
        while target > latest:
            target -= dt.timedelta(days=1)
        while not self.cal.is_workday(target):
            target -= dt.timedelta(days=1)
        return target

    def make_current(self):
        """A few open cases of the last weeks, so the workbench shows live due dates. Skipped when
        the calendar does not know the current year (the coordinator has not entered it)."""
        today = timezone.localdate()
        with contextlib.suppress(CalendarYearUnknown, Refusal):
            self._current_cases(today)
        self.progress(6)

    def _current_cases(self, today):
        cal = self.cal
        back = [self._workday_before(today - dt.timedelta(days=d)) for d in (2, 4, 45, 55, 110)]
        self._receive(Plan(back[0], ApplicantType.NATURAL_PERSON))
        waiting = self._receive(Plan(back[1], ApplicantType.PRIVATE_ENTERPRISE))
        services.request_correction(
            self.staff,
            Channel.CLI,
            waiting,
            on=cal.add_workdays(back[1], 1),
            items="请补充营业执照复印件及法定代表人身份证明。",
        )
        for day in back[2:]:
            case = self._receive(Plan(day, ApplicantType.NATURAL_PERSON))
            services.accept(self.staff, Channel.CLI, case, on=cal.add_workdays(day, 2))

    def _workday_before(self, day: dt.date) -> dt.date:
        while not self.cal.is_workday(day):
            day -= dt.timedelta(days=1)
        return day

    def _name(self, applicant_type: str) -> str:
        if applicant_type == ApplicantType.NATURAL_PERSON:
            return self.rng.choice(SURNAMES) + "".join(
                self.rng.sample(GIVEN, self.rng.choice([1, 2]))
            )
        if applicant_type == ApplicantType.PRIVATE_ENTERPRISE:
            return self.rng.choice(FIRMS).format("".join(self.rng.sample("兴盛华源泰丰宏达鑫", 2)))
        return f"弥勒市{self.rng.choice('东西南北')}村村民委员会"

    def _identity(self, applicant_type: str) -> dict:
        if applicant_type == ApplicantType.NATURAL_PERSON:
            birth = dt.date(
                self.rng.randint(1955, 2000), self.rng.randint(1, 12), self.rng.randint(1, 28)
            )
            return {
                "applicant_id_number": make_id_number("532526", birth, self.rng.randint(1, 999))
            }
        if applicant_type == ApplicantType.PRIVATE_ENTERPRISE:
            org_code = make_org_code("".join(self.rng.choice("0123456789") for _ in range(8)))
            return {"applicant_uscc": make_uscc("91532504" + org_code)}
        return {}

    def _phone(self) -> str:
        return (
            "1" + self.rng.choice("3578") + "".join(self.rng.choice("0123456789") for _ in range(9))
        )


# --- a county of the demo prefecture (fazhi.demo.prefecture) --------------------------------------

COUNTY_RESPONDENTS = {  # by category: the county's units (fazhi.demo.prefecture's suffixes)
    Category.LAND: ["zrzyj", "town"],
    Category.TRAFFIC: ["gaj"],
    Category.PUBLIC_SECURITY: ["gaj"],
    Category.MARKET: ["scjgj"],
    Category.CONSTRUCTION: ["zjj", "cgj"],
    Category.LABOUR: ["rsj"],
    Category.ENVIRONMENT: ["nyncj"],
    Category.OTHER: ["nyncj", "wjj"],
}


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A year of one county's 行政复议 cases: 弥勒市's 2021 volume (38 reviewed) times `scale`,
    received over the year, about 8% not accepted, some after a 补正 or a 中止, the accepted
    decided about 40 days later (those whose decision would fall after today stay open) — by
    the county's 司法局 (its 行政复议机构) through the same maker as the city's."""
    units = context["units"]
    duties.assign(None, Channel.CLI, units["sfj"], OFFICE)
    maker = _CountyMaker(rng, units, context["users"], context["towns"], progress)
    count = round(38 * scale)
    if not count:
        return
    today = timezone.localdate()
    for day in _workdays_of(year, 1, 12, rng, count):
        plan = Plan(day, _person_or_org(rng))
        if rng.random() < 0.1:
            plan.applicant_type = ApplicantType.PRIVATE_ENTERPRISE
        plan.accepted = rng.random() >= 0.08
        plan.correction = rng.random() < 0.08
        plan.suspend = plan.accepted and rng.random() < 0.05
        if day + dt.timedelta(days=75) >= today:
            plan.close_after_days = None
        maker.make(plan)


class _CountyMaker(_Maker):
    """The city's maker with the county's units: respondents among its departments and towns,
    no extension (which would need the county's 复议机关负责人)."""

    def __init__(self, rng, units, users, towns, progress):
        self.rng, self.units, self.users = rng, units, users
        self.progress = progress or (lambda n: None)
        self.cal = get_calendar()
        self.staff = users["reviewer"]
        self.approver = None
        self.towns = towns
        self.outcomes = [o for o, w in OUTCOMES for _ in range(w)]

    def _receive(self, plan: Plan, on=None):
        category = self.rng.choices(
            [c for c, _ in CATEGORY_WEIGHTS], [w for _, w in CATEGORY_WEIGHTS]
        )[0]
        key = self.rng.choice(COUNTY_RESPONDENTS[category])
        respondent = self.units[self.rng.choice(self.towns) if key == "town" else key]
        channel = self.rng.choice([ReceiptChannel.IN_PERSON] * 3 + [ReceiptChannel.MAIL])
        submitted = plan.received - dt.timedelta(days=2 if channel == ReceiptChannel.MAIL else 0)
        app = services.Application(
            applicant_name=self._name(plan.applicant_type),
            applicant_type=plan.applicant_type,
            respondent=respondent,
            act=ACTS[category],
            category=category,
            receipt_channel=channel,
            submitted_on=submitted,
            received_on=plan.received,
            applicant_phone=self._phone(),
            **self._identity(plan.applicant_type),
        )
        return services.receive(
            self.staff, Channel.CLI, organ=self.units["government"], unit=self.units["sfj"], app=app
        )
