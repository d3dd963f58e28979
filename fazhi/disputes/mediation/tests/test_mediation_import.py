"""A 调解 ledger imported in many transactions (the flat-ledger path: COPY on PostgreSQL, one audit
append a transaction): every row audited and the chain intact; a file with bad rows among good
ones writes nothing and reports every bad row, with its column, value and reason."""

import csv

import pytest
from django.test import override_settings

from fazhi.core import audit
from fazhi.core.audit import Channel
from fazhi.core.imports import run_import
from fazhi.core.models import AuditEntry, ImportBatch, OpenItem
from fazhi.disputes.mediation.imports import MediationImporter
from fazhi.disputes.mediation.models import BodyKind, MediationCase, Status
from fazhi.disputes.mediation.services import LEDGER_ACTION

from .factories import GOOD_ROW, body

pytestmark = pytest.mark.django_db

ROWS = 120
CONFIRMATION = ("申请司法确认日期", "受理法院", "司法确认结果", "司法确认裁定日期")
GOOD = {k: v for k, v in GOOD_ROW.items() if k not in CONFIRMATION} | {"协议形式": "口头协议"}


def _ledger(tmp_path, bad: dict[int, dict]) -> tuple:
    """ROWS rows, numbered 1…ROWS; row i of the file (header = row 1) replaced as `bad` says."""
    rows = []
    for i in range(ROWS):
        row = GOOD | {"编号": f"调〔2021〕{i + 1}号", "当事人": f"张{i}、李{i}"}
        if i % 3 == 1:
            row |= {"调解结果": "调解不成功", "协议形式": "", "协议内容摘要": ""}
        rows.append(row | bad.get(i + 2, {}))
    path = tmp_path / "ledger.csv"
    headers = [c.header for c in MediationImporter.columns]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows([row.get(h, "") for h in headers] for row in rows)
    return path


# Short transactions, so that the file is written in many of them, as a large one is.
@override_settings(FAZHI_IMPORT_TRANSACTION_SECONDS=0.0001)
def test_every_imported_case_has_its_audit_row_and_the_chain_verifies(org, people, tmp_path):
    body(org)
    path = _ledger(tmp_path, {})
    appends_before = AuditEntry.objects.count()

    result = run_import("mediation", path, path.name, people["police_staff"], Channel.IMPORT)

    assert result.ok and result.written == ROWS
    cases = MediationCase.objects.all()
    assert cases.count() == ROWS
    assert set(cases.values_list("status", flat=True)) == {Status.FAILED, Status.SUCCEEDED}
    rows = AuditEntry.objects.filter(action=LEDGER_ACTION, channel=Channel.IMPORT)
    assert sorted(int(i) for i in rows.values_list("object_id", flat=True)) == sorted(
        cases.values_list("pk", flat=True)
    )
    assert {r.actor_id for r in rows} == {people["police_staff"].pk}
    first = rows.order_by("id").first()
    case = MediationCase.objects.get(pk=first.object_id)
    assert first.after["status"] == case.status and first.after["on"] == str(case.closed_on)
    # Written in many transactions (one audit append each), and the import itself audited last.
    batch = ImportBatch.objects.get()
    assert batch.rows == ROWS
    last = AuditEntry.objects.order_by("-id").first()
    assert last.action == "导入" and last.object_id == str(batch.pk)
    assert AuditEntry.objects.count() == appends_before + ROWS + 1
    assert audit.verify(anchors=[]) == []
    # Concluded cases have no open items, and nothing was deleted looking for them.
    assert not OpenItem.objects.filter(procedure="mediation").exists()


@override_settings(FAZHI_IMPORT_TRANSACTION_SECONDS=0.0001)
def test_bad_rows_among_good_ones_write_nothing_and_are_all_reported(org, people, tmp_path):
    body(org)  # the importer's own unit's room
    body(org, "kaiyuan_justice", BodyKind.TOWN, code="ky-tw", name="开远调解委员会")
    bad = {
        5: {"受理日期": "2021-02-30"},  # no such day: the parser
        40: {"调解员": "无此人"},  # not on the body's roll: the importer's write
        77: {"调解组织代码": "ky-tw"},  # another county's body: the scope check
        100: {"结案日期": "2021-02-01"},  # before 受理: the service's own check
    }
    path = _ledger(tmp_path, bad)

    result = run_import("mediation", path, path.name, people["police_staff"], Channel.IMPORT)

    assert not result.ok and result.written == 0 and result.total_rows == ROWS
    assert not MediationCase.objects.exists() and not ImportBatch.objects.exists()
    assert not AuditEntry.objects.filter(action=LEDGER_ACTION).exists()
    by_row = {e.row: e for e in result.errors}
    assert sorted(by_row) == sorted(bad) and result.error_count == len(bad)
    assert (by_row[5].column, by_row[5].value) == ("受理日期", "2021-02-30")
    assert (by_row[40].column, by_row[40].value) == ("调解员", "无此人")
    assert "在册调解员" in by_row[40].reason
    assert "只有调解组织所属单位的工作人员" in by_row[77].reason
    assert "不能早于" in by_row[100].reason


