"""How fast are the vote forecast and its backtest, beside the baselines?

Measures, on the Council record in the warehouse (``--db``, default ``$RIGHTSREGIME_DB``):

* preparing the record once (state concerned, sponsors, groups: ``resources.forecast.record``);
* a single forecast: A/HRC/RES/46/1 (Sri Lanka) as of the day before its vote, fitted on the whole
  record before it (``analysis.forecast.forecast_draft``), ``--repeat`` times;
* the full backtest from ``--from`` (default 2010) to the last session: features once, one fit per
  session, scoring (``analysis._backtest.backtest``);
* side by side, the baselines' own cost inside the backtest (last position on the same state,
  regional group majority, everyone yes), and their scores.

Prints one table of seconds and one of scores (log loss, accuracy, outcome accuracy).

Usage: python benchmarks/forecast.py [--db FILE] [--repeat 3] [--from 2010]
"""
from __future__ import annotations

import argparse
import statistics
import time


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--from", dest="start", type=int, default=2010)
    args = parser.parse_args(argv)

    import pandas as pd

    import rightsregime as rr
    from rightsregime.analysis._backtest import backtest
    from rightsregime.analysis.forecast import CLASSES, Draft, forecast_draft
    from rightsregime.resources.forecast import record

    reg = rr.open(args.db)
    clock = time.perf_counter()
    rec = record(reg, "HRC")
    prepare = time.perf_counter() - clock

    d = rec.decisions
    row = d[d["symbol"] == "A/HRC/RES/46/1"].iloc[0]
    votes = rec.votes[rec.votes["decision_id"] == row["decision_id"]]
    members = sorted(votes[votes["position"].isin(CLASSES)]["iso3"])
    draft = Draft(pd.Timestamp(row["date"]) - pd.Timedelta(days=1), concerning="LKA",
                  sponsors=("GBR", "CAN", "DEU", "MWI", "MNE", "MKD"), title=row["title"],
                  subjects=row["subjects"])
    single, single_cpu = [], []
    for _ in range(args.repeat):
        clock, cpu = time.perf_counter(), time.process_time()
        result = forecast_draft(rec.votes, rec.decisions, rec.groups, draft, members)
        single.append(time.perf_counter() - clock)
        single_cpu.append(time.process_time() - cpu)

    clock, cpu = time.perf_counter(), time.process_time()
    bt = backtest(rec.votes, rec.decisions, rec.groups, start_year=args.start)
    full = time.perf_counter() - clock
    full_cpu = time.process_time() - cpu
    s = bt.seconds

    print(f"HRC record: {len(rec.decisions):,} recorded texts, "
          f"{int(rec.votes['position'].isin(CLASSES).sum()):,} positions; backtest from "
          f"{args.start}: {len(bt.per_session)} sessions, {len(bt.predictions):,} positions, "
          f"{len(bt.outcomes):,} outcomes.")
    print()
    # CPU seconds beside wall seconds: everything runs on one thread (BLAS limited to one), so on
    # a quiet machine wall time is about the CPU time; on a shared one it is longer.
    print(f"{'what':58} {'seconds':>9} {'CPU s':>7}")
    print(f"{'prepare the record (classify, sponsors, groups), once':58} {prepare:9.2f}")
    print(f"{'single forecast, A/HRC/RES/46/1 as of 2021-03-22 (best)':58} {min(single):9.2f} "
          f"{min(single_cpu):7.2f}")
    print(f"{'single forecast (median of ' + str(args.repeat) + ')':58} {statistics.median(single):9.2f} "
          f"{statistics.median(single_cpu):7.2f}")
    print(f"{'full backtest, all sessions':58} {full:9.2f} {full_cpu:7.2f}")
    print(f"{'  of which features (once)':58} {s['features']:9.2f}")
    print(f"{'  of which model fits and forecasts (one per session)':58} {s['fits']:9.2f}")
    print(f"{'  of which scoring (metrics, tallies, calibration)':58} {s['scoring']:9.2f}")
    print(f"{'  baselines: last position, group majority, all yes':58} {s['baselines']:9.2f}")
    print()
    print(f"{'method':16} {'log loss':>9} {'Brier':>7} {'accuracy':>9} {'macro-F1':>9} "
          f"{'outcomes':>9} {'margin err':>11}")
    for r in bt.overall.itertuples():
        print(f"{r.method:16} {r.log_loss:9.3f} {r.brier:7.3f} {r.accuracy:9.1%} {r.macro_f1:9.3f} "
              f"{r.outcome_accuracy:9.1%} {r.margin_error:11.2f}")
    print()
    for note in bt.notes:
        print(note)
    print(f"46/1 forecast: P(adopted) {result.p_adopted:.3f}; CHN P(no) "
          f"{result.members.set_index('iso3').at['CHN', 'p_no']:.2f}; GBR P(yes) "
          f"{result.members.set_index('iso3').at['GBR', 'p_yes']:.2f}")


if __name__ == "__main__":
    main()
