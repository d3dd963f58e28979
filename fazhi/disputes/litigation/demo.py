"""弥勒市's 行政诉讼 (应诉) cases of 2020 and 2021 (and two open ones of today), made through the
service functions. The 2021 figures come out as the seed states them (全市行政诉讼案件20件, 市政府为
被告5件, 负责人出庭应诉19件, 出庭率95%) because the cases are arranged so: 16 一审 received in 2021
(5 against the 市政府; one against the 公安局 appealed into a 2021 二审), plus three 二审 whose
copies of the appeal arrived in January 2021 from December 2020 judgments. In one 2021 case the
局长 had a lawful excuse (CT art. 8) and a staff member appeared instead (行政诉讼法 art. 3 ¶3;
行诉解释 art. 128 ¶2; who counts as 相应的工作人员: CT art. 10, 行诉解释 art. 130).
"""

import contextlib
import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.calendar import CalendarYearUnknown, get_calendar
from fazhi.core.validators import make_id_number
from fazhi.core.workflow import Refusal

from . import services
from .models import Appellant, Excuse, HeadRank, Instance, PlaintiffType, Result

GOVERNMENT = "government"
COURTS = {  # 行政诉讼法 art. 15 (1): suits against a county government go to the 中级法院
    (GOVERNMENT, Instance.FIRST): ("红河哈尼族彝族自治州中级人民法院", "云25行初"),
    (GOVERNMENT, Instance.SECOND): ("云南省高级人民法院", "云行终"),
    ("unit", Instance.FIRST): ("弥勒市人民法院", "云2504行初"),
    ("unit", Instance.SECOND): ("红河哈尼族彝族自治州中级人民法院", "云25行终"),
}
CAUSES = {
    GOVERNMENT: ["土地征收补偿安置决定", "房屋征收决定", "政府信息公开答复", "行政复议决定"],
    "zrzyj": ["土地行政处罚", "不动产登记"],
    "gaj": ["治安管理处罚", "道路交通管理行政处罚"],
    "scjgj": ["市场监管行政处罚"],
    "rsj": ["工伤认定"],
    "cgj": ["限期拆除违法建筑决定"],
    "zjj": ["房屋征收补偿"],
    "532504101": ["土地承包经营权纠纷处理决定"],
    "532504104": ["强制拆除行为"],
}
HEADS = {
    GOVERNMENT: ("杨志远", "副市长", HeadRank.DEPUTY),
    "zrzyj": ("普建华", "局长", HeadRank.PRINCIPAL),
    "gaj": ("何振东", "副局长", HeadRank.DEPUTY),
    "scjgj": ("罗文斌", "副局长", HeadRank.DEPUTY_LEVEL_IN_CHARGE),
    "rsj": ("施丽萍", "局长", HeadRank.PRINCIPAL),
    "cgj": ("马永刚", "局长", HeadRank.PRINCIPAL),
    "zjj": ("郭春林", "党组成员、副局长", HeadRank.OTHER_IN_CHARGE),
    "532504101": ("者光明", "镇长", HeadRank.PRINCIPAL),
    "532504104": ("朱海燕", "副镇长", HeadRank.DEPUTY),
}
OWN_STAFF = {"gaj": "police", "scjgj": "market"}  # demo accounts (fazhi.demo.city.USERS)
SURNAMES = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗普者施"
GIVEN = "明华丽芳强军磊洋勇艳杰娟涛超秀英平刚桂兰文志红春"
FIRMS = ["弥勒{}商贸有限公司", "弥勒市{}建材有限公司", "红河{}农业开发有限公司"]


@dataclass
class Plan:
    received: dt.date
    defendant: str
    result: str = Result.DISMISSED_CLAIMS
    head: bool = True
    hearings: int = 1
    appeal: bool = False
    second_result: str = Result.UPHELD
    plaintiff_type: str = PlaintiffType.NATURAL_PERSON


