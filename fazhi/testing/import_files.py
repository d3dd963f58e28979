"""Import files for the apps' import tests: a sheet laid out as an importer's template (its
headers, then each row's values by header), and the `import` command run on a file as a user
runs it from the command line."""

import io
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from django.core.management import call_command
from openpyxl import Workbook

from fazhi.core.imports import Importer


def xlsx_for(
    importer: type[Importer] | None,
    rows: Iterable[Mapping[str, object]],
    headers: Sequence[str] | None = None,
) -> bytes:
    """An XLSX whose first row is the importer's headers, in its template's order, then each
    row's values by header: "" where the row has none, nothing of a key that is no header.
    `headers` in their place make a sheet with fewer, other or extra columns (the importer is
    then not read: None will do)."""
    if headers is None:
        headers = [c.header for c in importer.columns]
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_import_command(
    kind: str, path: str | os.PathLike, user: str | None, errors: TextIO | None = None, **options
) -> str:
    """`fazhi import KIND PATH --user USER` (without --user when `user` is None: the system),
    its row errors written to `errors` (a stream of its own by default); `options` are the
    command's others as call_command takes them (dry_run=True). Returns what it printed, the
    summary line; a file with a bad row raises CommandError, as on the command line."""
    arguments = [kind, str(path)] if user is None else [kind, str(path), "--user", user]
    out = io.StringIO()
    stderr = errors if errors is not None else io.StringIO()
    call_command("import", *arguments, stdout=out, stderr=stderr, **options)
    return out.getvalue()