@override_settings(FAZHI_IMPORT_TRANSACTION_SECONDS=0.0001)
def test_a_number_given_twice_in_one_file_is_a_row_error_of_the_check(org, people, tmp_path):
    """Two rows of one body with the same 编号, far apart (written in different transactions):
    reported in the check with the row it repeats, not found by the database's constraint in the
    write, which would undo the import and name one row only. Blank numbers are given by the
    platform and never clash."""
    body(org)
    bad = {
        90: {"编号": "调〔2021〕3号"},  # row 4 holds it
        91: {"编号": ""},
        92: {"编号": ""},
    }
    path = _ledger(tmp_path, bad)

    result = run_import("mediation", path, path.name, people["police_staff"], Channel.IMPORT)

    assert not result.ok and result.written == 0 and not MediationCase.objects.exists()
    assert [(e.row, e.column) for e in result.errors] == [(90, "调解组织代码、编号")]
    assert result.errors[0].value.endswith("调〔2021〕3号")
    assert "与第4行重复" in result.errors[0].reason


@override_settings(FAZHI_IMPORT_TRANSACTION_SECONDS=0.0001)
def test_the_check_runs_every_rule_without_inserting_a_case(org, people, tmp_path, monkeypatch):
    """The ledger declares `checked_before_insert`: pass 1 (all a dry run does) checks each row
    by the services, the creator rule and the due dates included, and inserts nothing; a row
    the batch save refuses is still reported with its own row number."""
    from fazhi.core import steps
    from fazhi.disputes.mediation import rules

    inserted = []
    real_insert = steps.insert_rows
    monkeypatch.setattr(
        steps, "insert_rows", lambda model, objs: inserted.append(model) or real_insert(model, objs)
    )
    body(org)
    body(org, "kaiyuan_justice", BodyKind.TOWN, code="ky-tw", name="开远调解委员会")
    bad = {33: {"调解组织代码": "ky-tw"}, 60: {"结案日期": "2021-02-01"}}
    path = _ledger(tmp_path, bad)

    result = run_import("mediation", path, path.name, people["police_staff"], "import", True)

    assert MediationCase not in inserted and not MediationCase.objects.exists()
    assert sorted(e.row for e in result.errors) == [33, 60] and result.written == 0
    # The due date is computed in the batch save (`create_many`): a period that cannot be
    # computed refuses the row there, and the row number is still the right one.
    monkeypatch.setattr(rules, "mediation_period", lambda: "三十日")
    result = run_import("mediation", path, path.name, people["police_staff"], "import", True)
    assert {e.row for e in result.errors} >= {2, 3, ROWS + 1}
    assert all("期限" in e.reason for e in result.errors if e.row not in bad)


@override_settings(FAZHI_IMPORT_TRANSACTION_SECONDS=60)  # rows 32–71: one transaction
def test_an_error_found_by_a_later_check_does_not_hide_an_earlier_rows(org, people, tmp_path):
    """The ledger's service checks its rows in sweeps (the steps of each, then the creator rule
    and due dates of all in the batch save): an early row refused by the later sweep is still
    reported when a later row is refused by the first — one upload, every error."""
    body(org)
    bad = {
        40: {"受理日期": "1990-03-01", "结案日期": "1990-03-05"},  # no holiday notice: no due date
        60: {"结案日期": "2021-02-01"},  # before 受理: refused by the transition itself
    }
    path = _ledger(tmp_path, bad)

    result = run_import("mediation", path, path.name, people["police_staff"], "import", True)

    by_row = {e.row: e.reason for e in result.errors}
    assert sorted(by_row) == [40, 60], by_row
    assert "期限" in by_row[40] and "不能早于" in by_row[60]
