"""The 建议提案 figures, the seed's inconsistency, `fazhi tick`, and the demo."""

import datetime as dt
from decimal import Decimal

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, Notice
from fazhi.figures.registry import Period, Value, get
from fazhi.figures.services import Computed, compute_all, problems
from fazhi.oversight.proposals import jobs, services
from fazhi.oversight.proposals.models import Source

from .factories import assigned, received

D = dt.date
IDS = [
    "sup.proposals.total",
    "sup.proposals.npc",
    "sup.proposals.cppcc",
    "sup.proposals.towns",
    "sup.proposals.units",
    "sup.proposals.closed_rate",
]


def figures(scope, year):
    return {c.figure.id: c.result for c in compute_all(scope, Period.year(year), IDS)}


def close(people, p, answered, rated):
    """Answered by the 主办 unit's staff (the coordinator acts for every unit of the city) and
    rated by the office."""
    p = services.answer(people["coordinator"], Channel.WEB, p, on=answered, category="A")
    return services.rate(people["reviewer"], Channel.WEB, p, on=rated, satisfaction="satisfied")


def test_figures_count_proposals_units_and_the_closing_rate(org, people):
    staff = people["reviewer"]
    a = assigned(org, staff, unit=org["police"], co_units=[org["land"], org["miyang"]])
    b = assigned(org, staff, source=Source.CPPCC, unit=org["land"])
    c = assigned(org, staff, source=Source.CPPCC, unit=org["miyang"])
    merged = received(org, staff)
    services.merge(staff, Channel.WEB, a, on=D(2021, 3, 5), members=[merged])
    close(people, a, D(2021, 4, 1), D(2021, 4, 9))
    services.rate(staff, Channel.WEB, merged, on=D(2021, 4, 9), satisfaction="basically")
    close(people, b, D(2021, 5, 6), D(2021, 9, 30))  # closed on the cut-off day: counts
    close(people, c, D(2021, 5, 6), D(2021, 10, 8))  # closed after the cut-off: does not
    assigned(
        org,
        staff,
        on=D(2020, 3, 2),
        number="2020-1",
        unit=org["justice"],
        received_on=D(2020, 1, 14),
    )
    received(org, staff, received_on=D(2021, 11, 2))  # after the cut-off: not in the rate at all
    got = figures(org["mile"], 2021)
    assert {k: got[k].value for k in IDS} == {
        "sup.proposals.total": 5,  # the merged one is still a proposal of its own
        "sup.proposals.npc": 3,
        "sup.proposals.cppcc": 2,
        "sup.proposals.towns": 1,
        "sup.proposals.units": 2,  # 公安局, 自然资源局 (司法局 led only a 2020 proposal)
        "sup.proposals.closed_rate": Decimal("75.00"),
    }
    assert (
        got["sup.proposals.closed_rate"].numerator,
        got["sup.proposals.closed_rate"].denominator,
    ) == (3, 4)
    assert figures(org["prefecture"], 2021)["sup.proposals.total"].value == 5
    assert figures(org["kaiyuan"], 2021)["sup.proposals.total"].value == 0
    assert not [
        p
        for p in problems(compute_all(org["mile"], Period.year(2021), IDS))
        if "proposals" in p["check"]
    ]


def test_cutoff_is_a_setting(org, people, settings):
    staff = people["reviewer"]
    close(people, assigned(org, staff), D(2021, 4, 1), D(2021, 10, 8))
    assert figures(org["mile"], 2021)["sup.proposals.closed_rate"].value == Decimal("0.00")
    settings.FAZHI_PROPOSAL_CLOSING_CUTOFF = "12-31"
    assert figures(org["mile"], 2021)["sup.proposals.closed_rate"].value == Decimal("100.00")


def test_the_seeds_total_is_flagged_by_the_check():
    def stated(fid, value):
        return Computed(get(fid), Value(value))

    found = problems(
        [
            stated("sup.proposals.total", 325),
            stated("sup.proposals.npc", 207),
            stated("sup.proposals.cppcc", 119),
        ]
    )
    assert [p["check"] for p in found] == ["sup.proposals.parts"]
    assert "325" in found[0]["message"] and "326" in found[0]["message"]


def tick():
    """Our step, as `fazhi tick` runs it (the whole tick is exercised by the kernel's tests)."""
    from django.utils import timezone

    from fazhi.core.models import JobRun

    run = JobRun.objects.create(name="tick", started_at=timezone.now())
    return jobs.remind_overdue(run)


def test_tick_reminds_overdue_proposals_once(org, people):
    staff = people["reviewer"]
    late = assigned(org, staff)  # due 2021-06-02, never answered
    answered = assigned(org, staff)
    services.answer(people["police_staff"], Channel.WEB, answered, on=D(2021, 4, 1), category="A")
    tick()
    notices = Notice.objects.filter(link=late.get_absolute_url())
    assert notices.count() == 1 and "到期未答复" in notices.get().text
    assert notices.get().unit_id == org["police"].pk
    assert not Notice.objects.filter(link=answered.get_absolute_url()).exists()
    assert AuditEntry.objects.filter(action="建议提案逾期提醒", channel="job").count() == 1
    tick()
    assert Notice.objects.filter(link=late.get_absolute_url()).count() == 1
