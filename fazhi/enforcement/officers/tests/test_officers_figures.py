"""The figures of parts 三 and 四 on a small built dataset: departments with a team at the year's
end, officers in post at the year's end, the 持证率, exam takers (缺考 and 作废 batches not
counted) and training attendees; each table counted in one statement, scoped to the subtree."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.audit import Channel
from fazhi.enforcement.officers import services
from fazhi.enforcement.officers.models import Certificate, Officer
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all

from .factories import certificate, exam, officer, team, training

pytestmark = pytest.mark.django_db
D = dt.date
IDS = [
    "enf.teams",
    "enf.officers.registered",
    "enf.certified_rate",
    "enf.exam.batches",
    "enf.exam.takers",
    "enf.trainings",
    "enf.training.attendees",
]


def _figures(scope, year=2021):
    computed = compute_all(scope, Period.year(year), IDS)
    return {c.figure.id: c.result.value for c in computed}


@pytest.fixture
def dataset(org, people):
    coordinator, staff = people["coordinator"], people["police_staff"]
    team(staff, established_on=D(2020, 5, 1))
    team(staff, name="第二大队", established_on=D(2021, 3, 1))  # the same department: once
    late = team(people["land_staff"], established_on=D(2021, 3, 1))
    services.revoke_team(
        people["land_staff"], Channel.WEB, late, on=D(2021, 10, 1), reason="机构改革"
    )
    team(coordinator, unit=org["justice"], established_on=D(2022, 1, 5))  # after 2021
    team(people["kaiyuan_staff"], established_on=D(2020, 1, 1))  # another county
    holders = [officer(staff, name=f"执法员{i}", registered_on=D(2020, 1, 1)) for i in range(4)]
    for holder in holders[:3]:
        certificate(coordinator, holder, issued_on=D(2020, 2, 1))
    # the fourth holds none; one more left in 2021; one registered in 2022
    left = officer(staff, name="调离者", registered_on=D(2020, 1, 1))
    certificate(coordinator, left, issued_on=D(2020, 2, 1))
    services.transfer(staff, Channel.WEB, left, on=D(2021, 6, 1))
    officer(staff, name="新人", registered_on=D(2022, 2, 1))
    # a card suspended in 2021 does not count at the year's end
    services.suspend(
        coordinator, Channel.WEB, holders[2].certificates.get(), on=D(2021, 11, 1), reason="违纪"
    )
    exam(coordinator, held_on=D(2021, 5, 1), scores=(80, 70, None))
    voided = exam(coordinator, held_on=D(2021, 6, 1), scores=(90,))
    services.void_exam(coordinator, Channel.WEB, voided, on=D(2021, 6, 2), reason="重复")
    exam(coordinator, held_on=D(2020, 6, 1), scores=(90,))
    training(coordinator, held_on=D(2021, 7, 2), headcount=40)
    training(
        coordinator,
        held_on=D(2021, 9, 1),
        attendees=[services.Attendee(unit=org["police"], name="张三", role="officer")],
    )
    return org


def test_the_figures_on_a_small_dataset(dataset):
    figures = _figures(dataset["mile"])
    assert figures["enf.teams"] == 1
    assert figures["enf.officers.registered"] == 4
    assert figures["enf.certified_rate"] == Decimal("50.00")  # 2 of the 4 in post
    assert figures["enf.exam.batches"] == 1 and figures["enf.exam.takers"] == 2
    assert figures["enf.trainings"] == 2 and figures["enf.training.attendees"] == 41
    assert Officer.objects.count() == 6 and Certificate.objects.count() == 4


def test_the_scope_is_the_subtree(dataset):
    assert _figures(dataset["kaiyuan"])["enf.teams"] == 1
    assert _figures(dataset["land"])["enf.officers.registered"] == 0
    assert _figures(dataset["mile"], 2022)["enf.teams"] == 2  # 公安局 and 司法局


def test_each_table_is_counted_in_one_statement(dataset):
    with CaptureQueriesContext(connection) as queries:
        _figures(dataset["mile"])
    # the scope's unit ids, and one aggregate per table (units, officers, exam entries,
    # exam batches, trainings ×2 tables) — not one per figure, never one per row
    assert len(queries.captured_queries) <= 8, [q["sql"][:80] for q in queries.captured_queries]
