"""The demo city's 2021 案卷评查 (built on the demo's org tree with the officers demo, through the
services): five closed 2021 files drawn from each of the six departments the seed names, the
draw verifying, and the figures of part 四.1. Without the cases demo every department lacks
closed 2021 cases, so the demo's own fallback (行政检查 decided in 2020, closed in January 2021)
is exercised for all six."""

from decimal import Decimal
from importlib import import_module

import pytest

from fazhi.core import draws, procedures
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all


@pytest.fixture
def city(db):
    from fazhi.demo.build import build_org, build_users
    from fazhi.enforcement.casereview import demo

    officers = import_module(procedures.get("officers").demo)  # as the demo city runs it

    units = build_org()
    users = {u.username: u for u in build_users(units)}
    context = {"units": units, "users": users}
    officers.build(context)
    demo.build(context)
    return units


def test_the_demo_campaign_draws_verifiably_from_the_six_departments(city):
    from fazhi.enforcement.casereview.models import Campaign

    c = Campaign.objects.get()
    assert draws.verify(c.draw) == []
    assert {int(e.key) for e in draws.selected(c.draw)} == set(
        c.files.values_list("case_id", flat=True)
    )
    codes = sorted(set(c.files.values_list("unit__code", flat=True)))
    assert codes == [f"532504-{x}" for x in ("czj", "lcj", "scjgj", "swj", "whlyj", "zjj")]
    assert all(n == 5 for n in c.draw.parameters["per_stratum"].values())
    values = {
        r.figure.id: r.result.value
        for r in compute_all(
            city["government"],
            Period.year(2021),
            [
                "enf.case_reviews.files",
                "enf.case_reviews.average",
                "enf.case_reviews.pass_rate",
                "enf.case_reviews.departments",
            ],
        )
    }
    assert values == {
        "enf.case_reviews.files": 30,
        "enf.case_reviews.average": Decimal("89.5"),
        "enf.case_reviews.pass_rate": Decimal("96.67"),
        "enf.case_reviews.departments": 6,
    }
