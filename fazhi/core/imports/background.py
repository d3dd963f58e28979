"""Imports from the page, run outside the upload request.

A city's ledger of tens of thousands of rows takes minutes to check and write (bench/README.md),
longer than a reverse proxy waits for a response. The page therefore stores the upload, records
an ImportRun and starts a process (`fazhi import_run`) that checks and writes it with the same
`run_import` as the command line; the page shows the run's progress, refreshed every few
seconds, and then its result and error report. The uploaded file is deleted when the run ends.

`FAZHI_IMPORT_RUNNER` = "process" (default): a process of its own per run, which goes on to the
next queued run when it is done; at most `FAZHI_IMPORT_MAX_RUNNING` run at once, the others wait
in the queue. "inline": in the upload request itself (tests; a single-user installation).

A runner process writes a heartbeat on its run every `FAZHI_IMPORT_HEARTBEAT_SECONDS` (30). A
page shows a run interrupted when it ran on this host and its process is gone, or ran on another
host and its heartbeat is older than four beats (that server crashed or lost its network). A run
on this host is judged by its process alone: there the heartbeat could lag only because SQLite
(one host) held the import's write lock.
"""

import datetime as dt
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone

from ..audit import Channel
from ..models import ImportRun, ImportRunStatus, User
from .declarations import get_importer
from .results import result_to_dict
from .running import run_import

log = logging.getLogger(__name__)
S = ImportRunStatus
WAITING = (S.QUEUED, S.RUNNING)
SUFFIXES = {".xlsx", ".csv", ".txt"}
PROGRESS_SECONDS = 0.5  # how often a run writes its progress (one UPDATE)
RESTART_SECONDS = 10  # how often a queued run's page may start a missing runner
INTERRUPTED = (
    "导入进程已中断(服务器重启或进程被终止)。已提交的部分可能已写入，请在台账中核对后再导入。"
)
CRASHED = "导入过程出错，未能完成。请联系系统管理员查看日志。"
NO_LONGER_ALLOWED = "上传人已停用或已无导入此类数据的权限，未导入。"


class Busy(Exception):
    """The user already has an import waiting or running."""


def queue(kind: str, upload, user, dry_run: bool) -> ImportRun:
    """Store `upload` and record its run; the run starts once this transaction commits."""
    suffix = Path(upload.name).suffix.lower()
    suffix = suffix if suffix in SUFFIXES else ""  # the content decides the format anyway
    with transaction.atomic():
        # The user's row locked: two uploads sent at once cannot both find no run waiting.
        User.objects.select_for_update().filter(pk=user.pk).exists()
        if ImportRun.objects.filter(user=user, status__in=WAITING).exists():
            raise Busy("您已有一个导入正在排队或进行，请等它完成后再上传。")
        stored = default_storage.save(f"imports/{uuid.uuid4().hex}{suffix}", upload)
        run = ImportRun.objects.create(
            kind=kind,
            label=get_importer(kind).label,
            filename=upload.name[:200],
            stored=stored,
            dry_run=dry_run,
            user=user,
        )
    if _runner() == "inline":
        execute(run.pk)
    else:
        transaction.on_commit(start_runner)
    return run


def start_runner() -> None:
    """A process that runs queued imports until none is left, unless enough already run."""
    if ImportRun.objects.filter(status=S.RUNNING).count() >= _max_running():
        return
    command = [sys.executable, "-m", "fazhi.cli", "import_run"]
    # What a runner that fails to start or crashes says goes to a log beside the database's.
    with open(Path(settings.VAR_DIR) / "import_run.log", "ab") as log_file:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            start_new_session=True,  # not stopped with the request's worker
            env=os.environ.copy(),
        )
    # Reaped when it ends, so that a finished runner is not left as a zombie that looks alive.
    threading.Thread(target=process.wait, daemon=True).start()


def run_queued(only: int | None = None) -> int:
    """Run queued imports, oldest first (or only run `only`); how many were run."""
    count = 0
    while True:
        candidates = ImportRun.objects.filter(status=S.QUEUED).order_by("created_at", "id")
        if only is not None:
            candidates = candidates.filter(pk=only)
        run_id = candidates.values_list("pk", flat=True).first()
        if run_id is None:
            return count
        if execute(run_id) is not None:
            count += 1
        if only is not None:
            return count
        # claimed by another runner first: the next queued one


def execute(run_id: int) -> ImportRun | None:
    """Claim the queued run and carry it out; None if another process claimed it first."""
    claimed = ImportRun.objects.filter(pk=run_id, status=S.QUEUED).update(
        status=S.RUNNING,
        started_at=timezone.now(),
        beat_at=Now(),
        host=socket.gethostname(),
        pid=os.getpid(),
    )
    if not claimed:
        return None
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    # The import is the uploader's own act, under the authority they hold when it runs: a user
    # deactivated or moved off the importing role while the run waited imports nothing.
    if not (run.user.is_active and get_importer(run.kind).can_import(run.user)):
        return _finish(run, S.FAILED, failure=NO_LONGER_ALLOWED)
    beating = Heartbeat(run.pk) if _runner() == "process" else nullcontext()
    try:
        with beating, _local_copy(run.stored) as path:
            result = run_import(
                run.kind,
                path,
                run.filename,
                run.user,
                Channel.IMPORT,
                dry_run=run.dry_run,
                progress=ProgressRecorder(run.pk),
            )
    except Exception:
        log.exception("import run %s failed", run_id)
        return _finish(run, S.FAILED, failure=CRASHED)
    return _finish(run, S.DONE, result=result_to_dict(result), done=result.total_rows)


