"""Agreement, cohesion and change points, on the real warehouse (and tiny hand-made frames for
the formulas and edge cases)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from rightsregime.analysis.alignment import (
    agreement_matrix,
    check_state,
    focal_agreement,
    partners,
    plurality_positions,
    slice_votes,
)
from rightsregime.analysis.changepoints import agreement_scores, alignment_shifts, change_points
from rightsregime.analysis.cohesion import defections, group_cohesion, hnr_index, member_spells, spells_from_list
from rightsregime.errors import EstimationError, UnknownState


@pytest.fixture(scope="module")
def hrc(reg):
    return reg.votes(body="HRC")


@pytest.fixture(scope="module")
def ga(reg):
    return reg.votes(body="GA")


def tiny() -> pd.DataFrame:
    """Three states, six decisions, positions chosen by hand (A and B differ once fully, once by half)."""
    rows = {
        "A": ["yes", "yes", "no", "abstain", "yes", "no"],
        "B": ["yes", "no", "no", "yes", "yes", "absent"],
        "C": ["no", "no", "yes", "abstain", "abstain", "yes"],
    }
    out = [(f"d{k}", s, p) for s, ps in rows.items() for k, p in enumerate(ps)]
    frame = pd.DataFrame(out, columns=["decision_id", "iso3", "position"])
    frame["year"] = 2000 + frame["decision_id"].str[1].astype(int) // 3
    return frame


# -- agreement ----------------------------------------------------------------------------------
def test_agreement_index_by_hand():
    """A-B share d0..d4 (d5: B absent): identical on d0, d2, d4; opposite on d1; one abstains on d3.
    Identical share 3/5; index (3 + 1/2) / 5 = 0.7."""
    agree = agreement_matrix(tiny(), min_common=1)
    assert agree.n_common.loc["A", "B"] == 5
    assert agree.identical.loc["A", "B"] == pytest.approx(3 / 5)
    assert agree.index.loc["A", "B"] == pytest.approx(0.7)
    # A-C: identical d3 only; half on d4 (C abstains); opposite d0, d1... -> (1 + 0.5) / 6
    assert agree.index.loc["A", "C"] == pytest.approx(1.5 / 6)
    assert np.allclose(agree.index.to_numpy(), agree.index.to_numpy().T, equal_nan=True)


def test_index_equals_one_minus_mean_distance_on_real_pairs(hrc):
    """The matrix product agrees with the definition 1 - mean |x_i - x_j| (yes 1, abstain .5, no 0)."""
    agree = agreement_matrix(hrc)
    score = {"yes": 1.0, "abstain": 0.5, "no": 0.0}
    cast = hrc[hrc["position"].isin(list(score))].assign(s=lambda d: d["position"].map(score))
    for a, b in [("CHN", "USA"), ("CHN", "RUS"), ("GBR", "FRA"), ("CUB", "PAK")]:
        m = cast[cast["iso3"] == a].merge(cast[cast["iso3"] == b], on="decision_id")
        assert len(m) == agree.n_common.loc[a, b]
        assert agree.index.loc[a, b] == pytest.approx(1 - (m["s_x"] - m["s_y"]).abs().mean())


def test_china_agrees_with_russia_not_the_united_states_in_the_council(hrc):
    """In the HRC China votes with Russia almost always (index > 0.95) and with the US rarely (< 0.15)."""
    agree = agreement_matrix(hrc)
    assert agree.index.loc["CHN", "RUS"] > 0.95
    assert agree.index.loc["CHN", "USA"] < 0.15
    assert agree.n_common.loc["CHN", "USA"] > 400 and agree.n_common.loc["CHN", "RUS"] > 400


def test_nearest_and_farthest_partners_of_china(hrc):
    ranked = partners(hrc, "CHN", n=10, min_common=100)
    assert {"RUS", "CUB", "VEN"} <= set(ranked["nearest"]["partner"])
    assert "USA" in set(ranked["farthest"]["partner"])
    assert ranked["nearest"]["index"].is_monotonic_decreasing


def test_focal_agreement_by_year_skips_years_china_was_off_the_council(hrc):
    """China sat out 2013 and 2020 under the two-term rule (regime-rules.md section 1)."""
    series = focal_agreement(hrc, "CHN", partners=["USA", "RUS"])
    assert 2013 not in set(series["period"]) and 2020 not in set(series["period"])
    row = series[(series["period"] == 2011) & (series["partner"] == "RUS")].iloc[0]
    assert row["n_common"] >= 20 and row["index"] > 0.9


def test_ga_all_pairs(ga):
    agree = agreement_matrix(ga)
    assert len(agree.index) >= 190
    assert agree.n_common.loc["USA", "GBR"] > 4000
    assert agree.index.loc["USA", "ISR"] > agree.index.loc["USA", "CUB"]


def test_slice_by_subject_and_years(ga):
    human_rights = slice_votes(ga, subject="Human rights", years=(1990, 2019))
    assert human_rights["year"].between(1990, 2019).all()
    assert 0 < human_rights["decision_id"].nunique() < ga["decision_id"].nunique()


def test_too_few_votes_is_an_estimation_error(hrc):
    one = hrc[hrc["symbol"] == "A/HRC/RES/37/23"]
    with pytest.raises(EstimationError, match=r"Only 1 recorded vote"):
        agreement_matrix(one, where="HRC 2018, A/HRC/RES/37/23")


def test_unknown_state_and_state_off_the_slice(hrc):
    with pytest.raises(EstimationError, match="CHI cast no yes/no/abstain vote"):
        focal_agreement(hrc, "CHI")
    with pytest.raises(UnknownState, match="Unknown state 'CHI'"):
        check_state(hrc, "CHI", "HRC", record=hrc)
    with pytest.raises(EstimationError, match="CHN cast no yes/no/abstain vote in HRC 2013"):
        focal_agreement(slice_votes(hrc, years=(2013, 2013)), "CHN", where="HRC 2013")


# -- cohesion -----------------------------------------------------------------------------------
def test_hnr_index_formula():
    """All together 1; an even three-way split 0; 6-3-1: (6 - 4/2) / 10 = 0.4."""
    assert hnr_index([5], [0], [0])[0] == 1.0
    assert hnr_index([2], [2], [2])[0] == pytest.approx(0.0)
    assert hnr_index([6], [3], [1])[0] == pytest.approx(0.4)


def test_eu_more_cohesive_than_the_african_group_in_the_council(reg, hrc):
    eu = group_cohesion(hrc, member_spells(reg.group_members(), "EU"), by=None)
    african = group_cohesion(hrc, member_spells(reg.group_members(), "AFRICAN"), by=None)
    assert eu["cohesion"].iloc[0] > 0.9
    assert african["cohesion"].iloc[0] < 0.7
    assert eu["cohesion"].iloc[0] > african["cohesion"].iloc[0]


def test_albania_defects_most_from_the_oic_in_the_council(reg, hrc):
    """Albania, an OIC member that votes with Europe, is most often against the OIC plurality (the
    catalogue itself records OIC texts tabled 'on behalf of the OIC, except Albania')."""
    table = defections(hrc, member_spells(reg.group_members(), "OIC"))
    assert table.iloc[0]["iso3"] == "ALB"
    assert table.iloc[0]["defection_rate"] > 0.7


def test_plurality_ties_give_no_position():
    votes = pd.DataFrame({"decision_id": ["d"] * 4, "iso3": list("ABCD"),
                          "position": ["yes", "yes", "no", "no"]})
    assert plurality_positions(votes, list("ABCD")).empty
    assert defections(pd.concat([votes, votes.assign(decision_id="e", position="yes")]),
                      spells_from_list("ABCD"))["n_votes"].tolist() == [1, 1, 1, 1]


# -- change points ------------------------------------------------------------------------------
def test_change_point_recovered_on_a_known_break():
    """Agreement 0.8 in 2000-2005 and 0.3 in 2006-2011, 40 decisions a year: the change is 2006."""
    rng = np.random.default_rng(1)
    rows = []
    for year in range(2000, 2012):
        p = 0.8 if year < 2006 else 0.3
        rows += [{"decision_id": f"{year}-{k}", "year": year, "score": float(rng.random() < p)} for k in range(40)]
    changes = change_points(pd.DataFrame(rows), n_boot=300, random_state=0)
    first = changes.iloc[0]
    assert first["year"] == 2006
    assert first["year_lower"] <= 2006 <= first["year_upper"]
    assert first["shift_lower"] < -0.5 < first["shift_upper"]  # the true shift, 0.3 - 0.8
    assert len(changes) == 1


def test_no_change_point_on_a_flat_series():
    rng = np.random.default_rng(2)
    rows = [{"decision_id": f"{y}-{k}", "year": y, "score": float(rng.random() < 0.5)}
            for y in range(2000, 2012) for k in range(40)]
    assert change_points(pd.DataFrame(rows), n_boot=100).empty


def test_china_drifts_away_from_the_eu_in_the_council_after_2013(reg, hrc):
    """China's agreement with the EU's plurality position falls in the mid-2010s."""
    eu = member_spells(reg.group_members(), "EU")["iso3"]
    series, changes = alignment_shifts(hrc, "CHN", "EU", members=eu, n_boot=300, random_state=0)
    assert not changes.empty
    first = changes.iloc[0]
    assert 2013 <= first["year"] <= 2016 and first["shift"] < 0
    assert first["shift_upper"] < 0  # the whole interval is a fall


def test_change_points_need_enough_years(hrc):
    scores = agreement_scores(slice_votes(hrc, years=(2010, 2011)), "CHN", "USA")
    with pytest.raises(EstimationError, match="at least 4 are needed"):
        change_points(scores)


# -- command line -------------------------------------------------------------------------------
def invoke(*args):
    from rightsregime.cli import app

    return CliRunner().invoke(app, list(args))


def test_cli_align_json(warehouse_path):
    result = invoke("align", "CHN", "--body", "HRC", "--with", "USA,RUS", "--json", "--db", str(warehouse_path))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["state"] == "CHN" and {"nearest", "farthest", "series"} <= set(doc)
    by_partner = pd.DataFrame(doc["series"]).groupby("partner")["index"].mean()
    assert by_partner["RUS"] > 0.9 > 0.2 > by_partner["USA"]


def test_cli_cohesion_and_shifts_json(warehouse_path, tmp_path):
    result = invoke("cohesion", "EU", "--body", "HRC", "--by", "all", "--json", "--db", str(warehouse_path),
                    "--chart", str(tmp_path / "c.png"))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["group"] == "EU" and doc["cohesion"][0]["cohesion"] > 0.9
    assert (tmp_path / "c.png").stat().st_size > 1000
    result = invoke("shifts", "CHN", "--against", "EU", "--body", "HRC", "--boot", "200", "--json",
                    "--db", str(warehouse_path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["against"][0]["focal"] == "[EU]"


def test_cli_errors_are_one_line(warehouse_path):
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "rightsregime", *args, "--db", str(warehouse_path)],
                              capture_output=True, text=True)

    proc = run("align", "CHN", "--body", "HRC", "--years", "2013")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.strip().startswith("Error: CHN cast no yes/no/abstain vote in HRC 2013")
    assert len(proc.stderr.strip().splitlines()) <= 2  # one message (rich may wrap it)
    proc = run("cohesion", "FOO", "--body", "HRC")
    assert proc.returncode == 1 and "Unknown group 'FOO'" in proc.stderr
