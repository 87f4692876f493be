"""Ideal points on the real General Assembly record, and the estimator contract (STYLE.md section 3)."""
from __future__ import annotations

import json
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from rightsregime.analysis._base import ConvergenceWarning
from rightsregime.analysis.ideal_points import IdealPoints, correlation_with_reference
from rightsregime.errors import EstimationError, NotFittedError


@pytest.fixture(scope="module")
def ga_recent(reg) -> pd.DataFrame:
    """GA roll calls 1990-2019 (unvotes), about 440,000 votes."""
    return reg.votes(body="GA", years=(1990, 2019))


@pytest.fixture(scope="module")
def fitted(ga_recent) -> IdealPoints:
    return IdealPoints(random_state=0).fit(ga_recent)


def test_united_states_positive_cuba_iran_china_negative(fitted):
    """The sign convention of the published estimates: the United States on the positive side,
    and Cuba, Iran and China, which vote against it on most contested GA texts, on the other."""
    last = fitted.tidy().query("year == 2019").set_index("iso3")["value"]
    assert last["USA"] > 0
    assert last["CUB"] < 0 and last["IRN"] < 0 and last["CHN"] < 0
    assert last["USA"] == last.max() or last["ISR"] == last.max()  # the US or Israel at the end
    assert fitted.anchor_ == "USA"


def test_correlation_with_bailey_strezhnev_voeten(fitted, reg):
    """Against the published Bailey-Strezhnev-Voeten estimates (their FP series, per calendar year).

    They estimate their own model (MCMC, identical resolutions bridging sessions) on final-passage
    votes, we fit every recorded GA vote with a random walk: the two need not agree exactly, but a
    measure of the same thing should correlate above 0.95 (we measure about 0.98 pooled and 0.99
    within years on 1990-2019; the benchmark reports the whole record).
    """
    r = correlation_with_reference(fitted.tidy(), reg.reference_ideal_points())
    assert r["n"] > 5000
    assert r["pooled"] > 0.95
    assert r["median_within_year"] > 0.95


def test_estimates_carry_the_number_of_votes(fitted, ga_recent):
    """The United States took a position (64 no, 18 yes, 8 abstain) on all 90 GA roll calls of 2019,
    none of them unanimous, so its 2019 estimate rests on 90 votes."""
    assert fitted.ideal_points_.loc[("USA", 2019), "n_votes"] == 90
    counted = ga_recent[(ga_recent["year"] == 2019) & (ga_recent["iso3"] == "USA")
                        & ga_recent["position"].isin(["yes", "no", "abstain"])]
    assert len(counted) == 90
    assert (fitted.tidy()["n_votes"] > 0).all()


def test_tidy_columns_and_intervals(fitted):
    tidy = fitted.tidy()
    assert list(tidy.columns) == ["iso3", "year", "value", "lower", "upper", "n_votes"]
    assert (tidy["lower"] <= tidy["value"]).all() and (tidy["value"] <= tidy["upper"]).all()
    assert tidy["year"].min() == 1990 and tidy["year"].max() == 2019
    assert not tidy.duplicated(["iso3", "year"]).any()


def test_decision_params_and_prediction(fitted, ga_recent):
    params = fitted.decision_params_
    assert {"year", "alpha", "beta", "tau", "n_votes"} <= set(params.columns)
    assert len(params) + fitted.n_unanimous_ == ga_recent["decision_id"].nunique()
    p_yes = fitted.predict(ga_recent.head(1000))
    assert np.nanmin(p_yes) >= 0 and np.nanmax(p_yes) <= 1
    unseen = pd.DataFrame({"decision_id": ["nowhere:1"], "iso3": ["USA"], "position": ["yes"]})
    assert np.isnan(fitted.predict(unseen)).all()
    # Better than guessing each of the three positions with probability 1/3.
    assert fitted.score(ga_recent) > np.log(1 / 3)


def test_refit_is_idempotent_and_params_unchanged(ga_recent):
    votes = ga_recent[ga_recent["year"] >= 2015]
    model = IdealPoints(tol=1e-4, random_state=3)
    before = model.get_params()
    first = model.fit(votes).tidy()
    assert model.get_params() == before
    second = model.fit(votes).tidy()
    pd.testing.assert_frame_equal(first, second)


def test_not_fitted_error_before_fit():
    with pytest.raises(NotFittedError, match="This IdealPoints instance is not fitted yet. Call 'fit'"):
        IdealPoints().tidy()
    with pytest.raises(NotFittedError):
        IdealPoints().predict(pd.DataFrame({"decision_id": [], "iso3": []}))


