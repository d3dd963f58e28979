"""New rows an import's chunk writes together at its end (fazhi.core.held.pending): the 文书 its
steps issue. Each is inserted before any audit row names it, a savepoint of the chunk writes
those made before it and drops those made inside it, and outside a chunk a 文书 is saved at once."""

import datetime as dt
import io

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core import audit, held
from fazhi.core.instruments.models import Instrument
from fazhi.core.models import AuditEntry, Channel
from fazhi.core.workflow import Refusal
from fazhi.disputes.reconsideration import services as fuyi
from fazhi.disputes.reconsideration.tests import factories

pytestmark = pytest.mark.django_db

INSTRUMENT_TABLE = Instrument._meta.db_table


def _inserts(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith(f'INSERT INTO "{INSTRUMENT_TABLE}"'))


def _named_papers(entries) -> set[int]:
    """The 文书 ids the audit rows name."""
    return {int(e.object_id) for e in entries if e.object_type == Instrument._meta.label}


@pytest.fixture
def reviewer(people):
    return people["reviewer"]


def _accept(org, reviewer, channel=Channel.IMPORT):
    case = factories.received(org, reviewer)
    return fuyi.accept(reviewer, channel, case, on=case.received_on)  # issues 受理通知书


def test_a_chunks_papers_are_inserted_together_at_its_end_and_named_by_their_ids(org, reviewer):
    first_audit = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with transaction.atomic(), audit.deferred(), held.holding():
        with CaptureQueriesContext(connection) as during:
            cases = [_accept(org, reviewer) for _ in range(3)]
        assert _inserts(during) == 0
        assert not Instrument.objects.filter(object_id__in=[c.pk for c in cases]).exists()
    papers = Instrument.objects.filter(object_id__in=[c.pk for c in cases])
    assert papers.count() == 3
    assert len({p.number for p in papers}) == 3
    entries = AuditEntry.objects.filter(id__gt=first_audit)
    assert _named_papers(entries) == {p.pk for p in papers}
    assert not audit.verify(anchors=[])


def test_with_no_chunk_a_paper_is_saved_at_once(org, reviewer):
    with CaptureQueriesContext(connection) as queries:
        case = _accept(org, reviewer, Channel.WEB)
    assert _inserts(queries) == 1
    assert Instrument.objects.filter(object_id=case.pk).count() == 1


def test_an_audit_row_recorded_at_once_in_a_chunk_names_the_paper_by_its_id(org, reviewer):
    """A chunk whose audit rows are not deferred: the pending 文书 is written when its audit row
    is appended, not left to the chunk's end with its audit row naming no id."""
    first_audit = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with transaction.atomic(), held.holding():
        case = _accept(org, reviewer)
        paper = Instrument.objects.get(object_id=case.pk)
    entries = AuditEntry.objects.filter(id__gt=first_audit)
    assert _named_papers(entries) == {paper.pk}


def test_a_savepoint_writes_the_papers_made_before_it_and_drops_those_made_inside(org, reviewer):
    Case = fuyi.STEPS.model
    with transaction.atomic(), audit.deferred(), held.holding():
        kept = _accept(org, reviewer)
        with pytest.raises(Refusal), held.savepoint():
            with CaptureQueriesContext(connection) as inside:
                _accept(org, reviewer)
            raise Refusal("本行被拒绝")
        after = _accept(org, reviewer)
    # the paper made before the savepoint was written as it began, not dropped with it
    assert _inserts(inside) == 0
    assert Instrument.objects.filter(object_id=kept.pk).count() == 1
    assert Instrument.objects.filter(object_id=after.pk).count() == 1
    assert Instrument.objects.count() == Case.objects.count() == 2


def test_papers_refused_as_an_imports_transaction_ends_fail_the_import_and_undo_it(
    org, people, monkeypatch
):
    """The 文书 of a transaction are inserted as it ends, after its rows' services returned: a
    refusal then (a number someone took past the sequence) is still the import's refusal, at the
    transaction's first row, and everything it wrote is undone."""
    from fazhi.core.imports import run_import
    from fazhi.core.instruments import services as papers

    def someone_took_the_number(instruments):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(papers, "_insert_issued", someone_took_the_number)
    header = "案号,申请人,申请人类型,被申请人单位代码,被申请复议的行政行为,案件类别,申请方式,"
    header += "递交/寄出日期,受理日期,结案日期,结案结果\n"
    rows = "".join(
        f"弥政复〔2019〕{n}号,赵六,自然人,532504-gaj,治安管理处罚决定,治安处罚,当面递交,"
        "2019-05-06,2019-05-08,2019-06-20,维持\n"
        for n in (7, 8)
    )
    result = run_import(
        "reconsideration",
        io.BytesIO((header + rows).encode()),
        "cases.csv",
        people["reviewer"],
        Channel.IMPORT,
    )
    assert result.written == 0
    first, summary = result.errors
    assert (first.row, str(first.reason).startswith("写入时被拒绝")) == (2, True)
    assert first.reason == "写入时被拒绝：数据库拒绝写入：与已有记录重复或冲突"
    assert summary.row == 0
    assert summary.reason == "本次已写入的 0 条记录已全部撤销，未导入任何数据。"
    assert not fuyi.STEPS.model.objects.exists()
    assert not Instrument.objects.exists()
    assert not audit.verify(anchors=[])


def test_a_paper_issued_earlier_in_the_chunk_is_found_when_its_service_is_recorded(org, reviewer):
    """补正通知 issued and served in the same chunk: the 送达 step looks the notice up in the
    table, so the chunk's pending 文书 are written before it looks."""
    with transaction.atomic(), audit.deferred(), held.holding():
        case = factories.received(org, reviewer)
        case = fuyi.request_correction(
            reviewer, Channel.IMPORT, case, on=case.received_on, items="补充身份证明"
        )
        served_on = case.received_on + dt.timedelta(days=3)
        fuyi.correction_served(reviewer, Channel.IMPORT, case, served_on=served_on, way="in_person")
    notice = Instrument.objects.get(object_id=case.pk)
    assert (notice.served_on, notice.served_way) == (served_on, "in_person")
    assert AuditEntry.objects.filter(action="登记送达", object_id=str(notice.pk)).exists()
