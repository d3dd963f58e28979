"""弥勒市's 调解 of 2020 and 2021, made through the service functions.

The bodies: every town's 人民调解委员会, some village committees, two 行业性专业性 committees,
the 调解室 at the court and at the traffic police (人民调解+司法确认), and six agencies doing
行政调解. A few dozen cases go step by step (受理 → 开始调解 → 协议 → 司法确认); the thousands
of the ledger go through `record_concluded_cases`, checked by the same transitions. 2021 comes
out as the seed states it (人民调解 2163 件, 成功 2097; 行政调解 2612 件, 成功 2601) because the
cases are arranged so, not because a number is written.
"""

import contextlib
import datetime as dt
import random

from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.calendar import CalendarYearUnknown, get_calendar
from fazhi.core.workflow import Refusal
from fazhi.demo import city

from . import services
from .models import AgreementForm, BodyKind, ConfirmationResult, DisputeType, Origin, Status

# (people: cases, successes, refusals), (admin: ...) per year; the rest of the failures are
# 调解不成. 2021 is the seed's (六.2); 2020 is made up, a little lower.
TOTALS = {
    2020: ((1986, 1911, 12), (2473, 2459, 3)),
    2021: ((2163, 2097, 14), (2612, 2601, 2)),
}
STEPWISE = 24  # of each year's 人民调解, the cases made one step at a time
CHUNK = 500
STEPS = 3 + sum(-(-(p[0] + a[0]) // CHUNK) for p, a in TOTALS.values())

VILLAGES = {
    "532504001": ["髯翁社区", "太平社区"],
    "532504101": ["新哨村", "夸溪村"],
    "532504102": ["虹溪村", "矣维村"],
    "532504103": ["竹园村"],
    "532504104": ["朋普村", "黑鱼村"],
    "532504105": ["巡检司村"],
    "532504107": ["高甸村"],
    "532504110": ["东山村"],
}
AGENCIES = [  # (department, weight, dispute types)
    ("gaj", 40, [DisputeType.DAMAGES, DisputeType.NEIGHBOUR, DisputeType.OTHER]),
    ("scjgj", 25, [DisputeType.CONTRACT]),
    ("zrzyj", 8, [DisputeType.EXPROPRIATION, DisputeType.OTHER]),
    ("rsj", 15, [DisputeType.LABOUR]),
    ("nyncj", 7, [DisputeType.LAND_CONTRACT]),
    ("wjj", 5, [DisputeType.MEDICAL]),
]
LOCAL_TYPES = [
    (DisputeType.FAMILY, 8),
    (DisputeType.NEIGHBOUR, 9),
    (DisputeType.DAMAGES, 4),
    (DisputeType.CONTRACT, 3),
    (DisputeType.LAND_CONTRACT, 4),
    (DisputeType.EXPROPRIATION, 1),
    (DisputeType.OTHER, 2),
]
AGREEMENTS = {
    DisputeType.FAMILY: "双方同意互谅互让，按约定分担赡养费用",
    DisputeType.NEIGHBOUR: "双方按现状划定界线，一方拆除越界围墙",
    DisputeType.DAMAGES: "一方一次性赔偿对方医疗费及误工费",
    DisputeType.CONTRACT: "经营者退还货款并赔偿损失",
    DisputeType.LABOUR: "用人单位于十日内支付拖欠工资",
    DisputeType.LAND_CONTRACT: "按原承包合同确认地块界址",
    DisputeType.TRAFFIC: "肇事方及保险公司按责任比例赔偿损失",
    DisputeType.MEDICAL: "医疗机构一次性补偿患者",
    DisputeType.EXPROPRIATION: "按补偿方案足额支付补偿款",
    DisputeType.OTHER: "双方就争议事项达成和解",
}
SURNAMES = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗普者施"
GIVEN = "明华丽芳强军磊洋勇艳杰娟涛超秀英平刚桂兰文志红春"


def build(context: dict, progress=None) -> None:
    maker = _Maker(random.Random(2021), context, progress or (lambda n: None))
    maker.make_bodies()
    for year in sorted(TOTALS):
        maker.make_year(year)
    maker.make_current()


class _Maker:
    def __init__(self, rng, context, progress):
        self.rng, self.progress = rng, progress
        self.units, self.users = context["units"], context["users"]
        self.actor = self.users["coordinator"]
        self.cal = get_calendar()
        self.people: list[tuple] = []  # (body, weight, dispute types)
        self.admin: list[tuple] = []
        self.mediators: dict[int, list] = {}

    # --- bodies -------------------------------------------------------------------------------

    def make_bodies(self):
        units = self.units
        for code, _name, short in city.TOWNS:
            body = self._body(f"{code}-tw", f"{short}人民调解委员会", BodyKind.TOWN, units[code])
            self.people.append((body, 90, LOCAL_TYPES))
            for village in VILLAGES.get(code, []):
                body = self._body(
                    f"{code}-{village}", f"{village}人民调解委员会", BodyKind.VILLAGE, units[code]
                )
                self.people.append((body, 14, LOCAL_TYPES))
        justice = units["sfj"]
        for code, name, kind_, types, weight in [
            ("yl", "弥勒市医疗纠纷人民调解委员会", BodyKind.PROFESSIONAL, DisputeType.MEDICAL, 40),
            ("ld", "弥勒市劳动争议人民调解委员会", BodyKind.PROFESSIONAL, DisputeType.LABOUR, 60),
        ]:
            body = self._body(f"532504-sfj-{code}", name, kind_, justice)
            self.people.append((body, weight, [(types, 1)]))
        court = self._body(
            "532504-fy-tjs", "弥勒市人民法院人民调解工作室", BodyKind.COURT_ROOM, units["fy"]
        )
        self.people.append(
            (
                court,
                170,
                [(DisputeType.CONTRACT, 3), (DisputeType.DAMAGES, 2), (DisputeType.FAMILY, 2)],
            )
        )
        self.traffic = self._body(
            "532504-gaj-jttjs",
            "弥勒市道路交通事故纠纷人民调解工作室",
            BodyKind.TRAFFIC_ROOM,
            units["gaj"],
        )
        self.people.append((self.traffic, 430, [(DisputeType.TRAFFIC, 1)]))
        for dept, weight, types in AGENCIES:
            unit = units[dept]
            body = self._body(f"532504-{dept}-xztj", f"{unit.name}行政调解", BodyKind.AGENCY, unit)
            self.admin.append((body, weight, [(t, 1) for t in types]))
        self.progress(3)

    def _body(self, code, name, kind, unit):
        body = services.create_body(
            self.actor, Channel.CLI, code=code, name=name, kind=kind, unit=unit
        )
        self.mediators[body.pk] = [
            services.add_mediator(self.actor, Channel.CLI, body=body, name=self._name())
            for _ in range(self.rng.choice([1, 2, 3]))
        ]
        return body

    # --- a year's cases ---------------------------------------------------------------------

    def make_year(self, year: int):
        (people, people_ok, people_refused), (admin, admin_ok, admin_refused) = TOTALS[year]
        rows = self._rows(year, self.people, people, people_ok, people_refused)
        rows += self._rows(year, self.admin, admin, admin_ok, admin_refused)
        stepwise, ledger = rows[:STEPWISE], rows[STEPWISE:]
        for row in stepwise:
            self._step_by_step(row)
        for start in range(0, len(ledger), CHUNK):
            services.record_concluded_cases(self.actor, Channel.CLI, ledger[start : start + CHUNK])
            self.progress(1)

    def _rows(self, year, bodies, total, ok, refused) -> list[services.ConcludedCase]:
        outcomes = (
            [Status.SUCCEEDED] * ok
            + [Status.REFUSED] * refused
            + [Status.FAILED] * (total - ok - refused)
        )
        self.rng.shuffle(outcomes)
        days = self._workdays(year)
        chosen = self.rng.choices(bodies, [w for _, w, _ in bodies], k=total)
        rows = []
        for outcome, (body, _w, types) in zip(outcomes, chosen, strict=True):
            received = self.rng.choice(days)
            rows.append(self._row(body, types, received, outcome))
        rows.sort(key=lambda r: r.intake.received_on)
        return rows

    def _row(self, body, types, received, outcome) -> services.ConcludedCase:
        dispute = self.rng.choices([t for t, _ in types], [w for _, w in types])[0]
        closed = self.cal.next_workday(received + dt.timedelta(days=self.rng.randint(0, 20)))
        row = services.ConcludedCase(
            body=body,
            intake=services.Intake(
                dispute_type=dispute,
                parties=f"{self._name()}、{self._name()}",
                origin=self._origin(body),
                received_on=received,
                party_phone=self._phone(),
            ),
            outcome=outcome,
            closed_on=closed,
            mediator=self.rng.choice(self.mediators[body.pk]),
        )
        if outcome == Status.REFUSED:
            row.closed_on = received
        if outcome == Status.SUCCEEDED:
            written = body.kind != BodyKind.VILLAGE or self.rng.random() < 0.5
            row.agreement_form = AgreementForm.WRITTEN if written else AgreementForm.ORAL
            row.agreement_summary = AGREEMENTS[dispute]
            if body == self.traffic and self.rng.random() < 0.6:  # 人民调解+司法确认
                row.confirmation_applied_on = closed + dt.timedelta(days=self.rng.randint(1, 20))
                row.confirmation_court = "弥勒市人民法院"
                row.confirmation_result = ConfirmationResult.VALID
                row.confirmation_decided_on = row.confirmation_applied_on + dt.timedelta(
                    days=self.rng.randint(3, 12)
                )
        return row

    def _origin(self, body) -> str:
        if body.kind == BodyKind.COURT_ROOM:
            return Origin.COURT_ENTRUSTED
        if body.kind == BodyKind.TRAFFIC_ROOM:
            return self.rng.choice([Origin.TRANSFERRED, Origin.APPLICATION])
        return self.rng.choice([Origin.APPLICATION] * 3 + [Origin.OWN_INITIATIVE])

    def _step_by_step(self, row: services.ConcludedCase):
        """One case as a mediator would record it on the platform, step by step."""
        case = services.receive(self.actor, Channel.CLI, body=row.body, intake=row.intake)
        if row.outcome == Status.REFUSED:
            services.refuse(self.actor, Channel.CLI, case, on=row.closed_on)
            return
        case = services.start(
            self.actor, Channel.CLI, case, on=row.intake.received_on, mediator=row.mediator
        )
        if row.outcome == Status.FAILED:
            services.fail(self.actor, Channel.CLI, case, on=row.closed_on)
            return
        case = services.succeed(
            self.actor,
            Channel.CLI,
            case,
            on=row.closed_on,
            form=row.agreement_form,
            summary=row.agreement_summary,
        )
        if row.confirmation_applied_on:
            case = services.apply_confirmation(
                self.actor,
                Channel.CLI,
                case,
                on=row.confirmation_applied_on,
                court=row.confirmation_court,
            )
            services.record_confirmation(
                self.actor,
                Channel.CLI,
                case,
                on=row.confirmation_decided_on,
                result=row.confirmation_result,
            )

    def _workdays(self, year: int) -> list[dt.date]:
        day, days = dt.date(year, 1, 1), []
        while day.year == year:
            if self.cal.is_workday(day):
                days.append(day)
            day += dt.timedelta(days=1)
        return days

    # --- a few open cases of the last weeks ---------------------------------------------------

    def make_current(self):
        """Open cases, so the workbench shows live due dates; skipped when the calendar does not
        know the years involved (the coordinator has not entered them)."""
        today = timezone.localdate()
        entries = [self.people[0], self.traffic_entry(), self.admin[0], self.people[1]]
        for back, (body, _w, types) in zip((3, 12, 26, 40), entries, strict=True):
            with contextlib.suppress(CalendarYearUnknown, Refusal):
                received = today - dt.timedelta(days=back)
                row = self._row(body, types, received, Status.SUCCEEDED)
                case = services.receive(self.actor, Channel.CLI, body=body, intake=row.intake)
                if back > 10:
                    services.start(
                        self.actor, Channel.CLI, case, on=received, mediator=row.mediator
                    )

    def traffic_entry(self):
        return next(entry for entry in self.people if entry[0] == self.traffic)

    def _name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice([1, 2])))

    def _phone(self) -> str:
        return (
            "1" + self.rng.choice("3578") + "".join(self.rng.choice("0123456789") for _ in range(9))
        )


