"""Peak memory and time of an ideal-point fit of the whole GA record (issue 9: under 400 MB).

Each run is a fresh child process (so peak resident memory, ``ru_maxrss``, is its own): it opens
the warehouse, reads the GA votes of ``--years`` and fits ``IdealPoints(random_state=0)``
(dynamic, one dimension). Two ways of reading are compared side by side:

- ``vote_rows``: the four columns the model needs, straight from DuckDB to Arrow (what
  ``rightsregime idealpoints`` does now);
- ``votes`` (baseline): ``reg.votes()``, every column (titles, subjects...), as the command did
  before issue 9.

The figure, the baseline and their ratio are printed for time and peak memory, with the number of
votes and the log-likelihood (the same in both: the data are the same).

Usage: python benchmarks/idealpoints_memory.py [--db FILE] [--years 1946-2019] [--repeat 1]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass

CHILD = r"""
import json, resource, sys, time
import rightsregime as rr
from rightsregime.analysis.ideal_points import IdealPoints
db, lo, hi, how = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
t0 = time.perf_counter()
reg = rr.open(db)
votes = reg.vote_rows(body="GA", years=(lo, hi)) if how == "vote_rows" else reg.votes(body="GA", years=(lo, hi))
model = IdealPoints(random_state=0).fit(votes)
print(json.dumps({"seconds": time.perf_counter() - t0, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "votes": len(votes), "log_likelihood": model.log_likelihood_}))
"""


@dataclass(frozen=True)
class Row:
    how: str
    success: bool
    seconds: float = float("nan")
    peak_mb: float = float("nan")
    votes: int = 0
    log_likelihood: float = float("nan")
    error: str = ""


def run(db: str, years: tuple[int, int], how: str) -> Row:
    proc = subprocess.run([sys.executable, "-c", CHILD, db, str(years[0]), str(years[1]), how],
                          capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"})
    if proc.returncode != 0:
        return Row(how, False, error=(proc.stderr.strip().splitlines() or ["?"])[-1])
    return Row(how, True, **json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=os.environ.get("RIGHTSREGIME_DB", "rightsregime.duckdb"))
    ap.add_argument("--years", default="1946-2019")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    lo, hi = (int(y) for y in args.years.split("-"))
    results = {how: [run(args.db, (lo, hi), how) for _ in range(args.repeat)] for how in ("vote_rows", "votes")}
    print(f"Ideal points, GA {lo}-{hi}, {args.repeat} run(s) each (median):")
    print(f"{'read':<10} {'time s':>8} {'peak MB':>8} {'votes':>9} {'log-likelihood':>16}")
    med = {}
    for how, rows in results.items():
        ok = [r for r in rows if r.success]
        if not ok:
            print(f"{how:<10} failed: {rows[0].error}")
            continue
        med[how] = (statistics.median(r.seconds for r in ok), statistics.median(r.peak_mb for r in ok))
        print(f"{how:<10} {med[how][0]:>8.1f} {med[how][1]:>8.0f} {ok[0].votes:>9,} {ok[0].log_likelihood:>16.2f}")
    if len(med) == 2:
        (t, m), (bt, bm) = med["vote_rows"], med["votes"]
        print(f"ratio baseline / vote_rows: time {bt / t:.2f}x, peak memory {bm / m:.2f}x")


if __name__ == "__main__":
    main()
