"""The everyday questions (issue 9): how did a state vote, how split was each group, who could
switch, compare states, export a slice, where the data stops. Facts from the public record."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from rightsregime.errors import RightsRegimeError, UnknownSymbol


def run(*args, db=None):
    cmd = [sys.executable, "-m", "rightsregime", *args]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(cmd, capture_output=True, text=True, env={**__import__("os").environ, "MPLBACKEND": "Agg"})


# -- 1. how did a state vote ---------------------------------------------------------------------
def test_china_voted_no_on_every_sri_lanka_text_since_2012(reg):
    """A/HRC/RES/46/1 (23 Mar 2021, 22-11-14): China, Pakistan and nine others against (AP, 23 Mar
    2021; dbsjeyaraj.com/dbsj/archives/72325). China also voted against 19/2 (2012), 25/1 (2014) and
    51/1 (2022, 20-7-20; Daily Mirror, 6 Oct 2022), and for S-11/1 (2009, which praised Sri Lanka)."""
    from rightsregime.resources.positions import state_votes

    res = state_votes(reg, "China", body="HRC", concerning="LKA")
    got = dict(zip(res["decisions"]["symbol"], res["decisions"]["position"]))
    assert got["A/HRC/RES/46/1"] == "no"
    assert got["A/HRC/RES/51/1"] == "no" and got["A/HRC/RES/19/2"] == "no" and got["A/HRC/RES/25/1"] == "no"
    assert got["A/HRC/RES/S-11/1"] == "yes"
    assert set(res["decisions"]["scope"]) == {"country-specific"}
    assert res.params["concerning"] == "LKA"


def test_position_filter_keeps_only_that_position(reg):
    """Russia and Eritrea were the two votes against A/HRC/RES/49/1 on Ukraine (4 Mar 2022, 32-2-13;
    SOURCES.md check of hrc-voting)."""
    from rightsregime.resources.positions import state_votes

    res = state_votes(reg, "ERI", position="no", body="HRC", years="2022")
    assert set(res["decisions"]["position"]) == {"no"}
    assert "A/HRC/RES/49/1" in set(res["decisions"]["symbol"])
    assert res["by_position"]["no"] == res["count"]


def test_decisions_filtered_by_who_voted_how(reg):
    """The same two states against, on the Ukraine text of March 2022: --voted RUS=no,ERI=no finds it,
    --voted RUS=yes does not (Russia voted no)."""
    from rightsregime.resources.positions import filter_decisions

    hrc22 = reg.decisions(body="HRC", years=(2022, 2022))
    both = filter_decisions(reg, hrc22, voted="RUS=no,Eritrea=no")
    assert "A/HRC/RES/49/1" in set(both["symbol"])
    assert "A/HRC/RES/49/1" not in set(filter_decisions(reg, hrc22, voted="RUS=yes")["symbol"])
    ukraine = filter_decisions(reg, hrc22, scope="country-specific", concerning="UKR")
    assert "A/HRC/RES/49/1" in set(ukraine["symbol"])
    with pytest.raises(RightsRegimeError, match="STATE=POSITION"):
        filter_decisions(reg, hrc22, voted="RUS:no")


def test_votes_command_table_json_and_bad_scope(warehouse_path):
    """The command prints the state's name beside its code; --json is the resource document; an
    unknown scope is one line and a non-zero exit."""
    proc = run("votes", "--state", "CHN", "--body", "HRC", "--concerning", "LKA", db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    assert "China (CHN)" in proc.stdout and "A/HRC/RES/46/1" in proc.stdout
    assert max(len(line) for line in proc.stdout.splitlines()) <= 80
    doc = json.loads(run("votes", "--state", "CHN", "--body", "HRC", "--concerning", "LKA", "--json",
                         db=warehouse_path).stdout)
    assert doc["kind"] == "state_votes" and doc["state"] == "CHN"
    assert {"A/HRC/RES/46/1": "no"}.items() <= {d["symbol"]: d["position"] for d in doc["decisions"]}.items()
    bad = run("votes", "--state", "CHN", "--scope", "regional", db=warehouse_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr  # a usage mistake (params.scope)
    assert bad.stderr.strip().count("\n") == 0 and "country-specific, thematic" in bad.stderr


# -- 2. how split was each group -----------------------------------------------------------------
def test_asia_pacific_tied_five_five_on_sri_lanka_46_1(reg):
    """On A/HRC/RES/46/1 the Asia-Pacific members voted 3 yes (Fiji, Republic of Korea, Marshall
    Islands), 5 no (Bangladesh, China, Pakistan, Philippines, Uzbekistan), 5 abstain (Bahrain,
    Indonesia, India, Japan, Nepal) (dbsjeyaraj.com/dbsj/archives/72325, the vote lists): a tied
    plurality, reported with its Hix-Noury-Roland score (5 - 8/2) / 13 = 1/13, the lowest of all."""
    from rightsregime.resources.splits import decision_splits

    res = decision_splits(reg, "A/HRC/RES/46/1")
    apg = res["splits"].set_index("group_id").loc["ASIA_PACIFIC"]
    assert (apg["yes"], apg["no"], apg["abstain"]) == (3, 5, 5)
    assert apg["plurality"].startswith("tie")
    assert apg["cohesion"] == pytest.approx(1 / 13)
    assert res["most_divided"]["group_id"] == "ASIA_PACIFIC"
    weog = res["splits"].set_index("group_id").loc["WEOG"]
    assert (weog["yes"], weog["no"], weog["abstain"], weog["cohesion"]) == (7, 0, 0, 1.0)


def test_cohesion_command_survives_a_tied_plurality(warehouse_path):
    """Before issue 9 `cohesion ASIA_PACIFIC` on the 2021 Sri Lanka vote exited with 'nothing to
    defect from'; now it reports the score (1/13 = 0.077 on the one decision)."""
    proc = run("cohesion", "ASIA_PACIFIC", "--body", "HRC", "--years", "2021", "--subject", "Sri Lanka",
               "--json", db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["cohesion"][0]["cohesion"] == pytest.approx(1 / 13)
    assert doc["defections"] == []


def test_splits_of_a_ga_symbol_not_held_names_the_source(reg):
    """GA per-country votes of 2020-2024 are not held (SOURCES.md, 'Not found'): a 2021 symbol
    (session 76) points to the UN Digital Library voting file."""
    from rightsregime.resources.splits import decision_splits

    with pytest.raises(UnknownSymbol, match="Digital Library"):
        decision_splits(reg, "A/RES/76/999")


def test_splits_chart_written_with_its_data(warehouse_path, tmp_path):
    """--chart writes PNG, SVG and the CSV of the bars; the CSV holds the counts shown."""
    proc = run("splits", "A/HRC/RES/46/1", "--chart", str(tmp_path / "s.png"), db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "s.png").stat().st_size > 10_000 and (tmp_path / "s.svg").exists()
    data = pd.read_csv(tmp_path / "s.csv").set_index("group_id")
    assert data.loc["ASIA_PACIFIC", ["yes", "no", "abstain"]].tolist() == [3, 5, 5]


# -- 7. where the data stops ---------------------------------------------------------------------
def test_coverage_notes_name_the_ga_gap_and_the_upr_end():
    """SOURCES.md: unvotes ends 2019-12-27; GA per-country votes 2020-2024 are a gap; UPR Info
    export covers sessions 1-20, to October 2014; ratification status of about mid-2022."""
    from rightsregime.regime.coverage import coverage_notes, topic_notes

    ga = " ".join(coverage_notes("GA", (2016, 2022)))
    assert "2020-2024" in ga and "not held" in ga
    assert not any("2020-2024" in n for n in coverage_notes("GA", (2000, 2010)))
    assert any("2014" in n for n in topic_notes("upr"))
    assert any("mid-2022" in n for n in topic_notes("ratifications"))
    assert any("adopted texts only" in n for n in coverage_notes("CHR", (1990, 2000)))


# -- 3. who could switch -------------------------------------------------------------------------
def test_sogi_17_19_needed_two_switches_and_names_candidates(reg):
    """A/HRC/RES/17/19 (17 Jun 2011, 23-19-3; SOURCES.md check): two yes votes turning no would have
    rejected it. The candidates are its yes voters and abstainers (China, Burkina Faso and Zambia
    abstained), ranked from the opponents' side; no opponent is a candidate."""
    from rightsregime.resources.switchers import switchers

    res = switchers(reg, "A/HRC/RES/17/19")
    assert res["min_flips"] == 2
    nearest = res["nearest"]
    assert set(nearest["position"]) <= {"yes", "abstain", "non_voting"}
    assert nearest["rank"].tolist() == list(range(1, len(nearest) + 1))
    assert nearest["lean"].is_monotonic_increasing
    members = res["members"].set_index("iso3")
    assert members.loc["CHN", "position"] == "abstain" and members.loc["CHN", "candidate"]
    # Pakistan, which led the opposition for the OIC, sits on the opponents' side.
    assert members.loc["PAK", "lean"] < 0 and not members.loc["PAK", "candidate"]


# -- 5. compare states ---------------------------------------------------------------------------
def test_compare_brics_ratifications_and_agreement(reg):
    """Treaty status of mid-2022 (hr-treaty-ratification): China signed the ICCPR (1998) without
    ratifying it; India has not ratified the CAT (signed 1997); Brazil ratified OPCAT in 2007;
    none of the four is party to the ICMW. Russia and China vote alike in the Council far more
    than China and the United States."""
    from rightsregime.resources.compare import compare_states

    res = compare_states(reg, ["CHN", "IND", "BRA", "ZAF"], references=["USA", "RUS", "EU"], body="HRC")
    rat = res["ratifications"].set_index("instrument_id")
    assert rat.loc["ICCPR", "CHN"] == "s" and rat.loc["CAT", "IND"] == "s"
    assert rat.loc["OPCAT", "BRA"] == "2007" and rat.loc["OPCAT", "scrutiny"]
    assert (rat.loc["ICMW", ["CHN", "IND", "BRA", "ZAF"]] == "").all()
    assert not rat.loc["ICCPR", "scrutiny"] and len(rat) == 18
    ag = res["agreement"]
    assert ag.loc["CHN", "RUS"] > 0.9 and ag.loc["CHN", "USA"] < 0.2
    assert "[EU]" in ag.columns
    assert res["profile"].set_index("iso3").loc["CHN", "hrc_years"] >= 15


# -- 6. export -----------------------------------------------------------------------------------
def test_export_slice_row_count_equals_the_votes_of_the_slice(reg, tmp_path):
    """The denormalised votes of HRC 2016-2022 have one row per vote of the slice, each with the
    state's name and regional group; written as CSV and Parquet they read back the same."""
    from rightsregime.resources.export import slice_tables, write_tables

    res = slice_tables(reg, tables="votes,decisions", body="HRC", years="2016-2022")
    n = reg.sql("SELECT count(*) AS n FROM votes JOIN decisions USING (decision_id) "
                "WHERE body_id = 'HRC' AND year BETWEEN 2016 AND 2022")["n"].iloc[0]
    votes = res["votes"]
    assert len(votes) == n == res["counts"]["votes"]
    assert list(votes.columns[:11]) == ["symbol", "body_id", "date", "title", "kind", "scope", "iso3",
                                        "state", "regional_group", "position", "outcome"]
    row = votes[(votes["symbol"] == "A/HRC/RES/46/1") & (votes["iso3"] == "CHN")].iloc[0]
    assert (row["state"], row["regional_group"], row["position"], row["scope"]) == \
        ("China", "ASIA_PACIFIC", "no", "country-specific")
    written = write_tables({"votes": votes}, tmp_path, "parquet") + write_tables({"votes": votes}, tmp_path, "csv")
    assert len(pd.read_parquet(written[0])) == n and len(pd.read_csv(written[1])) == n
    with pytest.raises(RightsRegimeError, match="choose among"):
        slice_tables(reg, tables="ballots")


# -- 9. same seed, same result -------------------------------------------------------------------
def test_shift_intervals_do_not_depend_on_row_order(reg):
    """The warehouse returns rows in no fixed order (parallel scans): the bootstrap intervals of
    China's shift against the United States in the GA must be identical for the same seed whatever
    the order of the votes (before issue 9 they differed in the fourth decimal between runs)."""
    from rightsregime.analysis.changepoints import agreement_scores, change_points

    votes = reg.votes(body="GA", years=(1971, 2019))
    a = change_points(agreement_scores(votes, "CHN", "USA"), n_boot=200, random_state=0)
    shuffled = votes.sample(frac=1.0, random_state=7).reset_index(drop=True)
    b = change_points(agreement_scores(shuffled, "CHN", "USA"), n_boot=200, random_state=0)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) >= 1


