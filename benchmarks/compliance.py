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
import os
from dataclasses import dataclass

import numpy as np

from _timing import machine_line, ratio_line, timed, write_rows


@dataclass(frozen=True)
class Row:
    what: str
    seconds: float
    state_years: int
    peak_mb: float
    success: bool
    error: str = ""


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
        whole = timed(lambda: monitoring.compliance_table(reg, years)[0], args.repeat, traced_peak=True)
        rows.append(Row("whole table from the warehouse (reads + compute)", whole.median, len(whole.result),
                        whole.peak_mb, True))
        inputs = monitoring.compliance_inputs(reg, years)
    p, u, v, pr = inputs["panel"], inputs["upr"], inputs["votes"], inputs["practice"]
    compute = timed(lambda: cp.compliance_table(p, u, v, pr), args.repeat, traced_peak=True)
    fast = compute.result
    rows.append(Row("compute only (inputs in memory)", compute.median, len(fast), compute.peak_mb, True))
    states = sorted(p["iso3"].unique())
    if args.size:
        rng = np.random.default_rng(args.seed)
        states = sorted(rng.choice(states, size=min(args.size, len(states)), replace=False))

    def loop():
        return [cp.compliance_table(p[p["iso3"] == s], u[u["iso3"] == s], v[v["iso3"] == s], pr[pr["iso3"] == s])
                for s in states]

    try:
        looped = timed(loop, 1, traced_peak=True)  # one timed run
        parts = looped.result
        scale = p["iso3"].nunique() / len(states)
        import pandas as pd

        slow = pd.concat(parts).set_index(["iso3", "year"]).sort_index()
        ref = fast.set_index(["iso3", "year"]).loc[slow.index]
        cols = ["formal_index", "substantive_index"]
        diff = float(np.nanmax(np.abs(slow[cols].to_numpy(float) - ref[cols].to_numpy(float))))
        rows.append(Row(f"per-state loop, compute only ({len(states)} states, x{scale:.2f})", looped.median * scale,
                        len(slow), looped.peak_mb, True, f"max |difference| = {diff:.1e}"))
    except Exception as exc:  # a failure is a row, not a crash
        rows.append(Row("per-state loop", float("nan"), 0, 0.0, False, repr(exc)))

    print(f"{'what':<58} {'seconds':>8} {'state-years':>11} {'peak MB':>8}  note")
    for r in rows:
        print(f"{r.what:<58} {r.seconds:8.3f} {r.state_years:11,d} {r.peak_mb:8.1f}  {r.error}")
    if len(rows) == 3 and rows[2].success:
        print(ratio_line("per-state loop / vectorised compute", rows[2].seconds, rows[1].seconds))
    print(machine_line())
    write_rows(args.csv, rows)
    return rows


if __name__ == "__main__":
    main()
