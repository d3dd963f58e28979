"""Running an import: all or nothing, every error in one pass, and never in other users' way.

Pass 1 reads the file, checks every row (parsers, row rules, keys, batch rules; outside any
transaction) and then tries each chunk's valid rows through the importer's `write()` — the
services themselves — in short transactions that are rolled back, their audit rows never even
built. A row a service refuses (a ValidationError or `Refusal`: out of the actor's scope, a date
the law does not allow…) is an error of that row, and the rows after it are still tried, so one
upload reports every error of the file. Where the importer declares `checked_before_insert`, the
batch saves of those trials check their records without inserting them (`bulk.checking`).

Pass 2 runs only if pass 1 found nothing. It writes in short transactions, each committed, the
transaction's audit rows appended at its end in one step (`audit.deferred`), so the audit
chain's head row is locked for milliseconds. A transaction lasts about
FAZHI_IMPORT_TRANSACTION_SECONDS (default 0.2 s on SQLite, 0.5 s on PostgreSQL), however much a
row costs. On PostgreSQL, which locks only the rows being written (and those a service locks:
the body whose numbers it gives), other users' writes do not wait for it; on SQLite, which has
one writer at a time, they wait at most about that long: between two transactions the import
pauses long enough for a waiting writer to try again (SQLite's writers poll for the lock). The
trial transactions of pass 1 are paced the same way. The ImportBatch row and its audit row come
last, in their own transaction, so a batch exists only for an import that completed.

All or nothing across transactions: if one fails after others committed (someone changed the data
between the passes: took a case number, moved a unit), the records this import created are
removed again through `Importer.undo`, each removal an audit row ("撤销导入"), and the failing
row is reported. A process killed during pass 2 cannot do that: the rows committed until then
stay, with their audit rows but without an ImportBatch.

An importer whose rows depend on earlier rows of the same file (`rows_depend_on_earlier_rows`:
units, a parent on an earlier row) runs each pass in one transaction instead; such files are
small (an org directory), and nothing needs undoing.
"""

import logging
import os
import time
from array import array
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from .. import audit, bulk, held, openitems
from ..models import ImportBatch
from ..steps import remembered_reads
from .declarations import FILE_ROW, Importer, RowWriteError, get_importer
from .files import Source, open_table
from .limits import FileRefused, Limits
from .results import ImportResult
from .validation import Layout, Row, Validator, data_chunks, read_header

logger = logging.getLogger(__name__)


@contextmanager
def _deferred():
    """Inside a chunk's transaction: its 文书 inserted together, its audit rows appended, and its
    records' open items synced once each, when the chunk ends; a record a step created or
    changed is not read again by its next step (a replayed record takes several steps in a
    chunk)."""
    with audit.deferred() as collected, openitems.deferred(), held.holding():
        yield collected


Progress = Callable[[str, int, int | None], None]  # (stage "validate" | "write", done, total)
TRANSACTION_SECONDS = 0.2  # SQLite: every other writer waits for the import's transaction
# PostgreSQL: others wait only for the rows a service locks (a 调解组织 being numbered) and for the
# audit head during the append at the end; longer transactions mean fewer round trips a row.
POSTGRESQL_SECONDS = 0.5
SQLITE_PAUSE_SECONDS = 0.1
FIRST_TRANSACTION_ROWS = 10
WRITE_REFUSED = (RowWriteError, ValidationError, IntegrityError, DataError)


