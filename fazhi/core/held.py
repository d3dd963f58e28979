"""Records held by the transaction that writes them, so that its next step need not read them
again (an import's chunk: fazhi.core.workflow.locked)."""

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from .scopes import scoped

_held: ContextVar[dict | None] = ContextVar("fazhi_held_records", default=None)
_kept: ContextVar["_Kept | None"] = ContextVar("fazhi_held_kept", default=None)


@contextmanager
def holding() -> Iterator[None]:
    """Inside, a record that a step of this transaction created, or locked and saved, is held:
    the next step on the same instance takes it as it is instead of reading it again under the
    lock (an import's chunk replays three to five steps on each record it creates). The row is
    this transaction's (created by it, or locked by it until it ends) and every write of it
    passes through the held instance: a save of another instance of the row, its deletion or a
    bulk write (`forget`) lets it go, and so does a step that fails on it. Only where a refusal
    ends the block or the block is rolled back whole (an import's passes), or is rolled back to
    a `savepoint()` of it, which lets every held record go: a plain savepoint rolled back
    inside a block that goes on would leave an instance ahead of its row. A record the block
    created is held with the related rows its due dates read known to be none (`hold`), until a
    step writes one. A step opens no savepoint of its own there (`holding_now`). Other modules
    keep what the chunk may count in memory (`kept`: the 文书 numbers) and new rows nothing in
    the chunk reads back, written together at its end (`pending`: the 文书 themselves)."""
    with scoped(_held, dict), scoped(_kept, _Kept) as (kept, outermost):
        yield
    if outermost:  # inside the chunk's transaction, which commits next
        kept.write_pending()
        for name, finish in kept.finish.items():
            finish(kept.memory.get(name, {}))


def holding_now() -> bool:
    """Inside `holding()`: a block that commits whole or not at all, where a failed step fails
    its row and the row is rolled back by the block (to its own savepoint in an import's trial
    pass, whole in its writing pass), so a step needs no savepoint of its own."""
    return _held.get() is not None


def atomic() -> transaction.Atomic:
    """A step's or a service's own block: inside `holding()` it opens no savepoint (see
    `holding_now`), elsewhere it is `transaction.atomic()`. Only for a block whose refusal
    leaves the service: one caught inside the chunk would leave its transaction unusable."""
    return transaction.atomic(savepoint=not holding_now())


class _Kept:
    """What other modules keep for a chunk: a dict by name, and what to do with it at the end;
    new rows by name, and how to write them."""

    def __init__(self):
        self.memory: dict[str, dict] = {}
        self.finish: dict[str, Callable[[dict], None]] = {}
        self.pending: dict[str, tuple[list, Callable[[list], None]]] = {}

    def write_pending(self) -> None:
        for rows, write in self.pending.values():
            if rows:
                write(rows)
                rows.clear()


def kept(name: str, finish: Callable[[dict], None]) -> dict | None:
    """Inside `holding()`, a dict kept for the chunk under `name`, and `finish(it)` run when the
    chunk ends without an exception, inside its transaction; None outside a chunk. The dict is
    emptied when a savepoint of the chunk rolls back (`savepoint`): it may be ahead of the rows."""
    chunk = _kept.get()
    if chunk is None:
        return None
    chunk.finish.setdefault(name, finish)
    return chunk.memory.setdefault(name, {})


def pending(name: str, write: Callable[[list], None]) -> list | None:
    """Inside `holding()`, a list of new rows (unsaved instances) that `write(rows)` inserts at
    the chunk's end, inside its transaction, before the `kept` values are finished; None outside
    a chunk, where the caller saves its row at once. Only for rows that nothing in the chunk
    reads back from the database: they get their ids when written, and the chunk's audit rows,
    appended after, name them by those ids. A `savepoint()` of the chunk writes them first, so
    that its rollback never drops a row made before it."""
    chunk = _kept.get()
    if chunk is None:
        return None
    return chunk.pending.setdefault(name, ([], write))[0]


def write_pending() -> None:
    """Write the current chunk's pending rows now: an audit row is about to name them."""
    chunk = _kept.get()
    if chunk:
        chunk.write_pending()


