"""The `fazhi` command: Django's management with Fazhi's settings preset.

Run as the process's own command, it spends less on what surrounds the command: no cyclic garbage
collection while Django starts, and no interpreter teardown once the command has succeeded —
together ~0.3–0.5 s of a `fazhi figures` that took 1.3–1.7 s (bench/README.md, start-up)."""

import atexit
import gc
import os
import sys
import threading

from django.core.management import ManagementUtility, execute_from_command_line

# Prepared statements (FAZHI_DB_PREPARED) where the same writes run by the hundred: the imports.
# Not where tables change under them: a SELECT prepared before a column's type changed fails
# once run again ("cached plan must not change result type").
PREPARED = {"import": "true", "import_run": "true", "migrate": "false"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    command = (argv if argv is not None else sys.argv[1:])[:1]
    if command and command[0] in PREPARED:
        os.environ.setdefault("FAZHI_DB_PREPARED", PREPARED[command[0]])
    if argv is not None:  # a caller's command (tests): as Django's own command line runs it
        execute_from_command_line(["fazhi", *argv])
        return
    gc.disable()  # until start-up is done (_Management.fetch_command)
    _Management(["fazhi", *sys.argv[1:]]).execute()
    _exit_without_teardown()


class _Management(ManagementUtility):
    """Django's command line, whose start-up runs without cyclic garbage collection: its
    collections, over objects that all live on, took ~0.1–0.2 s. Collection resumes when the
    command is looked up, after start-up, with start-up's objects set aside (gc.freeze) so that
    the command's own collections do not walk them again."""

    def fetch_command(self, subcommand):
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        return super().fetch_command(subcommand)


def _exit_without_teardown() -> None:
    """Ends the process once its command has succeeded as a normal exit would (database
    connections and pools closed, exit handlers run, output flushed), but without the
    interpreter freeing every module and object one by one (~0.2 s). While a thread it would
    wait for runs, the interpreter ends the process as usual."""
    from django.db import connections

    first = threading.main_thread()
    if any(t is not first and not t.daemon for t in threading.enumerate()):
        return
    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):  # PostgreSQL's pool: its connections end cleanly
            connection.close_pool()
    atexit._run_exitfuncs()  # logging's flush, weakref finalizers (temporary directories) …
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the interpreter reports it as it always does
        return
    os._exit(0)


if __name__ == "__main__":
    main()
