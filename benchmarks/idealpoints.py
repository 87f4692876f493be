"""How fast and how accurate are rightsregime's ideal points, next to the field's reference tools?

Measures ``IdealPoints().fit(votes)`` (dynamic ordinal IRT, one dimension) on the General Assembly
record (unvotes, 1946-2019 by default: about 870k votes on 6,202 roll calls, amendments and
paragraph votes included), ``--repeat`` times, and its Pearson correlation with the published
Bailey-Strezhnev-Voeten estimates (``reg.reference_ideal_points()``, their ``IdealPointFP`` series
by calendar year): pooled over state-years and the median of the within-year correlations; it
also prints the correlation with their ``IdealPointAll`` series (by session). Side by side, on the
same votes:

- ``pscl::ideal`` (R, Jackman): Bayesian IRT by MCMC, static, so fitted one year at a time
  (the usual way to get yearly UN estimates with it); ``--pscl-iter`` sweeps per year.
- ``MCMCpack::MCMCdynamicIRT1d`` (R, Martin and Quinn): dynamic IRT by MCMC. A full 1946-2019 run
  takes hours, so it runs on the last ``--size`` years only (default 3, with ``--mcmc-iter`` 500
  sweeps after 250 of burn-in), and so does the fit of ours it is compared to.
- ``girth`` (Python) ``twopl_jml`` + ``ability_map``: a static 2PL model, one year at a time.

The three take binary data: yes = 1, no or abstain = 0 (absent missing), the usual binarisation
of UN votes. Each row prints the tool's time, the ratio to ours on the same votes, and both
correlations; the rows also go to ``--csv``. Missing R packages are installed with apt-get
(``r-base-core r-cran-pscl r-cran-mcmcpack``) and girth with pip, unless ``--no-install``.
A tool that fails gives a row with ``success=False`` and its error, not a crash.

Usage: python benchmarks/idealpoints.py [--db FILE] [--years 1946-2019] [--repeat 3] [--size 5]
       [--seed 0] [--pscl-iter 1000] [--mcmc-iter 500] [--csv idealpoints.csv] [--skip pscl,mcmcpack,girth] [--no-install]
"""
from __future__ import annotations

import argparse
import csv
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from rightsregime.analysis.ideal_points import IdealPoints, correlation_with_reference


@dataclass(frozen=True)
class Row:
    tool: str
    data: str
    seconds: float
    ratio: float  # seconds / rightsregime's seconds on the same votes
    pooled_r: float
    within_year_r: float
    state_years: int
    peak_mb: float
    success: bool
    error: str = ""


NAN = float("nan")

PSCL_R = r"""
args <- commandArgs(TRUE)
suppressMessages(library(pscl))
d <- read.csv(args[1], stringsAsFactors = FALSE)
maxiter <- as.integer(args[3]); burnin <- as.integer(args[4]); thin <- as.integer(args[5])
set.seed(as.integer(args[6]))
out <- list()
for (yr in sort(unique(d$year))) {
  s <- d[d$year == yr, ]
  m <- tapply(s$y, list(s$iso3, s$decision_id), function(v) v[1])
  rc <- rollcall(m, yea = 1, nay = 0, missing = NA, notInLegis = 9,
                 legis.names = rownames(m), vote.names = colnames(m))
  fit <- ideal(rc, dropList = list(lop = 0), maxiter = maxiter, burnin = burnin, thin = thin,
               normalize = TRUE, verbose = FALSE)
  x <- fit$xbar[, 1]
  out[[length(out) + 1]] <- data.frame(iso3 = names(x), year = yr, value = as.numeric(x))
}
write.csv(do.call(rbind, out), args[2], row.names = FALSE)
"""

MCMCPACK_R = r"""
args <- commandArgs(TRUE)
suppressMessages(library(MCMCpack))
d <- read.csv(args[1], stringsAsFactors = FALSE)
m <- tapply(d$y, list(d$iso3, d$decision_id), function(v) v[1])
item_year <- tapply(d$year, d$decision_id, min)[colnames(m)]
keep <- apply(m, 2, function(v) length(unique(v[!is.na(v)])) > 1)
m <- m[, keep]
years <- sort(unique(item_year[keep]))
period <- match(item_year[keep], years)
fit <- MCMCdynamicIRT1d(m, item.time.map = period, theta.constraints = list(USA = "+"),
                        burnin = as.integer(args[3]), mcmc = as.integer(args[4]), thin = 1,
                        tau2.start = rep(0.1, nrow(m)), seed = as.integer(args[5]),
                        store.item = FALSE, verbose = 0)
means <- colMeans(fit)
keys <- names(means)[grepl("^theta\\.", names(means))]
parts <- regmatches(keys, regexec("^theta\\.(.+)\\.t([0-9]+)$", keys))
out <- data.frame(iso3 = sapply(parts, `[`, 2),
                  year = years[as.integer(sapply(parts, `[`, 3))],
                  value = as.numeric(means[keys]))
write.csv(out, args[2], row.names = FALSE)
"""