def test_ideal_points_do_not_depend_on_row_order(reg):
    """Same votes in another order, same seed: the same estimates and bootstrap intervals, digit
    for digit (the fit sums over votes, and floating sums depend on their order)."""
    from rightsregime.analysis import IdealPoints

    votes = reg.votes(body="HRC", years=(2016, 2019))
    shuffled = votes.sample(frac=1.0, random_state=3).reset_index(drop=True)
    a = IdealPoints(n_bootstrap=4, n_jobs=1, random_state=0).fit(votes).tidy()
    b = IdealPoints(n_bootstrap=4, n_jobs=1, random_state=0).fit(shuffled).tidy()
    pd.testing.assert_frame_equal(a, b)


# -- 10. ideal points: the sign held across bodies -----------------------------------------------
def test_hrc_slice_without_the_usa_is_anchored_on_a_state_present(reg):
    """The United States was not an HRC member in 2019 (it left in June 2018): the scale is
    anchored on the United Kingdom, present and beside it on the published scale, so China comes
    out negative as in the GA (before issue 9 it came out at +2.4)."""
    from rightsregime.analysis import IdealPoints

    model = IdealPoints(random_state=0).fit(reg.votes(body="HRC", years=(2019, 2019)))
    assert model.anchor_ == "GBR"
    est = model.tidy().set_index("iso3")["value"]
    assert est["CHN"] < 0 < est["GBR"]


