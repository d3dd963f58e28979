"""The kernel's table of open records and their next deadlines (`OpenItem`).

Every write of a procedure's record goes through its transition table (`Steps.apply`,
`apply_many`, `create`, `create_many`, `recompute_due`); each ends by calling `sync` with the
records it changed — side records included (the members of a 并案, the first instance a 二审 ends)
— inside the same transaction (in an import's chunk, `deferred()`: once a record when the chunk
ends, in the same transaction). An open record has one row (its handling unit, the unit that must
act now, its title, status and next deadline); a closed one has none. The workbench, the 待办
badge and the 驾驶舱 read this table with one query, whatever the number of procedures.

Only the procedures that declare a workbench source are kept (a ledger of entries that nobody
works on, such as a 法律顾问's work log, has no open items). `rebuild()` fills the table from
the records themselves: after the migration that creates it
(a database built before it existed) and from `fazhi openitems --rebuild`.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, models, transaction

from .models import OpenItem
from .scopes import scoped

UPDATED = ["unit", "acting_unit", "title", "status", "due_on", "due_label", "changed_at"]
BATCH = 2000


def handler_field(model) -> str:
    """The unit that handles the record: its `unit` where it has one, else its scope unit."""
    names = {f.name for f in model._meta.concrete_fields}
    return "unit" if "unit" in names else model.scope_field


def sync(objs: Iterable[models.Model], *, created: bool = False) -> None:
    """Bring the open-items rows of these records in line with them (upsert the open, delete the
    closed). Records of models no procedure declares are passed over. `created`: the records
    were just inserted, so none has a row to delete (a ledger of closed records costs nothing).
    Inside `deferred()` the records are only noted."""
    noted = _noted.get()
    if noted is not None:
        for obj in objs:
            key = (type(obj), obj.pk)
            # the record's latest instance; "just inserted" only if every note says so
            noted[key] = (obj, created and noted.get(key, (None, True))[1])
        return
    _sync_now(objs, created)


_noted: ContextVar[dict | None] = ContextVar("fazhi_openitems_noted", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Sync each record noted inside the block once, in its state when the block ends: an
    import's chunk takes several steps on each record, one upsert a record instead of one a
    step. Use it inside the transaction of those steps (as `audit.deferred`); if the block
    raises, nothing is synced, the records being rolled back with it. Only where a refusal ends
    the block or the block is rolled back whole, as in an import's passes: a savepoint rolled
    back inside a block that goes on to commit would leave its records noted in a state the
    database no longer has (as it would leave `audit.deferred`'s rows)."""
    with scoped(_noted, dict) as (noted, outermost):
        yield
    if not outermost:  # the outer block syncs
        return
    for created in (True, False):
        _sync_now([obj for obj, new in noted.values() if new is created], created)


def _sync_now(objs: Iterable[models.Model], created: bool) -> None:
    from .procedures import for_model

    by_procedure = defaultdict(dict)
    for obj in objs:
        procedure = for_model(type(obj))
        if procedure is not None and procedure.workbench and obj.pk is not None:
            by_procedure[procedure.key][obj.pk] = (procedure, obj)
    for records in by_procedure.values():
        procedure = next(iter(records.values()))[0]
        _sync_procedure(procedure, [obj for _, obj in records.values()], created)


def _sync_procedure(procedure, records: list, created: bool = False) -> None:
    open_statuses = set(procedure.statuses.open())
    still_open = [r for r in records if r.status in open_statuses]
    closed = [r.pk for r in records if r.status not in open_statuses]
    if closed and not created:
        OpenItem.objects.filter(procedure=procedure.key, record_id__in=closed).delete()
    if still_open:
        OpenItem.objects.bulk_create(
            [_row(procedure, r) for r in still_open],
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["procedure", "record_id"],
            update_fields=UPDATED,
        )


def _row(procedure, record) -> OpenItem:
    from .inbox import acting_unit_id

    return OpenItem(
        procedure=procedure.key,
        record_id=record.pk,
        unit_id=getattr(record, f"{handler_field(type(record))}_id"),
        acting_unit_id=acting_unit_id(procedure, record),
        title=str(record)[:200],
        status=record.status,
        due_on=getattr(record, "next_due_on", None),
        due_label=getattr(record, "next_due_label", "")[:20],
        changed_at=record.updated_at,
    )


def rebuild(progress=None) -> int:
    """Recompute the whole table from every procedure's open records; returns the rows written.

    A procedure whose table is not there yet (a partial `migrate core`, as the calendar benchmark
    runs) has no records to keep and is passed over."""
    from .procedures import all_procedures

    tables = set(connection.introspection.table_names())
    written = 0
    with transaction.atomic():
        OpenItem.objects.all().delete()
        for procedure in all_procedures():
            if not procedure.workbench or procedure.model._meta.db_table not in tables:
                continue
            model = procedure.model
            records = model.objects.filter(status__in=procedure.statuses.open())
            for chunk in _chunks(records.select_related(*related(model))):
                _sync_procedure(procedure, chunk)
                written += len(chunk)
                if progress:
                    progress(len(chunk))
    return written


def related(model) -> list[str]:
    """The relations a record's row here reads (its handler, what its title names): loaded with
    the records on the bulk paths, so that no record costs a query of its own."""
    from .procedures import for_model

    procedure = for_model(model)
    if procedure is None or not procedure.workbench:
        return []
    return named_by(model)


def named_by(model) -> list[str]:
    """The relations a record's name and handler read (its ledger's related rows)."""
    from .procedures import for_model

    return _relations(model, [handler_field(model), *for_model(model).ledger.related])


def _relations(model, names: list[str]) -> list[str]:
    fields = {f.name for f in model._meta.concrete_fields if f.is_relation}
    return sorted({n for n in names if n.split("__")[0] in fields})


def _chunks(queryset, size: int = BATCH):
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk
