"""Loading the custom figures into the registry at compute time.

Every listing or lookup of the figures reads the definitions with one small query (the rows of
CustomFigure, without their conditions' evaluation): a change saved in one process is then seen
by every other process on its next computation, with nothing to invalidate across processes. The
Figures built from the rows are kept per process, keyed by each row's id, version and time of
change, which the service functions raise on every change — so a figure is built once per change,
not per request, and a stale build is never used.
"""

from __future__ import annotations

import threading

from django.db import DatabaseError

from fazhi.core.models import OrgUnit

from . import custom
from .registry import Figure

_built: dict[tuple, Figure] = {}
_lock = threading.Lock()


def defined_figures() -> dict[str, Figure]:
    from .models import CustomFigure

    try:
        rows = list(CustomFigure.objects.select_related("government"))
    except (DatabaseError, RuntimeError):
        # Before the table exists (the system checks of `migrate` list the figures), or where
        # the database may not be read (the same checks under pytest-django's guard, which
        # raises RuntimeError): the registered figures are all there is to list.
        return {}
    found: dict[str, Figure] = {}
    for row in rows:
        key = (row.pk, row.version, row.updated_at, row.government.path)
        fig = _built.get(key)
        if fig is None:
            fig = _build(row)
            with _lock:
                for old in [k for k in _built if k[0] == row.pk]:
                    del _built[old]
                _built[key] = fig
        found[fig.id] = fig
    return found


def _build(row) -> Figure:
    codes = custom.unit_codes(row)
    ids = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}
    return custom.build(custom.Definition.of(row, row.government.path, ids))
