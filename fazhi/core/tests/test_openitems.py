"""The kernel's open-items table (fazhi.core.openitems): kept by every write of the transition
table in the record's own transaction, read by the workbench, the 待办 badge and the 驾驶舱 in a
number of queries that depends neither on the rows nor on the procedures."""

import datetime as dt

import pytest

from fazhi.cockpit.services import open_work
from fazhi.core import inbox, openitems, workbench
from fazhi.core.models import Channel, OpenItem
from fazhi.disputes.reconsideration import services as fuyi
from fazhi.disputes.reconsideration.tests import factories as fuyi_factories
from fazhi.oversight.proposals.tests import factories as proposal_factories

pytestmark = pytest.mark.django_db


def _item(record) -> OpenItem | None:
    return OpenItem.objects.filter(record_id=record.pk, procedure=record._meta.app_label).first()


def test_a_record_is_listed_while_open_with_its_deadline_and_leaves_when_closed(org, people):
    case = fuyi_factories.received(org, people["reviewer"])
    item = _item(case)
    assert item is not None
    assert (item.due_on, item.due_label) == (case.next_due_on, case.next_due_label)
    assert item.title == str(case) and item.status == case.status

    accepted = fuyi.accept(people["reviewer"], Channel.WEB, case, on=case.received_on)
    item.refresh_from_db()
    assert item.status == accepted.status and item.due_on == accepted.next_due_on

    other = fuyi_factories.received(org, people["reviewer"])
    assert _item(other) is not None
    fuyi.reject(people["reviewer"], Channel.WEB, other, on=other.received_on, reason="超过申请期限")
    assert _item(other) is None


def test_a_step_that_changes_another_record_keeps_that_ones_item_too(org, people):
    """并案: the member proposal takes the lead's unit in the same step (a side record)."""
    proposal_factories.assign_office(org)
    lead = proposal_factories.assigned(org, people["reviewer"], unit=org["police"])
    member = proposal_factories.received(org, people["reviewer"])
    assert _item(member).unit_id is None
    from fazhi.oversight.proposals import services as proposals

    proposals.merge(people["reviewer"], Channel.WEB, lead, members=[member], on=lead.assigned_on)
    assert _item(member).unit_id == org["police"].pk


def test_rebuilding_gives_the_rows_the_steps_kept(org, people):
    fuyi_factories.received(org, people["reviewer"])
    fuyi_factories.accepted(org, people["reviewer"])
    proposal_factories.assign_office(org)
    proposal_factories.assigned(org, people["reviewer"])
    fields = ["procedure", "record_id", "unit_id", "acting_unit_id", "status", "due_on", "title"]
    kept = set(OpenItem.objects.values_list(*fields))
    assert openitems.rebuild() == len(kept) == 3
    assert set(OpenItem.objects.values_list(*fields)) == kept


def test_the_workbench_badge_and_cockpit_cost_the_same_queries_for_any_number_of_records(
    org, people
):
    proposal_factories.assign_office(org)

    def cost() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as seen:
            workbench.items_for(people["coordinator"])
            inbox.counts(people["police_staff"])
            open_work(org["mile"], dt.date(2021, 6, 1))
        return len(seen)

    fuyi_factories.received(org, people["reviewer"])
    proposal_factories.assigned(org, people["reviewer"])
    few = cost()
    for _ in range(5):
        fuyi_factories.received(org, people["reviewer"])
        proposal_factories.assigned(org, people["reviewer"])
    assert cost() == few
    groups = dict(
        (source.key, items) for source, items in workbench.items_for(people["coordinator"])
    )
    assert len(groups["reconsideration"]) == 6 and len(groups["proposals"]) == 6


def test_the_workbench_lists_only_what_the_users_units_handle_or_must_act_on(org, people):
    proposal_factories.assign_office(org)
    proposal_factories.assigned(org, people["reviewer"], unit=org["police"])
    mine = [i for _, items in workbench.items_for(people["police_staff"]) for i in items]
    theirs = [i for _, items in workbench.items_for(people["kaiyuan_staff"]) for i in items]
    assert [i.procedure for i in mine] == ["proposals"]
    assert theirs == []


def test_a_calendar_change_moves_the_items_deadlines_with_the_records(org, people):
    from fazhi.core.tests.test_deadlines import EXTRA_HOLIDAY, notice_2021
    from fazhi.oversight.disclosure.tests.factories import received

    request = received(org, people["police_staff"])
    notice_2021(people["coordinator"], EXTRA_HOLIDAY)
    request.refresh_from_db()
    assert _item(request).due_on == request.next_due_on


def test_deferred_syncs_each_record_once_in_its_state_when_the_block_ends(
    org, people, django_assert_num_queries
):
    """An import's chunk (`openitems.deferred`): a record received, accepted and a second one
    received then rejected leave what the records give, written when the block ends."""
    from django.db import transaction

    reviewer = people["reviewer"]
    with transaction.atomic(), openitems.deferred():
        case = fuyi_factories.received(org, reviewer)
        assert _item(case) is None  # noted, not yet written
        case = fuyi.accept(reviewer, Channel.WEB, case, on=case.received_on)
        gone = fuyi_factories.received(org, reviewer)
        fuyi.reject(reviewer, Channel.WEB, gone, on=gone.received_on, reason="超过申请期限")
    item = _item(case)
    assert (item.status, item.due_on, item.due_label) == (
        case.status,
        case.next_due_on,
        case.next_due_label,
    )
    assert _item(gone) is None  # created and closed inside the block: no row left behind
    fields = ["procedure", "record_id", "status", "due_on", "due_label"]
    kept = set(OpenItem.objects.values_list(*fields))
    openitems.rebuild()
    assert set(OpenItem.objects.values_list(*fields)) == kept


def test_deferred_writes_nothing_when_the_block_fails(org, people):
    from django.db import transaction

    case = fuyi_factories.received(org, people["reviewer"])
    before = _item(case).status
    with pytest.raises(RuntimeError), transaction.atomic(), openitems.deferred():
        fuyi.accept(people["reviewer"], Channel.WEB, case, on=case.received_on)
        raise RuntimeError("the chunk failed")
    assert _item(case).status == before
