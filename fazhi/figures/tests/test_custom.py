"""Figures defined without code: 行政复议纠错率 defined as data equals rec.correction_rate; hostile
definitions are refused row by row in Chinese and nothing is saved."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.disputes.reconsideration import services as rec
from fazhi.disputes.reconsideration.models import Outcome, ReconsiderationCase, Status
from fazhi.disputes.reconsideration.tests.factories import accepted
from fazhi.figures import definitions, registry
from fazhi.figures.models import CustomFigure
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all

D = dt.date

CORRECTION_RATE = {
    "slug": "rec_correction",
    "label": "行政复议纠错率(自定义)",
    "unit": "%",
    "section": "六.1",
    "definition": "期内审结案件中纠正原行政行为的件数 ÷ 期内审结件数。",
    "kind": "rate",
    "procedure": "reconsideration",
    "conditions": [
        {"field": "closed_on", "op": "period", "value": None},
        {"field": "status", "op": "in", "value": [Status.DECIDED, Status.TERMINATED]},
    ],
    "numerator_conditions": [
        {"field": "outcome", "op": "in", "value": [str(o) for o in Outcome.corrective()]},
    ],
}


def decided(org, staff, submitted_on, on, outcome):
    case = accepted(org, staff, submitted_on=submitted_on)
    rec.decide(staff, Channel.WEB, case, on=on, outcome=outcome)
    return case


@pytest.fixture
def cases(org, people):
    staff = people["reviewer"]
    decided(org, staff, D(2020, 12, 1), D(2021, 1, 15), "revoked")
    decided(org, staff, D(2021, 3, 1), D(2021, 5, 20), "upheld")
    decided(org, staff, D(2021, 4, 1), D(2021, 6, 1), "confirmed_illegal")
    decided(org, staff, D(2021, 5, 1), D(2021, 6, 10), "terminated")
    decided(org, staff, D(2020, 9, 1), D(2020, 10, 10), "revoked")  # concluded in 2020
    accepted(org, staff, submitted_on=D(2021, 8, 1))  # still open


def by_id(scope, year):
    return {c.figure.id: c.result for c in compute_all(scope, Period.year(year))}


def test_the_correction_rate_defined_as_data_equals_the_registered_one(org, people, cases):
    fig = definitions.define(people["coordinator"], Channel.WEB, CORRECTION_RATE)
    assert fig.figure_id == "custom.rec_correction"
    for year in (2020, 2021):
        got = by_id(org["mile"], year)
        mine, theirs = got["custom.rec_correction"], got["rec.correction_rate"]
        assert (mine.value, mine.numerator, mine.denominator) == (
            theirs.value,
            theirs.numerator,
            theirs.denominator,
        )
        assert set(mine.records.values_list("pk", flat=True)) == set(
            theirs.records.values_list("pk", flat=True)
        )
    got = by_id(org["mile"], 2021)["custom.rec_correction"]
    assert (got.numerator, got.denominator) == (2, 4)
    entry = AuditEntry.objects.get(action="定义自定义指标")
    assert entry.actor_id == people["coordinator"].pk


def test_it_is_counted_in_the_same_statement_as_the_registered_figures(org, people, cases):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ids = ["rec.correction_rate", "rec.accepted"]
    with CaptureQueriesContext(connection) as before:
        compute_all(org["mile"], Period.year(2021), ids)
    definitions.define(people["coordinator"], Channel.WEB, CORRECTION_RATE)
    with CaptureQueriesContext(connection) as after:
        compute_all(org["mile"], Period.year(2021), [*ids, "custom.rec_correction"])
    assert len(after.captured_queries) == len(before.captured_queries)


def test_a_county_figure_holds_in_its_county_only(org, people, cases):
    definitions.define(people["coordinator"], Channel.WEB, CORRECTION_RATE)
    assert "custom.rec_correction" in by_id(org["mile"], 2021)
    assert "custom.rec_correction" not in by_id(org["kaiyuan"], 2021)
    assert "custom.rec_correction" not in by_id(org["prefecture"], 2021)
    assert registry.get("custom.rec_correction").label == "行政复议纠错率(自定义)"


def test_it_appears_in_the_command_and_its_drill_down_lists_the_same_records(
    org, people, cases, client
):
    definitions.define(people["coordinator"], Channel.WEB, CORRECTION_RATE)
    out = io.StringIO()
    call_command("figures", "2021", "--unit", "532504", "--json", stdout=out)
    found = {f["id"]: f for f in json.loads(out.getvalue())["figures"]}
    mine, theirs = found["custom.rec_correction"], found["rec.correction_rate"]
    assert (mine["value"], mine["numerator"], mine["denominator"]) == (
        theirs["value"],
        theirs["numerator"],
        theirs["denominator"],
    )
    client.force_login(people["coordinator"])
    pages = [
        client.get(f"/figures/{fid}/records/?year=2021&unit=532504").content.decode()
        for fid in ("custom.rec_correction", "rec.correction_rate")
    ]
    for case in ReconsiderationCase.objects.filter(outcome__in=Outcome.corrective()):
        shown = [str(case) in page for page in pages]
        assert shown[0] == shown[1]
    assert sum(str(c) in pages[0] for c in ReconsiderationCase.objects.all()) == 2


def test_a_sum_and_a_count(org, people, cases):
    base = {**CORRECTION_RATE, "unit": "天", "numerator_conditions": [], "display": ""}
    definitions.define(
        people["coordinator"],
        Channel.WEB,
        {**base, "slug": "ext", "kind": "sum", "sum_field": "extension_days"},
    )
    definitions.define(
        people["coordinator"],
        Channel.WEB,
        {
            **base,
            "slug": "upheld",
            "unit": "件",
            "kind": "count",
            "conditions": [
                {"field": "closed_on", "op": "period", "value": None},
                {"field": "outcome", "op": "eq", "value": "upheld"},
            ],
        },
    )
    definitions.define(
        people["coordinator"],
        Channel.WEB,
        {
            **base,
            "slug": "organ",
            "unit": "件",
            "kind": "count",
            "conditions": [
                {"field": "closed_on", "op": "period", "value": None},
                {"field": "status", "op": "in", "value": "已决定，已终止"},  # labels, as typed
                {"field": "organ", "op": "in", "value": ["532504"]},
            ],
        },
    )
    got = by_id(org["mile"], 2021)
    assert got["custom.organ"].value == got["rec.closed"].value == 4
    assert got["custom.ext"].value == sum(
        ReconsiderationCase.objects.filter(closed_on__year=2021).values_list(
            "extension_days", flat=True
        )
    )
    assert got["custom.upheld"].value == 1


HOSTILE = [
    ({"field": "applicant_secret", "op": "eq", "value": "x"}, "不存在或不可用"),
    ({"field": "respondent__path", "op": "eq", "value": "532504"}, "不能跨关联"),
    ({"field": "applicant_id_number", "op": "eq", "value": "5325"}, "不存在或不可用"),
    ({"field": "status", "op": "lt", "value": "decided"}, "不能使用运算"),
    ({"field": "closed_on", "op": "in", "value": ["2021-01-01"]}, "不能使用运算"),
    ({"field": "status", "op": "in", "value": ["decided"] * 5000}, "最多 100 个"),
    ({"field": "closed_on", "op": "gt", "value": "9999-12-31"}, "超出合理范围"),
    ({"field": "closed_on", "op": "gt", "value": "2021-13-45"}, "不是有效日期"),
    ({"field": "extension_days", "op": "gt", "value": "1e400"}, "超出合理范围"),
    ({"field": "extension_days", "op": "gt", "value": "NaN"}, "超出合理范围"),
    ({"field": "status", "op": "eq", "value": "'; DROP TABLE x; --"}, "不是“状态”的可选值"),
    ({"field": "major", "op": "eq", "value": "maybe"}, "只能为“是”或“否”"),
    ({"field": "organ", "op": "eq", "value": "532502"}, "不在本级人民政府范围内"),
]


@pytest.mark.parametrize("row, message", HOSTILE)
def test_hostile_conditions_are_refused_in_chinese_and_nothing_is_saved(org, people, row, message):
    data = {**CORRECTION_RATE, "conditions": [*CORRECTION_RATE["conditions"], row]}
    with pytest.raises(Refusal) as refused:
        definitions.define(people["coordinator"], Channel.WEB, data)
    text = " ".join(refused.value.messages)
    assert message in text and "分母条件第3行" in text, text
    assert (
        not CustomFigure.objects.exists()
        and not AuditEntry.objects.filter(action="定义自定义指标").exists()
    )


def test_a_figure_needs_one_period_and_a_free_id_and_a_coordinator(org, people):
    no_period = {**CORRECTION_RATE, "conditions": CORRECTION_RATE["conditions"][1:]}
    with pytest.raises(Refusal, match="在统计期间内"):
        definitions.define(people["coordinator"], Channel.WEB, no_period)
    registry._REGISTRY["custom.clash"] = registry.get("rec.accepted")
    try:
        with pytest.raises(Refusal, match="已登记的指标重复"):
            definitions.define(
                people["coordinator"], Channel.WEB, {**CORRECTION_RATE, "slug": "clash"}
            )
    finally:
        del registry._REGISTRY["custom.clash"]
    with pytest.raises(Refusal, match="只有统筹协调人员"):
        definitions.define(people["reviewer"], Channel.WEB, CORRECTION_RATE)
    with pytest.raises(Refusal, match="指标编号只能"):
        definitions.define(people["coordinator"], Channel.WEB, {**CORRECTION_RATE, "slug": "A B"})
    assert not CustomFigure.objects.exists()


def test_a_change_is_audited_and_seen_at_once(org, people, cases):
    fig = definitions.define(people["coordinator"], Channel.WEB, CORRECTION_RATE)
    assert by_id(org["mile"], 2021)["custom.rec_correction"].numerator == 2
    data = {
        **CORRECTION_RATE,
        "numerator_conditions": [{"field": "outcome", "op": "eq", "value": "revoked"}],
    }
    definitions.change(people["coordinator"], Channel.WEB, fig, data)
    assert by_id(org["mile"], 2021)["custom.rec_correction"].numerator == 1
    entry = AuditEntry.objects.get(action="修改自定义指标")
    assert entry.before["version"] == 1 and entry.after["version"] == 2
    definitions.delete(people["coordinator"], Channel.WEB, fig)
    assert "custom.rec_correction" not in by_id(org["mile"], 2021)


def test_a_report_cites_it_freezes_it_and_open_data_publishes_it(org, people, cases, client):
    from fazhi.reports import render
    from fazhi.reports import services as reports
    from fazhi.reports.tests import workflow

    definitions.define(people["coordinator"], Channel.WEB, CORRECTION_RATE)
    report = reports.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    part = report.parts.order_by("number").first()
    reports.update_part(
        people["coordinator"],
        Channel.WEB,
        part,
        part.body_template + '\n纠错率{% fig "custom.rec_correction" %}。',
    )
    assert "纠错率" in render.to_html(report) and ">50.00%</a>" in render.to_html(report)
    workflow.sign(report, people)  # 起草 → 审核 → 签发
    report.refresh_from_db()
    frozen = {f["id"]: f for f in report.frozen_figures["figures"]}
    assert frozen["custom.rec_correction"]["value"] == frozen["rec.correction_rate"]["value"]
    published = json.loads(client.get("/shuju/figures.json").content)["figures"]
    row = next(r for r in published if r["figure_id"] == "custom.rec_correction")
    assert (row["numerator"], row["denominator"], row["text"]) == (2, 4, "50.00%")
    assert row["definition"] == CORRECTION_RATE["definition"]


def test_the_cockpit_breaks_it_down_by_month(org, people, cases):
    from fazhi.cockpit import services as cockpit

    definitions.define(people["coordinator"], Channel.WEB, CORRECTION_RATE)
    mine = cockpit.by_month(registry.get("custom.rec_correction"), org["mile"], 2021)
    theirs = cockpit.by_month(registry.get("rec.correction_rate"), org["mile"], 2021)
    assert mine == theirs and any(now is not None for _, now, _ in mine)


def test_another_governments_report_may_not_cite_it(org, people, cases):
    """A figure a coordinator defined counts only within their government: another county's report
    refuses it on save (it would print as missing), naming it, and saves nothing; and a coordinator
    starts only their own government's report."""
    from fazhi.reports import services as reports

    definitions.define(people["coordinator"], Channel.WEB, CORRECTION_RATE)
    with pytest.raises(Refusal, match="统筹协调人员"):
        reports.create_report(people["coordinator"], Channel.WEB, org["kaiyuan"], 2021)
    report = reports.create_report(None, Channel.CLI, org["kaiyuan"], 2021)
    part = report.parts.order_by("number").first()
    before = part.body_template
    with pytest.raises(Refusal) as refused:  # checked before whose report it is
        reports.update_part(
            people["coordinator"], Channel.WEB, part, before + '{% fig "custom.rec_correction" %}'
        )
    assert "custom.rec_correction" in refused.value.messages[0]
    part.refresh_from_db()
    assert part.body_template == before
