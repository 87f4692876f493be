"""How long do the build's world-rule checks take on the full record, and what did DuckDB buy?

Measures `warehouse.world_rules.check_world_rules` on the built warehouse's tables (about a million
votes), `--repeat` times, after `gc.collect()`. Side by side, the baseline: the GA membership check
done with a pandas merge of every GA vote with its decision and its state (the first version).

Usage: RIGHTSREGIME_DB=rightsregime.duckdb python benchmarks/world_rules.py [--repeat 3]
"""
from __future__ import annotations

import argparse

from _timing import machine_line, ratio_line, timed


def pandas_membership_check(decisions, votes, states):
    """Baseline: GA votes outside membership with pandas merges."""
    import pandas as pd

    ga = decisions.loc[decisions["body_id"] == "GA", ["decision_id", "date"]]
    v = votes.loc[votes["decision_id"].isin(ga["decision_id"]), ["decision_id", "iso3"]].merge(ga, on="decision_id")
    v = v.merge(states[["iso3", "admitted", "left"]], on="iso3", how="left")
    date = pd.to_datetime(v["date"])
    return v[(date < pd.to_datetime(v["admitted"])) | (v["left"].notna() & (date >= pd.to_datetime(v["left"])))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0, help="unused: the checks are deterministic")
    ap.add_argument("--size", type=int, default=0, help="unused: the full record is measured")
    args = ap.parse_args(argv)

    import rightsregime as rr
    from rightsregime.sources.upr import SESSION_OPENED
    from rightsregime.warehouse import world_rules

    reg = rr.open()
    tables = {k: reg.sql(f"SELECT * FROM {k}") for k in
              ("ratifications", "instruments", "upr_reviews", "states", "decisions")}
    tables["votes"] = reg.sql("SELECT decision_id, iso3, position FROM votes")
    checks = timed(lambda: world_rules.check_world_rules(tables, SESSION_OPENED), args.repeat)
    duck = timed(lambda: world_rules.voted_outside_membership(
        tables["decisions"], tables["votes"], tables["states"]), args.repeat)
    base = timed(lambda: pandas_membership_check(
        tables["decisions"], tables["votes"], tables["states"]), args.repeat)
    found = checks.result
    print(f"{'what':<48} {'best s':>8} {'median s':>9} {'rows':>7}")
    print(f"{'all world-rule checks':<48} {checks.best:8.3f} {checks.median:9.3f} {len(found):7d}")
    print(f"{'GA membership check (DuckDB join)':<48} {duck.best:8.3f} {'':>9} {len(duck.result):7d}")
    print(f"{'GA membership check, baseline (pandas merge)':<48} {base.best:8.3f} {'':>9} {len(base.result):7d}")
    print(ratio_line("baseline / DuckDB", base.best, duck.best, digits=1)
          + f"; same violations: {len(base.result) == len(duck.result)}")
    print(world_rules.summary(found).to_string())
    print(machine_line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