def _plans_2020() -> list[Plan]:
    """Ten 一审 of 2020 (two against the 市政府); three judgments of December are appealed and
    their 二审 copies arrive in January 2021."""
    d = dt.date
    return [
        Plan(d(2020, 3, 9), GOVERNMENT),
        Plan(d(2020, 4, 14), "gaj", head=False),
        Plan(d(2020, 5, 11), "zrzyj", Result.REVOKED),
        Plan(d(2020, 6, 8), "scjgj", plaintiff_type=PlaintiffType.PRIVATE_ENTERPRISE),
        Plan(d(2020, 7, 6), GOVERNMENT, Result.WITHDRAWN),
        Plan(d(2020, 8, 17), "cgj", head=False),
        Plan(d(2020, 9, 14), "rsj", Result.CONFIRMED_ILLEGAL),
        Plan(d(2020, 10, 19), "zrzyj", appeal=True),
        Plan(d(2020, 10, 26), "gaj", appeal=True, second_result=Result.REVOKED),
        Plan(d(2020, 11, 2), "532504104", appeal=True),
    ]


def _plans_2021() -> list[Plan]:
    """Sixteen 一审 of 2021, five against the 市政府, one appealed (its 二审 also in 2021); in
    one (the 9-28 one, answered across 国庆) the 局长 could not appear."""
    d = dt.date
    return [
        Plan(d(2021, 1, 18), GOVERNMENT, hearings=2),
        Plan(d(2021, 2, 22), "gaj", appeal=True),
        Plan(d(2021, 3, 15), "zrzyj", Result.CONFIRMED_ILLEGAL),
        Plan(d(2021, 3, 29), GOVERNMENT),
        Plan(d(2021, 4, 19), "scjgj", plaintiff_type=PlaintiffType.PRIVATE_ENTERPRISE),
        Plan(d(2021, 5, 10), "cgj"),
        Plan(d(2021, 5, 24), "532504101", Result.WITHDRAWN),
        Plan(d(2021, 6, 7), GOVERNMENT),
        Plan(d(2021, 6, 21), "rsj"),
        Plan(d(2021, 7, 12), "zjj", Result.REVOKED),
        Plan(d(2021, 8, 9), GOVERNMENT, hearings=2),
        Plan(d(2021, 8, 30), "gaj"),
        Plan(d(2021, 9, 28), "zrzyj", head=False),
        Plan(d(2021, 10, 18), GOVERNMENT, plaintiff_type=PlaintiffType.OTHER_ORG),
        Plan(d(2021, 11, 8), "532504104"),
        Plan(d(2021, 12, 6), "scjgj", plaintiff_type=PlaintiffType.PRIVATE_ENTERPRISE),
    ]


STEPS = len(_plans_2020()) + len(_plans_2021()) + 1


def build(context: dict, progress=None) -> None:
    maker = _Maker(random.Random(2021), context["units"], context["users"])
    progress = progress or (lambda n: None)
    for plan in _plans_2020() + _plans_2021():
        maker.make(plan)
        progress(1)
    maker.make_current()
    progress(1)


