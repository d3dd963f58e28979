"""Records held by the transaction that writes them (fazhi.core.held): inside an import's chunk
the next step on a record a step returned does not read it again, and any other write of the
row, or a failed step, makes the next step read it again."""

import datetime as dt
import functools

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core import bulk, held
from fazhi.core.models import Channel
from fazhi.core.workflow import Refusal
from fazhi.disputes.reconsideration import services as fuyi
from fazhi.disputes.reconsideration.tests import factories

pytestmark = pytest.mark.django_db

ReconsiderationCase = fuyi.STEPS.model  # the kernel's tests reach a procedure by its services
CasePause = ReconsiderationCase.pauses.rel.related_model
TABLE = ReconsiderationCase._meta.db_table


def _rereads(run) -> int:
    """How many times `run()` read a 复议 case under the row lock."""
    with CaptureQueriesContext(connection) as queries:
        run()
    return sum(
        1
        for q in queries
        if q["sql"].startswith("SELECT")
        and f'FROM "{TABLE}"' in q["sql"]
        and "FOR UPDATE" in q["sql"]
    )


def _lockable() -> bool:
    return connection.features.has_select_for_update


@pytest.fixture
def reviewer(people):
    return people["reviewer"]


@pytest.fixture
def approver(org):
    """The 负责人 who approves a 2017-law case's extension (the cases here are from 2021)."""
    return factories.government_approver(org)


def test_a_step_on_the_instance_a_step_returned_does_not_read_it_again(org, reviewer):
    if not _lockable():
        pytest.skip("SQLite takes no row locks: the re-read shows as a plain SELECT")
    with transaction.atomic(), held.holding():
        case = factories.received(org, reviewer)
        accepted = []
        reads = _rereads(
            lambda: accepted.append(
                fuyi.accept(reviewer, Channel.IMPORT, case, on=case.received_on)
            )
        )
        assert reads == 0
        assert accepted[0] is case
    outside = factories.received(org, reviewer)
    assert (
        _rereads(lambda: fuyi.accept(reviewer, Channel.WEB, outside, on=outside.received_on)) == 1
    )


def test_a_held_record_is_the_row_as_it_stands(org, reviewer, approver):
    """What the replayed steps leave equals the row read afresh, field by field."""
    with transaction.atomic(), held.holding():
        case = factories.received(org, reviewer)
        case = fuyi.accept(reviewer, Channel.IMPORT, case, on=case.received_on)
        case = fuyi.extend(
            approver, Channel.IMPORT, case, on=case.accepted_on, days=10, reason="案情复杂"
        )
    fresh = ReconsiderationCase.objects.get(pk=case.pk)
    fields = [f.attname for f in ReconsiderationCase._meta.concrete_fields]
    assert {n: getattr(case, n) for n in fields} == {n: getattr(fresh, n) for n in fields}
    assert fresh.extension_days == 10 and fresh.decision_due_on == case.decision_due_on


def test_another_write_of_the_row_makes_the_next_step_read_it_again(org, reviewer, approver):
    with transaction.atomic(), held.holding():
        case = factories.received(org, reviewer)
        other = ReconsiderationCase.objects.get(pk=case.pk)
        other.applicant_name = "李四"
        other.save(update_fields=["applicant_name"])
        case = fuyi.accept(reviewer, Channel.IMPORT, case, on=case.received_on)
        assert case.applicant_name == "李四"  # read again: the other save is not lost
        bulked = ReconsiderationCase.objects.get(pk=case.pk)
        bulked.applicant_name = "王五"
        bulk.update_rows(ReconsiderationCase, [bulked], ["applicant_name"])
        case = fuyi.extend(
            approver, Channel.IMPORT, case, on=case.accepted_on, days=5, reason="案情复杂"
        )
        assert case.applicant_name == "王五"
    assert ReconsiderationCase.objects.get(pk=case.pk).applicant_name == "王五"


