"""How fast is the fewest-changes (pivotal) search as the body grows?

Measures ``rightsregime.procedure.pivotal`` on a close vote (half yes, half no less one, a few
abstentions and absences) in bodies of ``--sizes`` members under the HRC's rule (simple majority
of those present and voting, quorum) and the GA's two thirds, ``--repeat`` times, with peak
memory. Side by side it runs the baseline, the exhaustive search every earlier version used (every
reachable tally tested: cubic in the body's size), for bodies up to ``--baseline-max`` members.
Quality: whether both find the same fewest changes and the same alternatives (must be True).

Usage: python benchmarks/pivotal.py [--sizes 47,193,500,1000] [--repeat 3] [--csv out.csv]
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from _timing import machine_line, ratio, timed, write_rows


@dataclass(frozen=True)
class Row:
    members: int
    rule: str
    seconds: float
    peak_mb: float
    min_flips: int | None
    baseline_seconds: float | None
    ratio: float | None
    same_answer: bool | None
    success: bool = True
    error: str = ""


def run(size: int, rule_name: str, repeat: int, baseline_max: int) -> Row:
    import numpy as np

    from rightsregime.procedure import BUILTIN, make_tally
    from rightsregime.procedure.majority import decide
    from rightsregime.procedure.pivotal import _exhaustive_search, _search

    rule = BUILTIN["hrc"].default if rule_name == "hrc" else BUILTIN["ga-plenary"].important
    absent = max(1, size // 20)
    abstain = max(1, size // 10)
    yes = (size - absent - abstain) // 2
    no = size - absent - abstain - yes
    try:
        tally = make_tally(yes, no, abstain, members=size)
        before = np.array([yes, no, abstain, absent])
        was = decide(tally, rule, members=size).outcome == "adopted"
        ours = timed(lambda: _search(before, size, rule, was, 12), repeat, traced_peak=True)
        seconds, peak, (best, found) = ours.median, ours.peak_mb, ours.result
        base_s = same = times_faster = None
        if size <= baseline_max:
            base = timed(lambda: _exhaustive_search(before, size, rule, was, 12), 1)
            base_s, (b_best, b_found) = base.median, base.result
            same = best == b_best and [list(map(int, f)) for f in found] == [list(map(int, f)) for f in b_found]
            times_faster = ratio(base_s, seconds)
        return Row(size, rule_name, seconds, peak, best, base_s, times_faster, same)
    except Exception as exc:  # a failure is a row, not a crash
        return Row(size, rule_name, float("nan"), float("nan"), None, None, None, None, False, str(exc))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="47,193,500,1000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline-max", type=int, default=500)
    ap.add_argument("--csv")
    args = ap.parse_args(argv)
    rows = [run(int(s), rule, args.repeat, args.baseline_max)
            for s in args.sizes.split(",") for rule in ("hrc", "ga-two-thirds")]
    print(f"{'members':>8} {'rule':<14} {'seconds':>9} {'peak MB':>8} {'flips':>6} {'baseline s':>11} "
          f"{'ratio':>7} {'same':>5}")
    for r in rows:
        print(f"{r.members:>8} {r.rule:<14} {r.seconds:>9.4f} {r.peak_mb:>8.2f} {str(r.min_flips):>6} "
              f"{'' if r.baseline_seconds is None else f'{r.baseline_seconds:.3f}':>11} "
              f"{'' if r.ratio is None else f'{r.ratio:.0f}x':>7} {'' if r.same_answer is None else str(r.same_answer):>5}"
              + (f"  ERROR {r.error}" if not r.success else ""))
    print(machine_line())
    write_rows(args.csv, rows)
    return 0 if all(r.success and r.same_answer is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