# -- 4. blocs at several scales ------------------------------------------------------------------
def test_nested_blocs_find_the_like_minded_core_inside_the_majority(reg):
    """HRC 2016-2022: the coarsest split separates the Western-aligned states (with the United
    States and the EU members) from the developing-country majority (with China and Russia); inside
    the majority, finer stable communities keep China, Cuba, Russia and Venezuela together, the
    core of the Like-Minded Group that opposes country mandates, and that community is more
    cohesive than the one it nests in."""
    from rightsregime.resources.blocs_nested import nested_blocs

    res = nested_blocs(reg, body="HRC", years="2016-2022", n_boot=10, seed=0)
    t = res["communities"]
    top = t[t["level"] == 0]
    west = next(m for m in top["members"] if "USA" in m)
    assert "DEU" in west and "FRA" in west and "CHN" not in west and "RUS" not in west
    lmg = {"CHN", "CUB", "RUS", "VEN"}
    holding = t[t["members"].map(lambda m: lmg <= set(m))]
    assert holding["level"].max() >= 2  # a nested community, not only the coarse majority
    assert (t["stability"] >= 0.75).all()
    assert t.loc[t["level"] > 0, "parent"].map(lambda p: p in set(t["community"])).all()
    tight = holding.sort_values("level").iloc[-1]
    assert tight["cohesion"] > t.loc[t["community"] == tight["parent"], "cohesion"].iloc[0]


