"""The selection itself: pure functions of the published inputs, without Django or a database.

Everything here is what a member of the public recomputes from a draw's JSON export (and what
`docs/draw_verify.py` repeats in a few lines of the standard library), so it imports nothing of
the project and every byte it hashes is specified in the package's docstring.
"""

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ALGORITHM = "fazhi-draw-v1"
MAX_POOL_ENTRIES = 200_000  # a county's market entities for 双随机 are tens of thousands
MAX_KEY_LENGTH = 100
MAX_LABEL_LENGTH = 200
MAX_STRATUM_LENGTH = 60


class Unmeetable(ValueError):
    """The inputs of a draw are invalid, or its constraints cannot be met; the message (Chinese)
    names the entry, stratum or constraint."""


@dataclass(frozen=True)
class Entry:
    """One member of a pool. `key` identifies it for good (a case number, a USCC, an officer's
    执法证号) and is what the selection depends on; `label` says what it is to people;
    `stratum` is the group it is drawn within ("" when the draw has no strata)."""

    key: str
    label: str = ""
    stratum: str = ""


def stratum_name(stratum: str) -> str:
    return stratum or "（不分层）"


def _json(value) -> bytes:
    """The one serialisation that is hashed: JSON, no whitespace, non-ASCII kept, UTF-8."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


# --- the pool ---------------------------------------------------------------------------------


def canonical_pool(entries: Iterable[Entry]) -> list[Entry]:
    """The pool in its canonical order (by key, Unicode code points), after checking it: every
    key present, unique and short; labels and strata of bounded length; not empty; not huge."""
    pool = sorted(entries, key=lambda e: e.key)
    if not pool:
        raise Unmeetable("抽取名单为空：没有可供抽取的条目。")
    if len(pool) > MAX_POOL_ENTRIES:
        raise Unmeetable(f"抽取名单过大：{len(pool)} 条，超过上限 {MAX_POOL_ENTRIES} 条。")
    previous = None
    for entry in pool:
        if (
            not isinstance(entry.key, str)
            or not entry.key.strip()
            or entry.key != entry.key.strip()
        ):
            raise Unmeetable(f"条目编号“{entry.key}”无效：不能为空，首尾不能有空白。")
        if len(entry.key) > MAX_KEY_LENGTH:
            raise Unmeetable(f"条目编号“{entry.key[:20]}…”过长(上限 {MAX_KEY_LENGTH} 字)。")
        if len(entry.label) > MAX_LABEL_LENGTH:
            raise Unmeetable(f"条目“{entry.key}”的名称过长(上限 {MAX_LABEL_LENGTH} 字)。")
        if len(entry.stratum) > MAX_STRATUM_LENGTH:
            raise Unmeetable(f"条目“{entry.key}”的分层名称过长(上限 {MAX_STRATUM_LENGTH} 字)。")
        if entry.key == previous:
            raise Unmeetable(f"条目编号“{entry.key}”重复：每个条目的编号须唯一。")
        previous = entry.key
    return pool


def pool_sha256(pool: Iterable[Entry]) -> str:
    """SHA-256 (hex) of the pool's public content: the JSON array of [key, stratum] pairs in
    canonical order. Labels are not hashed: they may be personal data that the public sees
    masked, and the selection does not depend on them (their own digest is `labels_sha256`)."""
    pairs = [[e.key, e.stratum] for e in sorted(pool, key=lambda e: e.key)]
    return hashlib.sha256(_json(pairs)).hexdigest()


def labels_sha256(pool: Iterable[Entry]) -> str:
    """SHA-256 of [key, label] pairs in canonical order: kept with the draw and in its audit row,
    never published (a hash of a short name can be reversed by trying names)."""
    pairs = [[e.key, e.label] for e in sorted(pool, key=lambda e: e.key)]
    return hashlib.sha256(_json(pairs)).hexdigest()


def strata_sizes(pool: Iterable[Entry]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for entry in pool:
        sizes[entry.stratum] = sizes.get(entry.stratum, 0) + 1
    return dict(sorted(sizes.items()))


# --- the parameters ---------------------------------------------------------------------------


def canonical_parameters(
    pool: list[Entry],
    *,
    per_stratum: Mapping[str, int] | None = None,
    total: int | None = None,
    at_least_one_per_stratum: bool = False,
    exclude: Iterable[str] = (),
) -> dict:
    """The parameters in their published form, after refusing any that cannot be met — before
    anything is committed, so that a draw never stands published with a selection that cannot
    be made. Either counts per stratum or a total, never both."""
    exclude = sorted(set(exclude))
    keys = {e.key for e in pool}
    unknown = [key for key in exclude if key not in keys]
    if unknown:
        raise Unmeetable(f"排除的条目不在抽取名单中：{'、'.join(unknown[:5])}。")
    if (per_stratum is None) == (total is None):
        raise Unmeetable("须给出各层抽取数量或抽取总数(二者择一)。")
    available = strata_sizes(e for e in pool if e.key not in set(exclude))
    if per_stratum is not None:
        per_stratum = _checked_per_stratum(per_stratum, available)
        if at_least_one_per_stratum:
            missing = [s for s in available if s not in per_stratum]
            if missing:
                names = "、".join(stratum_name(s) for s in missing)
                raise Unmeetable(f"“每层至少抽取一个”不能满足：未给出分层“{names}”的抽取数量。")
    else:
        total = _checked_total(total, available, at_least_one_per_stratum)
    return {
        "algorithm": ALGORITHM,
        "at_least_one_per_stratum": bool(at_least_one_per_stratum),
        "exclude": exclude,
        "per_stratum": per_stratum,
        "total": total,
    }


def _count(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unmeetable(f"{what}无效：“{value}”不是整数。")
    if value <= 0:
        raise Unmeetable(f"{what}须大于零(给出的是 {value})。")
    return value


def _checked_per_stratum(per_stratum: Mapping[str, int], available: dict[str, int]) -> dict:
    if not per_stratum:
        raise Unmeetable("未给出任何分层的抽取数量。")
    checked = {}
    for stratum, count in sorted(per_stratum.items()):
        name = stratum_name(stratum)
        count = _count(count, f"分层“{name}”的抽取数量")
        have = available.get(stratum, 0)
        if have == 0:
            raise Unmeetable(f"分层“{name}”在抽取名单中没有可抽取的条目。")
        if count > have:
            raise Unmeetable(f"分层“{name}”只有 {have} 个可抽取的条目，不能抽取 {count} 个。")
        checked[stratum] = count
    return checked


def _checked_total(total, available: dict[str, int], at_least_one: bool) -> int:
    total = _count(total, "抽取总数")
    have = sum(available.values())
    if have == 0:
        raise Unmeetable("排除后抽取名单为空：没有可供抽取的条目。")
    if total > have:
        raise Unmeetable(f"抽取名单只有 {have} 个可抽取的条目，不能抽取 {total} 个。")
    if at_least_one and total < len(available):
        raise Unmeetable(
            f"“每层至少抽取一个”不能满足：共 {len(available)} 层，抽取总数只有 {total} 个。"
        )
    return total


# --- the seed ---------------------------------------------------------------------------------


def seed_sha256(seed: str) -> str:
    """The commitment of a commit–reveal seed: SHA-256 (hex) of its UTF-8 bytes."""
    return hashlib.sha256(seed.encode()).hexdigest()


_NUMBER = re.compile(r"\d+")


def public_source_seed(values: str) -> str:
    """A public source's published numbers in RFC 3797's canonical form (section 4): each group
    of numbers (groups separated by "+", "|" or ";", e.g. a 双色球 draw's red balls + blue ball)
    sorted ascending, each number written in decimal without leading zeros followed by ".", each
    group closed by "/": "03 07 12 18 25 31 + 09" → "3.7.12.18.25.31./9./". Sorting makes the
    seed independent of the order the numbers were drawn or typed in."""
    groups = [g for g in re.split(r"[+|;＋｜；]", values) if g.strip()]
    if not groups:
        raise Unmeetable("公开随机源的开奖号码为空。")
    canonical = ""
    for group in groups:
        if re.sub(r"[\d\s,，、.．-]", "", group):
            raise Unmeetable(f"公开随机源的开奖号码“{group.strip()}”含有数字以外的字符。")
        numbers = sorted(int(n) for n in _NUMBER.findall(group))
        if not numbers:
            raise Unmeetable(f"公开随机源的开奖号码“{group.strip()}”中没有数字。")
        canonical += "".join(f"{n}." for n in numbers) + "/"
    return canonical


# --- the selection ----------------------------------------------------------------------------


def rank_digest(seed: str, pool_hash: str, entry: Entry) -> str:
    """HMAC-SHA256, keyed by the seed (UTF-8), of the JSON array [pool hash, stratum, key]: the
    entry's place in the draw. The pool hash separates draws that share a seed (two draws on
    the same lottery result rank the same unit independently)."""
    message = _json([pool_hash, entry.stratum, entry.key])
    return hmac.new(seed.encode(), message, hashlib.sha256).hexdigest()


def select(pool: list[Entry], parameters: dict, seed: str) -> list[Entry]:
    """The selection: a deterministic function of the pool, the published parameters and the
    seed. Each eligible entry is ranked by its `rank_digest` (ascending; the key breaks a tie,
    which needs a SHA-256 collision); per stratum the first n are taken, or for a total the
    first n over the whole pool — after the first of every stratum when "at least one per
    stratum" is asked. Returns the entries in the order they were taken."""
    if parameters.get("algorithm") != ALGORITHM:
        raise Unmeetable(f"不支持的抽取算法：{parameters.get('algorithm')}。")
    pool_hash = pool_sha256(pool)
    excluded = set(parameters["exclude"])
    ranked = sorted(
        (e for e in pool if e.key not in excluded),
        key=lambda e: (rank_digest(seed, pool_hash, e), e.key),
    )
    if parameters["per_stratum"] is not None:
        counts = parameters["per_stratum"]
        taken = []
        for stratum in sorted(counts):
            in_stratum = [e for e in ranked if e.stratum == stratum]
            taken += in_stratum[: counts[stratum]]
        return taken
    taken = []
    if parameters["at_least_one_per_stratum"]:
        firsts: dict[str, Entry] = {}
        for entry in ranked:
            firsts.setdefault(entry.stratum, entry)
        taken = [firsts[s] for s in sorted(firsts)]
    chosen = {e.key for e in taken}
    rest = [e for e in ranked if e.key not in chosen]
    return taken + rest[: parameters["total"] - len(taken)]


def problems_of(
    pool: list[Entry],
    parameters: dict,
    seed: str,
    *,
    published_pool_sha256: str,
    published_selection: list[str],
) -> list[str]:
    """What differs between the published result and a recomputation from the published inputs;
    an empty list when the draw verifies."""
    problems = []
    actual = pool_sha256(pool)
    if actual != published_pool_sha256:
        problems.append(
            f"名单哈希不符：公布的是 {published_pool_sha256}，按名单重新计算为 {actual}。"
        )
    try:
        recomputed = [e.key for e in select(pool, parameters, seed)]
    except (Unmeetable, KeyError, TypeError) as error:
        return [*problems, f"无法按公布的参数重新抽取：{error}"]
    if recomputed != list(published_selection):
        missing = [k for k in recomputed if k not in published_selection]
        extra = [k for k in published_selection if k not in recomputed]
        detail = []
        if missing:
            detail.append(f"应抽中而未列出：{'、'.join(missing[:10])}")
        if extra:
            detail.append(f"列出但不应抽中：{'、'.join(extra[:10])}")
        if not detail:
            detail.append("抽中条目相同而顺序不同")
        problems.append(f"抽取结果不符：{'；'.join(detail)}。")
    return problems
