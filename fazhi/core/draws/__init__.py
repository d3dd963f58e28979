"""The verifiable random draw: one kernel mechanism for every random selection the platform makes
(案卷评查 now; 双随机抽查对象, 双随机执法人员 and 告知承诺核查 later), in the spirit of RFC 3797
("Publicly Verifiable Nominations Committee (NomCom) Random Selection"): whoever holds the
published inputs can recompute the selection and see that nobody chose it.

How a draw goes
  1. **commit** (已公示). The drawing unit fixes the pool, the parameters and the seed's source, and
     they are published (the portal's page of the draw) before anybody can know the seed:
     - the pool: entries (key, label, stratum), stored in canonical order — sorted by key, by
       Unicode code point. Its hash `pool_sha256` is SHA-256 over the UTF-8 JSON (no whitespace,
       non-ASCII characters as they are) of the array `[[key, stratum], ...]` in that order.
       Labels (a case's title, an officer's name) are not in the public hash: they may be
       personal data the public sees masked, and nothing depends on them; they are frozen with
       their own digest `labels_sha256`, kept in the draw and its audit row, never published (a
       hash of a two-character name is reversed by trying names).
     - the parameters: counts per stratum, or a total (optionally "at least one per stratum"),
       and keys excluded; stored and published in one canonical JSON form that names the
       algorithm (`fazhi-draw-v1`). A draw whose constraints cannot be met — an empty pool, a
       count ≤ 0, a stratum with fewer entries than asked, a total below the number of strata
       when each needs one, an excluded key not in the pool — is refused here, before anything
       is published, and the refusal names the stratum or constraint.
     - the seed's source, one of two:
       (a) commit–reveal: the SHA-256 of a secret seed is published now and the seed revealed at
           the draw; a seed whose SHA-256 differs is refused. `new_seed()` gives 128 random bits
           so the commitment cannot be reversed by trying seeds. Commit–reveal proves the seed
           was fixed before the draw, not that the drawer did not try many seeds before
           committing: where the drawer could gain from choosing, name a public source instead.
       (b) a public source named in advance (e.g. 中国福利彩票双色球 第2021088期, drawn on a named
           date, which must not lie in the past at commit): after it is published its numbers are
           entered and canonicalised as RFC 3797 section 4 does (each group's numbers sorted,
           each followed by ".", each group closed by "/": "3.7.12.18.25.31./9./"), which is the
           seed. The draw is refused before the source's date.
  2. **draw** (已抽取). The seed is revealed or entered and the selection computed and stored.
     Commit and draw are each one service function in one transaction with an audit row; the
     rows record the hashes, parameters, seed and selection, so an edit of the draw's own row
     later shows against the (hash-chained, anchored) trail.

The selection (`selection.select`), a deterministic function of (pool, parameters, seed)
  Every eligible entry gets rank = HMAC-SHA256(key = seed as UTF-8, message = JSON of
  `[pool_sha256, stratum, key]`), hex; entries are ordered by rank (the key breaks a tie, which
  would need a collision). Per stratum the first n are taken (strata in code-point order); for a
  total the first n of the whole pool — after the first of each stratum when at least one per
  stratum is asked. Why this and not RFC 3797's own procedure (MD5 of the key string between
  two copies of a counter, reduced modulo the number of entries left, removing each choice):
  - MD5 is broken for collisions; SHA-256 under HMAC is a pseudorandom function, so the ranks
    are independent uniform numbers for anyone who did not know the seed when the pool was
    fixed, and sorting n entries by them gives every ordering, hence every subset of each
    stratum, the same probability — without RFC 3797's small modulo bias.
  - an entry's rank depends only on itself, the committed pool and the seed: drawing more later
    extends the selection (the first n+k contain the first n), and a drawn entry that is found
    ineligible can be replaced by the next in rank without a new draw (the ranking, which
    anyone computes from the published inputs, says who is next, as RFC 3797's list does);
  - putting the pool's hash into the message separates draws that share a public seed.
  The public cannot be misled by a pool changed after the seed was known: the pool's hash was
  published before, and any change of pool, parameters or seed changes the recomputation.

Verifying
  `verify(draw)` (and `fazhi draw verify DRAW`, the portal's 核验) recomputes the hashes, the
  seed against its commitment or the public numbers, and the selection, and compares the row
  with its audit rows; `verify_export(data)` (and `fazhi draw verify --file draw.json`) does the
  same from the published JSON alone, and `docs/draw_verify.py` does it with Python's standard
  library only, without this project.

API for procedures
  draws.commit(actor, channel, unit=…, purpose=…, kind=DrawKind.CASE_REVIEW,
               entries=[Entry(key, label, stratum), …], per_stratum={…} | total=n,
               at_least_one_per_stratum=…, exclude=[…], seed_commitment=… |
               public_source=…, public_source_on=date, labels_are_names=…) -> Draw
  draws.reveal_and_draw(actor, channel, draw, seed=… | public_values="…") -> Draw
  draws.selected(draw) -> list[Entry];  draws.verify(draw) -> list[str] (problems)
  draws.register_kind(key, label) for a procedure's own kind of draw.
Only staff (coordinator, reviewer, 法制员) of the drawing unit's government may commit or draw.
"""

from .models import Draw, DrawKind, DrawStatus, SeedMethod
from .selection import Entry, Unmeetable
from .services import (
    commit,
    entries_of,
    export,
    kind_label,
    may_draw,
    new_seed,
    public_label,
    register_kind,
    reveal_and_draw,
    selected,
    verify,
    verify_export,
)

__all__ = [
    "Draw",
    "DrawKind",
    "DrawStatus",
    "Entry",
    "SeedMethod",
    "Unmeetable",
    "commit",
    "entries_of",
    "export",
    "kind_label",
    "may_draw",
    "new_seed",
    "public_label",
    "register_kind",
    "reveal_and_draw",
    "selected",
    "verify",
    "verify_export",
]