def run_import(
    kind: str,
    file: str | os.PathLike | BinaryIO,
    filename: str,
    actor,
    channel: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of `file` (pass 1); unless there is an error or `dry_run`, write them."""
    importer_class = get_importer(kind)
    result = ImportResult(kind, importer_class.label, filename, dry_run)
    run = _Run(importer_class(actor, channel), Source(file), result, progress)
    try:
        layout = run.check()
        if result.ok and not dry_run:
            run.write(layout)
    except FileRefused as exc:
        result.written = 0
        result.add_error(FILE_ROW, "", "", str(exc))
    return result


class _RolledBack(Exception):
    """Leaves a trial transaction: its writes and audit rows are dropped."""


class _Pacer:
    """How many rows the next transaction takes, so that it lasts about TRANSACTION_SECONDS
    whatever a row costs (a bulk insert or a case replayed through three services); and, on
    SQLite, a pause between two transactions so that a waiting writer gets the lock."""

    def __init__(self, importer: Importer):
        self.fixed = getattr(importer, "rows_per_transaction", None)
        self.size = self.fixed or FIRST_TRANSACTION_ROWS
        connection = transaction.get_connection()
        self.seconds = getattr(settings, "FAZHI_IMPORT_TRANSACTION_SECONDS", None) or (
            TRANSACTION_SECONDS if connection.vendor == "sqlite" else POSTGRESQL_SECONDS
        )
        self.limit = importer.chunk_size
        # SQLite has one writer at a time; a writer that finds the lock taken sleeps and tries
        # again, longer the longer it has waited (1 ms at first, at most 100 ms). Back-to-back
        # transactions would starve it: after each, the import pauses as long as a writer that
        # began waiting during it may sleep — about as long as the transaction, at most 100 ms.
        # PostgreSQL locks rows, not the database; and inside a caller's transaction nothing is
        # released between two: no pause then.
        self.yields = connection.vendor == "sqlite" and not connection.in_atomic_block
        self.owed = 0.0  # the pause due before the next transaction
        self.last_end = 0.0

    def groups(self, rows: list):
        """`rows` in slices of the current size (which `timed` adjusts as they are written)."""
        position = 0
        while position < len(rows):
            group = rows[position : position + self.size]
            yield group
            position += len(group)

    @contextmanager
    def timed(self, group: list):
        """Around one transaction: first the pause owed since the last one, then the timing."""
        time.sleep(max(0.0, self.owed - (time.monotonic() - self.last_end)))
        started = time.monotonic()
        try:
            yield
        finally:  # a trial transaction ends by an exception that rolls it back
            self.last_end = time.monotonic()
            seconds = max(self.last_end - started, 1e-6)
            if self.yields:
                self.owed = min(SQLITE_PAUSE_SECONDS, 1.25 * seconds + 0.002)
            if not self.fixed:
                fitting = int(self.seconds * len(group) / seconds)
                self.size = max(1, min(fitting, 2 * self.size, self.limit))


class _Run:
    def __init__(self, importer: Importer, source: Source, result, progress: Progress | None):
        self.importer, self.source, self.result = importer, source, result
        self.progress = progress or (lambda stage, done, total: None)
        self.limits = Limits.from_settings()
        self.pacer = _Pacer(importer)
        self.one_transaction = importer.rows_depend_on_earlier_rows

    # --- pass 1 --------------------------------------------------------------------------------

    def check(self) -> Layout | None:
        self.importer.trial = True
        checking = bulk.checking if self.importer.checked_before_insert else nullcontext
        try:
            with checking():
                return self._check_in_transactions()
        finally:
            self.importer.trial = False

    def _check_in_transactions(self) -> Layout | None:
        if not self.one_transaction:
            return self._check()
        try:
            with transaction.atomic(), _deferred():
                layout = self._check()
                raise _RolledBack
        except _RolledBack:
            return layout

    def _check(self) -> Layout | None:
        result = self.result
        with open_table(self.source, self.limits) as table:
            header_row, header_cells, chunks = data_chunks(table, self.importer.chunk_size)
            layout = read_header(type(self.importer), header_row, header_cells, result)
            if not result.ok:
                return None
            validator = Validator(self.importer, layout, result)
            total = table.size_hint - header_row if table.size_hint else None
            for chunk in chunks:
                rows = validator.parse_chunk(chunk, check=True)
                self._try(rows, validator, result.total_rows, chunk, total)
                result.total_rows += len(chunk)
                done = result.total_rows
                self.progress("validate", done, None if total is None else max(total, done))
        if result.total_rows == 0:
            result.add_error(FILE_ROW, "", "", "文件中没有数据行(表头之下没有内容)")
        result.sort_errors()  # batch and service checks report after a chunk's row checks
        return layout

    def _try(self, rows: list[Row], validator: Validator, before: int, chunk, total) -> None:
        """Each row through the services, in trial transactions that are rolled back (or, for
        rows depending on earlier rows, kept until the end of the pass)."""
        if self.one_transaction:
            self._try_rows(rows, validator)
            return
        positions = {number: index for index, (number, _) in enumerate(chunk, start=1)}
        for group in self.pacer.groups(rows):
            try:
                with self.pacer.timed(group), transaction.atomic(), _deferred():
                    self._try_rows(group, validator)
                    raise _RolledBack
            except _RolledBack:
                pass
            done = before + positions[group[-1].number]
            if done < before + len(chunk):
                self.progress("validate", done, None if total is None else max(total, done))

    def _try_rows(self, rows: list[Row], validator: Validator) -> None:
        """Write `rows` in the current transaction; a refused row is reported and the rows after
        it are tried next. The rows before it were rolled back with it and are tried again: a
        batch service may check in sweeps (each row's steps, then every row's creator rule and
        due dates), so an earlier row's error can hide behind the one reported, and rows that
        later rows depend on must be written again."""
        start = 0
        while start < len(rows):
            try:
                with held.savepoint():  # a refused row leaves nothing
                    self._write([row.values for row in rows[start:]])
                return
            except RowWriteError as exc:
                failed = start + exc.index if 0 <= exc.index < len(rows) - start else start
                self._report(rows[failed], exc, validator)
            except (ValidationError, IntegrityError, DataError) as exc:
                # Not tied to a row by the importer: the rows from here on are not tried.
                error = RowWriteError.refused(0, exc, self.importer.columns)
                self._report(rows[start], error, validator)
                return
            if failed > start:
                self._try_rows(rows[start:failed], validator)
            start = failed + 1

    def _write(self, values: list[dict]) -> int:
        with remembered_reads():  # the rows of a transaction name a few dozen units
            return self.importer.write(values, self.importer.actor)

    def _report(self, row: Row, error: RowWriteError, validator, prefix: str = "") -> None:
        for column, reason in error.problems:
            value = validator.cell(row, column) if column else ""
            self.result.add_error(row.number, column, value, prefix + reason)

    # --- pass 2 --------------------------------------------------------------------------------

    def write(self, layout: Layout) -> None:
        self.pacer = _Pacer(self.importer)  # a real write costs more than its trial
        if self.one_transaction:
            self._write_in_one_transaction(layout)
        else:
            _Writer(self, layout).run()

    def _write_in_one_transaction(self, layout: Layout) -> None:
        result = self.result
        validator = None
        first_row: list[Row] = []  # where a write refused as the transaction ends is reported
        try:
            with (
                _refused_as_it_ends(first_row, self.importer),
                transaction.atomic(),
                _deferred(),
                open_table(self.source, self.limits) as t,
            ):
                _, _, chunks = data_chunks(t, self.importer.chunk_size)
                validator = Validator(self.importer, layout, result)
                for chunk in chunks:
                    rows = _same_rows(validator.parse_chunk(chunk, check=False), chunk)
                    if not first_row:
                        first_row.extend(rows[:1])
                    self._write_rows(rows, validator)
                    self.progress("write", result.written, result.total_rows)
                record_batch(self.importer, result)
        except _WriteFailed as failed:
            result.written = 0
            self._report(failed.row, failed.error, validator, "写入失败，已全部撤销：")

    def _write_rows(self, rows: list[Row], validator: Validator) -> None:
        # No savepoint: a refusal here ends the whole transaction it runs in (_WriteFailed).
        try:
            with transaction.atomic(savepoint=False):
                self.result.written += self._write([row.values for row in rows])
        except WRITE_REFUSED as exc:
            raise _WriteFailed.of(exc, rows, self.importer) from exc


class _WriteFailed(Exception):
    def __init__(self, row: Row, error: RowWriteError):
        super().__init__(error.reason)
        self.row, self.error = row, error

    @classmethod
    def of(cls, exc: Exception, rows: list[Row], importer: Importer) -> "_WriteFailed":
        if isinstance(exc, RowWriteError):
            index = exc.index if 0 <= exc.index < len(rows) else 0
            return cls(rows[index], exc)
        return cls(rows[0], RowWriteError.refused(0, exc, importer.columns))


@contextmanager
def _refused_as_it_ends(rows: list[Row], importer: Importer):
    """A transaction's writes done as it ends (its pending 文书, open items, audit rows) refused:
    the import fails at the transaction's first row, as a refusal inside it would, and is
    undone; the transaction has been rolled back."""
    try:
        yield
    except WRITE_REFUSED as exc:
        raise _WriteFailed.of(exc, rows, importer) from exc


def _same_rows(rows: list[Row], chunk: list) -> list[Row]:
    if len(rows) != len(chunk):  # the file changed between the passes
        number = chunk[0][0]
        raise _WriteFailed(Row(number, [], {}), RowWriteError(0, "文件在校验后被改动，请重新导入"))
    return rows


class _Writer:
    """Pass 2 in committed transactions, undone as a whole if one of them fails."""

    def __init__(self, job: _Run, layout: Layout):
        self.job, self.layout = job, layout
        self.created: list[_Created] = []  # per committed transaction
        self.changed_before: list[str] = []  # existing records a transaction changed

    def run(self) -> None:
        run, result = self.job, self.job.result
        validator = None
        try:
            with open_table(run.source, run.limits) as table:
                _, _, chunks = data_chunks(table, run.importer.chunk_size)
                validator = Validator(run.importer, self.layout, result)
                for chunk in chunks:
                    rows = _same_rows(validator.parse_chunk(chunk, check=False), chunk)
                    for group in run.pacer.groups(rows):
                        self._commit(group, validator)
                        run.progress("write", result.written, result.total_rows)
            with transaction.atomic():
                record_batch(run.importer, result)
        except _WriteFailed as failed:
            undone = self._undo()
            result.written = 0
            run._report(failed.row, failed.error, validator, "写入时被拒绝：")
            result.add_error(FILE_ROW, "", "", undone)
        except BaseException:
            self._undo()
            result.written = 0
            raise

    def _commit(self, rows: list[Row], validator: Validator) -> None:
        with (
            self.job.pacer.timed(rows),
            _refused_as_it_ends(rows, self.job.importer),
            transaction.atomic(),
            _deferred() as collected,
        ):
            self.job._write_rows(rows, validator)
        self.created.append(self._created(collected))

    def _created(self, collected: list[tuple]) -> "_Created":
        """Records whose first audit row in this import has no `before`: those it created."""
        seen, created = set(), _Created()
        for _, _, change in collected:
            key = (type(change.obj), change.obj.pk)
            if key in seen:
                continue
            seen.add(key)
            if change.before is None:
                created.add(*key)
            else:
                self.changed_before.append(str(change.obj))
        return created

    def _undo(self) -> str:
        """Remove what the committed transactions created, newest first; say what was done."""
        count = sum(len(created) for created in self.created)
        problems = []
        for created in reversed(self.created):
            try:
                self._undo_one(created)
            except Exception:  # reported: the import is no longer whole
                result = self.job.result
                logger.exception(
                    "undoing part of import %s %s failed", result.kind, result.filename
                )
                problems.append(f"{len(created)} 条未能撤销(已被其他记录引用或已被改动)")
        if self.changed_before:
            problems.append(f"{len(self.changed_before)} 条原有记录已被改动，无法自动恢复")
        if problems:
            return f"本次已写入的 {count} 条记录中，{'；'.join(problems)}：请联系管理员核对。"
        return f"本次已写入的 {count} 条记录已全部撤销，未导入任何数据。"

    def _undo_one(self, created: "_Created") -> None:
        importer, result = self.job.importer, self.job.result
        with transaction.atomic():
            records = _records(created)
            channel = importer.channel or audit.Channel.IMPORT
            audit.record_many(importer.actor, channel, [_undone(r, result) for r in records])
            importer.undo(records)


class _Created:
    """(model, pk) of the records one transaction created, in order, kept compact: a million-row
    import remembers its ids as 8-byte integers, not a million tuples."""

    def __init__(self):
        self.runs: list[tuple[type, array | list]] = []  # consecutive records of one model

    def add(self, model: type, pk) -> None:
        if not self.runs or self.runs[-1][0] is not model:
            self.runs.append((model, array("q") if isinstance(pk, int) else []))
        self.runs[-1][1].append(pk)

    def __iter__(self):
        for model, pks in self.runs:
            for pk in pks:
                yield model, pk

    def __len__(self) -> int:
        return sum(len(pks) for _, pks in self.runs)


def _records(created: "_Created") -> list:
    """The created records that still exist, in the order they were created."""
    by_model: dict[type, list] = {}
    for model, pk in created:
        by_model.setdefault(model, []).append(pk)
    found = {}
    for model, pks in by_model.items():
        found.update({(model, obj.pk): obj for obj in model._default_manager.filter(pk__in=pks)})
    return [found[key] for key in created if key in found]


def _undone(record, result: ImportResult) -> audit.Change:
    reason = {"reason": "导入写入失败，整批撤销", "kind": result.kind, "filename": result.filename}
    return audit.Change("撤销导入", record, reason, None)


def record_batch(importer: Importer, result: ImportResult) -> None:
    """The import as a whole is an audit row too, beside the per-record rows of the services."""
    actor = importer.actor if getattr(importer.actor, "pk", None) else None
    batch = ImportBatch.objects.create(
        kind=result.kind,
        filename=result.filename[:200],
        rows=result.written,
        actor=actor,
        channel=importer.channel,
    )
    audit.record(
        importer.actor,
        importer.channel or audit.Channel.IMPORT,
        "导入",
        batch,
        None,
        {"kind": result.kind, "filename": result.filename, "rows": result.written},
    )
