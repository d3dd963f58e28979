"""The 待办 inbox read from the kernel's open-items table (fazhi.core.inbox.Concerns): the page
and the badge cost the same queries whatever the number of records and of procedures, list what
the rules say (overdue, due soon, 待我办理, 等待N日) in 建议提案, 信箱, 行政复议 and 政务新媒体,
and show nobody a record they may not see."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.core import inbox, procedures, workbench
from fazhi.core.audit import Channel
from fazhi.core.models import OpenItem, User
from fazhi.core.tests.inbox_helpers import behind_the_steps, kaiyuan_coordinator
from fazhi.disputes.reconsideration.tests import factories as fuyi
from fazhi.oversight.letters.tests import factories as letters
from fazhi.oversight.media.tests import factories as media
from fazhi.oversight.proposals.tests import factories as proposals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def proposals_and_letters(org, people, batch: int = 1) -> dict:
    """弥勒市: a 建议提案 交办 to 公安局 in 2021 (overdue), one registered at 司法局 40 days ago and
    never 交办 (waits on the office), one registered today (no clock, not waiting yet); a letter
    received by 司法局 10 days ago and not passed on (waits, and is the registrar's to do), one
    passed to 公安局 in 2021 (overdue)."""
    reviewer = people["reviewer"]
    made = {
        "proposal_overdue": proposals.assigned(org, reviewer),
        "proposal_stale": proposals.received(org, reviewer, title="关于改造老旧小区的建议"),
        "proposal_fresh": proposals.received(org, reviewer, title="关于增设公交线路的建议"),
        "letter_stale": letters.received(org, reviewer, reference=f"HH2021-{batch}1"),
        "letter_overdue": letters.assigned(org, reviewer, reference=f"HH2021-{batch}2"),
    }
    made["proposal_stale"] = behind_the_steps(made["proposal_stale"], updated_at=days_ago(40))
    made["letter_stale"] = behind_the_steps(made["letter_stale"], updated_at=days_ago(10))
    return made


def cases_and_accounts(org, people) -> dict:
    """Two more procedures: 行政复议 cases at 司法局 (one overdue since 2021, one due tomorrow, one
    due in 30 days) and 政务新媒体 accounts (公安局's under 整改 for 40 days, 自然资源局's in normal
    use, which is nobody's work)."""
    reviewer = people["reviewer"]
    soon, later = fuyi.received(org, reviewer), fuyi.received(org, reviewer)
    made = {
        "case_overdue": fuyi.received(org, reviewer),
        "case_soon": behind_the_steps(soon, next_due_on=in_days(1)),
        "case_later": behind_the_steps(later, next_due_on=in_days(30)),
        "account_normal": media.account(
            org, people["coordinator"], name="弥勒自然资源", unit=org["land"]
        ),
    }
    account = media.account(org, people["coordinator"])
    campaign = media.campaign(org, people["coordinator"])
    from fazhi.oversight.media import services as media_services

    media_services.record_finding(
        people["coordinator"],
        Channel.WEB,
        campaign,
        account=account,
        on=dt.date(2021, 5, 20),
        problem="dormant",
        action="rectify",
    )
    made["account_rectifying"] = behind_the_steps(account, updated_at=days_ago(40))
    return made


@pytest.fixture
def city(org, people) -> dict:
    proposals.assign_office(org)
    return proposals_and_letters(org, people) | cases_and_accounts(org, people)


@pytest.fixture
def other_county(org):
    return kaiyuan_coordinator(org)


# --- what the rules list ------------------------------------------------------------------------


def status_label(record) -> str:
    procedure = procedures.for_model(type(record))
    return procedure.statuses(record.status).label


def overdue(record) -> str:
    days = (timezone.localdate() - record.next_due_on).days
    return f"{record.next_due_label} 逾期{days}日".strip()


def listed(entries) -> list[tuple]:
    return [(e.procedure.key, e.record_id, e.kind, e.reason) for e in entries]


def row(record, kind: str, reason: str) -> tuple:
    return (procedures.for_model(type(record)).key, record.pk, kind, reason)


def expected(city) -> dict:
    """Each section's entries, written from the rules (not from a run of the code): overdue or due
    within FAZHI_DUE_SOON_DAYS on a unit the user answers for, soonest first; 等待N日 past the
    local period (proposals.received 7, letters.received 3, media.rectifying 30 days) without a
    due date; 待我办理 the other records a workbench source lists on the user's own unit."""
    c = city
    soon = c["case_soon"]
    return {
        "due_justice": [
            row(c["case_overdue"], "overdue", overdue(c["case_overdue"])),
            row(soon, "soon", f"{soon.next_due_label} 剩1日"),
        ],
        "due_police": [
            row(c["proposal_overdue"], "overdue", overdue(c["proposal_overdue"])),
            row(c["letter_overdue"], "overdue", overdue(c["letter_overdue"])),
        ],
        "waiting_justice": [
            row(c["proposal_stale"], "waiting", "已收到 · 等待40日"),
            row(c["letter_stale"], "waiting", f"{status_label(c['letter_stale'])} · 等待10日"),
        ],
        "waiting_police": [row(c["account_rectifying"], "waiting", "整改 · 等待40日")],
        # the proposals registered and not yet 交办 are not the office's 待我办理 (the workbench
        # lists a proposal while an answer is owed): the stale one surfaces as waiting only
        "todo_justice": [
            row(c["case_later"], "todo", c["case_later"].next_due_label),  # 行政复议 declared first
            row(c["letter_stale"], "todo", c["letter_stale"].next_due_label),  # 待交办, undated
        ],
        "todo_police": [row(c["account_rectifying"], "todo", "")],
    }


def by_due_then_declaration(rows: list[tuple], city) -> list[tuple]:
    due = {
        (procedures.for_model(type(r)).key, r.pk): getattr(r, "next_due_on", None)
        for r in city.values()
    }
    order = [source.key for source in workbench.sources()]
    return sorted(rows, key=lambda r: (due[(r[0], r[1])], order.index(r[0]), r[1]))


def by_declaration(rows: list[tuple]) -> list[tuple]:
    order = [source.key for source in workbench.sources()]
    return sorted(rows, key=lambda r: (order.index(r[0]), r[1]))


def test_a_department_sees_its_own_overdue_waiting_and_todo_records(city, people):
    want = expected(city)
    justice = inbox.sections(people["reviewer"])
    assert listed(justice["due"]) == want["due_justice"]
    assert listed(justice["waiting"]) == want["waiting_justice"]
    assert listed(justice["todo"]) == want["todo_justice"]
    police = inbox.sections(people["police_staff"])
    assert listed(police["due"]) == by_due_then_declaration(want["due_police"], city)
    assert listed(police["waiting"]) == want["waiting_police"]
    assert listed(police["todo"]) == want["todo_police"]
    counted = inbox.counts(people["police_staff"])
    assert (counted.overdue, counted.due_soon, counted.waiting) == (2, 0, 1)


def test_an_overseer_answers_for_the_government_and_does_only_their_units_work(city, people):
    want = expected(city)
    coordinator = inbox.sections(people["coordinator"])
    everything_due = want["due_justice"] + want["due_police"]
    assert listed(coordinator["due"]) == by_due_then_declaration(everything_due, city)
    assert listed(coordinator["waiting"]) == by_declaration(
        want["waiting_justice"] + want["waiting_police"]
    )
    assert listed(coordinator["todo"]) == want["todo_justice"]  # 司法局's own, not 公安局's
    counted = inbox.counts(people["coordinator"])
    assert (counted.overdue, counted.due_soon, counted.waiting) == (3, 1, 3)
    leader = inbox.sections(people["leader"])  # the government's own unit handles none of them
    assert leader["todo"] == [] and len(leader["due"]) == 4


def test_the_page_shows_each_entry_from_its_open_item(city, people, client):
    client.force_login(people["coordinator"])
    html = client.get(reverse("core:inbox")).content.decode()
    for key in ["proposal_overdue", "letter_overdue", "case_overdue", "account_rectifying"]:
        record = city[key]
        meta = record._meta
        assert record.get_absolute_url() in html and str(record) in html
        assert reverse("core:urge", args=[meta.app_label, meta.model_name, record.pk]) in html
    assert "整改 · 等待40日" in html and status_label(city["case_overdue"]) in html
    assert "弥勒自然资源" not in html  # an account in normal use is nobody's work


def test_other_units_and_counties_see_none_of_it(city, people, other_county):
    for user in (people["land_staff"], people["kaiyuan_staff"], other_county):
        found = inbox.sections(user)
        assert (found["due"], found["waiting"], found["todo"]) == ([], [], [])
        assert inbox.counts(user).total == 0


def test_every_item_a_user_is_shown_is_a_record_they_may_see(city, people, other_county):
    """The argument of `Concerns` checked on every user and open item of four procedures: an
    item whose acting unit is among the user's answered units is in the procedure's visible()."""
    users = [*people.values(), other_county]
    for user in users:
        shown = OpenItem.objects.filter(
            inbox.Concerns.of(user, timezone.localdate(), timezone.now()).any
        )
        for item in shown:
            procedure = procedures.get(item.procedure)
            assert procedure.visible(user).filter(pk=item.record_id).exists(), (user, item)


def test_the_declared_workbench_lists_match_the_sources(city, people):
    """`workbench_lists` restates on the open-items table what each source's query lists: the
    two agree on every record a user may see."""
    for user in (people["coordinator"], people["police_staff"], people["land_staff"]):
        for source in workbench.sources():
            procedure = procedures.get(source.key)
            seen = procedure.visible(user).values("pk")
            items = OpenItem.objects.filter(procedure=source.key, record_id__in=seen)
            from_table = set(items.filter(workbench.listed()).values_list("record_id", flat=True))
            from_source = set(source.open_items(user).values_list("pk", flat=True))
            assert from_table == from_source, (user, source.key)


def test_every_procedure_with_a_waiting_period_keeps_open_items(settings):
    """The waiting periods are read from the open-items table, which holds the records of the
    procedures with a workbench source only."""
    named = {key.split(".")[0] for key in settings.FAZHI_WAITING_DAYS}
    for key in named:
        procedure = procedures.get(key)
        assert procedure.workbench is not None, key
        assert set(inbox.waiting_days(procedure)) <= set(procedure.statuses.open())


# --- what it costs ------------------------------------------------------------------------------


def test_page_and_badge_cost_the_same_queries_for_more_records_and_procedures(
    org, people, client, django_assert_num_queries
):
    coordinator = people["coordinator"]
    client.force_login(coordinator)

    def badge():
        inbox.counts(User.objects.get(pk=coordinator.pk))  # as a request loads the user

    def page():
        assert client.get(reverse("core:inbox")).status_code == 200

    proposals.assign_office(org)
    proposals_and_letters(org, people)
    with CaptureQueriesContext(connection) as seen:
        badge()
    badge_queries = len(seen) - 1  # the user's row
    with CaptureQueriesContext(connection) as seen:
        page()
    page_queries = len(seen)
    # the badge: the user's unit and government, reminders, approvals, the units, due, waiting;
    # the page adds the session and the user (its unit and government joined to it: 2 fewer),
    # the 催办 and reminders lists and its three sections
    assert (badge_queries, page_queries) == (7, 14)

    cases_and_accounts(org, people)  # two more procedures
    proposals_and_letters(org, people, batch=2)  # and more records of the first two
    with django_assert_num_queries(badge_queries + 1):
        badge()
    with django_assert_num_queries(page_queries):
        page()
    assert inbox.counts(coordinator).waiting == 5  # the new records are counted
