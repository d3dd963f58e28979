"""The audit trail: append-only rows chained by SHA-256, so an edit or deletion is detectable.

Every write path calls `record()` inside the same transaction as the change it describes. The
chain head row is locked while appending, so concurrent writers never fork the chain.

The chain alone proves nothing against someone who can write the database: they can delete the
tail and rewind the head, or edit a row and recompute every later hash. So the head (its row count
and hash) is anchored outside the database — appended to the anchor file at every `fazhi tick`
and frozen into every issued annual report — and `verify()` checks the chain against the anchors.
"""

import datetime as dt
import decimal
import functools
import hashlib
import json
import math
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from . import bulk, held
from .bulk import insert_rows
from .models import AuditEntry, AuditHead, Channel
from .scopes import scoped

GENESIS = "0" * 64


def _canonical(value):
    """JSON-safe form of a value, stable across databases (round-trips through JSONField): what
    `json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))` gives. The shapes a
    snapshot has (dicts of strings, numbers, dates, ids) are converted directly — the round trip
    cost a large import ~40 µs a row twice —, anything else takes the round trip."""
    try:
        return _direct(value)
    except _Unusual:
        text = json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
        return json.loads(text)


class _Unusual(Exception):
    """A value `_direct` does not convert itself."""


def _direct(value):
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if isinstance(value, str):  # a TextChoices member: its value
        return str.__str__(value)
    if kind is dict:
        if not all(type(key) is str for key in value):
            raise _Unusual
        return {key: _direct(value[key]) for key in sorted(value)}
    if kind is list or kind is tuple:
        return [_direct(item) for item in value]
    if kind is dt.date:
        return value.isoformat()
    if kind is float and math.isfinite(value):
        return value
    if kind is dt.datetime or isinstance(value, decimal.Decimal):  # as DjangoJSONEncoder does
        return DjangoJSONEncoder().default(value)
    raise _Unusual


def _digest(prev_hash: str, fields: dict) -> str:
    return _chained(prev_hash, _hashed_text(fields))


def _hashed_text(fields: dict) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)


def _chained(prev_hash: str, text: str) -> str:
    return hashlib.sha256(f"{prev_hash}|{text}".encode()).hexdigest()


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
    with scoped(_collecting, list) as (collected, outermost):
        yield collected
    if outermost:  # a nested block's rows are the outer one's to append
        _append(collected)


def _append(items: list[tuple]) -> list[AuditEntry]:
    """Chain and insert (actor, channel, Change)s under the head row's lock. The rows and the
    text their hashes cover are made before the lock is taken: under it, only the chaining
    (a SHA-256 a row), the insert and the head's update, so other writers wait less."""
    if not items:
        return []
    held.write_pending()  # the rows a chunk writes at its end get their ids before they are named
    entries = _entries(items, timezone.now())
    texts = [_hashed_text(_hashed_fields(entry)) for entry in entries]
    # No savepoint: an append that fails fails the change it records.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        prev = head.last_hash
        for entry, text in zip(entries, texts, strict=True):
            entry.prev_hash = prev
            entry.hash = prev = _chained(prev, text)
        insert_rows(AuditEntry, entries)
        AuditHead.objects.filter(pk=head.pk).update(
            last_hash=prev, count=models.F("count") + len(entries)
        )
    return entries


def _entries(items: list[tuple], now: dt.datetime) -> list[AuditEntry]:
    labels: dict[int, str] = {}  # an import's thousands of rows have one actor
    entries = []
    for actor, channel, change in items:
        label = labels.get(id(actor))
        if label is None:
            label = labels[id(actor)] = actor_label(actor)
        entry = bulk.instance(
            AuditEntry,
            at=now,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=label,
            channel=channel,
            action=change.action,
            object_type=change.obj._meta.label,
            object_id=str(change.obj.pk),
            object_repr=str(change.obj)[:200],
            before=_canonical(change.before),
            after=_canonical(change.after),
        )
        entries.append(entry)
    return entries


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS, "count": 0})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


@dataclass(frozen=True)
class Break:
    """One problem verify() found: at a row (entry_id), at the tail, or with the anchors."""

    entry_id: int | None
    reason: str
    place: str = ""

    @property
    def where(self) -> str:
        if self.place:
            return self.place
        return f"第 {self.entry_id} 条" if self.entry_id else "链尾"


def verify(anchors: Iterable["Anchor"] | None = None, batch_size: int = 5000) -> list[Break]:
    """Walk the chain; report each row whose content or link no longer matches, a cut tail, and
    every anchor the chain no longer agrees with.

    The chain alone cannot show a deleted tail whose head was rewound, nor a suffix rewritten with
    every later hash recomputed: the anchors can, because they are kept outside the database.
    `anchors` defaults to those of the anchor file; a missing file is itself reported.
    """
    problems: list[Break] = []
    if anchors is None:
        anchors, problems = read_anchors(anchor_path())
    check = _AnchorCheck(anchors)
    prev = GENESIS
    count = 0
    rows = AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size)
    for entry in rows:
        count += 1
        if entry.prev_hash != prev:
            problems.append(Break(entry.id, "前一条记录缺失或被改动(链接断开)"))
        if _digest(entry.prev_hash, _hashed_fields(entry)) != entry.hash:
            problems.append(Break(entry.id, "记录内容与其哈希不符(记录被改动)"))
        check.see(count, entry)
        prev = entry.hash
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.count != count):
        problems.append(
            Break(None, f"链尾不符：应有 {head.count} 条，实有 {count} 条(末尾记录被删除)")
        )
    return problems + check.problems(count)


