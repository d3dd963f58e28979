"""A large import never stops other users' work (issue 6, imports).

The import that was here wrote the whole file in one transaction: for the 102 s of a 40 000-row
file, SQLite refused every other write and login ("database is locked"), and on PostgreSQL every
audited write waited for the audit chain's head row, locked by the import's first audit row.

Here the import runs in a thread of its own while this test, as other users, makes an audited
service call and logs in. Events, not sleeps, decide when: the import's progress callback and
its write tell when it is in the middle of the file. The waits have a timeout only so that the
code that was here fails the test instead of hanging it.
"""

import io
import threading

import pytest
from django.db import connection
from django.test import Client

from fazhi.core.audit import Channel
from fazhi.core.imports import Column, Importer, register, run_import, text, unregister
from fazhi.core.models import AuditEntry, ImportBatch, OrgUnit
from fazhi.core.services import create_unit

ROWS = 400
ROWS_PER_TRANSACTION = 20
PASSWORD = "pass-Fazhi-2021"  # conftest's personas
TIMEOUT = 30  # seconds; reached only by an import that keeps others waiting

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("fazhi.urls")]


class ManyUnits(Importer):
    """Units under 弥勒市, each through the audited service, a few per transaction. `pause_at`
    (a row's code) stops the real write inside its transaction until `resume` is set."""

    kind, label = "test-many-units", "测试单位(大批)"
    columns = [Column("单位代码", "code", text(32)), Column("单位名称", "name", text(100))]
    rows_per_transaction = chunk_size = ROWS_PER_TRANSACTION
    pause_at = ""
    paused = threading.Event()
    resume = threading.Event()
    resumed_in_time: list[bool] = []

    def write(self, rows, actor):
        parent = OrgUnit.objects.get(code="532504")
        return self.write_each(rows, lambda row: self._add(row, actor, parent))

    def _add(self, row, actor, parent):
        if row["code"] == self.pause_at and not getattr(self, "trial", False):
            self.paused.set()
            self.resumed_in_time.append(self.resume.wait(TIMEOUT))
        create_unit(
            actor, self.channel, code=row["code"], name=row["name"], kind="other", parent=parent
        )


@pytest.fixture
def many_units(monkeypatch):
    # The pause that lets a waiting SQLite writer in matters to writers that poll for the lock;
    # here the events decide who goes when.
    monkeypatch.setattr("fazhi.core.imports.running.SQLITE_PAUSE_SECONDS", 0.0)
    register(ManyUnits)
    ManyUnits.paused.clear()
    ManyUnits.resume.clear()
    ManyUnits.resumed_in_time.clear()
    yield ManyUnits
    ManyUnits.pause_at = ""
    unregister(ManyUnits.kind)


def ledger() -> bytes:
    lines = [f"532504-bulk{i},批量单位{i}" for i in range(ROWS)]
    return ("单位代码,单位名称\n" + "\n".join(lines) + "\n").encode()


class ImportThread(threading.Thread):
    """Runs the import with its own database connection, as another request would."""

    def __init__(self, actor, progress=None):
        super().__init__()
        self.actor, self.progress, self.result, self.error = actor, progress, None, None

    def run(self):
        try:
            self.result = run_import(
                ManyUnits.kind,
                io.BytesIO(ledger()),
                "units.csv",
                self.actor,
                Channel.IMPORT,
                progress=self.progress,
            )
        except Exception as exc:  # reported by the test
            self.error = exc
        finally:
            connection.close()


def other_users_work(someone_else) -> list[str]:
    """An audited service call by one user and a login by another; what went wrong, if anything."""
    problems = []
    try:
        county = OrgUnit.objects.get(code="532504")
        create_unit(
            someone_else,
            Channel.WEB,
            code="532504-other",
            name="别人新增",
            kind="other",
            parent=county,
        )
    except Exception as exc:  # what the test is about
        problems.append(f"write: {type(exc).__name__}: {exc}")
    try:
        client = Client()
        response = client.post("/accounts/login/", {"username": "land", "password": PASSWORD})
        if response.status_code != 302 or "_auth_user_id" not in client.session:
            problems.append(f"login answered {response.status_code}")
    except Exception as exc:
        problems.append(f"login: {type(exc).__name__}: {exc}")
    return problems


def imported_units() -> int:
    return OrgUnit.objects.filter(code__startswith="532504-bulk").count()


def test_others_write_and_log_in_between_the_import_s_transactions(people, many_units):
    """Paused after its first committed transaction, in the middle of the file, the import holds
    no lock at all: another user's audited write and a login go through at once."""
    in_the_middle = threading.Event()

    def progress(stage, done, total):
        if stage == "write" and done == ROWS_PER_TRANSACTION:
            in_the_middle.set()
            many_units.resumed_in_time.append(many_units.resume.wait(TIMEOUT))

    importer = ImportThread(people["coordinator"], progress)
    importer.start()
    try:
        assert in_the_middle.wait(TIMEOUT), "the import never reached its write"
        problems = other_users_work(people["leader"])
        written_meanwhile = imported_units()
    finally:
        many_units.resume.set()
        importer.join()

    assert problems == []
    assert many_units.resumed_in_time == [True]  # the others did not wait for the import
    assert 0 < written_meanwhile < ROWS  # they worked while it was half done
    assert importer.error is None and importer.result.ok, importer.result.errors
    assert importer.result.written == imported_units() == ROWS  # and it went in whole
    assert ImportBatch.objects.get().rows == ROWS
    assert AuditEntry.objects.filter(action="新增单位", channel=Channel.IMPORT).count() == ROWS


def test_on_postgresql_others_write_even_during_one_of_the_import_s_transactions(
    people, many_units
):
    """Inside a transaction the import has written rows but appended no audit row yet (they are
    appended at its end), so the audit chain's head is free: an audited write does not wait."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: a write waits for the current transaction")
    many_units.pause_at = f"532504-bulk{ROWS_PER_TRANSACTION + 5}"  # within the second one

    importer = ImportThread(people["coordinator"])
    importer.start()
    try:
        assert many_units.paused.wait(TIMEOUT), "the import never reached its write"
        problems = other_users_work(people["leader"])
    finally:
        many_units.resume.set()
        importer.join()

    assert problems == []
    assert many_units.resumed_in_time == [True]
    assert importer.error is None and importer.result.written == ROWS
    assert OrgUnit.objects.filter(code="532504-other").exists()


def test_the_units_importer_declares_that_its_rows_depend_on_earlier_rows():
    """The one kind that runs in a single transaction, and why: a parent on an earlier row."""
    from fazhi.core.imports import all_importers

    dependent = {i.kind for i in all_importers() if i.rows_depend_on_earlier_rows}
    assert dependent == {"units"}