class _Maker:
    def __init__(self, rng, units, users):
        self.rng, self.units, self.cal = rng, units, get_calendar()
        self.users, self.actor = users, users["coordinator"]
        self.seq: dict[tuple, int] = {}

    def _act_as(self, plan: Plan) -> None:
        """A department with a demo account keeps its own lawsuits through its 法制员; the
        coordinator (司法局) keeps the government's and the other units'."""
        username = OWN_STAFF.get(plan.defendant)
        self.actor = self.users.get(username) or self.users["coordinator"]

    def make(self, plan: Plan) -> None:
        self._act_as(plan)
        case = self._receive(plan, Instance.FIRST, plan.received)
        case = self._hear_and_decide(case, plan, plan.result)
        if plan.appeal:
            appealed_on = self.cal.next_workday(case.served_on + dt.timedelta(days=8))
            case = services.appeal(
                self.actor, Channel.CLI, case, on=appealed_on, by=Appellant.PLAINTIFF
            )
            copy_on = self.cal.next_workday(appealed_on + dt.timedelta(days=20))
            second = self._receive(plan, Instance.SECOND, copy_on, previous=case)
            self._hear_and_decide(second, plan, plan.second_result)
        elif case.appeal_due_on:
            services.close(
                self.actor, Channel.CLI, case, on=case.appeal_due_on + dt.timedelta(days=1)
            )

    def _receive(self, plan: Plan, instance, on, previous=None):
        kind = GOVERNMENT if plan.defendant == GOVERNMENT else "unit"
        court, mark = COURTS[(kind, instance)]
        key = (mark, on.year)
        self.seq[key] = self.seq.get(key, 0) + 1
        defendant = self.units[plan.defendant]
        return services.receive(
            self.actor,
            Channel.CLI,
            defendant=defendant,
            unit=self.units["sfj"] if kind == GOVERNMENT else defendant,
            number=f"({on.year}){mark}{self.seq[key]}号",
            court=court,
            cause=self.rng.choice(CAUSES[plan.defendant]),
            plaintiff_type=plan.plaintiff_type,
            plaintiff_name=previous.plaintiff_name if previous else self._name(plan),
            plaintiff_id_number=previous.plaintiff_id_number if previous else self._id(plan),
            copy_received_on=on,
            instance=instance,
            previous=previous,
        )

    def _hear_and_decide(self, case, plan: Plan, result):
        cal = self.cal
        answered = cal.next_workday(case.copy_received_on + dt.timedelta(days=10))
        if answered > case.answer_due_on:
            answered = case.answer_due_on
        case = services.answer(self.actor, Channel.CLI, case, on=answered)
        day = answered
        for i in range(plan.hearings):
            notice = cal.add_workdays(day, 5)
            hearing = cal.add_workdays(notice, 10)
            case = services.schedule_hearing(
                self.actor, Channel.CLI, case, on=notice, hearing_on=hearing
            )
            # With two hearings the 负责人 attends the last one (CT art. 7: once per instance).
            head = plan.head and i == plan.hearings - 1
            case = services.record_hearing(
                self.actor, Channel.CLI, case, on=hearing, **self._appearance(plan, head)
            )
            day = hearing
        decided = cal.add_workdays(day, 15)
        return services.decide(
            self.actor, Channel.CLI, case, on=decided, result=result, served_on=decided
        )

    def _appearance(self, plan: Plan, head: bool) -> dict:
        stand_in = {
            "stand_in_name": self.rng.choice(SURNAMES) + "法制",
            "stand_in_post": "法制股长",
        }
        if head:
            name, post, rank = HEADS[plan.defendant]
            return {
                "head_appeared": True,
                "head_name": name,
                "head_post": post,
                "head_rank": rank,
                "head_spoke_on_resolution": True,
                **stand_in,
            }
        return {
            "head_appeared": False,
            "excuse": Excuse.IRREPLACEABLE_DUTY,
            "excuse_note": "参加上级召开的安全生产紧急会议，证明材料经主要负责人签字",
            "lawyer_name": "云南弥勒律师事务所 王律师",
            **stand_in,
        }

    def make_current(self) -> None:
        """Two lawsuits of the last days, so the workbench shows a live answer due date; skipped
        when the calendar does not know the current year."""
        today = timezone.localdate()
        with contextlib.suppress(CalendarYearUnknown, Refusal):
            for back, defendant in ((3, GOVERNMENT), (9, "gaj")):
                plan = Plan(today - dt.timedelta(days=back), defendant)
                self._act_as(plan)
                case = self._receive(plan, Instance.FIRST, plan.received)
                if back > 5:
                    services.answer(self.actor, Channel.CLI, case, on=today - dt.timedelta(days=2))

    def _name(self, plan: Plan) -> str:
        if plan.plaintiff_type == PlaintiffType.NATURAL_PERSON:
            return self.rng.choice(SURNAMES) + "".join(
                self.rng.sample(GIVEN, self.rng.choice([1, 2]))
            )
        if plan.plaintiff_type == PlaintiffType.PRIVATE_ENTERPRISE:
            return self.rng.choice(FIRMS).format("".join(self.rng.sample("兴盛华源泰丰宏达鑫", 2)))
        return f"弥勒市{self.rng.choice('东西南北')}村村民委员会"

    def _id(self, plan: Plan) -> str:
        if plan.plaintiff_type != PlaintiffType.NATURAL_PERSON:
            return ""
        birth = dt.date(
            self.rng.randint(1955, 2000), self.rng.randint(1, 12), self.rng.randint(1, 28)
        )
        return make_id_number("532526", birth, self.rng.randint(1, 999))


# --- a county of the demo prefecture (fazhi.demo.prefecture) --------------------------------------

