"""`rightsregime coincidence` and `rightsregime outvoted` (issue 9): the coincidence matrix and the
most-often-outvoted ranking at the terminal, as JSON, CSV and a printable chart. Facts from the
public record; counts recomputed here from the warehouse's votes table, independently of the
analysis code."""
from __future__ import annotations

import csv
import io
import json

import pytest




def _sided_and_lost(reg, iso3: str, body: str, year: int) -> tuple[int, int]:
    """A state's yes/no votes on texts with a known outcome, and those on the losing side,
    counted straight from the votes and decisions tables."""
    row = reg.sql("""SELECT count(*) FILTER (WHERE v.position IN ('yes', 'no')),
                            count(*) FILTER (WHERE (v.position = 'no' AND d.outcome = 'adopted')
                                             OR (v.position = 'yes' AND d.outcome = 'rejected'))
                     FROM votes v JOIN decisions d USING (decision_id)
                     WHERE d.body_id = ? AND year(d.date) = ? AND v.iso3 = ?
                       AND d.outcome IN ('adopted', 'rejected')""", [body, year, iso3]).iloc[0]
    return int(row.iloc[0]), int(row.iloc[1])


def test_the_united_states_and_israel_were_most_often_outvoted_in_the_2019_assembly(cli, reg):
    """In the 2019 General Assembly the United States and Israel stood apart from the majority more
    than any other member (US Department of State, 'Voting Practices in the United Nations 2019',
    report to Congress: Israel voted with the US on 90 of 92 contested votes, no other member on
    more than three quarters). The first two of the ranking are those two, and the United
    States' counts match the votes table."""
    code, out, err = cli("outvoted", "--body", "GA", "--years", "2019", "--json")
    assert code == 0, err
    doc = json.loads(out)
    ranking = doc["ranking"]
    assert {ranking[0]["iso3"], ranking[1]["iso3"]} == {"USA", "ISR"}
    usa = next(r for r in ranking if r["iso3"] == "USA")
    assert (usa["sided"], usa["outvoted"]) == _sided_and_lost(reg, "USA", "GA", 2019)
    assert usa["low"] <= usa["share"] <= usa["high"]
    assert doc["params"]["body"] == "GA" and doc["params"]["years"] == [2019, 2019]


def test_israel_is_the_united_states_closest_partner_in_the_2019_assembly(cli, reg):
    """Same report: Israel's coincidence with the United States in 2019 was the highest of any
    member (96 %). The USA-ISR index (identical votes plus half the votes where one abstained,
    over the votes both cast) is recomputed here from the votes table."""
    code, out, err = cli("coincidence", "--body", "GA", "--years", "2019",
                         "--states", "USA,ISR,GBR,FRA,CHN,RUS", "--json")
    assert code == 0, err
    pairs = [p for p in json.loads(out)["pairs"] if p["state"] == "USA"]
    closest = max(pairs, key=lambda p: p["index"])
    assert closest["partner"] == "ISR" and closest["index"] > 0.9
    row = reg.sql("""SELECT count(*) AS n,
                            count(*) FILTER (WHERE a.position = b.position) AS same,
                            count(*) FILTER (WHERE a.position <> b.position
                                             AND 'abstain' IN (a.position, b.position)) AS half
                     FROM votes a JOIN votes b USING (decision_id) JOIN decisions d USING (decision_id)
                     WHERE d.body_id = 'GA' AND year(d.date) = 2019 AND a.iso3 = 'USA' AND b.iso3 = 'ISR'
                       AND a.position IN ('yes', 'no', 'abstain')
                       AND b.position IN ('yes', 'no', 'abstain')""").iloc[0]
    assert closest["n_common"] == int(row["n"])
    assert closest["index"] == pytest.approx((row["same"] + row["half"] / 2) / row["n"], abs=1e-9)


def test_a_state_off_the_council_is_named_not_shown_as_an_empty_row(cli):
    """The United States left the Human Rights Council in June 2018 and returned on 1 January 2022
    (elected by the GA on 14 October 2021): it cast no vote in the Council in 2021, and the answer
    says so instead of printing an empty row."""
    code, out, err = cli("coincidence", "--body", "HRC", "--years", "2021", "--csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and "USA" not in {r["state"] for r in rows} | {r["partner"] for r in rows}
    assert {"CHN", "RUS", "GBR"} <= {r["state"] for r in rows}
    code, out, err = cli("coincidence", "--body", "HRC", "--years", "2021")
    assert code == 0, err
    assert "Not voting in HRC 2021: USA" in " ".join(out.split())


def test_outvoted_csv_is_the_ranking_and_the_chart_is_written_with_its_data(cli, tmp_path):
    """`outvoted --csv --n 5` writes the five most outvoted as CSV; `--chart` writes PNG, SVG and
    the chart's data (the same five states) beside them."""
    code, out, err = cli("outvoted", "--body", "HRC", "--years", "2021", "--n", "5", "--csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5 and {"iso3", "name", "sided", "outvoted", "share", "low", "high"} <= set(rows[0])
    code, _, err = cli("outvoted", "--body", "HRC", "--years", "2021", "--n", "5", "--chart", "out.png")
    assert code == 0, err
    assert (tmp_path / "out.png").stat().st_size > 10_000 and (tmp_path / "out.svg").exists()
    drawn = list(csv.DictReader((tmp_path / "out.csv").open()))
    assert [r["iso3"] for r in drawn] == [r["iso3"] for r in rows]
    code, _, err = cli("coincidence", "--body", "HRC", "--years", "2021", "--chart", "coin.svg")
    assert code == 0, err
    assert (tmp_path / "coin.png").exists() and "<svg" in (tmp_path / "coin.svg").read_text()[:500]


@pytest.mark.parametrize("argv, where", [
    (["outvoted", "--body", "GA,HRC"], "--body"),
    (["coincidence", "--body", "UNGA"], "--body"),
    (["outvoted", "--n", "0"], "--n"),
    (["coincidence", "--years", "2031-2020"], "--years"),
])
def test_usage_mistakes_are_one_line_and_exit_2(cli, argv, where):
    """A second body, an unknown body, a count of zero or a reversed range: one line naming the
    option, exit 2."""
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and where in err