def snapshot_head() -> tuple[int, str]:
    """The chain's committed head: how many rows it has and the hash of the last."""
    head = AuditHead.objects.filter(pk=1).first()
    return (head.count, head.last_hash) if head else (0, GENESIS)


# -- anchors: the head, written where the database's administrators cannot rewrite it ----------

ANCHOR_HASH_MIN = 16  # a hash copied from a published report may be shortened to this prefix
HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class Anchor:
    """The chain's head at one moment: the row at position `count` had this hash.

    A rewind of the head, a deleted tail or a rewritten suffix cannot change what an anchor says,
    as long as the anchor lives outside the database (the anchor file, an issued report).
    """

    count: int
    hash: str
    at: str
    source: str

    def line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    def label(self) -> str:
        return f"{self.at[:19].replace('T', ' ')}，{self.source}"

    def matches(self, row_hash: str) -> bool:
        return row_hash.startswith(self.hash)


def anchor_path() -> Path:
    """FAZHI_AUDIT_ANCHOR_FILE: an append-only file outside the database (docs/architecture.md)."""
    return Path(settings.FAZHI_AUDIT_ANCHOR_FILE)


def current_anchor(source: str) -> Anchor:
    count, last_hash = snapshot_head()
    at = timezone.localtime().isoformat(timespec="seconds")
    return Anchor(count, last_hash, at, source)


def write_anchor(source: str, path: Path | None = None) -> Anchor:
    """Append the head to the anchor file (`fazhi tick`, `fazhi audit anchor`). Call it outside
    a transaction: the head written must be committed, or it anchors rows that may roll back."""
    anchor = current_anchor(source)
    path = path or anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as file:
        file.write(anchor.line() + "\n")
        file.flush()
        os.fsync(file.fileno())
    return anchor


def make_anchor(count: int, hash_text: str, source: str, at: str = "") -> Anchor:
    """An anchor read from a file or typed from a published report; ValueError in Chinese."""
    hash_text = hash_text.strip().lower()
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"条数“{count}”无效：应为非负整数")
    if not (ANCHOR_HASH_MIN <= len(hash_text) <= 64 and all(c in HEX for c in hash_text)):
        raise ValueError(f"哈希“{hash_text}”无效：应为至少{ANCHOR_HASH_MIN}位的十六进制数")
    return Anchor(count, hash_text, at, source)


def read_anchors(path: Path) -> tuple[list[Anchor], list[Break]]:
    """The anchors of a file, and what is wrong with it (missing, unreadable lines)."""
    if not path.exists():
        reason = (
            f"{path} 不存在，无法确认链尾未被删除、记录未被成批改写。"
            "若从未运行过 fazhi tick，请运行 fazhi audit anchor 建立第一个锚点；"
            "否则锚点文件已被删除或移走，请从备份或只追加存储中找回"
        )
        return [], [Break(None, reason, "锚点文件")]
    anchors, problems = [], []
    with open(path, encoding="utf-8") as file:
        for number, text in enumerate(file, start=1):
            if not text.strip():
                continue
            try:
                item = json.loads(text)
                anchors.append(make_anchor(item["count"], item["hash"], item["source"], item["at"]))
            except (ValueError, KeyError, TypeError) as error:
                place = f"锚点文件第 {number} 行"
                problems.append(Break(None, f"无法读取（{error}）", place))
    return anchors, problems


class _AnchorCheck:
    """Compares the chain, as it is walked, with what the anchors say it was."""

    def __init__(self, anchors: Iterable[Anchor]):
        self.anchors = list(anchors)
        self.by_count: dict[int, list[Anchor]] = {}
        for anchor in self.anchors:
            self.by_count.setdefault(anchor.count, []).append(anchor)
        self.differing: list[tuple[Anchor, AuditEntry]] = []
        self.agreeing: list[Anchor] = []

    def see(self, position: int, entry: AuditEntry) -> None:
        for anchor in self.by_count.get(position, ()):
            if anchor.matches(entry.hash):
                self.agreeing.append(anchor)
            else:
                self.differing.append((anchor, entry))

    def problems(self, rows: int) -> list[Break]:
        found = []
        if self.differing:
            found.append(self._rewritten())
        beyond = [a for a in self.anchors if a.count > rows]
        if beyond:
            last = max(beyond, key=lambda a: a.count)
            found.append(
                Break(
                    None,
                    f"链尾被删除：锚点（{last.label()}）记载审计链已有 {last.count} 条，"
                    f"现仅有 {rows} 条；共 {len(beyond)} 个锚点超出现有链尾",
                    "锚点",
                )
            )
        return found

    def _rewritten(self) -> Break:
        anchor, entry = min(self.differing, key=lambda pair: pair[0].count)
        below = [a.count for a in self.agreeing if a.count < anchor.count]
        start = max(below, default=0) + 1
        more = f"；共 {len(self.differing)} 个锚点与链不符" if len(self.differing) > 1 else ""
        return Break(
            entry.id,
            f"记录被改写：锚点（{anchor.label()}）记载第 {anchor.count} 条的哈希为 "
            f"{anchor.hash[:16]}…，现为 {entry.hash[:16]}…；改写发生在第 {start} 条至"
            f"第 {anchor.count} 条之间，其后的哈希已被重新计算{more}",
            "锚点",
        )


def snapshot(obj, fields: Iterable[str]) -> dict:
    """The audited state of an object: the named fields, foreign keys as ids."""
    model = type(obj)
    return _canonical({name: getattr(obj, _attname(model, name)) for name in fields})


@functools.lru_cache(maxsize=4096)
def _attname(model: type[models.Model], name: str) -> str:
    return model._meta.get_field(name).attname
