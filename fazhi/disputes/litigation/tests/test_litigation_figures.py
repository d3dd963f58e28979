"""The 行政应诉 figures, their denominator setting, the roll-up, and the demo against the seed."""

import datetime as dt
from decimal import Decimal

from fazhi.core.audit import Channel
from fazhi.disputes.litigation import services
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all, problems

from .factories import decided, heard, lawsuit

D = dt.date
IDS = (
    "lit.gov_defendant",
    "lit.total",
    "lit.head_appearances",
    "lit.head_appearance_rate",
    "lit.loss_rate",
)


def figures(scope, year):
    return {c.figure.id: c.result for c in compute_all(scope, Period.year(year), list(IDS))}


def values(scope, year):
    return {k: v.value for k, v in figures(scope, year).items()}


def _cases(org, people):
    staff, justice = people["police_staff"], people["coordinator"]
    # Against the government itself, registered by the 司法局's coordinator and handled by the
    # 司法局; the 副市长 appeared.
    decided(
        org,
        justice,
        defendant=org["mile"],
        unit=org["justice"],
        number="(2021)云25行初1号",
        court="红河哈尼族彝族自治州中级人民法院",
        result="revoked",
    )
    # A department, the head excused; a stand-in appeared.
    decided(org, staff, number="(2021)云2504行初1号", head=False)
    # A town, not heard: withdrawn before the hearing.
    case = lawsuit(
        org, people["coordinator"], defendant=org["miyang"], number="(2021)云2504行初2号"
    )
    services.decide(people["coordinator"], Channel.WEB, case, on=D(2021, 9, 30), result="withdrawn")
    # Received in 2020, heard in 2021: counts in 2020.
    heard(
        org,
        staff,
        number="(2020)云2504行初9号",
        copy_received_on=D(2020, 12, 20),
        on=D(2021, 1, 20),
    )
    # Another county: never counted in 弥勒.
    lawsuit(
        org,
        people["kaiyuan_staff"],
        defendant=org["kaiyuan_justice"],
        number="(2021)云2502行初1号",
        court="开远市人民法院",
    )


def test_figures_count_records_by_their_dates(org, people, settings):
    _cases(org, people)
    assert values(org["mile"], 2021) == {
        "lit.gov_defendant": 1,
        "lit.total": 3,
        "lit.head_appearances": 1,
        "lit.head_appearance_rate": Decimal("33.33"),
        "lit.loss_rate": Decimal("33.33"),  # 1 败诉 of 3 decided
    }
    got = figures(org["mile"], 2021)
    assert (
        got["lit.head_appearance_rate"].numerator,
        got["lit.head_appearance_rate"].denominator,
    ) == (1, 3)
    assert values(org["mile"], 2020)["lit.total"] == 1
    assert values(org["mile"], 2020)["lit.head_appearances"] == 1
    settings.FAZHI_LITIGATION_APPEARANCE_DENOMINATOR = "heard_cases"
    assert values(org["mile"], 2021)["lit.head_appearance_rate"] == 50  # the withdrawn one is out
    assert values(org["prefecture"], 2021)["lit.total"] == 4  # 弥勒 3 + 开远 1
    assert values(org["prefecture"], 2021)["lit.gov_defendant"] == 0
    computed = compute_all(org["mile"], Period.year(2021), list(IDS))
    assert not [p for p in problems(computed) if "lit." in str(p)]


SEED = {
    "lit.gov_defendant": 5,
    "lit.total": 20,
    "lit.head_appearances": 19,
    "lit.head_appearance_rate": 95,
}


def test_litigation_demo_alone_reproduces_the_seed_figures(db):
    from fazhi.demo import build
    from fazhi.disputes.litigation import demo

    units = build.build_org()
    context = {"units": units, "users": {u.username: u for u in build.build_users(units)}}
    demo.build(context)
    got = values(units["government"], 2021)
    assert {k: got[k] for k in SEED} == SEED
    assert got["lit.loss_rate"] is not None


def test_tick_reminds_answers_due_once(org, people):
    import io

    from django.core.management import call_command

    from fazhi.core.models import Notice

    owed = lawsuit(org, people["police_staff"], number="(2021)云2504行初50号")
    answered = lawsuit(org, people["police_staff"], number="(2021)云2504行初51号")
    services.answer(people["police_staff"], Channel.WEB, answered, on=D(2021, 9, 20))
    call_command("tick", stdout=io.StringIO())
    assert Notice.objects.filter(link=owed.get_absolute_url()).count() == 1
    assert not Notice.objects.filter(link=answered.get_absolute_url()).exists()
    call_command("tick", stdout=io.StringIO())
    assert Notice.objects.filter(link=owed.get_absolute_url()).count() == 1


def test_workbench_lists_open_lawsuits_by_due_date(org, people):
    from fazhi.core import workbench

    case = lawsuit(org, people["police_staff"], number="(2021)云2504行初60号")
    items = dict((s.key, rows) for s, rows in workbench.items_for(people["police_staff"]))
    assert [(i.record_id, i.due_on) for i in items["litigation"]] == [(case.pk, case.next_due_on)]
    assert (
        dict((s.key, rows) for s, rows in workbench.items_for(people["land_staff"]))["litigation"]
        == []
    )
