"""The 案卷评查 figures (seed 四.1) on a small dataset: files scored in the year, their average
on the 百分制, the share 合格 or better and the departments reviewed — per department as the
cockpit breaks figures down, another county's files not counted — and the report's sentence."""

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core.audit import Channel
from fazhi.enforcement.casereview import services
from fazhi.figures.registry import Period, get
from fazhi.figures.services import compute_all, problems
from fazhi.reports.prose import figure_text
from fazhi.reports.services import build_unsaved, compose_report, render_context

from .factories import closed_case, drawn, full_marks

W = Channel.WEB
D = dt.date
YEAR = Period.year(2025)
IDS = [
    "enf.case_reviews.files",
    "enf.case_reviews.average",
    "enf.case_reviews.pass_rate",
    "enf.case_reviews.departments",
]
pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(org, people):
    for n in range(2):
        closed_case(org, people["police_staff"], n=n + 1)
    closed_case(org, people["land_staff"], unit=org["land"], n=9, field="natural_resources")
    c = drawn(org, people, departments=[org["police"], org["land"]], per_department=None, total=3)
    police = list(c.files.filter(unit=org["police"]).order_by("id"))
    land = c.files.get(unit=org["land"])
    reviewer = people["reviewer"]
    # police: 100 and 50 (不合格); land: 90
    services.score(reviewer, W, police[0], scored_on=D(2025, 9, 1), **full_marks(police[0]))
    low = full_marks(police[1])
    for item in police[1].campaign.items.all():
        low[f"item_{item.pk}"] = item.max_points / 2
    services.score(reviewer, W, police[1], scored_on=D(2025, 9, 2), **low)
    services.score(reviewer, W, land, scored_on=D(2025, 9, 3), **full_marks(land, less=10))
    return c


def test_the_figures_of_the_year(org, dataset):
    computed = compute_all(org["mile"], YEAR, IDS)
    values = {c.figure.id: c.result.value for c in computed}
    assert values == {
        "enf.case_reviews.files": 3,
        "enf.case_reviews.average": Decimal("80.0"),
        "enf.case_reviews.pass_rate": Decimal("66.67"),
        "enf.case_reviews.departments": 2,
    }
    assert problems(computed) == []
    # by department (the scope of a file is its 执法部门)
    police = {c.figure.id: c.result.value for c in compute_all(org["police"], YEAR, IDS)}
    assert police["enf.case_reviews.files"] == 2
    assert police["enf.case_reviews.average"] == Decimal("75.0")
    assert police["enf.case_reviews.pass_rate"] == Decimal("50.00")
    land = {c.figure.id: c.result.value for c in compute_all(org["land"], YEAR, IDS)}
    assert land["enf.case_reviews.average"] == Decimal("90.0")
    # another county and another year count nothing
    kaiyuan = {c.figure.id: c.result.value for c in compute_all(org["kaiyuan"], YEAR, IDS)}
    assert kaiyuan["enf.case_reviews.files"] == 0 and kaiyuan["enf.case_reviews.average"] is None
    before = {c.figure.id: c.result.value for c in compute_all(org["mile"], Period.year(2024), IDS)}
    assert before["enf.case_reviews.files"] == 0
    # the drill-down lists the files counted
    files = get("enf.case_reviews.files").compute(org["mile"], YEAR)
    assert files.records.count() == 3


def test_unscored_files_are_not_counted(org, people):
    closed_case(org, people["police_staff"])
    drawn(org, people)
    values = {c.figure.id: c.result.value for c in compute_all(org["mile"], YEAR, IDS)}
    assert values["enf.case_reviews.files"] == 0
    assert values["enf.case_reviews.pass_rate"] is None


def test_the_report_sentence_of_part_four(org, dataset):
    report = build_unsaved(org["mile"], 2025)
    context = render_context(report)
    part = next(p for p in compose_report(report, context, published=True).parts if p.number == 4)
    text = "".join(
        figure_text(context.figures[s.figure_id], s.bare) if s.figure_id else s.text
        for paragraph in part.paragraphs
        for s in paragraph.segments
    )
    assert "组织行政执法案卷评查，随机抽查2个执法部门年度已结执法案卷3卷进行评查" in text
    assert "平均得分80.0分，合格率66.67%" in text