def load_votes(db: str | None, years: tuple[int, int]):
    import rightsregime as rr

    if db is None and not os.environ.get("RIGHTSREGIME_DB"):
        tmp = Path(tempfile.mkdtemp()) / "rightsregime.duckdb"
        print(f"No --db: building a warehouse in {tmp} from RIGHTSREGIME_SOURCES ...", file=sys.stderr)
        rr.build(tmp)
        db = str(tmp)
    reg = rr.open(db)
    votes = reg.votes(body="GA", years=years)
    reference = reg.reference_ideal_points()
    # The 'All' series is by session; session s opens in September of year 1945 + s.
    by_session = reg.reference_ideal_points("session")
    by_session = by_session.assign(year=by_session["session"] + 1945)
    reg.close()
    return votes, reference, by_session


def binarised(votes: pd.DataFrame) -> pd.DataFrame:
    """yes = 1, no or abstain = 0; other positions dropped (missing)."""
    kept = votes[votes["position"].isin(["yes", "no", "abstain"])]
    return pd.DataFrame({"iso3": kept["iso3"].to_numpy(), "decision_id": kept["decision_id"].to_numpy(),
                         "year": kept["year"].astype(int).to_numpy(),
                         "y": (kept["position"] == "yes").astype(int).to_numpy()})


def usa_positive_each_year(est: pd.DataFrame) -> pd.DataFrame:
    """Static per-year fits have an arbitrary sign each year: orient every year USA positive."""
    usa = est[est["iso3"] == "USA"].set_index("year")["value"]
    sign = est["year"].map(lambda y: -1.0 if usa.get(y, 1.0) < 0 else 1.0)
    return est.assign(value=est["value"] * sign)


def quality(est: pd.DataFrame, reference: pd.DataFrame) -> tuple[float, float, int]:
    r = correlation_with_reference(est, reference)
    return r["pooled"], r["median_within_year"], r["n"]


def time_ours(votes: pd.DataFrame, repeat: int, seed: int):
    times = []
    model = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        model = IdealPoints(random_state=seed).fit(votes)
        times.append(time.perf_counter() - start)
    return statistics.median(times), model


def peak_memory_mb(votes: pd.DataFrame, seed: int) -> float:
    gc.collect()
    tracemalloc.start()
    IdealPoints(random_state=seed).fit(votes)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def ensure_r(install: bool) -> None:
    check = ["Rscript", "-e", "suppressMessages({library(pscl); library(MCMCpack)})"]
    if shutil.which("Rscript") and subprocess.run(check, capture_output=True).returncode == 0:
        return
    if not install:
        raise RuntimeError("R with pscl and MCMCpack is not installed (run without --no-install)")
    print("Installing r-base-core r-cran-pscl r-cran-mcmcpack with apt-get ...", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    done = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "r-base-core",
                           "r-cran-pscl", "r-cran-mcmcpack"], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError("apt-get install failed: " + done.stderr.strip().splitlines()[-1])


def run_r(script: str, data: pd.DataFrame, *extra) -> tuple[float, pd.DataFrame]:
    with tempfile.TemporaryDirectory() as tmp:
        src, inp, out = Path(tmp, "fit.R"), Path(tmp, "votes.csv"), Path(tmp, "estimates.csv")
        src.write_text(script)
        data.to_csv(inp, index=False)
        gc.collect()
        start = time.perf_counter()
        done = subprocess.run(["Rscript", str(src), str(inp), str(out), *map(str, extra)],
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(" ".join(done.stderr.strip().splitlines()[-3:]))
        return seconds, pd.read_csv(out)


def run_girth(data: pd.DataFrame, install: bool) -> tuple[float, pd.DataFrame]:
    try:
        import girth
    except ImportError:
        if not install:
            raise RuntimeError("girth is not installed (run without --no-install)") from None
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "girth"], check=True)
        import girth
    out = []
    gc.collect()
    start = time.perf_counter()
    for year, s in data.groupby("year"):
        wide = s.pivot_table(index="decision_id", columns="iso3", values="y", aggfunc="first")
        wide = wide[wide.nunique(axis=1) > 1]  # unanimous votes carry no information
        matrix = wide.to_numpy(dtype=float)
        matrix = np.where(np.isnan(matrix), girth.INVALID_RESPONSE, matrix).astype(int)
        items = girth.twopl_jml(matrix)
        theta = girth.ability_map(matrix, items["Difficulty"], items["Discrimination"])
        out.append(pd.DataFrame({"iso3": wide.columns, "year": year, "value": theta}))
    seconds = time.perf_counter() - start
    return seconds, pd.concat(out, ignore_index=True)


