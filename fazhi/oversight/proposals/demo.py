"""弥勒市's 建议提案 of 2020 and 2021, made through the service functions.

2021: 207 人大代表建议 and 119 政协委员提案, 交办 to 25 municipal departments and 7 towns (as 主办
or 协办), all answered and closed by 30 September — a few after a 不满意 rating and 重新办理, one
after an approved extension to six months, and a few pairs handled together (并案). The seed's
counts come out because the records are arranged so, not because a number is written; its total
(325) is not reproduced, since 207 + 119 = 326 (see metrics.py).

Each step is taken by whoever the transition table names: the 市政府办 (the city's 建议提案交办机构)
registers, 交办, merges, approves the extension and records the 代表's and 委员's ratings; the
handling is done for the 主办 units by the coordinator, who acts for every unit of the city.
"""

import contextlib
import datetime as dt
import random

from django.utils import timezone

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.calendar import CalendarYearUnknown, get_calendar
from fazhi.core.models import Role, UnitKind, User
from fazhi.core.services import create_user
from fazhi.core.workflow import Refusal

from . import services
from .models import Category, Satisfaction, Source
from .steps import OFFICE

NPC_2021, CPPCC_2021 = 207, 119
NPC_2020, CPPCC_2020 = 18, 12
STEPS = NPC_2021 + CPPCC_2021 + NPC_2020 + CPPCC_2020 + 1

# 25 of the city's departments and 7 of its towns are involved in 2021.
NOT_INVOLVED = {"ggzyj", "gzw", "nyj", "mzzjj", "xczxj", "tjj", "sjj"}
TOWNS = ["532504001", "532504101", "532504102", "532504103", "532504104", "532504105", "532504107"]
TOPICS = [
    "关于加快{}农村公路提质改造的建议",
    "关于加强{}饮用水源地保护的建议",
    "关于完善{}城乡医疗服务网络的建议",
    "关于推进{}乡村旅游发展的建议",
    "关于改善{}中小学办学条件的建议",
    "关于规范{}农贸市场管理的建议",
    "关于加强{}森林防火工作的建议",
    "关于支持{}特色农业产业发展的建议",
]
PLACES = [
    "弥阳",
    "新哨",
    "虹溪",
    "竹园",
    "朋普",
    "巡检司",
    "西一",
    "西二",
    "西三",
    "东山",
    "五山",
    "江边",
]
SURNAMES = "李王张刘陈杨赵黄周吴徐孙普者施何"
GIVEN = "明华丽芳强军磊洋勇艳杰娟涛超秀英平刚桂兰"
CATEGORIES = [Category.A] * 6 + [Category.B] * 3 + [Category.C]
SESSIONS = {Source.NPC: "市人民代表大会{}年会议", Source.CPPCC: "市政协{}年会议"}


def build(context: dict, progress=None) -> None:
    duties.assign(None, Channel.CLI, context["units"]["zfb"], OFFICE)  # 建议提案交办机构
    maker = _Maker(context, progress or (lambda n: None))
    maker.year(2020, NPC_2020, CPPCC_2020, received=(dt.date(2020, 1, 14), dt.date(2020, 1, 13)))
    maker.year(2021, NPC_2021, CPPCC_2021, received=(dt.date(2021, 1, 19), dt.date(2021, 1, 18)))
    with contextlib.suppress(CalendarYearUnknown, Refusal):
        maker.current()
    maker.progress(1)