# --- a county of the demo prefecture (fazhi.demo.prefecture) --------------------------------------


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A year of one county's 调解: each town's 人民调解委员会 and six agencies' 行政调解 (those of
    the city's that the county has), with 弥勒市's 2021 volumes and success rates times `scale`;
    a few cases step by step, the rest as the ledger through `record_concluded_cases`, as the
    city's."""
    maker = _Maker(rng, context, progress or (lambda n: None))
    maker.traffic = None  # no 交通事故调解室 (人民调解+司法确认) in the county's demo
    units, county = context["units"], context["county"]
    for code in context["towns"]:
        town = units[code]
        body = maker._body(f"{code}-tw", f"{town.short_name}人民调解委员会", BodyKind.TOWN, town)
        maker.people.append((body, 90, LOCAL_TYPES))
    for dept, weight, types in AGENCIES:
        unit = units[dept]
        code = f"{county.code}-{dept}-xztj"
        body = maker._body(code, f"{unit.name}行政调解", BodyKind.AGENCY, unit)
        maker.admin.append((body, weight, [(t, 1) for t in types]))
    (people, people_ok, people_refused), (admin, admin_ok, admin_refused) = TOTALS[2021]
    rows = maker._rows(year, maker.people, *_scaled(scale, people, people_ok, people_refused))
    rows += maker._rows(year, maker.admin, *_scaled(scale, admin, admin_ok, admin_refused))
    rng.shuffle(rows)
    stepwise = max(1, round(STEPWISE * scale))
    stepwise, ledger = rows[:stepwise], rows[stepwise:]
    for row in stepwise:
        maker._step_by_step(row)
    ledger.sort(key=lambda r: r.intake.received_on)
    for start in range(0, len(ledger), CHUNK):
        services.record_concluded_cases(maker.actor, Channel.CLI, ledger[start : start + CHUNK])


def _scaled(scale: float, total: int, ok: int, refused: int) -> tuple[int, int, int]:
    """(cases, successes, refusals) times the scale, the successes and refusals rounded within."""
    cases = max(1, round(total * scale))
    ok = min(cases, round(ok * scale))
    return cases, ok, min(cases - ok, round(refused * scale))
