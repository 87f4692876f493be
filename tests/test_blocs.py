"""Blocs found in the real record: the Commission's like-minded states, the Western group, and
blocs followed across periods."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rightsregime.analysis.blocs import find_blocs, split_periods
from rightsregime.errors import EstimationError


@pytest.fixture(scope="module")
def chr_votes(reg):
    return reg.votes(body="CHR", years=(1990, 2005))


@pytest.fixture(scope="module")
def chr_blocs(reg, chr_votes):
    members = reg.group_members()
    return find_blocs(chr_votes, periods=[(1998, 2005)], group_members=members[members["group_id"] != "UN"],
                      body="CHR")


def bloc_of(result, state, period=None):
    rows = result.blocs if period is None else result.blocs[result.blocs["period"] == period]
    return next(set(r.members) for r in rows.itertuples() if state in r.members)


def test_like_minded_bloc_in_the_commission_1998_2005(chr_blocs):
    """The late-1990s Like-Minded Group (China, Cuba, Pakistan, Egypt, India, Indonesia, Malaysia,
    Sudan, Syria, Viet Nam, Zimbabwe...) comes out as one bloc, apart from the United States."""
    lmg = bloc_of(chr_blocs, "CHN")
    assert {"CUB", "PAK", "EGY", "IND", "IDN", "MYS", "SDN", "SYR", "VNM", "ZWE"} <= lmg
    assert "USA" not in lmg and "GBR" not in lmg


def test_western_bloc_in_the_commission_1998_2005(chr_blocs):
    western = bloc_of(chr_blocs, "USA")
    assert {"GBR", "FRA", "DEU", "CAN", "JPN", "AUS"} <= western
    row = chr_blocs.blocs[chr_blocs.blocs["members"].map(lambda m: "USA" in m)].iloc[0]
    assert row["cohesion"] > 0.8
    assert row["stability"] > 0.9  # the same Western bloc in (nearly) every Leiden run
    top = chr_blocs.overlap[(chr_blocs.overlap["bloc"] == row["bloc"])].iloc[0]
    assert top["group_id"] in {"WEOG", "OECD", "NATO", "EU"}


def test_blocs_are_deterministic_given_the_seed(chr_votes):
    a = find_blocs(chr_votes, periods=[(1998, 2005)], seed=3)
    b = find_blocs(chr_votes, periods=[(1998, 2005)], seed=3)
    assert a.blocs["members"].tolist() == b.blocs["members"].tolist()
    assert a.periods["modularity"].iloc[0] == b.periods["modularity"].iloc[0] > 0.2


def test_western_bloc_followed_across_periods(chr_votes):
    result = find_blocs(chr_votes, periods=split_periods((1998, 2005), 4))
    assert result.periods["period"].tolist() == ["1998-2001", "2002-2005"]
    lineages = {p: result.blocs[(result.blocs["period"] == p) & result.blocs["members"].map(lambda m: "USA" in m)]
                ["lineage"].iloc[0] for p in ("1998-2001", "2002-2005")}
    assert lineages["1998-2001"] == lineages["2002-2005"]
    matched = result.blocs[(result.blocs["period"] == "2002-2005") & (result.blocs["lineage"] == lineages["2002-2005"])]
    assert matched["matched_jaccard"].iloc[0] >= 0.3


def test_distinctive_votes_separate_the_bloc_from_the_rest(chr_blocs):
    row = chr_blocs.blocs[chr_blocs.blocs["members"].map(lambda m: "CHN" in m)].iloc[0]
    votes = chr_blocs.distinctive[chr_blocs.distinctive["bloc"] == row["bloc"]]
    assert len(votes) == 10 and (votes["gap"].abs() > 0.5).all()
    assert votes["symbol"].str.startswith("E/CN.4/").all()


def test_too_short_a_period_is_an_estimation_error(chr_votes):
    with pytest.raises(EstimationError, match=r"cast 20\+ votes in CHR 1990"):
        find_blocs(chr_votes, periods=[(1990, 1990)], min_votes=20, body="CHR")
    with pytest.raises(EstimationError, match=r"No recorded votes in CHR 1950"):
        find_blocs(chr_votes, periods=[(1950, 1950)], body="CHR")


def test_cli_blocs_json(warehouse_path, tmp_path):
    from rightsregime.cli import app

    chart = tmp_path / "net.png"
    result = CliRunner().invoke(app, ["blocs", "--body", "CHR", "--years", "1998-2005", "--json",
                                      "--chart", str(chart), "--db", str(warehouse_path)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {"blocs", "periods"} <= set(doc)
    first = doc["blocs"][0]
    assert {"members", "cohesion", "size", "lineage", "stability", "distinctive_votes", "named_groups"} <= set(first)
    assert any({"CHN", "CUB", "PAK"} <= set(b["members"]) for b in doc["blocs"])
    assert chart.stat().st_size > 10_000
