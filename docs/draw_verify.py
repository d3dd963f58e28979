"""Verify a Fazhi random draw from its published JSON, with Python's standard library only:
    python3 draw_verify.py draw-12.json      (exit status 0: it verifies; 1: it does not)
The algorithm (fazhi-draw-v1) is described in docs/architecture.md and fazhi/core/draws/."""

import hashlib
import hmac
import json
import re
import sys


def js(value):  # the hashed serialisation: JSON, no whitespace, UTF-8
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def main(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    pool = sorted((e["key"], e["stratum"]) for e in d["pool"])
    pool_hash = hashlib.sha256(js([list(p) for p in pool])).hexdigest()
    fails = [] if pool_hash == d["pool_sha256"] else ["pool hash differs"]
    if d["status"] != "drawn":
        return fails
    seed, p = d["seed"], d["parameters"]
    if d["seed_method"] == "commit_reveal":
        ok = hashlib.sha256(seed.encode()).hexdigest() == d["seed_commitment"]
    else:  # RFC 3797 section 4: each group's numbers sorted, "." after each, "/" after each group
        groups = [g for g in re.split(r"[+|;＋｜；]", d["public_values"]) if g.strip()]
        numbers = [sorted(map(int, re.findall(r"\d+", g))) for g in groups]
        ok = "".join("".join(f"{n}." for n in group) + "/" for group in numbers) == seed
    fails += [] if ok else ["seed does not match its commitment or the public numbers"]

    def rank(k, s):
        return hmac.new(seed.encode(), js([pool_hash, s, k]), hashlib.sha256).hexdigest(), k

    ranked = sorted((rank(k, s), k, s) for k, s in pool if k not in set(p["exclude"]))
    if p["per_stratum"] is not None:
        chosen = []
        for stratum, n in sorted(p["per_stratum"].items()):
            chosen += [k for _, k, s in ranked if s == stratum][:n]
    else:
        firsts = {}
        for _, k, s in ranked:
            firsts.setdefault(s, k)
        chosen = [firsts[s] for s in sorted(firsts)] if p["at_least_one_per_stratum"] else []
        chosen += [k for _, k, _ in ranked if k not in chosen][: p["total"] - len(chosen)]
    return fails + ([] if chosen == d["selection"] else [f"selection differs: recomputed {chosen}"])


if __name__ == "__main__":
    problems = main(sys.argv[1])
    print("\n".join(problems) or "OK: the selection follows from the published inputs")
    sys.exit(1 if problems else 0)
