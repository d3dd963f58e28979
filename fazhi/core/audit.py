"""The audit trail: append-only rows chained by SHA-256, so an edit or deletion is detectable.

Every write path calls `record()` inside the same transaction as the change it describes. The
chain head row is locked while appending, so concurrent writers never fork the chain.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead, Channel

GENESIS = "0" * 64


def _canonical(value):
    """JSON-safe form of a value, stable across databases (round-trips through JSONField)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False))


def _digest(prev_hash: str, fields: dict) -> str:
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict:
    return {
        "at": entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "channel": entry.channel,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
    }


@dataclass(frozen=True)
class Change:
    """One audited change: what happened to which object, with its state before and after."""

    action: str
    obj: models.Model
    before: dict | None = None
    after: dict | None = None


def actor_label(actor) -> str:
    if actor is None:
        return "系统"
    return getattr(actor, "display_name", None) or str(actor)


def record(actor, channel: str, action: str, obj, before=None, after=None) -> AuditEntry | None:
    """Append one audit row. Must run inside the transaction of the change it records."""
    entries = record_many(actor, channel, [Change(action, obj, before, after)])
    return entries[0] if entries else None


def record_many(actor, channel: str, changes: Iterable[Change]) -> list[AuditEntry]:
    """Append several rows in one locked step (bulk paths: imports, jobs). Inside `deferred()`
    the rows are only collected (and nothing is returned)."""
    if channel not in Channel.values:
        raise ValueError(f"unknown audit channel {channel!r}")
    items = [(actor, channel, change) for change in changes]
    collecting = _collecting.get()
    if collecting is not None:
        collecting.extend(items)
        return []
    return _append(items)


_collecting: ContextVar[list | None] = ContextVar("fazhi_audit_collecting", default=None)


@contextmanager
def deferred() -> Iterator[list[tuple]]:
    """Collect the audit rows recorded inside the block and append them in one locked step when
    it ends; if it raises, they are dropped with the transaction they describe. Use it inside a
    transaction that runs many service calls (an import's chunk): the chain's head row is then
    locked for milliseconds at the end, not from the first call until the commit, so other users'
    audited writes do not wait for the chunk. Yields the collected (actor, channel, Change)s."""
    if _collecting.get() is not None:  # nested: the outer block appends
        yield _collecting.get()
        return
    collected: list[tuple] = []
    token = _collecting.set(collected)
    try:
        yield collected
    finally:
        _collecting.reset(token)
    _append(collected)


def _append(items: list[tuple]) -> list[AuditEntry]:
    """Chain and insert (actor, channel, Change)s under the head row's lock."""
    if not items:
        return []
    with transaction.atomic():
        head = _locked_head()
        now = timezone.now()
        entries = []
        prev = head.last_hash
        for actor, channel, change in items:
            entry = AuditEntry(
                at=now,
                actor=actor if getattr(actor, "pk", None) else None,
                actor_label=actor_label(actor),
                channel=channel,
                action=change.action,
                object_type=change.obj._meta.label,
                object_id=str(change.obj.pk),
                object_repr=str(change.obj)[:200],
                before=_canonical(change.before),
                after=_canonical(change.after),
                prev_hash=prev,
            )
            entry.hash = prev = _digest(prev, _hashed_fields(entry))
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries, batch_size=2000)
        AuditHead.objects.filter(pk=head.pk).update(
            last_hash=prev, count=models.F("count") + len(entries)
        )
    return entries


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS, "count": 0})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    reason: str


def verify(batch_size: int = 5000) -> list[Break]:
    """Walk the chain; report each row whose content or link no longer matches, and a cut tail."""
    problems: list[Break] = []
    prev = GENESIS
    count = 0
    rows = AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size)
    for entry in rows:
        count += 1
        if entry.prev_hash != prev:
            problems.append(Break(entry.id, "前一条记录缺失或被改动(链接断开)"))
        if _digest(entry.prev_hash, _hashed_fields(entry)) != entry.hash:
            problems.append(Break(entry.id, "记录内容与其哈希不符(记录被改动)"))
        prev = entry.hash
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.count != count):
        problems.append(
            Break(None, f"链尾不符：应有 {head.count} 条，实有 {count} 条(末尾记录被删除)")
        )
    return problems


def snapshot(obj, fields: Iterable[str]) -> dict:
    """The audited state of an object: the named fields, foreign keys as ids."""
    result = {}
    for name in fields:
        field = obj._meta.get_field(name)
        result[name] = getattr(obj, field.attname)
    return _canonical(result)
