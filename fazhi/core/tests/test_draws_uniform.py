"""Property: a draw's selection is uniform within each stratum — every entry of a stratum is taken
equally often over many seeds, for counts per stratum and for a total with "at least one per
stratum" (whose number taken from a stratum varies from seed to seed).

The check. For one stratum of m entries and S seeds, let O_i be how often entry i was taken and
k_t how many of the stratum seed t took. Given the k_t, a uniform selection takes each k_t-subset
with equal probability, so Var(O_i) = V and Cov(O_i, O_j) = −V/(m−1), with V = Σ_t p_t(1−p_t) and
p_t = k_t/m. Hence T = Σ_i (O_i − Ō)² · (m−1)/(m·V) is, for large S, χ² with m−1 degrees of
freedom. We fail when T exceeds df + 2√(df·x) + 2x, which a χ²(df) variable does with probability
at most e^(−x) (Laurent & Massart 2000, Lemma 1). With x = ln(10⁶ · examples · strata) the
chance that a uniform selection fails this test, over all its examples and strata, is below 10⁻⁶
(up to the normal approximation, good here since every stratum sees S·p(1−p) ≥ 20). The examples
are derandomised, so the run is reproducible; the last test shows that the same check does catch
a selection with a mild bias."""

import hashlib
import hmac
import math
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core.draws import Entry, selection

EXAMPLES = 40
MAX_STRATA = 3
X = math.log(1e6 * EXAMPLES * MAX_STRATA)


def chi_square_limit(df: int) -> float:
    return df + 2 * math.sqrt(df * X) + 2 * X


def statistic(counts: Counter, keys: list[str], taken_per_seed: list[int]) -> float:
    """T of the module's docstring for one stratum."""
    m = len(keys)
    variance = sum((k / m) * (1 - k / m) for k in taken_per_seed)
    mean = sum(counts[key] for key in keys) / m
    return sum((counts[key] - mean) ** 2 for key in keys) * (m - 1) / (m * variance)


def run_seeds(pool, parameters, seeds, select=selection.select):
    counts: Counter = Counter()
    taken: dict[str, list[int]] = {e.stratum: [] for e in pool}
    for seed in seeds:
        chosen = select(pool, parameters, seed)
        counts.update(e.key for e in chosen)
        per_stratum = Counter(e.stratum for e in chosen)
        for stratum in taken:
            taken[stratum].append(per_stratum[stratum])
    return counts, taken


def assert_uniform_within_strata(pool, counts, taken):
    for stratum, taken_per_seed in taken.items():
        keys = [e.key for e in pool if e.stratum == stratum]
        variance = sum((k / len(keys)) * (1 - k / len(keys)) for k in taken_per_seed)
        if variance == 0:  # the whole stratum (or none of it) was taken every time
            assert len({counts[key] for key in keys}) == 1
            continue
        assert variance >= 20, "too few seeds for the normal approximation"
        t = statistic(counts, keys, taken_per_seed)
        assert t <= chi_square_limit(len(keys) - 1), (stratum, t, dict(counts))


strata_sizes = st.lists(st.integers(2, 12), min_size=1, max_size=MAX_STRATA)


def pool_of(sizes: list[int]) -> list[Entry]:
    return [
        Entry(f"S{s}-{i:02d}", f"条目{i}", f"层{s}") for s, m in enumerate(sizes) for i in range(m)
    ]


@settings(max_examples=EXAMPLES // 2, deadline=None, derandomize=True)
@given(sizes=strata_sizes, fractions=st.lists(st.floats(0.1, 0.9), min_size=3, max_size=3))
def test_counts_per_stratum_take_every_entry_of_a_stratum_equally_often(sizes, fractions):
    pool = pool_of(sizes)
    per_stratum = {f"层{s}": max(1, round(m * fractions[s])) for s, m in enumerate(sizes)}
    parameters = selection.canonical_parameters(pool, per_stratum=per_stratum)
    seeds = [f"{sizes}-{i}" for i in range(600)]
    assert_uniform_within_strata(pool, *run_seeds(pool, parameters, seeds))


@settings(max_examples=EXAMPLES // 2, deadline=None, derandomize=True)
@given(sizes=strata_sizes, extra=st.integers(0, 6))
def test_a_total_with_one_per_stratum_is_uniform_within_each_stratum(sizes, extra):
    pool = pool_of(sizes)
    total = min(len(sizes) + extra, len(pool) - 1)
    parameters = selection.canonical_parameters(pool, total=total, at_least_one_per_stratum=True)
    seeds = [f"total-{sizes}-{extra}-{i}" for i in range(600)]
    assert_uniform_within_strata(pool, *run_seeds(pool, parameters, seeds))


def test_the_check_catches_a_mildly_biased_selection():
    """A selection that gives the first entry the better of two ranks (so it is taken about 1.5
    times as often as it should be) fails the same check; the true one passes it."""

    def biased(pool, parameters, seed):
        pool_hash = selection.pool_sha256(pool)

        def rank(entry):
            digest = selection.rank_digest(seed, pool_hash, entry)
            if entry.key == pool[0].key:
                again = hmac.new(b"again" + seed.encode(), digest.encode(), hashlib.sha256)
                digest = min(digest, again.hexdigest())
            return digest

        return sorted(pool, key=rank)[: parameters["total"]]

    pool = pool_of([6])
    parameters = selection.canonical_parameters(pool, total=2)
    seeds = [f"bias-{i}" for i in range(1500)]
    counts, taken = run_seeds(pool, parameters, seeds, select=biased)
    t = statistic(counts, [e.key for e in pool], taken["层0"])
    assert t > chi_square_limit(5)
    assert_uniform_within_strata(pool, *run_seeds(pool, parameters, seeds))