def test_nothing_learned_in_init():
    model = IdealPoints(2, n_bootstrap=5)
    assert not [k for k in vars(model) if k.endswith("_")]
    assert repr(model) == "IdealPoints(n_dimensions=2, n_bootstrap=5)"


@pytest.mark.parametrize("params, message", [
    ({"n_dimensions": 0},
     "The 'n_dimensions' parameter of IdealPoints must be an int in [1, 3]. Got 0 instead."),
    ({"n_dimensions": 1.5},
     "The 'n_dimensions' parameter of IdealPoints must be an int in [1, 3]. Got 1.5 instead."),
    ({"tol": -1.0}, "The 'tol' parameter of IdealPoints must be a float in (0, inf). Got -1.0 instead."),
    ({"n_bootstrap": -2},
     "The 'n_bootstrap' parameter of IdealPoints must be an int in [0, 200]. Got -2 instead."),
    ({"dynamic": "yes"},
     "The 'dynamic' parameter of IdealPoints must be one of True, False. Got 'yes' instead."),
])
def test_parameter_validation_messages(params, message, ga_recent):
    with pytest.raises(ValueError) as info:
        IdealPoints(**params).fit(ga_recent.head(10))
    assert str(info.value) == message


def test_set_params_refuses_unknown_names():
    model = IdealPoints().set_params(n_dimensions=2)
    assert model.n_dimensions == 2
    with pytest.raises(ValueError, match="Invalid parameter 'dimensions' for IdealPoints"):
        model.set_params(dimensions=2)


def test_tiny_slice_is_an_estimation_error(reg):
    """A/RES/68/262 alone (the 2014 Ukraine vote) cannot place states on a scale."""
    votes = reg.votes(body="GA", years=(2014, 2014))
    one = votes[votes["decision_id"] == votes["decision_id"].iloc[0]]
    with pytest.raises(EstimationError, match=r"Too little to estimate ideal points: [01] contested "
                       r"roll calls? and \d+ voting states"):
        IdealPoints().fit(one)


def test_missing_columns_are_named(ga_recent):
    with pytest.raises(ValueError, match="lacks column\\(s\\) position"):
        IdealPoints().fit(ga_recent.drop(columns=["position"]))


def test_non_convergence_warns_at_the_callers_line(ga_recent):
    votes = ga_recent[ga_recent["year"] >= 2017]
    with pytest.warns(ConvergenceWarning, match="did not converge in 2 updates") as record:
        IdealPoints(max_iter=2).fit(votes)
    assert record[0].filename == __file__


def test_two_dimensions_rotated_and_signed(ga_recent):
    votes = ga_recent[ga_recent["year"] >= 2010]
    model = IdealPoints(2).fit(votes)
    tidy = model.tidy()
    assert list(tidy.columns) == ["iso3", "year", "dimension", "value", "lower", "upper", "n_votes"]
    assert set(tidy["dimension"]) == {1, 2}
    first = tidy[tidy["dimension"] == 1].pivot(index="iso3", columns="year", values="value")
    second = tidy[tidy["dimension"] == 2].pivot(index="iso3", columns="year", values="value")
    assert (first.loc["USA"] > 0).all()
    assert first.stack().var() > second.stack().var()  # principal axes: the first spreads most


def test_static_model_one_position_per_state(ga_recent):
    votes = ga_recent[ga_recent["year"] >= 2015]
    tidy = IdealPoints(dynamic=False).fit(votes).tidy()
    assert tidy["year"].isna().all() and not tidy["iso3"].duplicated().any()
    values = tidy.set_index("iso3")["value"]
    assert values["USA"] > 0 > values["CUB"]


def test_bootstrap_deterministic_given_seed_and_cores(ga_recent):
    """Each replicate has its own seed, so the intervals do not depend on the number of processes."""
    votes = ga_recent[ga_recent["year"] >= 2016]
    two = IdealPoints(n_bootstrap=4, n_jobs=2, random_state=7).fit(votes).tidy()
    one = IdealPoints(n_bootstrap=4, n_jobs=1, random_state=7).fit(votes).tidy()
    pd.testing.assert_frame_equal(one, two)
    other = IdealPoints(n_bootstrap=4, n_jobs=1, random_state=8).fit(votes).tidy()
    assert not np.allclose(other["lower"], one["lower"])
    assert ((one["lower"] <= one["value"]) & (one["value"] <= one["upper"])).all()


