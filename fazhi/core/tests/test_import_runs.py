"""Imports uploaded in the page run outside the request: queued, claimed once, their progress
and then their result shown to the uploader alone (fazhi.core.imports.background)."""

import datetime as dt
import os
import socket
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction

from fazhi.core.imports import background
from fazhi.core.models import ImportRun, ImportRunStatus

from .test_imports import GOOD_ROWS, ORG_CODES, new_codes, xlsx_bytes

pytestmark = pytest.mark.urls("fazhi.urls")
S = ImportRunStatus


def post(client, rows=GOOD_ROWS, **extra):
    data = {"kind": "units", "file": SimpleUploadedFile("单位.xlsx", xlsx_bytes(rows))}
    return client.post("/imports/upload/", data, **extra)


def stored_files(media_root) -> list:
    folder = media_root / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def a_run(user, **fields) -> ImportRun:
    values = {"kind": "units", "label": "单位", "filename": "单位.xlsx", "user": user}
    return ImportRun.objects.create(**values | fields)


def test_an_upload_answers_at_once_with_its_run_page_which_then_shows_the_result(
    client, people, org, media_root
):
    client.force_login(people["coordinator"])

    response = post(client)
    run = ImportRun.objects.get()

    assert response.status_code == 302 and response.url == f"/imports/runs/{run.pk}/"
    assert (run.status, run.done, run.user) == (S.DONE, 3, people["coordinator"])
    assert run.result["written"] == 3 and len(new_codes() - ORG_CODES) == 3
    page = client.get(response.url).content.decode()
    assert "导入成功：共 3 行，已写入 3 行" in page and 'http-equiv="refresh"' not in page
    assert run.stored == "" and stored_files(media_root) == []  # the upload is not kept
    listing = client.get("/imports/").content.decode()
    assert "我最近的导入" in listing and f"/imports/runs/{run.pk}/" in listing


def test_a_running_import_shows_its_stage_and_rows_and_refreshes_itself(client, people):
    user = people["coordinator"]
    run = a_run(user, status=S.RUNNING, stage="write", done=500, total=2000)
    run.host, run.pid = socket.gethostname(), os.getpid()  # this process: alive
    run.save()
    client.force_login(user)

    page = client.get(f"/imports/runs/{run.pk}/").content.decode()

    assert '<meta http-equiv="refresh" content="2">' in page
    assert "第二步：写入 · 已处理 500 行，共约 2000 行" in page
    assert 'value="500" max="2000"' in page and "25%" in page


def test_a_run_whose_process_died_is_shown_interrupted_and_its_file_removed(
    client, people, media_root
):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = media_root / "imports"
    folder.mkdir(parents=True)
    (folder / "left.xlsx").write_bytes(b"rows")
    run = a_run(
        people["coordinator"],
        status=S.RUNNING,
        stored="imports/left.xlsx",
        host=socket.gethostname(),
        pid=dead.pid,
    )
    client.force_login(people["coordinator"])

    page = client.get(f"/imports/runs/{run.pk}/").content.decode()

    run.refresh_from_db()
    assert run.status == S.FAILED and run.failure == background.INTERRUPTED
    assert "导入进程已中断" in page and 'http-equiv="refresh"' not in page
    assert stored_files(media_root) == []


