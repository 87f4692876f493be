"""How fast are the UPR leniency measures over every dyad, and the fixed-effects regression?

1. ``analysis.leniency.dyads`` on all 41,055 usable recommendations (about 11,600 dyads): grouped
   means and a two-way additive fit. Baseline: the loop an analyst writes first, one dyad at a
   time (filter the recommender's and the reviewed state's rows, take the three means), timed on
   ``--size`` random dyads and extrapolated to all. Quality: the largest absolute difference in
   ``vs_others`` between the two on the sampled dyads (must be 0 up to rounding).
2. ``analysis.leniency.fe_regression`` (category on GA agreement, recommender and reviewed-state
   fixed effects by alternating projections). Baseline: least squares with one dummy column per
   recommender and per reviewed state (numpy ``lstsq``). Quality: difference of the two slopes.

Data from the warehouse (``--db``, default ``$RIGHTSREGIME_DB``).

Usage: python benchmarks/leniency.py [--db FILE] [--repeat 3] [--size 300] [--seed 0] [--csv out.csv]
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np
import pandas as pd

from _timing import machine_line, ratio_line, timed, write_rows


@dataclass(frozen=True)
class Row:
    what: str
    seconds: float
    units: int
    quality: float
    success: bool
    error: str = ""


def _time(fn, repeat: int) -> tuple[float, object]:
    """Best seconds of ``repeat`` runs, and the result."""
    run = timed(fn, repeat)
    return run.best, run.result


def loop_vs_others(rows: pd.DataFrame, pairs: list[tuple[str, str]]) -> dict:
    """The per-dyad baseline: mean category others give u minus r's mean towards u."""
    out = {}
    for r, u in pairs:
        to_u = rows[rows["under_review"] == u]
        mine = to_u[to_u["recommending"] == r]["action_category"]
        others = to_u[to_u["recommending"] != r]["action_category"]
        out[(r, u)] = others.mean() - mine.mean()
    return out


def main(argv=None) -> list[Row]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--size", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--csv")
    args = ap.parse_args(argv)

    import rightsregime as rr
    from rightsregime.analysis import leniency as ln
    from rightsregime.resources.upr import _dyad_table

    results: list[Row] = []
    with rr.open(args.db) as reg:
        recs = reg.upr_recommendations()
        _, _, reg_rows = _dyad_table(reg, 5, "GA")
    rows = ln.usable(recs)

    fast, dy = _time(lambda: ln.dyads(recs), args.repeat)
    rng = np.random.default_rng(args.seed)
    sample = dy.iloc[rng.choice(len(dy), size=min(args.size, len(dy)), replace=False)]
    pairs = list(zip(sample["recommending"], sample["under_review"]))
    slow, base = _time(lambda: loop_vs_others(rows, pairs), 1)
    want = sample.set_index(["recommending", "under_review"])["vs_others"]
    diff = max(abs(base[p] - want[p]) for p in pairs if pd.notna(want[p]))
    results.append(Row("dyads(): all dyads, vectorised", fast, len(dy), float(diff), True))
    results.append(Row(f"per-dyad loop, extrapolated from {len(pairs)}", slow * len(dy) / len(pairs), len(dy),
                       float(diff), True))

    data = reg_rows[reg_rows["agreement"].notna()]
    fe_time, fit = _time(lambda: ln.fe_regression(data, "category", "agreement"), args.repeat)

    def dummies():
        r = pd.get_dummies(data["recommending"], drop_first=True, dtype=float)
        u = pd.get_dummies(data["under_review"], drop_first=True, dtype=float)
        X = np.column_stack([np.ones(len(data)), data["agreement"].to_numpy(float), r.to_numpy(), u.to_numpy()])
        beta, *_ = np.linalg.lstsq(X, data["category"].to_numpy(float), rcond=None)
        return beta[1]

    try:
        dummy_time, dummy_beta = _time(dummies, 1)
        gap = abs(dummy_beta - fit["beta"])
        results.append(Row("fe_regression(): alternating projections", fe_time, fit["n"], float(gap), True))
        results.append(Row("dummy-variable least squares (numpy lstsq)", dummy_time, fit["n"], float(gap), True))
    except Exception as exc:  # a failure is a row, not a crash
        results.append(Row("dummy-variable least squares", float("nan"), fit["n"], float("nan"), False, str(exc)))

    print(f"{'what':<48} {'seconds':>9} {'units':>8} {'quality':>10}")
    for r in results:
        print(f"{r.what:<48} {r.seconds:>9.3f} {r.units:>8} {r.quality:>10.2e}" + ("" if r.success else f"  {r.error}"))
    print(ratio_line("dyads", results[1].seconds, results[0].seconds) + "; "
          + ratio_line("regression", results[3].seconds, results[2].seconds, digits=1) if len(results) == 4 else "")
    print(machine_line())
    write_rows(args.csv, results)
    return results


if __name__ == "__main__":
    main()