def main(argv=None) -> list[Row]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--years", default="1946-2019")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--size", type=int, default=3, help="years in the MCMCdynamicIRT1d slice")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pscl-iter", type=int, default=1000, help="pscl::ideal sweeps per year")
    ap.add_argument("--mcmc-iter", type=int, default=500, help="MCMCdynamicIRT1d sweeps kept")
    ap.add_argument("--skip", default="", help="comma-separated: pscl, mcmcpack, girth")
    ap.add_argument("--no-install", action="store_true")
    ap.add_argument("--csv", default="idealpoints.csv")
    args = ap.parse_args(argv)
    lo, hi = (int(p) for p in args.years.split("-"))
    skip = {s.strip().lower() for s in args.skip.split(",") if s.strip()}
    votes, reference, by_session = load_votes(args.db, (lo, hi))
    full = f"GA {lo}-{hi}, {len(votes):,} votes"
    rows: list[Row] = []

    seconds, model = time_ours(votes, args.repeat, args.seed)
    pooled, within, n = quality(model.tidy(), reference)
    all_pooled, all_within, _ = quality(model.tidy(), by_session)
    peak = peak_memory_mb(votes, args.seed)
    rows.append(Row("rightsregime IdealPoints (dynamic ordinal)", full, seconds, 1.0, pooled, within,
                    n, peak, True))
    binary = binarised(votes)

    if "pscl" not in skip:
        try:
            ensure_r(not args.no_install)
            burn = args.pscl_iter // 2
            sec, est = run_r(PSCL_R, binary, args.pscl_iter + burn, burn, 10, args.seed)
            p, w, k = quality(usa_positive_each_year(est), reference)
            rows.append(Row("pscl::ideal (static per year, binary)", full, sec, sec / seconds, p, w,
                            k, NAN, True))
        except Exception as exc:  # a failure is a row
            rows.append(Row("pscl::ideal (static per year, binary)", full, NAN, NAN, NAN, NAN, 0,
                            NAN, False, str(exc)))

    slice_lo = max(lo, hi - args.size + 1)
    part = votes[votes["year"] >= slice_lo]
    sliced = f"GA {slice_lo}-{hi} slice, {len(part):,} votes"
    if "mcmcpack" not in skip:
        ours_sec, ours_model = time_ours(part, args.repeat, args.seed)
        p, w, k = quality(ours_model.tidy(), reference)
        rows.append(Row("rightsregime IdealPoints (dynamic ordinal)", sliced, ours_sec, 1.0, p, w, k,
                        NAN, True))
        try:
            ensure_r(not args.no_install)
            sec, est = run_r(MCMCPACK_R, binarised(part), args.mcmc_iter // 2, args.mcmc_iter,
                             args.seed)
            p, w, k = quality(est, reference)
            rows.append(Row(f"MCMCpack::MCMCdynamicIRT1d (binary, {args.mcmc_iter} sweeps)", sliced,
                            sec, sec / ours_sec, p, w, k, NAN, True))
        except Exception as exc:
            rows.append(Row("MCMCpack::MCMCdynamicIRT1d", sliced, NAN, NAN, NAN, NAN, 0, NAN, False,
                            str(exc)))

    if "girth" not in skip:
        try:
            sec, est = run_girth(binary, not args.no_install)
            p, w, k = quality(usa_positive_each_year(est), reference)
            rows.append(Row("girth twopl_jml (static per year, binary)", full, sec, sec / seconds, p,
                            w, k, NAN, True))
        except Exception as exc:
            rows.append(Row("girth twopl_jml", full, NAN, NAN, NAN, NAN, 0, NAN, False, str(exc)))

    table = pd.DataFrame([asdict(r) for r in rows])
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    with open(args.csv, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(asdict(rows[0])))
        writer.writeheader()
        writer.writerows(asdict(r) for r in rows)
    print(f"rightsregime against the published 'All' series by session (year = session + 1945): "
          f"pooled r {all_pooled:.3f}, median within-year r {all_within:.3f}.")
    print(f"Rows written to {args.csv}", file=sys.stderr)
    return rows


if __name__ == "__main__":
    main()
