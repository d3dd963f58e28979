"""The demo city's 法律顾问 (built alone, through the services, on the demo's org tree) gives the
seed's figures of part 二.3: 39 units, 28 with a 社会律师, and work counts whose display is the
seed's "80余 … 1100余" (the seed's value column holds the approximation's floor)."""

import csv
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.figures.registry import Display, Period, approx
from fazhi.figures.services import compute_all

SEED = Path(__file__).resolve().parents[3] / "demo" / "data" / "seed_figures.tsv"


@pytest.fixture
def city(db, monkeypatch):
    from fazhi.demo.build import build_org, build_users
    from fazhi.governance.advisers import demo, services

    units = build_org()
    users = {u.username: u for u in build_users(units)}
    context = {"units": units, "users": users}
    batch, counted = services.record_work_many, []

    def record_work_many(*args, **kwargs):
        with CaptureQueriesContext(connection) as captured:
            saved = batch(*args, **kwargs)
        counted.append(len(captured.captured_queries))
        return saved

    monkeypatch.setattr(services, "record_work_many", record_work_many)
    demo.build(context)
    return units, counted


def test_the_demo_reproduces_the_seed(city):
    units, _ = city
    with SEED.open(encoding="utf-8") as f:
        seed = {r["id"]: r for r in csv.DictReader(f, delimiter="\t") if r["id"].startswith("adv.")}
    assert len(seed) == 11
    computed = {
        c.figure.id: c for c in compute_all(units["government"], Period.year(2021), list(seed))
    }
    for fid, row in seed.items():
        value = computed[fid].result.value
        if computed[fid].figure.display == Display.APPROX:
            floor, cut = approx(int(value))
            assert cut and floor == int(row["value"]), (fid, value)
            assert computed[fid].text == f"{row['value']}余件次"
        else:
            assert value == int(row["value"]), (fid, value)


def test_the_demo_writes_the_work_log_in_one_batch(city):
    from fazhi.core.models import AuditEntry
    from fazhi.governance.advisers.models import WorkEntry

    _, batches = city
    lines = WorkEntry.objects.count()
    assert lines > 250
    assert AuditEntry.objects.filter(object_type="advisers.WorkEntry").count() == lines
    # one call for the year's log, a handful of statements, not one or more per line
    assert len(batches) == 1 and batches[0] < 20, batches
