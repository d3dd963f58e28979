"""The 调解 figures, the roll-up to the prefecture, the demo against the seed, `fazhi tick`."""

import datetime as dt

from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.models import JobRun, Notice
from fazhi.disputes.mediation import jobs, services
from fazhi.disputes.mediation.models import BodyKind
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all, problems

from .factories import body, mediating, received, succeeded

D = dt.date
IDS = [
    "med.people.cases",
    "med.people.success",
    "med.people.success_rate",
    "med.admin.cases",
    "med.admin.success",
    "med.admin.success_rate",
]


def computed(scope, year):
    return compute_all(scope, Period.year(year), IDS)


def figures(scope, year):
    return {c.figure.id: c.result for c in computed(scope, year)}


def test_figures_count_cases_received_in_the_period(org, people):
    room = body(org)  # 人民调解 at 公安局
    committee = body(org, "miyang", BodyKind.TOWN)
    agency = body(org, "land", BodyKind.AGENCY)
    elsewhere = body(org, "kaiyuan_justice", BodyKind.TOWN)
    succeeded(room)
    succeeded(committee, received_on=D(2021, 12, 30), on=D(2022, 1, 4))  # counted by receipt
    services.fail(people["coordinator"], Channel.WEB, mediating(room), on=D(2021, 9, 10))
    services.refuse(people["coordinator"], Channel.WEB, received(committee), on=D(2021, 9, 3))
    received(room)  # still open: a case, not a success
    succeeded(room, received_on=D(2020, 12, 28), on=D(2021, 1, 5))  # 2020's
    succeeded(agency)
    succeeded(agency)
    services.fail(people["coordinator"], Channel.WEB, mediating(agency), on=D(2021, 9, 10))
    succeeded(elsewhere)  # 开远
    got = figures(org["mile"], 2021)
    assert {k: got[k].value for k in IDS if "rate" not in k} == {
        "med.people.cases": 5,
        "med.people.success": 2,
        "med.admin.cases": 3,
        "med.admin.success": 2,
    }
    people_rate, admin_rate = got["med.people.success_rate"], got["med.admin.success_rate"]
    assert (str(people_rate.value), people_rate.numerator, people_rate.denominator) == (
        "40.00",
        2,
        5,
    )
    assert str(admin_rate.value) == "66.67"
    assert got["med.people.cases"].records.count() == 5
    prefecture = figures(org["prefecture"], 2021)
    assert prefecture["med.people.cases"].value == 6  # 弥勒 5 + 开远 1
    assert figures(org["mile"], 2020)["med.people.cases"].value == 1
    assert not [p for p in problems(computed(org["mile"], 2021)) if p["check"].startswith("med")]


def test_tick_reminds_once_per_due_date(org, people):
    case = received(body(org))
    run = JobRun.objects.create(name="tick", started_at=timezone.now())
    assert jobs.remind_overdue(run) == 1
    assert jobs.remind_overdue(run) == 0
    assert Notice.objects.filter(unit=case.unit).count() == 1


SEED = {
    "med.people.cases": 2163,
    "med.people.success": 2097,
    "med.admin.cases": 2612,
    "med.admin.success": 2601,
}


def _check_seed(government):
    got = figures(government, 2021)
    assert {k: got[k].value for k in SEED} == SEED
    assert str(got["med.people.success_rate"].value) == "96.95"
    assert str(got["med.admin.success_rate"].value) == "99.58"


def test_mediation_demo_alone_matches_the_seed(db):
    from fazhi.demo import build
    from fazhi.disputes.mediation import demo

    units = build.build_org()
    context = {"units": units, "users": {u.username: u for u in build.build_users(units)}}
    steps = []
    demo.build(context, steps.append)  # its time is bench's to measure, not a test's
    assert sum(steps) == demo.STEPS
    _check_seed(units["government"])
