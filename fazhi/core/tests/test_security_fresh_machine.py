"""`make test` on a fresh Debian machine: it installs the Debian packages it needs (as root) or says
the one command to run; browser tests stop with the reason when there is no browser."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
BROWSER_TEST = PROJECT / "fazhi" / "core" / "tests" / "test_security_csp.py"


def fake_commands(folder: Path, **scripts: str) -> dict:
    """An environment whose PATH finds these shell scripts before the real commands."""
    folder.mkdir(exist_ok=True)
    for name, body in scripts.items():
        path = folder / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}


def make(target: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", "-C", str(PROJECT), target, "FAZHI_CHROMIUM=/nonexistent/chromium"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


NOTHING_INSTALLED = "exit 1"  # dpkg-query: no such package


def test_as_a_user_it_stops_and_names_the_one_command(tmp_path):
    env = fake_commands(tmp_path / "bin", **{"dpkg-query": NOTHING_INSTALLED, "id": "echo 1000"})
    done = make("debian-packages-test", env)
    assert done.returncode != 0
    command = next(line for line in done.stdout.splitlines() if "sudo apt-get install" in line)
    for package in ["python3.11-venv", "fonts-noto-cjk", "libharfbuzz-subset0", "chromium"]:
        assert package in command.split()


def test_as_root_it_installs_what_is_missing(tmp_path):
    log = tmp_path / "apt.log"
    env = fake_commands(
        tmp_path / "bin",
        **{
            "dpkg-query": NOTHING_INSTALLED,
            "id": "echo 0",
            "apt-get": f'echo "$@" >> {log}',
        },
    )
    done = make("debian-packages-test", env)
    assert done.returncode == 0, done.stdout + done.stderr
    update, install = log.read_text().splitlines()
    assert update.startswith("update")
    assert install.startswith("install") and "chromium" in install.split()
    assert "poppler-utils" in install.split()


def test_nothing_is_installed_when_everything_is_there(tmp_path):
    env = fake_commands(
        tmp_path / "bin",
        **{"dpkg-query": "echo 'install ok installed'", "id": "echo 0", "apt-get": "exit 99"},
    )
    assert make("debian-packages-test", env).returncode == 0


def test_browser_tests_stop_with_the_reason_when_there_is_no_browser(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "browser", str(BROWSER_TEST)],
        cwd=PROJECT,
        env={**os.environ, "FAZHI_CHROMIUM": str(tmp_path / "no-chromium")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "no-chromium" in done.stdout and "apt-get install -y chromium" in done.stdout
    assert "passed" not in done.stdout and "skipped" not in done.stdout
