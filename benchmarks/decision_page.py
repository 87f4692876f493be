"""CPU of a decision page's first view, in one process: what a visitor arriving from a search engine
costs the server.

For N different recorded decisions (the newest of each body: HRC, CHR and GA, in turn) the page's
document is built once each, as the server does (a process memo shared by the pages: states,
groups, the gazetteer, each day's agreement matrix) and, as the baseline, with nothing shared
between pages. Prints the CPU (process time: Python and DuckDB's threads) and wall time per page,
median and 95th percentile, and the process's first page (imports and the shared reads).

    python benchmarks/decision_page.py [--db PATH] [--n 60]
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=os.environ.get("RIGHTSREGIME_DB"))
    ap.add_argument("--n", type=int, default=60, help="different decisions (a third per body)")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    load_before = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    import rightsregime as rr
    from rightsregime.web.cache import DocumentCache
    from rightsregime.web.pages import decision as decision_page

    reg = rr.open(args.db)
    per_body = {b: (reg.decisions(body=b, modality="recorded").sort_values("date", ascending=False)["symbol"]
                    .dropna().drop_duplicates().head(args.n // 3 + 1).tolist()) for b in ("HRC", "CHR", "GA")}
    symbols = [s for trio in zip(*per_body.values()) for s in trio][:args.n]
    memo = DocumentCache(maxsize=256)
    decision_page.document(reg, symbols[0], memo)
    first = (time.perf_counter() - t0, time.process_time() - c0)

    def run(shared) -> tuple[list[float], list[float]]:
        cpu, wall = [], []
        for s in symbols[1:]:
            w, c = time.perf_counter(), time.process_time()
            decision_page.document(reg, s, shared)
            cpu.append(1000 * (time.process_time() - c))
            wall.append(1000 * (time.perf_counter() - w))
        return cpu, wall

    shared = run(memo)
    alone = run(None)

    def p95(xs):
        return sorted(xs)[int(0.95 * (len(xs) - 1))]

    print(f"{len(symbols) - 1} different decision pages (HRC, CHR, GA in turn), one process; load average "
          f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after, {os.cpu_count()} cores\n")
    print(f"{'':40} {'CPU p50':>8} {'CPU p95':>8} {'wall p50':>9} {'wall p95':>9}  (ms)")
    for label, (cpu, wall) in (("server (process memo shared by pages)", shared),
                               ("baseline: each page alone", alone)):
        print(f"{label:40} {statistics.median(cpu):8.0f} {p95(cpu):8.0f} {statistics.median(wall):9.0f} "
              f"{p95(wall):9.0f}")
    print(f"\nthe process's first page (imports, shared reads): {1000 * first[0]:.0f} ms wall, "
          f"{1000 * first[1]:.0f} ms CPU")


if __name__ == "__main__":
    main()