def test_a_refused_step_lets_the_record_go(org, reviewer, approver):
    """`change` may have run on the instance before the refusal: the next step reads the row.
    (Refused before it writes anything: a plain savepoint around it leaves the chunk as it was.)"""
    with transaction.atomic(), held.holding():
        case = factories.received(org, reviewer)
        case = fuyi.accept(reviewer, Channel.IMPORT, case, on=case.received_on)
        with pytest.raises(Refusal), transaction.atomic():  # refused before any write
            fuyi.extend(approver, Channel.IMPORT, case, on=case.accepted_on, days=40, reason="x")
        assert held.is_held(case) is False
        again = fuyi.extend(
            approver, Channel.IMPORT, case, on=case.accepted_on, days=30, reason="案情复杂"
        )
    assert ReconsiderationCase.objects.get(pk=again.pk).extension_days == 30


def test_nothing_is_held_outside_the_block(org, reviewer):
    with transaction.atomic(), held.holding():
        case = factories.received(org, reviewer)
        assert held.is_held(case)
    assert not held.is_held(case)
    case.status = "bogus"  # a stale instance outside the block: the step reads the row
    accepted = fuyi.accept(reviewer, Channel.WEB, case, on=case.received_on)
    assert accepted.accepted_on == case.received_on and accepted is not case


def test_a_deleted_record_is_let_go(org, reviewer):
    with transaction.atomic(), held.holding():
        case = factories.received(org, reviewer)
        ReconsiderationCase.objects.get(pk=case.pk).delete()
        assert not held.is_held(case)
        with pytest.raises(ReconsiderationCase.DoesNotExist):
            fuyi.accept(reviewer, Channel.IMPORT, case, on=case.received_on)


def test_only_a_held_model_listens_to_deletes(org, reviewer):
    """A delete listener takes a model's bulk deletes off their fast path (one DELETE): the
    open items an import deletes by the thousand must keep it."""
    from django.db.models.signals import post_delete

    from fazhi.core.models import OpenItem

    with transaction.atomic(), held.holding():
        factories.received(org, reviewer)
    assert post_delete.has_listeners(ReconsiderationCase)
    assert not post_delete.has_listeners(OpenItem)


def _steps_with_a_pause(org, reviewer) -> tuple:
    """Received, accepted, suspended and resumed ten days later: the pause is begun and ended
    by the steps. The decision due date as accepted, while suspended, and once resumed."""
    case = factories.received(org, reviewer)
    case = fuyi.accept(reviewer, Channel.IMPORT, case, on=case.received_on)
    accepted_due, start = case.decision_due_on, case.accepted_on + dt.timedelta(days=5)
    case = fuyi.suspend(reviewer, Channel.IMPORT, case, on=start, ground="force_majeure")
    suspended_due = case.decision_due_on
    case = fuyi.resume(reviewer, Channel.IMPORT, case, on=start + dt.timedelta(days=10))
    return accepted_due, suspended_due, case.decision_due_on


def test_a_new_held_records_pauses_are_known_empty_until_a_step_makes_one(org, reviewer):
    """A case created in the chunk has no pauses: its next step reads none from the database;
    the pause a later step begins, and its end, count as they do outside a chunk."""
    if not _lockable():
        pytest.skip("the query is counted the same way on both; run on PostgreSQL")
    table = CasePause._meta.db_table
    with transaction.atomic(), held.holding():
        case = factories.received(org, reviewer)
        with CaptureQueriesContext(connection) as queries:
            fuyi.accept(reviewer, Channel.IMPORT, case, on=case.received_on)
        assert not [q for q in queries if f'FROM "{table}"' in q["sql"]]
    with transaction.atomic(), held.holding():
        inside = _steps_with_a_pause(org, reviewer)
    outside = _steps_with_a_pause(org, reviewer)
    assert inside == outside
    accepted_due, suspended_due, resumed_due = inside
    assert suspended_due is None and resumed_due > accepted_due  # the pause counted, then ended


def _savepoints(run) -> int:
    with CaptureQueriesContext(connection) as queries:
        run()
    return sum(1 for q in queries if q["sql"].startswith("SAVEPOINT"))