@contextmanager
def savepoint() -> Iterator[None]:
    """A savepoint whose rollback the chunk survives (a refused row of an import's trial pass,
    one record of a batch step): rolled back, it leaves the held records and the kept values
    ahead of the database, so the records are read again and the values dropped. The rows
    pending before it are written first; those made inside it are dropped with it."""
    held, chunk = _held.get(), _kept.get()
    if chunk:
        chunk.write_pending()
    try:
        with transaction.atomic():
            yield
    except BaseException:
        if held:
            held.clear()
        if chunk:
            for memory in chunk.memory.values():
                memory.clear()
            for rows, _ in chunk.pending.values():
                rows.clear()
        raise


def is_held(obj: models.Model) -> bool:
    held = _held.get()
    return held is not None and held.get((type(obj), obj.pk)) is obj


def hold(obj: models.Model, *, none_yet: Sequence[str] = ()) -> None:
    """Hold the record a step returned. `none_yet`: the reverse relations its due dates read (a
    复议 case's pauses) that a record just created has none of; they are kept as known to be
    empty, without a query, until a row of theirs is written for it."""
    held = _held.get()
    if held is None:
        return
    model = type(obj)
    _watch(model)
    names = [name for name in none_yet if _reverse(model, name)]
    for name in names:
        _watch_related(model, name)
    for name in names:
        _known_empty(obj, _reverse(model, name))
    held[(model, obj.pk)] = obj


def _known_empty(obj: models.Model, relation: models.ManyToOneRel) -> None:
    """What `prefetch_related_objects` leaves for a relation found empty, without its work:
    building the prefetch's filter took ~1 ms a record, more than the query it spares."""
    rows = relation.related_model._default_manager.none()
    rows._result_cache, rows._prefetch_done = [], True
    if not hasattr(obj, "_prefetched_objects_cache"):
        obj._prefetched_objects_cache = {}
    obj._prefetched_objects_cache[relation.field.remote_field.cache_name] = rows


@contextmanager
def let_go_on_failure(obj: models.Model) -> Iterator[None]:
    """A step that fails may have changed the instance before it was refused: ahead of its row."""
    try:
        yield
    except BaseException:
        forget(type(obj), [obj.pk])
        raise


def forget(model: type[models.Model], pks: Iterable) -> None:
    """These rows were written past their held instances (or may have been)."""
    held = _held.get()
    if not held:
        return
    for pk in pks:
        held.pop((model, pk), None)


def _let_go(sender, instance, **kwargs) -> None:
    held = _held.get()
    if held and held.get((sender, instance.pk)) is not instance:
        held.pop((sender, instance.pk), None)


def _let_go_deleted(sender, instance, **kwargs) -> None:
    forget(sender, [instance.pk])


@functools.cache
def _reverse(model: type[models.Model], name: str) -> models.ManyToOneRel | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a path through a relation ("a__b"): not a record's own rows
        return None
    return field if isinstance(field, models.ManyToOneRel) and field.one_to_many else None


@functools.cache
def _watch_related(model: type[models.Model], name: str) -> None:
    """A row of the relation saved or deleted (a pause begun or ended by a step) makes its held
    record read the relation again."""
    relation = _reverse(model, name)
    column, cache = relation.field.attname, relation.field.remote_field.cache_name

    def written(sender, instance, **kwargs) -> None:
        held = _held.get()
        record = held.get((model, getattr(instance, column))) if held else None
        if record is not None:
            getattr(record, "_prefetched_objects_cache", {}).pop(cache, None)

    uid = ("fazhi.core.held", model, name)
    post_save.connect(written, sender=relation.related_model, weak=False, dispatch_uid=uid)
    post_delete.connect(written, sender=relation.related_model, weak=False, dispatch_uid=uid)


@functools.cache
def _watch(model: type[models.Model]) -> None:
    """Listen to the writes of a model whose records are held: only those, as a delete listener
    costs every other model's bulk deletes their fast path (an import's open items)."""
    post_save.connect(_let_go, sender=model, dispatch_uid=("fazhi.core.held", model, "save"))
    post_delete.connect(
        _let_go_deleted, sender=model, dispatch_uid=("fazhi.core.held", model, "delete")
    )