def test_a_run_on_another_server_is_judged_by_its_heartbeat_not_its_pid(client, people, settings):
    """Its pid means nothing here: the run stays 进行中 while its heartbeat is recent, and is
    shown interrupted once four beats are missed (that server crashed or lost its network)."""
    from django.db.models.functions import Now

    settings.FAZHI_IMPORT_HEARTBEAT_SECONDS = 30
    now = Now()  # the database's clock, which writes the heartbeat and judges it
    beating = a_run(people["coordinator"], status=S.RUNNING, host="another-app-server", pid=1)
    ImportRun.objects.filter(pk=beating.pk).update(
        started_at=now - dt.timedelta(hours=2), beat_at=now - dt.timedelta(seconds=100)
    )
    silent = a_run(people["reviewer"], status=S.RUNNING, host="another-app-server", pid=1)
    ImportRun.objects.filter(pk=silent.pk).update(
        started_at=now - dt.timedelta(hours=2), beat_at=now - dt.timedelta(seconds=130)
    )
    for run in (beating, silent):
        client.force_login(run.user)
        assert client.get(f"/imports/runs/{run.pk}/").status_code == 200
        run.refresh_from_db()

    assert beating.status == S.RUNNING
    assert silent.status == S.FAILED and silent.failure == background.INTERRUPTED
    # On this host the process tells, whatever the heartbeat (SQLite may hold it back).
    here = a_run(people["leader"], status=S.RUNNING, host=socket.gethostname(), pid=os.getpid())
    ImportRun.objects.filter(pk=here.pk).update(beat_at=now - dt.timedelta(hours=1))
    client.force_login(here.user)
    assert "进行中" in client.get(f"/imports/runs/{here.pk}/").content.decode()
    here.refresh_from_db()
    assert here.status == S.RUNNING


def test_the_heartbeat_marks_its_run_alive_until_it_stops(people, monkeypatch):
    run = a_run(people["coordinator"], status=S.RUNNING)
    background.Heartbeat(run.pk).beat()  # what the thread does each time
    run.refresh_from_db()
    assert run.beat_at is not None
    finished = a_run(people["coordinator"], status=S.DONE)
    background.Heartbeat(finished.pk).beat()
    finished.refresh_from_db()
    assert finished.beat_at is None  # a finished run is not brought back to life

    beats = []
    monkeypatch.setattr(background.Heartbeat, "beat", lambda self: beats.append(time.monotonic()))
    with background.Heartbeat(run.pk, seconds=0.02):
        deadline = time.monotonic() + 10  # a loaded machine may run the thread late
        while len(beats) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
    count = len(beats)
    time.sleep(0.1)
    assert count >= 3 and len(beats) == count  # beats while the run goes on, none after


@pytest.mark.parametrize(("setting", "seconds"), [(0, 1.0), (-5, 1.0), (0.2, 1.0), (45, 45.0)])
def test_the_heartbeat_is_never_faster_than_a_second(settings, setting, seconds):
    settings.FAZHI_IMPORT_HEARTBEAT_SECONDS = setting
    assert background.Heartbeat(1).seconds == seconds


def test_a_run_and_its_errors_are_the_uploaders_alone(client, people, org):
    client.force_login(people["coordinator"])
    post(client, rows=[*GOOD_ROWS, ["532504-h", "辛局", "不知道", "532504", "", ""]])
    run = ImportRun.objects.get()
    assert client.get(f"/imports/runs/{run.pk}/errors.xlsx").status_code == 200

    client.force_login(people["reviewer"])  # same unit, same role family: still not theirs

    for url in (f"/imports/runs/{run.pk}/", f"/imports/runs/{run.pk}/errors.xlsx"):
        response = client.get(url)
        assert response.status_code == 404 and "页面不存在" in response.content.decode()
    assert f"/imports/runs/{run.pk}/" not in client.get("/imports/").content.decode()


def test_a_second_upload_is_refused_while_the_first_waits(client, people, org, media_root):
    user = people["coordinator"]
    a_run(user, status=S.QUEUED)
    client.force_login(user)

    response = post(client)

    assert response.status_code == 409
    assert "您已有一个导入正在排队或进行" in response.content.decode()
    assert ImportRun.objects.count() == 1 and stored_files(media_root) == []
    assert new_codes() == ORG_CODES


def test_the_stored_upload_takes_no_name_or_odd_suffix_from_the_sender(
    people, org, settings, monkeypatch
):
    settings.FAZHI_IMPORT_RUNNER = "process"
    monkeypatch.setattr(background, "start_runner", lambda: None)
    upload = SimpleUploadedFile("单位.xlsx.php", xlsx_bytes(GOOD_ROWS))

    run = background.queue("units", upload, people["coordinator"], dry_run=True)

    assert run.stored.startswith("imports/") and "单位" not in run.stored
    assert "." not in run.stored.removeprefix("imports/")
    assert run.filename == "单位.xlsx.php"  # shown to its uploader as they named it