def _finish(run: ImportRun, status: str, **fields) -> ImportRun:
    _delete(run.stored)
    fields |= {"status": status, "finished_at": timezone.now(), "stored": ""}
    ImportRun.objects.filter(pk=run.pk).update(**fields)
    run.refresh_from_db()
    return run


class _local_copy:
    """The stored upload as a local file for the two passes (the storage may be an S3 bucket)."""

    def __init__(self, stored: str):
        self.stored = stored

    def __enter__(self) -> Path:
        self.directory = tempfile.mkdtemp(prefix="fazhi-import-")
        path = Path(self.directory) / Path(self.stored).name
        with default_storage.open(self.stored, "rb") as source, open(path, "wb") as target:
            shutil.copyfileobj(source, target)
        return path

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


class ProgressRecorder:
    """run_import's progress callback: the stage and rows done, written at most every
    PROGRESS_SECONDS. Inside a transaction (an import whose rows depend on earlier rows runs
    in one) nothing is written: no one else could see it before the end."""

    def __init__(self, run_id: int):
        self.run_id, self.stage, self.last = run_id, "", 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.last < PROGRESS_SECONDS:
            return
        if transaction.get_connection().in_atomic_block:
            return
        self.stage, self.last = stage, now
        ImportRun.objects.filter(pk=self.run_id).update(stage=stage, done=done, total=total)


class Heartbeat:
    """While a run is carried out, a thread marks it alive every HEARTBEAT seconds (one UPDATE
    on its own connection), so that a page on another app server can tell a run whose server
    died from one that is still working: the runner's pid means nothing there."""

    def __init__(self, run_id: int, seconds: float | None = None):
        self.run_id = run_id
        self.seconds = seconds or _heartbeat_seconds()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name=f"import-beat-{run_id}")

    def __enter__(self) -> "Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.thread.join()

    def beat(self) -> None:
        # The database's clock, as the judgement uses: app servers' clocks may differ.
        ImportRun.objects.filter(pk=self.run_id, status=S.RUNNING).update(beat_at=Now())

    def _run(self) -> None:
        try:
            while not self.stopping.wait(self.seconds):
                try:
                    self.beat()
                except DatabaseError:  # SQLite busy with the import's transaction: next beat
                    log.warning("heartbeat of import run %s not written", self.run_id)
        finally:
            connections.close_all()  # this thread's own connection


def refreshed(run: ImportRun) -> ImportRun:
    """The run as the page shows it: a run whose process has died on this host, or whose
    heartbeat has stopped on another host, is marked interrupted; a queued run with no runner
    (one failed to start) gets one."""
    if run.status == S.RUNNING and _stopped(run):
        updated = ImportRun.objects.filter(pk=run.pk, status=S.RUNNING).update(
            status=S.FAILED, finished_at=timezone.now(), failure=INTERRUPTED, stored=""
        )
        if updated:
            _delete(run.stored)
        run.refresh_from_db()
    elif (
        run.status == S.QUEUED
        and _runner() == "process"
        and not ImportRun.objects.filter(status=S.RUNNING).exists()
        # at most one such start every RESTART_SECONDS, however often the page is asked for
        and cache.add("fazhi:import_run:restart", 1, RESTART_SECONDS)
    ):
        start_runner()
    return run


def _stopped(run: ImportRun) -> bool:
    if run.host == socket.gethostname():  # its process tells; SQLite, one host, stops here
        return not _alive(run.pid)
    # Judged by the database's clock, which wrote the heartbeat.
    limit = Now() - dt.timedelta(seconds=4 * _heartbeat_seconds())
    silent = Q(beat_at__lt=limit) | Q(beat_at=None, started_at__lt=limit)
    return ImportRun.objects.filter(silent, pk=run.pk).exists()


def _delete(stored: str) -> None:
    if stored:
        default_storage.delete(stored)


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _runner() -> str:
    return getattr(settings, "FAZHI_IMPORT_RUNNER", "process")


MIN_HEARTBEAT_SECONDS = 1.0  # a setting of 0 or less would have the thread update without pause


def _heartbeat_seconds() -> float:
    seconds = float(getattr(settings, "FAZHI_IMPORT_HEARTBEAT_SECONDS", 30))
    return max(MIN_HEARTBEAT_SECONDS, seconds)


def _max_running() -> int:
    return getattr(settings, "FAZHI_IMPORT_MAX_RUNNING", 2)
