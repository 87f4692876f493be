"""Formal versus substantive engagement, and practice beside them (never mixed in).

A documented, decomposable index per state and year. Every component is a share in [0, 1] with
its numerator and denominator kept beside it, and a 95 % Wilson interval, so a reader can trace any
number to its inputs in one step. Weights are parameters (:data:`DEFAULT_WEIGHTS`); an index is the
weighted mean of the components available that year, and says how many it rests on.

Formal engagement (doing what the regime asks in form):

* ``ratification_breadth``: obligations in force / obligation instruments open (analysis.commitments).
* ``upr_reviewer``: reviews held that year at which the state made at least one recommendation /
  reviews held that year (its own excluded).
* ``upr_answered``: recommendations received at its latest review (within five years) that got a
  response / recommendations received.
* ``upr_accepted``: supported / answered, at the same review.

Substantive engagement (accepting that others look in, and looking in on others):

* ``scrutiny_acceptance``: complaint, inquiry and visit instruments accepted / open (plus the
  article-level declarations when loaded).
* ``specific_accepted``: supported / answered among action-category 5 (specific action)
  recommendations at the latest review (UPR Info's scale; Terman and Voeten 2018).
* ``cp_accepted``: supported / answered among recommendations on civil and political rights
  (:data:`CP_ISSUES`, UPR Info issue tags).
* ``country_votes``: yes / (yes + no + abstain) on country-specific texts about other states
  (procedure.classify gives the scope), that year, in the bodies given: resolutions, decisions and
  drafts only (a yes to a hostile amendment or a no-action motion is a vote against scrutiny), and
  by default without the texts on Israel and the occupied territories.

Practice (outcomes, reported beside the index, never in it): the Fariss latent score with its 95 %
interval and the mean of the available Political Terror Scale scores (1 best .. 5 worst).

The UPR inputs are counted from the ``upr_recommendations`` table by ``analysis.upr.review_counts``
(the counts behind ``upr`` reviews; duplicates of a row excluded here; each recommending state of a
joint recommendation counted); the mirrored UPR data cover
sessions 1-20 (2008 to October 2014), so UPR components are missing after 2018 and before 2008, and
the index then rests on fewer components: ``n_formal`` and ``n_substantive`` say how many.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .intervals import wilson  # one implementation for every rate
from .upr import review_counts

FORMAL = ("ratification_breadth", "upr_reviewer", "upr_answered", "upr_accepted")
SUBSTANTIVE = ("scrutiny_acceptance", "specific_accepted", "cp_accepted", "country_votes")
DEFAULT_WEIGHTS = {c: 1.0 for c in FORMAL + SUBSTANTIVE}
# UPR Info issue tags about civil and political rights.
CP_ISSUES = frozenset({
    "CP rights - general", "Freedom of opinion and expression", "Freedom of the press",
    "Freedom of religion and belief", "Freedom of association and peaceful assembly",
    "Torture and other CID treatment", "Death penalty", "Detention", "Enforced disappearances",
    "Extrajudicial executions", "Human rights defenders", "Elections", "Justice", "Impunity",
    "Freedom of movement", "Civil society", "Human rights violations by state agents",
})
THIN = 10  # a share resting on fewer inputs is flagged thin
LATEST_REVIEW_YEARS = 5  # a review speaks for a state for this many years (a UPR cycle is 4.5)


def _share(frame: pd.DataFrame, name: str, num: pd.Series, den: pd.Series) -> None:
    num = num.astype(float)
    den = den.astype(float)
    frame[f"{name}_n"] = num
    frame[f"{name}_of"] = den
    with np.errstate(invalid="ignore", divide="ignore"):
        frame[name] = np.where(den > 0, num / den, np.nan)
    frame[f"{name}_lower"], frame[f"{name}_upper"] = wilson(num, den)


def upr_inputs(recommendations: pd.DataFrame, reviews: pd.DataFrame, grid: pd.DataFrame) -> pd.DataFrame:
    """UPR counts per state and year on ``grid`` (``iso3, year``).

    ``recommendations``: ``session, under_review, recommending, response, action_category, issues,
    duplicate_of``; ``reviews``: ``session, under_review, year``.
    """
    rec = recommendations
    if "duplicate_of" in rec:
        rec = rec.loc[rec["duplicate_of"].isna()]
    year_of = reviews.drop_duplicates(["session", "under_review"]).set_index(["session", "under_review"])["year"]
    rec = rec.assign(year=pd.MultiIndex.from_frame(rec[["session", "under_review"]]).map(year_of))
    rec = rec.loc[rec["year"].notna()].copy()
    rec["year"] = rec["year"].astype(int)
    # The same counts as analysis.upr.by_review, per state under review and year of its review.
    received = review_counts(rec, ("under_review", "year"), issues=CP_ISSUES).rename(columns={
        "under_review": "iso3", "year": "review_year", "n": "received",
        "issue_answered": "cp_answered", "issue_supported": "cp_supported"})[
        ["iso3", "review_year", "received", "answered", "supported", "specific_answered",
         "specific_supported", "cp_answered", "cp_supported"]]
    # The latest review up to each year (within LATEST_REVIEW_YEARS) speaks for the state.
    g = grid[["iso3", "year"]].sort_values("year")
    received = received.sort_values("review_year")
    latest = pd.merge_asof(g, received, left_on="year", right_on="review_year", by="iso3",
                           direction="backward", tolerance=LATEST_REVIEW_YEARS - 1)
    # Reviewer participation: reviews held in the year at which the state spoke.
    # Only reviews whose recommendations are in the data count as held (the mirror stops at session 20).
    covered = rec.drop_duplicates(["session", "under_review"])
    held = covered.groupby("year").size().rename("reviews_held")
    spoke = rec.drop_duplicates(["session", "under_review", "recommending"]).groupby(
        ["recommending", "year"]).size().rename("reviews_spoke").reset_index().rename(columns={"recommending": "iso3"})
    latest = latest.merge(spoke, on=["iso3", "year"], how="left")
    latest["reviews_held"] = latest["year"].map(held)
    own = covered.groupby(["under_review", "year"]).size().rename("own").reset_index().rename(
        columns={"under_review": "iso3"})
    latest = latest.merge(own, on=["iso3", "year"], how="left")
    latest["reviews_held"] = latest["reviews_held"] - latest["own"].fillna(0)
    latest["reviews_spoke"] = latest["reviews_spoke"].fillna(0).where(latest["reviews_held"].notna())
    return latest.drop(columns="own")


def country_vote_inputs(votes: pd.DataFrame) -> pd.DataFrame:
    """``votes`` on country-specific texts: ``decision_id, iso3, year, position, about`` ('; '-joined
    states the text names). A state's vote on a text about itself is left out. Returns ``iso3, year,
    yes, cast``."""
    texts = votes[["decision_id", "about"]].drop_duplicates("decision_id")
    named = texts.assign(iso3=texts["about"].fillna("").str.split("; ")).explode("iso3")[["decision_id", "iso3"]]
    named = named.loc[named["iso3"] != ""].assign(about_self=True)
    v = votes.loc[votes["position"].isin(["yes", "no", "abstain"]), ["decision_id", "iso3", "year", "position"]]
    v = v.merge(named, on=["decision_id", "iso3"], how="left")
    v = v.loc[v["about_self"].isna()]
    return v.assign(yes=v["position"].eq("yes").astype(int), cast=1).groupby(
        ["iso3", "year"], as_index=False)[["yes", "cast"]].sum()


def practice_inputs(scores: pd.DataFrame) -> pd.DataFrame:
    """``iso3, year, fariss, fariss_lower, fariss_upper, pts, pts_n`` from ``practice_scores``."""
    f = scores.loc[scores["measure"] == "fariss_theta", ["iso3", "year", "value", "lower", "upper"]].rename(
        columns={"value": "fariss", "lower": "fariss_lower", "upper": "fariss_upper"})
    p = scores.loc[scores["measure"].str.startswith("pts_") & scores["value"].notna()]
    p = p.groupby(["iso3", "year"])["value"].agg(pts="mean", pts_n="count").reset_index()
    return f.merge(p, on=["iso3", "year"], how="outer")


def compliance_table(panel: pd.DataFrame, upr: pd.DataFrame, country_votes: pd.DataFrame,
                     practice: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """The whole table: one row per state and year of ``panel`` with every component, its inputs and
    interval, the two indices, their gap, and practice beside them.

    ``panel`` comes from :func:`rightsregime.analysis.commitments.commitment_panel`; ``upr`` from
    :func:`upr_inputs` on the same grid; ``country_votes`` from :func:`country_vote_inputs`;
    ``practice`` from :func:`practice_inputs`.
    """
    w = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = set(weights) - set(w)
        if unknown:
            raise ValueError(f"unknown component(s) {sorted(unknown)}; known: {', '.join(w)}")
        w.update(weights)
    t = panel[["iso3", "year", "obligations", "obligations_open", "scrutiny", "scrutiny_open"]].merge(
        upr, on=["iso3", "year"], how="left").merge(country_votes, on=["iso3", "year"], how="left")
    _share(t, "ratification_breadth", t["obligations"], t["obligations_open"])
    _share(t, "upr_reviewer", t["reviews_spoke"], t["reviews_held"])
    _share(t, "upr_answered", t["answered"], t["received"])
    _share(t, "upr_accepted", t["supported"], t["answered"])
    _share(t, "scrutiny_acceptance", t["scrutiny"], t["scrutiny_open"])
    _share(t, "specific_accepted", t["specific_supported"], t["specific_answered"])
    _share(t, "cp_accepted", t["cp_supported"], t["cp_answered"])
    _share(t, "country_votes", t["yes"], t["cast"])
    for name, comps in (("formal", FORMAL), ("substantive", SUBSTANTIVE)):
        vals = t[list(comps)].to_numpy(dtype=float)
        wts = np.array([w[c] for c in comps], dtype=float)
        have = ~np.isnan(vals) & (wts > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            t[f"{name}_index"] = np.where(have.any(axis=1),
                                          np.nansum(np.where(have, vals * wts, 0), axis=1) / (have * wts).sum(axis=1),
                                          np.nan)
        t[f"n_{name}"] = have.sum(axis=1)
    t["engagement_gap"] = t["formal_index"] - t["substantive_index"]
    thin_cols = [f"{c}_of" for c in FORMAL + SUBSTANTIVE if not c.endswith(("breadth", "acceptance"))]
    t["thin"] = (t[thin_cols].fillna(np.inf) < THIN).any(axis=1)
    t = t.merge(practice, on=["iso3", "year"], how="left")
    return t


def components_long(table: pd.DataFrame) -> pd.DataFrame:
    """One row per state, year and component: ``family, component, value, n, of, lower, upper, thin``."""
    rows = []
    for fam, comps in (("formal", FORMAL), ("substantive", SUBSTANTIVE)):
        for c in comps:
            rows.append(pd.DataFrame({
                "iso3": table["iso3"], "year": table["year"], "family": fam, "component": c,
                "value": table[c], "n": table[f"{c}_n"], "of": table[f"{c}_of"],
                "lower": table[f"{c}_lower"], "upper": table[f"{c}_upper"],
                # Breadth and acceptance of instruments rest on a fixed list, not on a sample.
                "thin": (table[f"{c}_of"] < THIN) & (fam == "formal" or c != "scrutiny_acceptance")
                & (c != "ratification_breadth"),
            }))
    return pd.concat(rows, ignore_index=True)


def empty_promises(table: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Per state: change in ratification breadth and scrutiny acceptance between ``start`` and
    ``end`` against the change in practice (Fariss) over the same years. The pattern of Hathaway
    (2002) and Hafner-Burton and Tsutsui (2005): ratifying more without practice improving."""
    a = table.loc[table["year"] == start, ["iso3", "ratification_breadth", "scrutiny_acceptance", "fariss"]]
    b = table.loc[table["year"] == end, ["iso3", "ratification_breadth", "scrutiny_acceptance", "fariss",
                                         "fariss_lower", "fariss_upper"]]
    m = a.merge(b, on="iso3", suffixes=("_start", "_end")).dropna(subset=["fariss_start", "fariss_end"])
    m["ratification_change"] = m["ratification_breadth_end"] - m["ratification_breadth_start"]
    m["scrutiny_change"] = m["scrutiny_acceptance_end"] - m["scrutiny_acceptance_start"]
    m["practice_change"] = m["fariss_end"] - m["fariss_start"]
    m["empty_promise"] = (m["ratification_change"] > 0) & (m["practice_change"] <= 0)
    return m.reset_index(drop=True)
