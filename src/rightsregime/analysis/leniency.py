"""Leniency between states in the UPR: how soft a recommending state is towards a state under review.

A recommendation's severity is its UPR Info action category (1 minimal ... 5 specific). A
recommender that is harsh with everyone, or a state under review that everyone treats gently, says
nothing about their relation; what does is the gap left after both are accounted for. So, for each
dyad (recommending state r, state under review u):

``vs_own``
    r's mean category towards every *other* state minus its mean towards u (positive: r is softer
    with u than it usually is).
``vs_others``
    the mean category the *other* recommenders give u minus r's mean towards u (positive: r is
    softer with u than the rest of the room).
``leniency``
    the mean of expected minus observed category over the dyad's recommendations, the expectation
    coming from an additive two-way model (a recommender effect plus a state-under-review effect,
    fitted by alternating means on all recommendations): both comparisons at once. Its 95%
    interval is analytic (mean +/- 1.96 standard errors, the dyad's spread pooled with two
    pseudo-observations at the overall residual spread, so that a handful of identical
    recommendations does not claim certainty). Dyads with fewer than ``min_n`` recommendations are
    marked ``thin``: their interval is wide and they should be read as such.
``minimal_gap``
    r's share of minimal-action (category 1) recommendations to u minus the others' share to u.
``issue_distance``
    total variation distance (0 same mix, 1 disjoint) between the issues r raises with u and those
    the others raise with u.

:func:`fe_regression` estimates the Terman-Voeten relation: the slope of a recommendation's action
category on a dyadic covariate (GA voting agreement, same regional group, shared bloc) with
state-under-review and recommender fixed effects (Frisch-Waugh: both sides demeaned by the two
sets of effects, alternating projections), standard errors clustered by dyad.

All functions take plain DataFrames (no warehouse): ``recs`` is ``upr_recommendations``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

MIN_N = 5
PSEUDO = 2  # pseudo-observations at the pooled spread in each dyad's standard error
Z95 = 1.959964


def usable(recs: pd.DataFrame) -> pd.DataFrame:
    """Rows that enter the dyadic measures: a known recommending state, not an exact duplicate,
    not a state recommending to itself. What is left out is counted by :func:`left_out`."""
    mask = recs["recommending"].notna() & recs["duplicate_of"].isna() & (recs["recommending"] != recs["under_review"])
    return recs.loc[mask, ["recommendation_id", "session", "under_review", "recommending", "action_category",
                           "issues", "response", "joint_id"]].reset_index(drop=True)


def left_out(recs: pd.DataFrame) -> dict:
    return {"unknown_recommending": int(recs["recommending"].isna().sum()),
            "exact_duplicates": int(recs["duplicate_of"].notna().sum()),
            "self_recommendations": int((recs["recommending"] == recs["under_review"]).sum())}


def two_way_effects(y: np.ndarray, a_codes: np.ndarray, b_codes: np.ndarray, *, n_iter: int = 50,
                    tol: float = 1e-10) -> tuple[float, np.ndarray, np.ndarray]:
    """Grand mean and additive effects of two factors by alternating means (backfitting).

    Returns (mu, a, b) with y ~ mu + a[a_codes] + b[b_codes]; each set of effects sums to zero
    weighted by counts. Converges to the least-squares fit of the additive model.
    """
    mu = float(y.mean())
    na, nb = a_codes.max() + 1, b_codes.max() + 1
    count_a = np.bincount(a_codes, minlength=na)
    count_b = np.bincount(b_codes, minlength=nb)
    a = np.zeros(na)
    b = np.zeros(nb)
    r = y - mu
    for _ in range(n_iter):
        a_new = np.bincount(a_codes, weights=r - b[b_codes], minlength=na) / np.maximum(count_a, 1)
        b_new = np.bincount(b_codes, weights=r - a_new[a_codes], minlength=nb) / np.maximum(count_b, 1)
        change = max(np.abs(a_new - a).max(), np.abs(b_new - b).max())
        a, b = a_new, b_new
        if change < tol:
            break
    return mu, a, b


def demean_two_way(v: np.ndarray, a_codes: np.ndarray, b_codes: np.ndarray, *, n_iter: int = 200,
                   tol: float = 1e-10) -> np.ndarray:
    """``v`` with both factors' means swept out (alternating projections, as in reghdfe/pyfixest)."""
    out = v.astype(float).copy()
    ca = np.maximum(np.bincount(a_codes), 1)
    cb = np.maximum(np.bincount(b_codes), 1)
    for _ in range(n_iter):
        before = out.copy()
        out -= (np.bincount(a_codes, weights=out) / ca)[a_codes]
        out -= (np.bincount(b_codes, weights=out) / cb)[b_codes]
        if np.abs(out - before).max() < tol:
            break
    return out