COUNTY_DEFENDANTS = [(GOVERNMENT, 5), ("gaj", 3), ("zrzyj", 3), ("scjgj", 2), ("rsj", 1)]
COUNTY_DEFENDANTS += [("cgj", 1), ("zjj", 1), ("town", 2)]
JUDGMENTS = (Result.DISMISSED_CLAIMS, Result.REVOKED, Result.CONFIRMED_ILLEGAL)
TOWN_CAUSES = ["土地承包经营权纠纷处理决定", "强制拆除行为"]
COUNTY_RESULTS = [
    (Result.DISMISSED_CLAIMS, 9),
    (Result.WITHDRAWN, 3),
    (Result.REVOKED, 2),
    (Result.CONFIRMED_ILLEGAL, 1),
    (Result.DISMISSED_SUIT, 1),
]


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A year of one county's 行政应诉: 弥勒市's 16 一审 of 2021 times `scale`, about a third
    against the county government (heard by the 州中院), the rest against its departments and
    towns (heard by the county's court); the 负责人 appears in about nine of ten, about one judgment
    in seven is appealed. Lawsuits that could not have ended by today are not made."""
    maker = _CountyMaker(rng, context)
    today = timezone.localdate()
    count = round(16 * scale)
    days = sorted(
        get_calendar().next_workday(dt.date(year, 1, 4) + dt.timedelta(days=rng.randrange(340)))
        for _ in range(count)
    )
    for day in days:
        if day + dt.timedelta(days=180) > today:
            continue
        defendant = rng.choices(
            [d for d, _ in COUNTY_DEFENDANTS], [w for _, w in COUNTY_DEFENDANTS]
        )
        defendant = rng.choice(context["towns"]) if defendant[0] == "town" else defendant[0]
        result = rng.choices([r for r, _ in COUNTY_RESULTS], [w for _, w in COUNTY_RESULTS])[0]
        plan = Plan(
            day,
            defendant,
            result,
            head=rng.random() < 0.9,
            hearings=rng.choice([1, 1, 1, 2]),
            # Only a judgment is appealed here (a 撤诉 ruling ends the case at once).
            appeal=result in JUDGMENTS and rng.random() < 0.15,
            plaintiff_type=rng.choice(
                [PlaintiffType.NATURAL_PERSON] * 5 + [PlaintiffType.PRIVATE_ENTERPRISE]
            ),
        )
        maker.make(plan)


class _CountyMaker(_Maker):
    """The city's maker with the county's courts, units and 负责人; its coordinator keeps them."""

    def __init__(self, rng, context):
        super().__init__(rng, context["units"], context["users"])
        county, government = context["county"], context["units"]["government"]
        court = f"{county.name}人民法院"
        mark = f"云{county.code[2:]}"
        self.courts = {
            (GOVERNMENT, Instance.FIRST): COURTS[(GOVERNMENT, Instance.FIRST)],
            (GOVERNMENT, Instance.SECOND): COURTS[(GOVERNMENT, Instance.SECOND)],
            ("unit", Instance.FIRST): (court, f"{mark}行初"),
            ("unit", Instance.SECOND): COURTS[("unit", Instance.SECOND)],
        }
        self.governor = "市" if government.name.endswith("市人民政府") else "县"

    def _receive(self, plan: Plan, instance, on, previous=None):
        from .models import Lawsuit

        kind = GOVERNMENT if plan.defendant == GOVERNMENT else "unit"
        court, mark = self.courts[(kind, instance)]
        # The 州中院's and the 省高院's numbers are shared with the other counties' lawsuits.
        prefix = f"({on.year}){mark}"
        taken = Lawsuit.objects.filter(court=court, number__startswith=prefix).count()
        defendant = self.units[plan.defendant]
        return services.receive(
            self.actor,
            Channel.CLI,
            defendant=defendant,
            unit=self.units["sfj"] if kind == GOVERNMENT else defendant,
            number=f"{prefix}{taken + 1}号",
            court=court,
            cause=self.rng.choice(CAUSES.get(plan.defendant, TOWN_CAUSES)),
            plaintiff_type=plan.plaintiff_type,
            plaintiff_name=previous.plaintiff_name if previous else self._name(plan),
            plaintiff_id_number=previous.plaintiff_id_number if previous else self._id(plan),
            copy_received_on=on,
            instance=instance,
            previous=previous,
        )

    def _appearance(self, plan: Plan, head: bool) -> dict:
        known = plan.defendant if plan.defendant in HEADS else GOVERNMENT
        found = super()._appearance(Plan(plan.received, known), head)
        if head:
            if plan.defendant == GOVERNMENT:
                found["head_post"], found["head_rank"] = f"副{self.governor}长", HeadRank.DEPUTY
            elif plan.defendant not in HEADS:  # a town
                found["head_post"], found["head_rank"] = "镇长", HeadRank.PRINCIPAL
            given = "".join(self.rng.sample(GIVEN, 2))
            found["head_name"] = self.rng.choice(SURNAMES) + given
        return found
