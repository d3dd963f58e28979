"""The demo city's 普法学法 (built alone, through the services, on the demo's org tree) gives the
seed's figures of parts 四.3 and 八.5 — leaflets as "20000余份" (the seed's value column holds the
approximation's floor) — and the 普法责任清单 shows the items no activity carried out."""

import csv
from pathlib import Path

import pytest

from fazhi.figures.registry import Display, Period, approx
from fazhi.figures.services import compute_all

SEED = Path(__file__).resolve().parents[3] / "demo" / "data" / "seed_figures.tsv"


@pytest.fixture
def city(db):
    from fazhi.demo.build import build_org, build_users
    from fazhi.enforcement.education import demo

    units = build_org()
    users = {u.username: u for u in build_users(units)}
    demo.build({"units": units, "users": users})
    return units, users


def test_the_demo_reproduces_the_seed(city):
    units, _ = city
    with SEED.open(encoding="utf-8") as f:
        seed = {r["id"]: r for r in csv.DictReader(f, delimiter="\t") if r["id"].startswith("edu.")}
    assert len(seed) == 11
    computed = {
        c.figure.id: c for c in compute_all(units["government"], Period.year(2021), list(seed))
    }
    for fid, row in seed.items():
        value = computed[fid].result.value
        if computed[fid].figure.display == Display.APPROX:
            floor, cut = approx(int(value))
            assert cut and floor == int(row["value"]), (fid, value)
            assert computed[fid].text == f"{row['value']}余份"
        else:
            assert value == int(row["value"]), (fid, value)
    # the two TV counts are disjoint: 3 on their own + 12 within the news
    assert computed["edu.tv_episodes"].result.records.count() == 3
    assert computed["edu.tv_episodes_news"].result.records.count() == 12


def test_the_demos_mistakes_are_put_right_through_the_steps(city):
    from fazhi.core.models import AuditEntry
    from fazhi.enforcement.education.models import Activity, ActivityStatus

    assert Activity.objects.filter(kind="law_event", held_on__year=2021).count() == 133
    assert Activity.objects.filter(status=ActivityStatus.REVOKED).count() == 1
    assert AuditEntry.objects.filter(object_type="education.Activity", action="更正").count() == 1
    assert AuditEntry.objects.filter(object_type="education.Activity").count() == (
        Activity.objects.count() + 2
    )


def test_the_lists_show_the_items_without_activity(city):
    from fazhi.enforcement.education.queries import items_without_activity

    _, users = city
    undone = items_without_activity(users["coordinator"], 2021)
    assert {(i.unit.code, i.laws) for i in undone} == {
        ("532504-gaj", "《反电信网络诈骗法》(草案)等反诈法规"),
        ("532504-rsj", "《保障农民工工资支付条例》"),
    }
    # 2020: two units' lists (5 items); only the 民法典 item was carried out
    assert items_without_activity(users["coordinator"], 2020).count() == 4
    prior = compute_all(
        users["coordinator"].unit.government(), Period.year(2020), ["edu.law_events"]
    )
    assert prior[0].result.value == 20
