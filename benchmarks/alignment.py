"""How fast are agreement matrices for all pairs over the whole General Assembly record?

Measures ``rightsregime.analysis.agreement_matrix`` (state x decision position matrix and three
matrix products) on every GA roll call (unvotes, 1946-2019: about 870k votes, 200 states, 6,200
decisions), ``--repeat`` times. Side by side it runs the naive pandas baseline an analyst would
write first: for each pair of states, merge their votes on ``decision_id`` and average the
agreement score. The baseline is timed on ``--size`` random pairs and extrapolated linearly to all
pairs (``--full-baseline`` runs every pair; expect minutes). Quality: the largest absolute
difference between the two on the sampled pairs (must be 0 up to rounding).

Votes come from the warehouse (``--db``, default ``$RIGHTSREGIME_DB``) or, without one, straight
from the mirror's unvotes files through the source parser (``RIGHTSREGIME_SOURCES``).

Usage: python benchmarks/alignment.py [--db FILE] [--repeat 3] [--size 300] [--seed 0] [--csv out.csv]
"""
from __future__ import annotations

import argparse
import csv
import gc
import os
import statistics
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Row:
    what: str
    seconds: float
    pairs: int
    peak_mb: float
    success: bool
    error: str = ""


def load_ga_votes(db: str | None) -> pd.DataFrame:
    """GA votes: from the warehouse when there is one, else parsed from the mirror."""
    db = db or os.environ.get("RIGHTSREGIME_DB")
    if db and Path(db).exists():
        import rightsregime as rr

        with rr.open(db) as reg:
            votes = reg.votes(body="GA")
        return votes[votes["decision_id"].str.startswith("unvotes:")][["decision_id", "iso3", "position"]]
    from rightsregime.sources import unvotes
    from rightsregime.sources._fetch import locate

    paths = locate(unvotes.SOURCE, os.environ.get("RIGHTSREGIME_SOURCES"), download=False)
    votes = unvotes.parse(paths).tables["votes"]
    return votes[["decision_id", "iso3", "position"]]


def naive_pair(a: pd.DataFrame, b: pd.DataFrame) -> float:
    """The baseline: one merge per pair, then the mean agreement score."""
    m = a.merge(b, on="decision_id", suffixes=("_a", "_b"))
    return float((1.0 - (m["score_a"] - m["score_b"]).abs()).mean()) if len(m) else float("nan")


def timed(fn, repeat: int) -> tuple[list[float], float, object]:
    """Median-able wall times (no tracing, which would slow the code down), then one traced run
    for the peak memory."""
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return times, peak, result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--size", type=int, default=300, help="pairs to time the baseline on")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--full-baseline", action="store_true")
    ap.add_argument("--csv", type=Path, default=None)
    args = ap.parse_args(argv)

    from rightsregime.analysis.alignment import SCORES, agreement_matrix

    t0 = time.perf_counter()
    votes = load_ga_votes(args.db)
    load_s = time.perf_counter() - t0
    cast = votes[votes["position"].isin(list(SCORES))]
    states = sorted(cast["iso3"].unique())
    n_pairs = len(states) * (len(states) - 1) // 2
    print(f"GA votes: {len(votes):,} rows, {cast['decision_id'].nunique():,} decisions, {len(states)} states, "
          f"{n_pairs:,} pairs (loaded in {load_s:.1f} s)")

    rows: list[Row] = []
    agree = None
    try:
        times, peak, agree = timed(lambda: agreement_matrix(votes), args.repeat)
        rows.append(Row("vectorised (rightsregime)", statistics.median(times), n_pairs, peak, True))
    except Exception as exc:  # a failure is a row, not a crash
        rows.append(Row("vectorised (rightsregime)", float("nan"), n_pairs, float("nan"), False, repr(exc)))

    # Baseline: per-pair merges on a random sample of pairs (or all of them).
    scored = cast.assign(score=cast["position"].map(SCORES))[["decision_id", "iso3", "score"]]
    by_state = {s: g[["decision_id", "score"]] for s, g in scored.groupby("iso3")}
    rng = np.random.default_rng(args.seed)
    i, j = np.triu_indices(len(states), k=1)
    pick = np.arange(len(i)) if args.full_baseline else rng.choice(len(i), size=min(args.size, len(i)), replace=False)
    sample = [(states[i[k]], states[j[k]]) for k in pick]
    max_diff = float("nan")
    try:
        times, peak, values = timed(lambda: [naive_pair(by_state[a], by_state[b]) for a, b in sample], 1)  # traced run repeats it
        per_pair = times[0] / len(sample)
        label = "naive pandas, all pairs" if args.full_baseline else f"naive pandas, {len(sample)} pairs x {n_pairs / len(sample):.0f}"
        rows.append(Row(label, per_pair * n_pairs, n_pairs, peak, True))
        if agree is not None:
            ours = np.array([agree.index.loc[a, b] if agree.n_common.loc[a, b] >= 5 else np.nan for a, b in sample])
            theirs = np.array(values)
            ok = ~np.isnan(ours)
            max_diff = float(np.max(np.abs(ours[ok] - theirs[ok]))) if ok.any() else float("nan")
    except Exception as exc:
        rows.append(Row("naive pandas", float("nan"), n_pairs, float("nan"), False, repr(exc)))

    print(f"{'method':<42} {'seconds':>10} {'peak MB':>9}  status")
    for r in rows:
        print(f"{r.what:<42} {r.seconds:>10.2f} {r.peak_mb:>9.1f}  {'ok' if r.success else 'FAILED ' + r.error}")
    if len(rows) == 2 and all(r.success for r in rows):
        print(f"ratio baseline / vectorised: {rows[1].seconds / rows[0].seconds:,.0f}x "
              f"(baseline {'measured' if args.full_baseline else 'extrapolated from the sample'})")
    print(f"largest |difference| on the sampled pairs: {max_diff:.2e}")
    if args.csv:
        with args.csv.open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(asdict(rows[0])))
            w.writeheader()
            w.writerows(asdict(r) for r in rows)
    return 0 if all(r.success for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