class _Maker:
    sessions = SESSIONS

    def __init__(self, context, progress):
        self.rng = random.Random(2021)
        self.units, self.users, self.progress = context["units"], context["users"], progress
        self.government, self.office = self.units["government"], self.units["zfb"]
        # The office (政府办督查室) and the 主办 units' side (the coordinator acts for every unit).
        self.office_staff, self.staff = self.users["duchashi"], self.users["coordinator"]
        self.cal = get_calendar()
        from fazhi.demo.city import DEPARTMENTS

        self.departments = [self.units[c] for c, _, _ in DEPARTMENTS if c not in NOT_INVOLVED]
        self.towns = [self.units[c] for c in TOWNS]

    def year(
        self, year: int, npc: int, cppcc: int, received: tuple[dt.date, dt.date], assigned=None
    ):
        assigned_on = self.cal.next_workday(assigned or dt.date(year, 3, 2))
        made = []
        for source, count, on in (
            (Source.NPC, npc, received[0]),
            (Source.CPPCC, cppcc, received[1]),
        ):
            made += [self._receive(source, year, n, on) for n in range(1, count + 1)]
        for i, p in enumerate(made):
            lead, co = self._units_for(i)
            made[i] = services.assign(
                self.office_staff, Channel.CLI, p, on=assigned_on, unit=lead, co_units=co
            )
        merged = self._merge_pairs(made, assigned_on)
        for i, p in enumerate(made):
            if p.pk not in merged:
                self._handle(p, i, year)
            self.progress(1)

    def _receive(self, source, year, n, on):
        place = self._place()
        return services.receive(
            self.office_staff,
            Channel.CLI,
            government=self.government,
            office=self.office,
            source=source,
            year=year,
            session=self.sessions[source].format(year),
            number=str(n),
            title=self.rng.choice(TOPICS).format(place),
            proposers=self._names(),
            received_on=on,
        )

    def _place(self) -> str:
        place = self.rng.choice(PLACES)
        return place + ("镇" if place != "弥阳" else "街道")

    def _units_for(self, i: int):
        """Departments lead most proposals, towns every ninth; every fifth has a 协办 unit."""
        if i % 9 == 4:
            lead = self.towns[(i // 9) % len(self.towns)]
        else:
            lead = self.departments[i % len(self.departments)]
        co = []
        if i % 5 == 2:
            pool = self.towns if i % 2 else self.departments
            other = pool[(i * 7) % len(pool)]
            co = [other] if other != lead else []
        return lead, co

    def _merge_pairs(self, made, on) -> set[int]:
        """并案: pairs of proposals on the same matter (three in 2021, one in 2020)."""
        merged = set()
        for lead_index in (10, 40, 70)[: len(made) // 30]:
            lead, member = made[lead_index], made[lead_index + 1]
            services.merge(self.office_staff, Channel.CLI, lead, on=on, members=[member])
            merged.add(member.pk)
        return merged

    def _handle(self, p, i: int, year: int):
        cal, rng = self.cal, self.rng
        p = services.start_handling(
            self.staff, Channel.CLI, p, on=cal.add_workdays(p.assigned_on, rng.randint(1, 5))
        )
        if i == 25:  # 涉及面广、处理难度大: six months, approved by the 交办机关 itself
            p = services.extend(
                self.office_staff,
                Channel.CLI,
                p,
                on=cal.add_workdays(p.assigned_on, 30),
                reason="涉及多个部门和乡镇，需统筹规划资金",
            )
            answered = cal.next_workday(dt.date(year, 7, 20))
        else:
            answered = cal.add_workdays(p.assigned_on, rng.randint(20, 55))
        p = services.answer(
            self.staff,
            Channel.CLI,
            p,
            on=answered,
            category=rng.choice(CATEGORIES),
            summary="已研究办理，并与提出人当面沟通。",
        )
        rated = cal.add_workdays(answered, rng.randint(5, 15))
        if i % 50 == 7:  # a few are rated 不满意 and handled again
            p = services.rate(
                self.office_staff, Channel.CLI, p, on=rated, satisfaction=Satisfaction.UNSATISFIED
            )
            answered = cal.add_workdays(rated, rng.randint(8, 18))
            p = services.answer(
                self.staff,
                Channel.CLI,
                p,
                on=answered,
                category=Category.B,
                summary="重新办理，已列入年度计划并明确完成时限。",
            )
            rated = cal.add_workdays(answered, rng.randint(5, 10))
        satisfaction = Satisfaction.SATISFIED if rng.random() < 0.8 else Satisfaction.BASICALLY
        services.rate(self.office_staff, Channel.CLI, p, on=rated, satisfaction=satisfaction)
        for member in p.merged.all():  # a merged member's proposer rates the joint answer
            services.rate(
                self.office_staff,
                Channel.CLI,
                member,
                on=rated,
                satisfaction=Satisfaction.SATISFIED,
            )

    def current(self):
        """Two proposals of the last months, one waiting to be 交办 and one handling, so the
        workbench shows a live due date. Skipped when the calendar does not know the year."""
        today = timezone.localdate()
        on = self.cal.next_workday(today - dt.timedelta(days=40))
        if on > today:
            return
        p = self._receive(Source.NPC, today.year, 9001, on)
        services.assign(self.office_staff, Channel.CLI, p, on=on, unit=self.departments[0])
        self._receive(Source.CPPCC, today.year, 9002, on)

    def _names(self) -> str:
        count = self.rng.choice([1, 1, 1, 2, 3])
        names = [
            self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice([1, 2])))
            for _ in range(count)
        ]
        return "、".join(names)


# --- a county of the demo prefecture (fazhi.demo.prefecture) --------------------------------------


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A year of one county's 建议提案: 弥勒市's 2021 volumes (207 建议, 119 提案) times `scale`,
    received at the county's 两会 in January, 交办 in late February or March to its departments
    and towns, answered, rated and closed within the year through the city's maker — 并案,
    延期 and 不满意 rounds included once there are enough. The county's 政府办 is given the
    office duty (建议提案交办机构), and a 督查室 account of its own takes the office's steps."""
    duties.assign(None, Channel.CLI, context["units"]["zfb"], OFFICE)
    maker = _CountyMaker(rng, context, progress or (lambda n: None))
    cal = maker.cal
    npc, cppcc = max(1, round(NPC_2021 * scale)), max(1, round(CPPCC_2021 * scale))
    npc_session = cal.next_workday(dt.date(year, 1, 8) + dt.timedelta(days=rng.randrange(18)))
    cppcc_session = cal.next_workday(npc_session - dt.timedelta(days=rng.choice([1, 2])))
    assigned = dt.date(year, 2, 22) + dt.timedelta(days=rng.randrange(21))
    maker.year(year, npc, cppcc, received=(npc_session, cppcc_session), assigned=assigned)


class _CountyMaker(_Maker):
    """The city's maker with the county's units: its 政府办 registers and 交办 to its departments
    (the 司法局 among them) and towns, the county's coordinator handles for them."""

    def __init__(self, rng, context, progress):
        self.rng, self.units, self.progress = rng, context["units"], progress
        self.government, self.office = self.units["government"], self.units["zfb"]
        county = context["county"]
        self.office_staff = _office_staff(county, self.office)
        self.staff = context["users"]["coordinator"]
        self.cal = get_calendar()
        self.departments = [
            u for key, u in self.units.items() if u.kind == UnitKind.DEPARTMENT and key != "zfb"
        ]
        self.towns = [self.units[code] for code in context["towns"]]
        self.sessions = {
            Source.NPC: f"{county.name}人民代表大会{{}}年会议",
            Source.CPPCC: f"政协{county.name}委员会{{}}年会议",
        }

    def _place(self) -> str:
        return self.rng.choice(self.towns).short_name


def _office_staff(county, office) -> User:
    """The county 政府办督查室's account (<pinyin>-duchashi), which consents to extensions as the
    city's does; made once."""
    username = f"{county.login}-duchashi"
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    from fazhi.demo.city import DEMO_PASSWORD

    return create_user(
        None,
        Channel.CLI,
        username=username,
        password=DEMO_PASSWORD,
        unit=office,
        role=Role.STAFF,
        full_name=f"{county.short}督查",
        can_approve_extension=True,
    )
