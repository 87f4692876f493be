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
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from _timing import machine_line, ratio_line, timed, write_rows


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
        ours = timed(lambda: agreement_matrix(votes), args.repeat, traced_peak=True)
        agree = ours.result
        rows.append(Row("vectorised (rightsregime)", ours.median, n_pairs, ours.peak_mb, True))
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
        base = timed(lambda: [naive_pair(by_state[a], by_state[b]) for a, b in sample], 1,
                     traced_peak=True)  # the traced run repeats it
        values = base.result
        per_pair = base.median / len(sample)
        label = "naive pandas, all pairs" if args.full_baseline else f"naive pandas, {len(sample)} pairs x {n_pairs / len(sample):.0f}"
        rows.append(Row(label, per_pair * n_pairs, n_pairs, base.peak_mb, True))
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
        print(ratio_line("baseline / vectorised", rows[1].seconds, rows[0].seconds,
                         note=f"baseline {'measured' if args.full_baseline else 'extrapolated from the sample'}"))
    print(f"largest |difference| on the sampled pairs: {max_diff:.2e}")
    print(machine_line())
    write_rows(args.csv, rows)
    return 0 if all(r.success for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