def test_the_process_runner_starts_once_the_upload_commits_and_runs_each_run_once(
    client, people, org, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.FAZHI_IMPORT_RUNNER = "process"
    started = []

    class FakePopen:
        def __init__(self, command, **options):
            started.append((command, options))
            self.pid = 0

        def wait(self):
            return 0

    monkeypatch.setattr(background.subprocess, "Popen", FakePopen)
    client.force_login(people["coordinator"])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(client)
    run = ImportRun.objects.get()
    assert started == [] and run.status == S.QUEUED  # nothing starts before the commit
    page = client.get(response.url).content.decode()
    assert "正在等待" in page and 'http-equiv="refresh"' in page
    assert len(started) == 1  # a queued run with no runner gets one when its page is seen
    client.get(response.url)
    assert len(started) == 1  # but not one a request
    for callback in callbacks:
        callback()
    command, options = started[-1]
    assert command[1:] == ["-m", "fazhi.cli", "import_run"]
    assert options["start_new_session"] is True

    call_command("import_run")  # what the process runs
    call_command("import_run")

    run.refresh_from_db()
    assert run.status == S.DONE and run.result["written"] == 3
    assert len(new_codes() - ORG_CODES) == 3  # written once, not twice


def test_a_run_imports_nothing_once_its_uploader_lost_the_authority(
    client, people, org, settings, monkeypatch
):
    settings.FAZHI_IMPORT_RUNNER = "process"
    monkeypatch.setattr(background, "start_runner", lambda: None)
    user = people["coordinator"]
    client.force_login(user)
    post(client)
    user.is_active = False  # deactivated while the run waited in the queue
    user.save(update_fields=["is_active"])

    call_command("import_run")

    run = ImportRun.objects.get()
    assert run.status == S.FAILED and run.failure == background.NO_LONGER_ALLOWED
    assert new_codes() == ORG_CODES and run.stored == ""


def test_no_more_runners_start_than_allowed(people, settings, monkeypatch):
    settings.FAZHI_IMPORT_RUNNER, settings.FAZHI_IMPORT_MAX_RUNNING = "process", 1
    monkeypatch.setattr(background.subprocess, "Popen", lambda *a, **k: pytest.fail("started"))
    a_run(people["coordinator"], status=S.RUNNING, host="elsewhere")

    background.start_runner()


@pytest.mark.django_db(transaction=True)
def test_progress_is_written_between_transactions_and_not_inside_one(people):
    run = a_run(people["coordinator"], status=S.RUNNING)
    record = background.ProgressRecorder(run.pk)

    with transaction.atomic():
        record("validate", 100, 1000)
    run.refresh_from_db()
    assert (run.stage, run.done) == ("", 0)  # no one could see it before the commit anyway

    record("validate", 200, 1000)
    record("validate", 300, 1000)  # within PROGRESS_SECONDS: not written
    record("write", 10, 1000)  # a new stage is written at once
    run.refresh_from_db()
    assert (run.stage, run.done, run.total) == ("write", 10, 1000)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the test database is in memory")
def test_a_real_runner_process_imports_the_upload(people, org, settings, monkeypatch, tmp_path):
    """The process the page starts, against this test's database: it claims the run, imports
    the file and records the result."""
    settings.FAZHI_IMPORT_RUNNER = "process"
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("FAZHI_VAR_DIR", str(tmp_path))  # its MEDIA_ROOT is the test's
    monkeypatch.setenv("FAZHI_AUDIT_ANCHOR_FILE", str(settings.FAZHI_AUDIT_ANCHOR_FILE))
    upload = SimpleUploadedFile("单位.xlsx", xlsx_bytes(GOOD_ROWS))

    run = background.queue("units", upload, people["coordinator"], dry_run=False)

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.finished:
            break
        time.sleep(0.2)
    assert run.status == S.DONE, run.failure
    assert run.result["written"] == 3 and len(new_codes() - ORG_CODES) == 3
    assert run.pid and run.pid != os.getpid()
    assert run.beat_at  # its heartbeat, from its claim on
