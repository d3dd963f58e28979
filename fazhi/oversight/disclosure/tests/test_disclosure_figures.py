"""依申请公开 figures, table 三 of the annual report, `fazhi tick` reminders, and the demo city."""

import datetime as dt

from fazhi.core.audit import Channel
from fazhi.core.models import Notice
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all
from fazhi.oversight.disclosure import annual, jobs, services
from fazhi.oversight.disclosure.models import ChallengeKind, ResultRow

from .factories import received

D = dt.date
IDS = ["sup.disclosure.requests", "sup.disclosure.challenges", "sup.disclosure.on_time_rate"]


def figures(scope, year):
    return {c.figure.id: c.result for c in compute_all(scope, Period.year(year), IDS)}


def _build(org, staff):
    """2020: one carried over into 2021. 2021: three received — one answered late, one left open
    at the year's end; one business request partly disclosed and then challenged."""
    carried = received(org, staff, submitted_on=D(2020, 12, 21))
    services.reply(staff, Channel.WEB, carried, on=D(2021, 1, 12), situation="36_2")
    late = received(org, staff, submitted_on=D(2021, 3, 1))  # due 03-29
    services.reply(staff, Channel.WEB, late, on=D(2021, 4, 6), situation="36_5")
    business = received(
        org,
        staff,
        applicant_type="business",
        applicant_id_number="",
        applicant_uscc="915325041234567885",
        submitted_on=D(2021, 6, 1),
    )
    business = services.reply(
        staff, Channel.WEB, business, on=D(2021, 6, 8), situation="37", note="区分处理"
    )
    services.record_challenge(
        staff, Channel.WEB, business, kind=ChallengeKind.LITIGATION, filed_on=D(2021, 8, 2)
    )
    received(org, staff, submitted_on=D(2021, 12, 20))  # open at the end of 2021


def test_figures_count_records_by_their_dates(org, people):
    _build(org, people["police_staff"])
    got = figures(org["mile"], 2021)
    assert got["sup.disclosure.requests"].value == 3
    assert got["sup.disclosure.challenges"].value == 1
    rate = got["sup.disclosure.on_time_rate"]
    assert (rate.numerator, rate.denominator) == (2, 3)  # replied in 2021: 3, on time: 2
    assert figures(org["kaiyuan"], 2021)["sup.disclosure.requests"].value == 0
    assert figures(org["prefecture"], 2021)["sup.disclosure.requests"].value == 3  # roll-up


def test_annual_table_balances_and_counts_by_column(org, people):
    _build(org, people["police_staff"])
    table = annual.build_table(org["mile"], 2021)
    assert table.problems == []
    row = lambda start: annual.row(table, start)  # noqa: E731
    # Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他; then the total.
    assert row("一、").counts == [2, 1, 0, 0, 0, 0]
    assert row("二、").counts == [1, 0, 0, 0, 0, 0]
    assert row("(一)予以公开").counts == [1, 0, 0, 0, 0, 0]
    assert row("(二)部分公开").counts == [0, 1, 0, 0, 0, 0]
    assert row("(四)无法提供").total == 1 and row("1.本机关不掌握").total == 1
    assert row("(七)总计").total == 3
    assert row("四、").total == 1
    # The check catches a table that does not balance.
    row("四、").counts[0] += 1
    assert annual.check_table(table) and "自然人" in annual.check_table(table)[0]


def test_table_rows_cover_every_result():
    rows = [m for _, members in annual.GROUPS for m in members]
    assert sorted(rows) == sorted(ResultRow)


def test_tick_reminds_once_per_due_date(org, people):
    request = received(org, people["police_staff"], submitted_on=D(2021, 12, 20))
    from django.utils import timezone

    from fazhi.core.models import JobRun

    run = JobRun.objects.create(name="tick", started_at=timezone.now())
    assert jobs.remind_overdue(run) == 1
    assert jobs.remind_overdue(run) == 0  # already reminded for this due date
    notices = Notice.objects.filter(link=request.get_absolute_url())
    assert notices.count() == 1 and "答复期限" in notices.get().text
    from fazhi.core.jobs import steps

    assert "依申请公开·逾期提醒" in [step.name for step in steps()]
