"""The `fazhi` command as a process: it ends without the interpreter's teardown once its command
has succeeded (fazhi.cli), and must still give all its output and the command's exit status."""

import os
import subprocess
import sys


def fazhi(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    env.setdefault("FAZHI_SECRET_KEY", "cli-test-only-key")
    return subprocess.run(
        [sys.executable, "-m", "fazhi.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_command_that_succeeds_gives_all_its_output_through_a_pipe():
    done = fazhi("help")
    assert done.returncode == 0, done.stderr
    assert "[figures]" in done.stdout
    # the end of a block-buffered stdout: flushed before the process ended (the list is by app)
    assert done.stdout.rstrip().endswith("runserver")


def test_a_command_that_fails_still_exits_with_its_status_and_message():
    done = fazhi("figures", "1999")
    assert done.returncode == 1
    assert "年度无效：1999" in done.stderr
