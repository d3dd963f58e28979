"""The demo's 2021 cases reproduce the seed (四.1): 法制审核1624件, 审查备案9件 — from records made
through the services. The officers come from the officers app's services, as its demo makes
them (two per department, certified for its field through 2021)."""

import datetime as dt
import time

import pytest

from fazhi.enforcement.cases import demo
from fazhi.enforcement.cases.models import Case, LegalReview
from fazhi.enforcement.officers.tests import factories as officer_factories
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all


@pytest.fixture
def demo_city(db):
    from fazhi.demo import build

    units = build.build_org()
    users = {u.username: u for u in build.build_users(units)}
    actor = users["coordinator"]
    for code, field, _ in demo.DEPARTMENTS:
        for name in ("甲执法", "乙执法"):
            holder = officer_factories.officer(
                actor, unit=units[code], name=name, registered_on=dt.date(2019, 3, 1)
            )
            officer_factories.certificate(
                actor,
                holder,
                field=field,
                issued_on=dt.date(2019, 6, 1),
                valid_until=dt.date(2024, 5, 31),
            )
    return {"units": units, "users": users}


def test_the_demo_reproduces_the_seed_figures(demo_city):
    started = time.monotonic()
    demo.build(demo_city)
    elapsed = time.monotonic() - started
    government = demo_city["units"]["government"]
    computed = {c.figure.id: c.result.value for c in compute_all(government, Period.year(2021))}
    assert computed["enf.legal_reviews"] == 1624
    assert computed["enf.major_filings"] == 9
    rate = computed["enf.publication_on_time_rate"]
    assert 90 < float(rate) < 100
    assert LegalReview.objects.filter(opinion="problems").count() == 24
    assert Case.objects.filter(major=True).count() == 10
    assert Case.objects.filter(withdrawn_on__isnull=False).count() == 1
    print(f"enforcement demo: {elapsed:.1f}s")


def test_a_county_of_the_prefecture_gets_its_cases(db):
    """fazhi.demo.prefecture: a county's share, with the officers it needs."""
    import random

    from fazhi.demo import build, prefecture
    from fazhi.enforcement.cases.queries import public_decisions

    build.build_org()
    prefecture_unit = prefecture.prefecture_unit()
    county = next(c for c in prefecture.counties() if c.code == "532502")
    context = prefecture.build_county_org(county, prefecture_unit)
    demo.build_county(context, 2021, random.Random(7), 0.02)
    government = context["units"]["government"]
    computed = {c.figure.id: c.result.value for c in compute_all(government, Period.year(2021))}
    assert computed["enf.legal_reviews"] == Case.objects.in_scope(government).count() > 20
    assert public_decisions(government).exists()