def test_a_step_in_a_chunk_opens_no_savepoint_and_a_refused_row_is_rolled_back_by_its_own(
    org, reviewer, approver
):
    """In a chunk a failed step fails its row, which the chunk rolls back to the row's own
    savepoint (an import's trial pass) and goes on; the step's own savepoint was two round
    trips a step for nothing."""
    with transaction.atomic():
        outside = factories.received(org, reviewer)
        assert (
            _savepoints(lambda: fuyi.accept(reviewer, Channel.WEB, outside, on=outside.received_on))
            >= 1
        )
    with transaction.atomic(), held.holding():
        case = factories.received(org, reviewer)
        steps = []
        assert (
            _savepoints(
                lambda: steps.append(
                    fuyi.accept(reviewer, Channel.IMPORT, case, on=case.received_on)
                )
            )
            == 0
        )
        case = steps[0]
        with pytest.raises(Refusal), held.savepoint():  # the row's savepoint (_try_rows)
            fuyi.extend(
                approver, Channel.IMPORT, case, on=case.accepted_on, days=5, reason="案情复杂"
            )
            fuyi.extend(approver, Channel.IMPORT, case, on=case.accepted_on, days=40, reason="x")
        # the transaction goes on, without the refused row's first step
        again = fuyi.extend(
            approver, Channel.IMPORT, case, on=case.accepted_on, days=7, reason="案情复杂"
        )
    assert ReconsiderationCase.objects.get(pk=again.pk).extension_days == 7


def test_a_services_own_block_opens_no_savepoint_in_a_chunk(org, reviewer):
    """`held.atomic()`: 复议's `receive` wraps its number check and the case's creation in a
    block of its own, a savepoint outside a chunk and none inside."""
    with transaction.atomic():
        assert _savepoints(lambda: factories.received(org, reviewer)) >= 1
    with transaction.atomic(), held.holding():
        assert _savepoints(lambda: factories.received(org, reviewer)) == 0


def test_a_new_records_empty_relation_reads_as_none_and_filters_as_none(org, reviewer):
    """The relation known empty behaves as Django's own prefetch of it: no rows, no query,
    whether read whole or filtered."""
    with transaction.atomic(), held.holding():
        case = factories.received(org, reviewer)
        with CaptureQueriesContext(connection) as queries:
            assert list(case.pauses.all()) == []
            assert case.pauses.filter(end__isnull=True).first() is None
            assert case.pauses.count() == 0
        assert len(queries) == 0


def _receipts(org, people) -> dict:
    """Each service that registers a record in a block of its own (`held.atomic()`), as a
    history import calls it: what is prepared beforehand (a 调解组织 and its handler) is not."""
    from fazhi.disputes.litigation.tests import factories as litigation
    from fazhi.disputes.mediation.tests import factories as mediation
    from fazhi.oversight.disclosure.tests import factories as disclosure
    from fazhi.oversight.letters.tests import factories as letters
    from fazhi.oversight.proposals.tests import factories as proposals

    proposals.assign_office(org)
    body = mediation.body(org)
    handler = mediation.handler(body)
    return {
        "行政应诉": lambda n: litigation.lawsuit(
            org, people["coordinator"], number=f"(2021)云2504行初{n}号"
        ),
        "调解": lambda n: mediation.received(body, handler),
        "依申请公开": lambda n: disclosure.received(org, people["police_staff"]),
        "信箱": lambda n: letters.received(org, people["coordinator"], reference=f"HH2021-{n}"),
        "建议提案": lambda n: proposals.received(org, people["reviewer"]),
    }


def test_every_receipt_opens_no_savepoint_in_a_chunk_and_one_outside(org, people):
    for name, receive in _receipts(org, people).items():
        with transaction.atomic():
            assert _savepoints(functools.partial(receive, 1)) >= 1, name
        with transaction.atomic(), held.holding():
            assert _savepoints(functools.partial(receive, 2)) == 0, name
