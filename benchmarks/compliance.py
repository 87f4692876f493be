"""How fast is the whole compliance table (every state, every year)?

Measures ``rightsregime.resources.monitoring.compliance_table`` on the built warehouse for every
state and the years 2000-2023 (about 4,900 state-years): the reads (treaty status, ILO, UPR
recommendations, the country-specific roll calls and their classification, practice scores) and the
vectorised computation. Side by side it runs the per-state loop an analyst would write first: the
same inputs, filtered to one state at a time, through the same computation. Quality: the largest
absolute difference between the two tables' indices (must be 0).

Usage: python benchmarks/compliance.py [--db FILE] [--repeat 3] [--size 20] [--seed 0] [--csv out.csv]
(``--size N`` runs the loop on N random states and extrapolates to all; 0 runs every state.)
"""
from __future__ import annotations

import argparse
import csv
import gc
import os
import statistics
import time
import tracemalloc
from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class Row:
    what: str
    seconds: float
    state_years: int
    peak_mb: float
    success: bool
    error: str = ""


def timed(fn, repeat: int):
    """Median seconds over ``repeat`` runs, then peak traced memory from one more run (tracemalloc
    slows code down, so it stays out of the timed runs)."""
    times, out = [], None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return statistics.median(times), peak, out


def main(argv=None) -> list[Row]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=os.environ.get("RIGHTSREGIME_DB"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--size", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--csv")
    args = ap.parse_args(argv)

    import rightsregime as rr
    from rightsregime.analysis import compliance as cp
    from rightsregime.resources import monitoring

    years = range(2000, 2024)
    rows = []
    with rr.open(args.db) as reg:
        monitoring.compliance_table(reg, years)  # warm the connection and imports
        t_all, m_all, table = timed(lambda: monitoring.compliance_table(reg, years)[0], args.repeat)
        rows.append(Row("whole table from the warehouse (reads + compute)", t_all, len(table), m_all, True))
        inputs = monitoring.compliance_inputs(reg, years)
    p, u, v, pr = inputs["panel"], inputs["upr"], inputs["votes"], inputs["practice"]
    t_cmp, m_cmp, fast = timed(lambda: cp.compliance_table(p, u, v, pr), args.repeat)
    rows.append(Row("compute only (inputs in memory)", t_cmp, len(fast), m_cmp, True))
    states = sorted(p["iso3"].unique())
    if args.size:
        rng = np.random.default_rng(args.seed)
        states = sorted(rng.choice(states, size=min(args.size, len(states)), replace=False))

    def loop():
        return [cp.compliance_table(p[p["iso3"] == s], u[u["iso3"] == s], v[v["iso3"] == s], pr[pr["iso3"] == s])
                for s in states]

    try:
        t_loop, m_loop, parts = timed(loop, 1)  # one timed run
        scale = p["iso3"].nunique() / len(states)
        import pandas as pd

        slow = pd.concat(parts).set_index(["iso3", "year"]).sort_index()
        ref = fast.set_index(["iso3", "year"]).loc[slow.index]
        cols = ["formal_index", "substantive_index"]
        diff = float(np.nanmax(np.abs(slow[cols].to_numpy(float) - ref[cols].to_numpy(float))))
        rows.append(Row(f"per-state loop, compute only ({len(states)} states, x{scale:.2f})", t_loop * scale,
                        len(slow), m_loop, True, f"max |difference| = {diff:.1e}"))
    except Exception as exc:  # a failure is a row, not a crash
        rows.append(Row("per-state loop", float("nan"), 0, 0.0, False, repr(exc)))

    print(f"{'what':<58} {'seconds':>8} {'state-years':>11} {'peak MB':>8}  note")
    for r in rows:
        print(f"{r.what:<58} {r.seconds:8.3f} {r.state_years:11,d} {r.peak_mb:8.1f}  {r.error}")
    if len(rows) == 3 and rows[2].success:
        print(f"per-state loop / vectorised compute: {rows[2].seconds / rows[1].seconds:.0f}x")
    if args.csv:
        with open(args.csv, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(asdict(rows[0])))
            w.writeheader()
            w.writerows(asdict(r) for r in rows)
    return rows


if __name__ == "__main__":
    main()