def test_votes_of_a_state_not_sitting_is_an_empty_answer_not_an_error(reg):
    """Venezuela was not an HRC member in 2019 (it sat 2013-2018 and from 2020): asking for its 2019
    votes gives zero decisions, and the same question over all years lists its votes on the
    texts about itself (A/HRC/RES/45/20 of 2020: no)."""
    from rightsregime.resources.positions import state_votes

    assert state_votes(reg, "VEN", body="HRC", years="2019", concerning="VEN")["count"] == 0
    res = state_votes(reg, "VEN", body="HRC", concerning="VEN")
    assert dict(zip(res["decisions"]["symbol"], res["decisions"]["position"]))["A/HRC/RES/45/20"] == "no"


def test_export_command_writes_the_slice(warehouse_path, tmp_path, reg):
    """`export DIR --tables votes --body HRC --years 2016-2022 --format csv` writes one row per vote
    of the slice."""
    proc = run("export", str(tmp_path), "--tables", "votes", "--body", "HRC", "--years", "2016-2022",
               "--format", "csv", db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    n = reg.sql("SELECT count(*) AS n FROM votes JOIN decisions USING (decision_id) "
                "WHERE body_id = 'HRC' AND year BETWEEN 2016 AND 2022")["n"].iloc[0]
    assert len(pd.read_csv(tmp_path / "votes.csv")) == n
    assert not (tmp_path / "decisions.csv").exists()


def test_vote_rows_hold_the_same_votes_as_votes(reg):
    """The lean read behind idealpoints (issue 9, memory) returns every position of the slice: the
    same rows as reg.votes(), four columns only."""
    lean = reg.vote_rows(body="HRC", years=(2019, 2019))
    full = reg.votes(body="HRC", years=(2019, 2019))
    assert list(lean.columns) == ["decision_id", "iso3", "position", "year"]
    key = ["decision_id", "iso3", "position"]
    pd.testing.assert_frame_equal(lean[key].sort_values(key, ignore_index=True).astype(str),
                                  full[key].sort_values(key, ignore_index=True).astype(str))
