"""How fast is a replay of the whole CHR/HRC record under every built-in rule set?

Measures ``rightsregime.procedure.replay.replay_prepared`` on every CHR and HRC decision acted on
(about 6,000, of which about 1,700 recorded votes), once per built-in rule set, ``--repeat``
times, after one ``prepare`` (counts, classification, outcome under the body's own rules), which
is timed separately. Side by side it runs the baseline an analyst would write first: a Python
loop calling ``decide`` on each decision's tally. Quality: the number of decisions on which the
two disagree (must be 0), and how many recorded outcomes the body's own rules reproduce.

Decisions and votes come from the warehouse (``--db``, default ``$RIGHTSREGIME_DB``).

Usage: python benchmarks/replay.py [--db FILE] [--repeat 5] [--csv out.csv]
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from dataclasses import dataclass

from _timing import machine_line, ratio, timed, write_rows


@dataclass(frozen=True)
class Row:
    rules: str
    seconds: float
    decisions: int
    decisions_per_second: float
    flips: int
    baseline_seconds: float
    ratio: float
    disagreements: int
    success: bool = True
    error: str = ""


def _baseline(frame, rules):
    """A per-decision loop over the same counts: the obvious implementation."""
    from rightsregime.procedure import decide, make_tally

    out = []
    for r in frame.itertuples():
        if not r.has_tally:
            out.append(r.outcome)
            continue
        kind = r.kind if r.kind in ("amendment", "motion") else "resolution"
        rule = rules.rule_for(kind, country_specific=bool(r.country_specific) and kind == "resolution")
        tally = make_tally(r.t_yes, r.t_no, r.t_pnv, members=int(r.members) or None)
        result = decide(tally, rule)
        adopted = result.outcome == "adopted"
        if rule.table_sponsors and int(r.members):
            from rightsregime.procedure.majority import sponsors_needed

            adopted = adopted and r.t_yes >= sponsors_needed(int(r.members), rule)
        out.append("adopted" if adopted else "rejected")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--csv", default=None)
    args = parser.parse_args(argv)

    import rightsregime as rr
    from rightsregime.procedure.replay import prepare, replay_prepared, state_gazetteer
    from rightsregime.procedure.rules import BUILTIN

    reg = rr.open(args.db)
    decisions = reg.decisions(body="HRC,CHR")
    votes = reg.positions(decisions.loc[decisions["modality"] == "recorded", "decision_id"])
    gazetteer = state_gazetteer(reg.state_name_pairs())
    gc.collect()
    start = time.perf_counter()
    prepared = prepare(decisions, votes, gazetteer=gazetteer)
    prep_seconds = time.perf_counter() - start
    reproduced = int((prepared["has_tally"] & (prepared["own_rules"] == prepared["outcome"])).sum())
    recorded = int(prepared["has_tally"].sum())
    print(f"prepare: {len(prepared)} decisions ({recorded} recorded votes) in {prep_seconds:.3f} s; "
          f"own rules reproduce {reproduced} of {recorded} recorded outcomes "
          f"(see 'rightsregime reproduce' for the rest)")

    rows: list[Row] = []
    total = 0.0
    for name, rules in BUILTIN.items():
        try:
            run = timed(lambda: replay_prepared(prepared, rules), args.repeat)
            baseline = timed(lambda: _baseline(prepared, rules), 1)
            result, base, base_seconds = run.result, baseline.result, baseline.median
            frame = result.frame
            # Compare before carrying forward (the baseline does not carry results forward).
            from rightsregime.procedure.replay import counterfactual_outcomes

            direct = counterfactual_outcomes(prepared, rules)["counterfactual"].tolist()
            disagreements = sum(a != b for a, b in zip(direct, base))
            seconds = run.median
            total += seconds
            rows.append(Row(name, seconds, len(frame), len(frame) / seconds, len(result.flips),
                            base_seconds, ratio(base_seconds, seconds) or float("nan"), disagreements))
        except Exception as exc:  # a failure is a row, not a crash
            rows.append(Row(name, float("nan"), 0, 0.0, 0, float("nan"), float("nan"), -1, False, str(exc)))

    print(f"{'rules':<22}{'seconds':>9}{'decisions/s':>13}{'flips':>7}{'baseline s':>12}{'ratio':>8}{'disagree':>10}")
    for r in rows:
        print(f"{r.rules:<22}{r.seconds:>9.4f}{r.decisions_per_second:>13,.0f}{r.flips:>7}"
              f"{r.baseline_seconds:>12.3f}{r.ratio:>8.1f}{r.disagreements:>10}"
              + ("" if r.success else f"  ERROR {r.error}"))
    n = sum(r.decisions for r in rows)
    print(f"all {len(rows)} rule sets: {n} decision replays in {total:.3f} s "
          f"({n / total:,.0f} decisions per second), plus {prep_seconds:.3f} s of preparation")
    print(machine_line())
    write_rows(args.csv, rows)
    reg.close()
    return 0 if all(r.success and r.disagreements == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
