"""How long does choosing one best tally per decision add to a build?

Measures ``rightsregime.warehouse.tallies.choose_tallies`` on every decision of the warehouse with a
count (about 8,700: GA roll calls, CHR/HRC totals and roll calls, the 2025 GA extract), ``--repeat``
times. Side by side it runs the baseline an analyst would write first: for each decision, filter its
roll call out of the vote frame and count it, then apply the same rules. Quality: the number of
decisions on which the two choose differently (must be 0) and how many chosen tallies differ from the
warehouse's own (must be 0).

Decisions and votes come from the warehouse (``--db``, default ``$RIGHTSREGIME_DB``); the official
totals are read back from ``decisions.official_*``.

Usage: python benchmarks/tallies.py [--db FILE] [--repeat 3] [--baseline-sample 400]
"""
from __future__ import annotations

import argparse
import gc
import time

from _timing import machine_line, ratio_line, timed


def main() -> None:
    import pandas as pd

    import rightsregime as rr
    from rightsregime.warehouse import tallies as t

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline-sample", type=int, default=400,
                    help="decisions the per-decision baseline runs on (its time is scaled up)")
    args = ap.parse_args()

    reg = rr.open(args.db)
    decisions = reg.sql("SELECT * FROM decisions")
    for col in t.COUNTS:  # the official totals, as the build sees them before the choice
        decisions[col] = decisions[f"official_{col}"]
    votes = reg.sql("SELECT decision_id, iso3, position FROM votes")
    stored = reg.tallies().set_index("decision_id")
    rules, corrections = t.load_rules(), t.load_corrections()

    run = timed(lambda: t.choose_tallies(decisions, votes, corrections=corrections, rules=rules), args.repeat)
    out, best = run.result, run.best

    # Baseline: one decision at a time, its roll call filtered out of the full vote frame.
    sample = out["decision_id"].sample(min(args.baseline_sample, len(out)), random_state=0).tolist()
    gc.collect()
    t0 = time.perf_counter()
    disagree = 0
    for did in sample:
        one = t.choose_tallies(decisions[decisions["decision_id"] == did], votes[votes["decision_id"] == did],
                               corrections=corrections, rules=rules)
        mine = out[out["decision_id"] == did].iloc[0]
        disagree += int(one["basis"].iloc[0] != mine["basis"])
    per_decision = (time.perf_counter() - t0) / len(sample)
    baseline = per_decision * len(out)

    mism = int((out.set_index("decision_id")["basis"] != stored["basis"].reindex(out["decision_id"]).values).sum())
    print(f"{'what':<46} {'figure':>12}")
    print(f"{'decisions with a count':<46} {len(out):>12,}")
    print(f"{'choose_tallies, best of ' + str(args.repeat) + ' (s)':<46} {best:>12.3f}")
    print(f"{'  median (s)':<46} {run.median:>12.3f}")
    print(f"{'baseline per decision, scaled to all (s)':<46} {baseline:>12.1f}")
    print(f"{'ratio':<46} {baseline / best:>11.0f}x")  # a table row here, not a ratio_line
    print(f"{'baseline disagreements (of ' + str(len(sample)) + ')':<46} {disagree:>12}")
    print(f"{'differences from the warehouse tallies':<46} {mism:>12}")
    print(pd.Series(out["basis"]).value_counts().to_string())
    print(machine_line())
    reg.close()


if __name__ == "__main__":
    main()
