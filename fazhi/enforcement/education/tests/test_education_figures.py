"""The 普法 figures on a small dataset: each counts its own type (送法活动 does not include the
民法典 talks), sums where the type counts things, leaves 撤销 and other years out, splits the TV
episodes by where they were broadcast, stays within the scope — and the whole group is counted in
one statement per table."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.audit import Channel
from fazhi.enforcement.education import services
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all

from .factories import activity

IDS = [
    "edu.law_events",
    "edu.leader_lectures",
    "edu.civil_code_talks",
    "edu.legal_literate.sessions",
    "edu.legal_literate.people",
    "edu.tv_episodes",
    "edu.tv_episodes_news",
    "edu.leaflets",
    "edu.boards",
    "edu.consultations",
    "edu.enterprise_checkups",
]
D = dt.date


def _tv(org, actor, on, *, in_news, quantity=1):
    return activity(
        org,
        actor,
        kind="tv",
        held_on=on,
        quantity=quantity,
        programme="平安法治弥勒",
        in_news=in_news,
        attendance=None,
    )


def _dataset(org, people):
    police, coord = people["police_staff"], people["coordinator"]
    town = org["miyang"]
    activity(org, police, held_on=D(2021, 3, 1))
    activity(org, coord, unit=town, held_on=D(2021, 5, 1))
    gone = activity(org, police, held_on=D(2021, 6, 1))
    services.revoke(police, Channel.WEB, gone, on=D(2021, 6, 2), reason="重复登记")
    activity(org, police, held_on=D(2020, 12, 31))  # another year
    activity(org, police, kind="civil_code", held_on=D(2021, 4, 1))
    activity(org, coord, kind="civil_code", held_on=D(2021, 4, 2))
    activity(org, coord, kind="leader_lecture", held_on=D(2021, 7, 1))
    activity(org, coord, kind="legal_literate", held_on=D(2021, 3, 3), attendance=110)
    activity(org, coord, unit=town, kind="legal_literate", held_on=D(2021, 9, 3), attendance=95)
    _tv(org, coord, D(2021, 2, 1), in_news=False)
    _tv(org, coord, D(2021, 3, 1), in_news=True, quantity=2)
    _tv(org, coord, D(2021, 4, 1), in_news=True)
    activity(org, police, kind="leaflets", held_on=D(2021, 8, 1), quantity=1500, attendance=None)
    activity(org, coord, kind="leaflets", held_on=D(2021, 8, 2), quantity=25, attendance=None)
    activity(org, coord, kind="boards", held_on=D(2021, 8, 3), quantity=12, attendance=None)
    activity(org, coord, kind="consultation", held_on=D(2021, 8, 4), quantity=40, attendance=None)
    activity(org, coord, kind="checkup", held_on=D(2021, 8, 5))
    activity(org, coord, kind="oath", held_on=D(2021, 12, 3))  # counted by no figure
    # another county's activities are not the city's
    activity(org, people["kaiyuan_staff"], held_on=D(2021, 3, 1))
    activity(org, people["kaiyuan_staff"], kind="civil_code", held_on=D(2021, 3, 1))


def test_each_figure_counts_its_own_type(org, people):
    _dataset(org, people)
    with CaptureQueriesContext(connection) as queries:
        computed = {c.figure.id: c for c in compute_all(org["mile"], Period.year(2021), IDS)}
    values = {fid: c.result.value for fid, c in computed.items()}
    assert values == {
        "edu.law_events": 2,  # not the revoked one, not 2020's, not the 民法典 talks
        "edu.leader_lectures": 1,
        "edu.civil_code_talks": 2,
        "edu.legal_literate.sessions": 2,
        "edu.legal_literate.people": 205,
        "edu.tv_episodes": 1,
        "edu.tv_episodes_news": 3,
        "edu.leaflets": 1525,
        "edu.boards": 12,
        "edu.consultations": 40,
        "edu.enterprise_checkups": 1,
    }
    assert computed["edu.leaflets"].text == "1500余份"
    # the coordinators' own figures and the units read once, then one statement for each of
    # the three tables (lines, quantities, attendance) whatever the number of figures
    assert len(queries.captured_queries) == 5
    # the drill-down lists what was counted
    assert computed["edu.tv_episodes_news"].result.records.count() == 2


def test_a_unit_and_a_county_count_their_own(org, people):
    _dataset(org, people)
    town = {c.figure.id: c.result.value for c in compute_all(org["miyang"], Period.year(2021), IDS)}
    assert (town["edu.law_events"], town["edu.legal_literate.people"]) == (1, 95)
    kaiyuan = compute_all(
        org["kaiyuan"], Period.year(2021), ["edu.law_events", "edu.civil_code_talks"]
    )
    assert [c.result.value for c in kaiyuan] == [1, 1]
    empty = compute_all(org["land"], Period.year(2021), ["edu.leaflets"])
    assert empty[0].result.value == 0


def test_the_report_states_the_figures(org, people):
    from fazhi.core.procedures import all_procedures

    texts = [t.text for p in all_procedures() if p.key == "education" for t in p.report]
    assert [t for t in texts if '"edu.law_events"' in t] and [
        t for t in texts if '"edu.tv_episodes_news"' in t and "弥勒新闻" in t
    ]
    assert [t for t in texts if '"edu.oaths"' in t and '"edu.law_reports"' in t]
    parts = {t.part for p in all_procedures() if p.key == "education" for t in p.report}
    assert parts == {4, 7, 8}
