"""The demo city's 执法队伍与执法人员 (built alone, through the services, on the demo's org tree)
gives the seed's figures of parts 三 and 四.1–四.2: 6 departments with a team, 1010 officers,
"400余" exam takers, "580余" training attendees; and a 持证率 below 100%."""

import csv
from pathlib import Path

import pytest
from django.db.models import Count

from fazhi.figures.registry import Display, Period, approx
from fazhi.figures.services import compute_all

SEED = Path(__file__).resolve().parents[3] / "demo" / "data" / "seed_figures.tsv"
OURS = ["enf.teams", "enf.officers.registered", "enf.exam.takers", "enf.training.attendees"]


@pytest.fixture
def city(db):
    from fazhi.demo.build import build_org, build_users
    from fazhi.enforcement.officers import demo

    units = build_org()
    users = {u.username: u for u in build_users(units)}
    demo.build({"units": units, "users": users})
    return units


def test_the_demo_reproduces_the_seed(city):
    from fazhi.enforcement.officers.models import Certificate, CertificateStatus, Officer

    with SEED.open(encoding="utf-8") as f:
        seed = {r["id"]: r for r in csv.DictReader(f, delimiter="\t") if r["id"] in OURS}
    assert len(seed) == 4
    wanted = [*OURS, "enf.certified_rate"]
    computed = {c.figure.id: c for c in compute_all(city["government"], Period.year(2021), wanted)}
    for fid, row in seed.items():
        value = computed[fid].result.value
        if computed[fid].figure.display == Display.APPROX:
            floor, cut = approx(int(value))
            assert cut and floor == int(row["value"]), (fid, value)
            assert computed[fid].text == f"{row['value']}余人"
        else:
            assert value == int(row["value"]), (fid, value)
    rate = computed["enf.certified_rate"].result.value
    assert 97 < rate < 100, rate
    assert Officer.objects.count() == 1022
    statuses = dict(Certificate.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses[CertificateStatus.EXPIRED] == 10 and statuses[CertificateStatus.SUSPENDED] == 2
