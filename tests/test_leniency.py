"""Leniency between states in the UPR and the Terman-Voeten relation, on the real record.

Sources: upr-terman (UPR Info export, sessions 1-20) and the GA roll calls (unvotes) for voting
agreement. The finding reproduced: Terman & Voeten (2018, Review of International Organizations
13(1): 1-23): "states are more lenient towards their strategic partners in the peer-review process".
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rightsregime.analysis import leniency as ln
from rightsregime.resources.upr import leniency, strategic_partners


@pytest.fixture(scope="module")
def partners(reg):
    return strategic_partners(reg)


@pytest.fixture(scope="module")
def china(reg):
    return leniency(reg, "CHN")


def test_two_way_effects_recover_an_additive_table():
    """On an exactly additive design the fitted effects reproduce every cell (residual 0)."""
    a_codes = np.array([0, 0, 1, 1, 2, 2, 0])
    b_codes = np.array([0, 1, 0, 1, 0, 1, 1])
    a_true, b_true = np.array([1.0, -0.5, 2.0]), np.array([0.3, -0.3])
    y = 3 + a_true[a_codes] + b_true[b_codes]
    mu, a, b = ln.two_way_effects(y, a_codes, b_codes, n_iter=500)
    assert np.allclose(mu + a[a_codes] + b[b_codes], y)


def test_fe_regression_recovers_a_known_slope():
    """y = 2x + recommender effect + reviewed-state effect, no noise: slope 2 exactly."""
    rng = np.random.default_rng(0)
    r = rng.integers(0, 8, 400)
    u = rng.integers(0, 9, 400)
    x = rng.normal(size=400)
    y = 2 * x + np.arange(8)[r] * 0.7 - np.arange(9)[u] * 0.4
    frame = pd.DataFrame({"recommending": r.astype(str), "under_review": u.astype(str), "x": x, "y": y})
    fit = ln.fe_regression(frame, "y", "x")
    assert fit["beta"] == pytest.approx(2.0, abs=1e-6)
    assert fit["n"] == 400


def test_dyad_measures_on_a_tiny_record():
    """A recommends 1 to C where B recommends 5 to C: A is softer than others towards C."""
    recs = pd.DataFrame({
        "recommendation_id": range(1, 7), "session": 1, "cycle": 1,
        "under_review": ["C", "C", "C", "D", "D", "C"], "recommending": ["A", "A", "B", "A", "B", "C"],
        "action_category": [1, 1, 5, 4, 4, 3], "issues": ["Torture", "Torture", "Torture", "Justice", "Justice", "x"],
        "response": "supported", "joint_id": pd.NA, "duplicate_of": pd.NA})
    dy = ln.dyads(recs, min_n=2).set_index(["recommending", "under_review"])
    assert ("C", "C") not in dy.index  # a state does not review itself
    assert dy.loc[("A", "C"), "vs_others"] == pytest.approx(4.0)  # others give C 5, A gives 1
    assert dy.loc[("A", "C"), "minimal_gap"] == pytest.approx(1.0)
    assert dy.loc[("A", "C"), "issue_distance"] == pytest.approx(0.0)  # same issue as the others
    assert dy.loc[("A", "C"), "leniency"] > 0 > dy.loc[("B", "C"), "leniency"]
    assert not dy.loc[("A", "C"), "thin"] and dy.loc[("B", "C"), "thin"]


def test_voting_partners_give_softer_recommendations(partners):
    """Terman & Voeten's central finding on the mirror: with recommender and reviewed-state fixed
    effects, higher GA agreement means a lower action category, fewer specific and more minimal
    recommendations; the 95% intervals exclude zero."""
    fits = partners["regressions"].set_index(["y", "x"])
    assert fits.loc[("category", "agreement"), "high"] < 0
    assert fits.loc[("specific", "agreement"), "high"] < 0
    assert fits.loc[("minimal", "agreement"), "low"] > 0
    assert fits.loc[("category", "same_region"), "high"] < 0
    # Every recommendation with a known recommending state is used, or counted as left out.
    row = fits.loc[("category", "agreement")]
    assert row["n"] + row["left_out"] == partners["n_recommendations"] == 41_066 - 9 - 2


def test_decile_table_covers_every_recommendation_with_agreement(partners):
    """Raw means by decile of GA agreement: the least aligned tenth of dyads gets harder
    recommendations than the most aligned tenth, and the deciles add up to the regression's n."""
    b = partners["by_agreement"]
    fits = partners["regressions"].set_index(["y", "x"])
    assert b["n"].sum() == fits.loc[("category", "agreement"), "n"]
    assert b["category_low"].iloc[0] > b["category_high"].iloc[-1]
    assert b["specific_share"].iloc[0] > b["specific_share"].iloc[-1]


def test_china_reviewers_ranked_with_intervals(china):
    """Egypt's six recommendations to China (2009, 2013) have a mean action category near 2;
    the United Kingdom's six are all category 5 (specific)."""
    soft = china["softest_reviewers"].set_index("recommending")
    hard = china["hardest_reviewers"].set_index("recommending")
    assert soft.loc["EGY", "n"] == 6 and soft.loc["EGY", "mean_category"] < 2.5
    assert hard.loc["GBR", "mean_category"] == 5.0
    assert (hard["leniency_low"] < hard["leniency"]).all()  # no zero-width interval
    assert (soft["leniency"] > 0).all() and (hard["leniency"] < 0).all()
    assert not soft["thin"].any()
    assert any("thin" in note for note in china.notes)


def test_reciprocity_is_measured_over_pairs_both_ways(partners):
    rec = partners["reciprocity"]
    assert rec["pairs"] > 100 and -1 <= rec["r"] <= 1
