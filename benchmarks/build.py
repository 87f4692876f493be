"""How long does a full warehouse build take from the local mirror, and where does the time go?

Measures `rightsregime.build` end to end (locate + verify hashes, parse, resolve states, merge,
derive, write DuckDB, swap), `--repeat` times, and prints rows per second per source. Side by side,
the same machine reads the raw files without building anything (the I/O-and-decode floor: pyreadr
for the R files, pandas for the CSVs), so the ratio says what canonicalisation costs.

Usage: RIGHTSREGIME_SOURCES=../shared/data python benchmarks/build.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import csv
import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    what: str
    seconds: float
    rows: int
    success: bool
    error: str = ""


def raw_read_floor(mirror: Path) -> float:
    """Decode every data file once, with the fastest readers, building nothing."""
    import json
    import sqlite3

    import pandas as pd
    import pyreadr

    t0 = time.perf_counter()
    for f in ("un_votes.rda", "un_roll_calls.rda", "un_roll_call_issues.rda"):
        pyreadr.read_r(str(mirror / "unvotes" / "data" / f))
    pd.read_csv(mirror / "hrc-voting" / "data" / "csv" / "resolutions.csv")
    text = (mirror / "hrc-voting" / "dashboard" / "data.js").read_text(encoding="utf-8")
    json.loads(text[text.index("{"): text.rstrip().rstrip(";").rindex("}") + 1])
    for f in sorted((mirror / "upr-terman" / "v.2" / "Data" / "CSVs").glob("*.csv")):
        pd.read_csv(f, encoding="latin-1", lineterminator="\r")
    with sqlite3.connect(mirror / "hrc-amendments-tsujamin" / "votes.sqlite3") as con:
        pd.read_sql("SELECT * FROM votes", con)
    pd.read_csv(mirror / "voeten-idealpoints" / "Idealpointestimates1946-2025.tab", sep="\t")
    pd.read_csv(mirror / "voeten-idealpoints" / "IdealpointestimatesAll_Jun2024.csv")
    pd.read_csv(mirror / "unga-2025-3dl" / "un_votes_2025_processed.csv")
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0, help="unused: the build is deterministic")
    ap.add_argument("--size", default="full", help="only 'full' (the whole mirror)")
    ap.add_argument("--csv", type=Path, default=None, help="also write the result rows here")
    args = ap.parse_args(argv)
    mirror = Path(os.environ.get("RIGHTSREGIME_SOURCES", Path(__file__).resolve().parents[2] / "shared" / "data"))

    from rightsregime.warehouse.build import build

    rows: list[Row] = []
    builds, summary = [], None
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        for i in range(args.repeat):
            gc.collect()
            tracemalloc.start() if i == 0 else None
            t0 = time.perf_counter()
            try:
                summary = build(db, sources_dir=mirror, progress=False)
                builds.append(time.perf_counter() - t0)
                rows.append(Row(f"build #{i + 1}", builds[-1], int(summary["loaded"].sum()), True))
            except Exception as exc:  # a failure is a row, not a crash
                rows.append(Row(f"build #{i + 1}", time.perf_counter() - t0, 0, False, str(exc)))
            if i == 0:
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                peak_mb = peak / 2**20
        floors = []
        for _ in range(args.repeat):
            gc.collect()
            floors.append(raw_read_floor(mirror))
        rows.append(Row("raw read floor", statistics.median(floors), 0, True))

    if not builds:
        print("build failed:", rows[0].error, file=sys.stderr)
        return 1
    best, floor = min(builds), statistics.median(floors)
    print(f"full build from {mirror}: median {statistics.median(builds):.2f} s, best {best:.2f} s "
          f"over {len(builds)} runs; peak Python memory {peak_mb:.0f} MB (first run, tracemalloc)")
    print(f"baseline (decode the raw files, build nothing): {floor:.2f} s; ratio build/baseline {best / floor:.2f}")
    print()
    print(f"{'source':<26}{'read':>10}{'loaded':>10}{'merged':>9}{'quarant.':>10}{'seconds':>9}{'rows/s':>12}")
    for r in summary.to_dict("records"):
        rate = r["read"] / r["seconds"] if r["seconds"] else float("inf")
        print(f"{r['source']:<26}{r['read']:>10,}{r['loaded']:>10,}{r['merged']:>9,}{r['quarantined']:>10,}"
              f"{r['seconds']:>9.2f}{rate:>12,.0f}")
    if args.csv:
        with open(args.csv, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(asdict(rows[0])))
            w.writeheader()
            w.writerows(asdict(r) for r in rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
