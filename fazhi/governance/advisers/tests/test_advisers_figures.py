"""The 法律顾问 figures (seed 二.3) on a small dataset: units with an engagement in force during
the year (a 解聘 before the year, an engagement ended the year before and another county do not
count), those with a 社会律师, and the 件次 of the work log by kind (a batch line counts its 件次,
a voided line nothing) — each table read by one aggregate statement — and the report's words."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.audit import Channel
from fazhi.figures.registry import Period, get
from fazhi.figures.services import compute_all, problems
from fazhi.governance.advisers import services
from fazhi.governance.advisers.models import AdviserKind, EngagementPeriod, WorkEntry
from fazhi.reports.prose import figure_text
from fazhi.reports.services import build_unsaved, compose_report, render_context

from .factories import adviser

D = dt.date
YEAR = Period.year(2021)
IDS = [
    "adv.units",
    "adv.units_with_lawyers",
    *(
        f"adv.work.{k}"
        for k in (
            "decisions",
            "contracts",
            "documents",
            "enforcement",
            "reconsideration",
            "litigation",
            "arbitration",
            "mediation",
            "publicity",
        )
    ),
]


def _engage(staff, unit, who, start, end):
    return services.engage(
        staff, Channel.CLI, {"unit": unit, "adviser": who, "start_on": start, "end_on": end}
    )


@pytest.fixture
def dataset(org, people):
    staff = people["coordinator"]
    lawyer = adviser(org, staff)
    public = adviser(
        org,
        staff,
        name="马丽华",
        kind=AdviserKind.PUBLIC_LAWYER,
        licence_id_number="65325201820000001",
    )
    expert = adviser(org, staff, name="钱文博", kind=AdviserKind.EXPERT, licence_id_number="")
    # 公安局: a lawyer through 2021 and a 公职律师 beside — one unit, with a lawyer
    police = _engage(staff, org["police"], lawyer, D(2020, 7, 1), D(2021, 6, 30))
    police = services.renew(staff, Channel.CLI, police, end_on=D(2022, 6, 30))
    _engage(staff, org["police"], public, D(2021, 3, 1), D(2022, 2, 28))
    # 弥阳街道: an expert, dismissed in May 2021 — in force during the year, no lawyer
    town = _engage(staff, org["miyang"], expert, D(2021, 1, 1), D(2021, 12, 31))
    services.terminate(staff, Channel.CLI, town, on=D(2021, 5, 31), reason="合同解除")
    # 自然资源局: a lawyer for 2020 only; 司法局: a lawyer dismissed before 2021 began
    _engage(staff, org["land"], lawyer, D(2020, 1, 1), D(2020, 12, 31))
    justice = _engage(staff, org["justice"], lawyer, D(2020, 6, 1), D(2021, 5, 31))
    services.terminate(staff, Channel.CLI, justice, on=D(2020, 12, 20), reason="合同解除")
    # 开远市: another county's
    kaiyuan = people["kaiyuan_staff"]
    other = adviser(org, kaiyuan, name="孙律师", licence_id_number="15325201510000009")
    _engage(kaiyuan, org["kaiyuan_justice"], other, D(2021, 1, 1), D(2021, 12, 31))

    lines = [
        services.WorkLine(police, D(2021, 3, 5), "contract", "审核合同12份", count=12),
        services.WorkLine(police, D(2021, 3, 6), "contract", "审核租赁协议"),
        services.WorkLine(police, D(2021, 4, 1), "enforcement", "法制审核", count=25),
        services.WorkLine(police, D(2021, 4, 2), "publicity", "法治讲座", count=2),
        services.WorkLine(police, D(2021, 4, 3), "other", "信访咨询"),
        services.WorkLine(police, D(2020, 12, 1), "contract", "上年的合同", count=7),
        services.WorkLine(town, D(2021, 2, 1), "decision", "重大决策审核"),
    ]
    saved = services.record_work_many(staff, Channel.CLI, lines)
    services.void_work(staff, Channel.CLI, saved[1], on=D(2021, 3, 7), reason="重复登记")
    return saved


def _values(scope):
    with CaptureQueriesContext(connection) as captured:
        computed = compute_all(scope, YEAR, IDS)
        values = {c.figure.id: c.result.value for c in computed}
    return values, [q["sql"] for q in captured.captured_queries], computed


def test_units_and_work_are_counted_from_the_records(org, dataset):
    values, queries, computed = _values(org["mile"])
    assert values == {
        "adv.units": 2,  # 公安局, 弥阳街道
        "adv.units_with_lawyers": 1,  # 公安局
        "adv.work.decisions": 1,
        "adv.work.contracts": 12,  # the batch line; the voided line and 2020's not
        "adv.work.documents": 0,
        "adv.work.enforcement": 25,
        "adv.work.reconsideration": 0,
        "adv.work.litigation": 0,
        "adv.work.arbitration": 0,
        "adv.work.mediation": 0,
        "adv.work.publicity": 3,  # 法治宣传等: 法治宣传 2 + 其他法律事务 1
    }
    # one aggregate statement per table, not one per figure or kind
    assert len([q for q in queries if '"advisers_workentry"' in q]) == 1
    assert len([q for q in queries if '"advisers_engagementperiod"' in q]) == 1
    assert len(queries) <= 5  # and the scope's unit ids for each, the coordinators' own figures
    assert problems(computed) == []
    # the drill-down lists what was counted
    contracts = get("adv.work.contracts").compute(org["mile"], YEAR)
    assert [w.subject for w in contracts.records] == ["审核合同12份"]
    units = get("adv.units").compute(org["mile"], YEAR)
    assert {u.code for u in units.records} == {"532504-gaj", "532504001"}
    # a department's own scope, and the prefecture's sum of its counties
    assert _values(org["police"])[0]["adv.work.contracts"] == 12
    assert _values(org["prefecture"])[0]["adv.units"] == 3


def test_a_later_computation_sees_later_records(org, people, dataset):
    before = compute_all(org["mile"], YEAR, IDS)
    assert {c.figure.id: c.result.value for c in before}["adv.work.contracts"] == 12
    police = dataset[0].engagement
    services.record_work_many(
        people["coordinator"],
        Channel.CLI,
        [services.WorkLine(police, D(2021, 5, 1), "contract", "审核合同3份", count=3)],
    )
    after = {c.figure.id: c.result.value for c in compute_all(org["mile"], YEAR, IDS)}
    assert after["adv.work.contracts"] == 15
    assert {c.figure.id: c.result.value for c in before}["adv.work.contracts"] == 12


def test_the_display_rule_is_the_registrys_approximation(org):
    assert get("adv.work.decisions").format(83) == "80余件次"
    assert get("adv.work.enforcement").format(1137) == "1100余件次"
    assert get("adv.work.publicity").format(207) == "200余件次"
    assert get("adv.units").format(39) == "39个"


def test_the_report_states_the_figures_once_with_their_units(org, dataset):
    report = build_unsaved(org["mile"], 2021)
    context = render_context(report)
    part = next(p for p in compose_report(report, context, published=True).parts if p.number == 2)
    text = "".join(
        figure_text(context.figures[s.figure_id], s.bare) if s.figure_id else s.text
        for paragraph in part.paragraphs
        for s in paragraph.segments
    )
    assert (
        "2021年，全市共有2个单位(乡镇)聘请了法律顾问，其中有1个聘请了社会律师担任法律顾问" in text
    )
    assert "合同协议审核10余件次" in text and "法治宣传等3件次" in text
    assert "个个" not in text and "件次件次" not in text


def test_period_rows_are_never_rewritten_by_a_renewal(org, dataset):
    police = dataset[0].engagement
    assert list(
        EngagementPeriod.objects.filter(engagement=police).values_list("number", "end_on")
    ) == [(1, D(2021, 6, 30)), (2, D(2022, 6, 30))]
    assert WorkEntry.objects.count() == 7


def test_the_cockpits_breakdown_by_unit_sums_the_same_way(org, dataset):
    from fazhi.figures.registry import count_by_unit, subtree_units
    from fazhi.governance.advisers.metrics import WORK

    contracts = get("adv.work.contracts")
    found = count_by_unit(WORK, [contracts], org["mile"], YEAR, subtree_units(org["mile"]))
    assert found[org["police"].pk]["adv.work.contracts"] == (12,)