def test_joint_fit_bridges_ga_and_hrc(reg):
    """States sitting in both bodies tie the two scales together: one estimate per state-year."""
    votes = pd.concat([reg.votes(body="GA", years=(2016, 2019)),
                       reg.votes(body="HRC", years=(2016, 2019))], ignore_index=True)
    model = IdealPoints().fit(votes)
    tidy = model.tidy()
    assert not tidy.duplicated(["iso3", "year"]).any()
    last = tidy.query("year == 2019").set_index("iso3")["value"]
    assert last["USA"] > 0 > last["CUB"]
    assert set(model.decision_params_.index.str.split(":").str[0]) >= {"unvotes"}


def run(*args, db):
    return subprocess.run([sys.executable, "-m", "rightsregime", *args, "--db", str(db)],
                          capture_output=True, text=True)


def test_cli_json_document(warehouse_path, tmp_path):
    chart = tmp_path / "trajectories.png"
    proc = run("idealpoints", "--body", "GA", "--years", "2015-2019", "--states", "USA,CUB",
               "--json", "--chart", str(chart), db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["body"] == "GA" and doc["years"] == [2015, 2019] and doc["sign"] == "USA positive"
    rows = doc["estimates"]
    assert {tuple(sorted(r)) for r in rows} == {
        ("iso3", "lower", "n_votes", "upper", "value", "year")}
    assert sorted({r["iso3"] for r in rows}) == ["CUB", "USA"]
    assert [r["year"] for r in rows if r["iso3"] == "USA"] == [2015, 2016, 2017, 2018, 2019]
    assert chart.stat().st_size > 0


def test_cli_bad_dimensions_is_a_usage_error(warehouse_path):
    proc = run("idealpoints", "--dimensions", "0", db=warehouse_path)
    assert proc.returncode == 2
    assert ("The 'n_dimensions' parameter of IdealPoints must be an int in [1, 3]. Got 0 instead."
            in proc.stderr)
    assert "Traceback" not in proc.stderr


def test_cli_unknown_state_one_line_error(warehouse_path):
    proc = run("idealpoints", "--years", "2019", "--states", "USA,ATLANTIS", db=warehouse_path)
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("Error: Unknown state 'ATLANTIS'.")


def test_correlation_with_reference_on_hand_made_rows():
    est = pd.DataFrame({"iso3": ["A", "B", "C"] * 4, "year": np.repeat([2000, 2001, 2002, 2003], 3),
                        "value": np.arange(12.0)})
    ref = est.assign(value=est["value"] * 2 + 1)
    r = correlation_with_reference(est, ref)
    assert r["pooled"] == pytest.approx(1.0) and r["n"] == 12
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.isnan(r["median_within_year"])  # fewer than 10 states a year


def _benchmark_module():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "idealpoints.py"
    spec = importlib.util.spec_from_file_location("bench_idealpoints", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_benchmark_binarises_and_orients_per_year():
    bench = _benchmark_module()
    votes = pd.DataFrame({"decision_id": ["a", "a", "a", "b"], "iso3": ["USA", "CUB", "FRA", "USA"],
                          "position": ["yes", "no", "abstain", "absent"], "year": [2001] * 4})
    binary = bench.binarised(votes)
    assert binary["y"].tolist() == [1, 0, 0] and binary["iso3"].tolist() == ["USA", "CUB", "FRA"]
    est = pd.DataFrame({"iso3": ["USA", "CUB", "USA", "CUB"], "year": [2000, 2000, 2001, 2001],
                        "value": [-1.0, 2.0, 1.0, -2.0]})
    assert bench.usa_positive_each_year(est)["value"].tolist() == [1.0, -2.0, 1.0, -2.0]


def test_benchmark_rows_and_csv(warehouse_path, tmp_path):
    """The harness on a small slice, reference tools skipped: one row for ours, written to CSV."""
    bench = _benchmark_module()
    out = tmp_path / "rows.csv"
    rows = bench.main(["--db", str(warehouse_path), "--years", "2017-2019", "--repeat", "1",
                       "--skip", "pscl,mcmcpack,girth", "--csv", str(out)])
    assert len(rows) == 1 and rows[0].success and rows[0].ratio == 1.0
    assert rows[0].pooled_r > 0.95
    assert pd.read_csv(out)["tool"].tolist() == ["rightsregime IdealPoints (dynamic ordinal)"]