def _issue_mix(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    issues = frame.assign(issue=frame["issues"].fillna("(none)").str.split(";")).explode("issue")
    issues["issue"] = issues["issue"].str.strip()
    return issues.groupby([*keys, "issue"]).size().rename("k").reset_index()


def _issue_distance(rows: pd.DataFrame) -> pd.Series:
    """Total variation distance between each dyad's issue mix and the others' mix for that state."""
    dyad = _issue_mix(rows, ["recommending", "under_review"])
    total = dyad.groupby(["under_review", "issue"])["k"].sum().rename("k_all").reset_index()
    merged = dyad.merge(total, on=["under_review", "issue"])
    merged["k_others"] = merged["k_all"] - merged["k"]
    # issues the others raised but this dyad did not also count (with a zero dyad share)
    d_tot = merged.groupby(["recommending", "under_review"])["k"].transform("sum")
    other_tot_by_u = (total.groupby("under_review")["k_all"].sum()).rename("all_u")
    merged = merged.join(other_tot_by_u, on="under_review")
    merged["o_tot"] = merged["all_u"] - d_tot
    merged["p"] = merged["k"] / d_tot
    merged["q"] = merged["k_others"] / merged["o_tot"].where(merged["o_tot"] > 0)
    # TVD = 1 - sum(min(p, q)) over the union of issues; issues absent from the dyad add nothing to the min.
    overlap = np.minimum(merged["p"], merged["q"]).groupby([merged["recommending"], merged["under_review"]]).sum()
    has_others = merged.groupby(["recommending", "under_review"])["o_tot"].first() > 0
    return (1 - overlap).where(has_others).rename("issue_distance")


def dyads(recs: pd.DataFrame, *, min_n: int = MIN_N) -> pd.DataFrame:
    """One row per (recommending, under_review) dyad with the leniency measures (see module doc)."""
    rows = usable(recs)
    if rows.empty:
        return pd.DataFrame(columns=["recommending", "under_review", "n", "mean_category", "vs_own", "vs_others",
                                     "leniency", "leniency_low", "leniency_high", "minimal_share", "minimal_gap",
                                     "issue_distance", "acceptance", "thin"])
    y = rows["action_category"].to_numpy(dtype=float)
    r_codes, r_index = pd.factorize(rows["recommending"])
    u_codes, u_index = pd.factorize(rows["under_review"])
    mu, a, b = two_way_effects(y, r_codes, u_codes)
    resid = (mu + a[r_codes] + b[u_codes]) - y  # positive: softer than expected
    rows = rows.assign(_y=y, _res=resid, _min=(y == 1).astype(float),
                       _sup=rows["response"].eq("supported").astype(float))
    keys = ["recommending", "under_review"]
    g = rows.groupby(keys)
    out = g.agg(n=("_y", "size"), mean_category=("_y", "mean"), sum_y=("_y", "sum"),
                leniency=("_res", "mean"), res_sd=("_res", "std"), minimal_share=("_min", "mean"),
                sum_min=("_min", "sum"), acceptance=("_sup", "mean")).reset_index()
    # r's mean towards everyone else, and everyone else's mean towards u
    r_tot = rows.groupby("recommending")["_y"].agg(["sum", "size"])
    u_tot = rows.groupby("under_review")["_y"].agg(["sum", "size"])
    u_min = rows.groupby("under_review")["_min"].sum()
    rs, rn = out["recommending"].map(r_tot["sum"]), out["recommending"].map(r_tot["size"])
    us, un = out["under_review"].map(u_tot["sum"]), out["under_review"].map(u_tot["size"])
    with np.errstate(invalid="ignore", divide="ignore"):
        own_rest = (rs - out["sum_y"]) / (rn - out["n"]).where(rn > out["n"])
        others = (us - out["sum_y"]) / (un - out["n"]).where(un > out["n"])
        others_min = (out["under_review"].map(u_min) - out["sum_min"]) / (un - out["n"]).where(un > out["n"])
    out["vs_own"] = own_rest - out["mean_category"]
    out["vs_others"] = others - out["mean_category"]
    out["minimal_gap"] = out["minimal_share"] - others_min
    pooled_sd = float(np.std(resid, ddof=1))
    # A dyad's own spread, pooled with two pseudo-observations at the overall spread: six identical
    # category-5 recommendations must not give a zero-width interval.
    own_var = out["res_sd"].fillna(0.0) ** 2
    sd = np.sqrt(((out["n"] - 1) * own_var + PSEUDO * pooled_sd ** 2) / (out["n"] - 1 + PSEUDO))
    se = sd / np.sqrt(out["n"])
    out["leniency_low"] = out["leniency"] - Z95 * se
    out["leniency_high"] = out["leniency"] + Z95 * se
    out["thin"] = out["n"] < min_n
    out = out.join(_issue_distance(rows), on=keys)
    return out[["recommending", "under_review", "n", "mean_category", "vs_own", "vs_others", "leniency",
                "leniency_low", "leniency_high", "minimal_share", "minimal_gap", "issue_distance", "acceptance",
                "thin"]]


def reciprocity(dyad_frame: pd.DataFrame, *, min_n: int = MIN_N) -> dict:
    """Do states that go easy on a state get an easy ride back? Correlation of leniency r->u with u->r
    over pairs where both directions have at least ``min_n`` recommendations."""
    d = dyad_frame[dyad_frame["n"] >= min_n][["recommending", "under_review", "leniency"]]
    back = d.rename(columns={"recommending": "under_review", "under_review": "recommending", "leniency": "back"})
    pairs = d.merge(back, on=["recommending", "under_review"])
    pairs = pairs[pairs["recommending"] < pairs["under_review"]]  # each unordered pair once
    return {**correlation(pairs["leniency"], pairs["back"]), "pairs": int(len(pairs)), "min_n": min_n}


def correlation(x: pd.Series, y: pd.Series) -> dict:
    """Pearson r with a Fisher-z 95% interval and the number of pairs."""
    ok = x.notna() & y.notna()
    n = int(ok.sum())
    if n < 4:
        return {"r": float("nan"), "low": float("nan"), "high": float("nan"), "n": n}
    r = float(np.corrcoef(x[ok].astype(float), y[ok].astype(float))[0, 1])
    z = np.arctanh(np.clip(r, -0.999999, 0.999999))
    half = Z95 / np.sqrt(n - 3)
    return {"r": r, "low": float(np.tanh(z - half)), "high": float(np.tanh(z + half)), "n": n}


def fe_regression(rows: pd.DataFrame, y: str, x: str, *, cluster=("recommending", "under_review")) -> dict:
    """Slope of ``y`` on ``x`` with recommender and state-under-review fixed effects.

    ``rows`` has one row per recommendation with ``recommending``, ``under_review``, ``y`` and
    ``x``; rows with a missing ``x`` are left out (and counted). Standard error clustered by dyad
    (CR1, as Stata and pyfixest compute it).
    """
    data = rows[rows[x].notna() & rows[y].notna()]
    n_missing = int(len(rows) - len(data))
    if len(data) < 10:
        return {"x": x, "y": y, "beta": float("nan"), "se": float("nan"), "low": float("nan"),
                "high": float("nan"), "n": int(len(data)), "clusters": 0, "left_out": n_missing}
    r_codes, _ = pd.factorize(data["recommending"])
    u_codes, _ = pd.factorize(data["under_review"])
    yt = demean_two_way(data[y].to_numpy(dtype=float), r_codes, u_codes)
    xt = demean_two_way(data[x].to_numpy(dtype=float), r_codes, u_codes)
    sxx = float(xt @ xt)
    if sxx <= 1e-12:
        return {"x": x, "y": y, "beta": float("nan"), "se": float("nan"), "low": float("nan"),
                "high": float("nan"), "n": int(len(data)), "clusters": 0, "left_out": n_missing}
    beta = float(xt @ yt) / sxx
    e = yt - beta * xt
    cl_codes, _ = pd.factorize(pd.MultiIndex.from_frame(data[list(cluster)]))
    score = np.bincount(cl_codes, weights=xt * e)
    g = int(cl_codes.max() + 1)
    n = len(data)
    k = 1 + len(np.unique(r_codes)) + len(np.unique(u_codes))
    adj = (g / (g - 1)) * ((n - 1) / max(n - k, 1))
    se = float(np.sqrt(adj * (score @ score)) / sxx)
    return {"x": x, "y": y, "beta": beta, "se": se, "low": beta - Z95 * se, "high": beta + Z95 * se,
            "n": int(n), "clusters": g, "left_out": n_missing}


def dyadic_covariates(pairs: pd.DataFrame, agreement: pd.DataFrame | None, members: pd.DataFrame | None,
                      regional: set[str], blocs: set[str]) -> pd.DataFrame:
    """Add ``agreement`` (from an all-pairs agreement frame ``state, partner, index``), ``same_region``
    and ``shared_bloc`` to a frame with ``recommending`` and ``under_review``.

    ``members`` is ``group_members`` (group_id, iso3); membership is taken as current (the spells
    of 2008-2014 barely move for the groups used).
    """
    out = pairs.copy()
    if agreement is not None and not agreement.empty:
        sym = pd.concat([agreement[["state", "partner", "index"]],
                         agreement.rename(columns={"state": "partner", "partner": "state"})[["state", "partner", "index"]]])
        sym = sym.rename(columns={"state": "recommending", "partner": "under_review", "index": "agreement"})
        out = out.merge(sym, on=["recommending", "under_review"], how="left")
    else:
        out["agreement"] = np.nan
    if members is not None and not members.empty:
        region = members[members["group_id"].isin(regional)].drop_duplicates("iso3").set_index("iso3")["group_id"]
        rr, ur = out["recommending"].map(region), out["under_review"].map(region)
        out["same_region"] = (rr == ur).astype(float).where(rr.notna() & ur.notna())
        bloc_sets = members[members["group_id"].isin(blocs)].groupby("iso3")["group_id"].agg(frozenset)
        a = out["recommending"].map(bloc_sets)
        b = out["under_review"].map(bloc_sets)
        out["shared_bloc"] = [float(bool(x & y)) if isinstance(x, frozenset) and isinstance(y, frozenset) else 0.0
                              for x, y in zip(a, b)]
    else:
        out["same_region"] = np.nan
        out["shared_bloc"] = np.nan
    return out


__all__ = ["dyads", "usable", "left_out", "two_way_effects", "demean_two_way", "reciprocity", "correlation",
           "fe_regression", "dyadic_covariates", "MIN_N"]
