"""The alignment map (resource ``poles``, page /poles): every state's agreement with two reference
states, on the real record.

Facts checked against the public record:
- The United States left the Human Rights Council on 19 June 2018 (it announced its withdrawal that
  day, A/HRC/38 session) and was elected again for 2022-2024: it cast no vote on the Council in 2019
  or 2020.
- France votes with the United States, Cuba and Venezuela with China, on the Council's recorded votes
  of 2016-2022 (any roll call of the period, e.g. A/HRC/RES/37/2 or A/HRC/RES/40/13).
"""
from __future__ import annotations

import csv
import io

import pytest

from rightsregime.errors import RightsRegimeError, UsageError
from rightsregime.resources.poles import pole_labels, poles


@pytest.fixture(scope="module")
def hrc(reg):
    return poles(reg, "USA", "CHN", body="HRC", years="2016-2022")


def _by_hand(reg, a: str, b: str) -> tuple[float, int]:
    rows = reg.sql("""SELECT x.position AS pa, y.position AS pb FROM votes x
                      JOIN votes y ON y.decision_id = x.decision_id AND y.iso3 = ?
                      JOIN decisions d ON d.decision_id = x.decision_id
                      WHERE x.iso3 = ? AND d.body_id = 'HRC' AND d.year BETWEEN 2016 AND 2022
                        AND x.position IN ('yes', 'no', 'abstain') AND y.position IN ('yes', 'no', 'abstain')""",
                   [b, a])
    same = (rows["pa"] == rows["pb"]).sum()
    half = ((rows["pa"] == "abstain") ^ (rows["pb"] == "abstain")).sum()
    return (same + half / 2) / len(rows), len(rows)


def test_each_coordinate_is_the_agreement_counted_from_the_votes(hrc, reg):
    table = hrc["states"].set_index("iso3")
    for state in ("FRA", "CUB", "IND"):
        index, n = _by_hand(reg, "USA", state)
        assert table.loc[state, "agree_x"] == pytest.approx(index) and table.loc[state, "n_x"] == n
        index, n = _by_hand(reg, "CHN", state)
        assert table.loc[state, "agree_y"] == pytest.approx(index) and table.loc[state, "n_y"] == n


def test_the_poles_sit_at_one_and_the_sides_are_where_the_record_puts_them(hrc, reg):
    table = hrc["states"].set_index("iso3")
    assert table.loc["USA", "agree_x"] == 1 and table.loc["CHN", "agree_y"] == 1
    cast = reg.sql("""SELECT count(*) AS n FROM votes v JOIN decisions d USING (decision_id)
                      WHERE v.iso3 = 'USA' AND d.body_id = 'HRC' AND d.year BETWEEN 2016 AND 2022
                        AND v.position IN ('yes', 'no', 'abstain')""")["n"].iloc[0]
    assert table.loc["USA", "n_x"] == cast
    assert table.loc["FRA", "agree_x"] > 0.8 > 0.2 > table.loc["FRA", "agree_y"]
    for state in ("CUB", "VEN"):
        assert table.loc[state, "agree_y"] > 0.8 > 0.2 > table.loc[state, "agree_x"]
    assert hrc["placed"] == int(hrc["states"][["agree_x", "agree_y"]].notna().all(axis=1).sum())


def test_labels_name_both_poles_and_spread(hrc):
    labels = pole_labels(hrc["states"], n=12)
    assert labels[:2] == ["USA", "CHN"] or set(labels[:2]) == {"USA", "CHN"}
    assert len(labels) == 12 and len(set(labels)) == 12


def test_a_pole_absent_from_the_period_is_said(reg):
    with pytest.raises(RightsRegimeError, match="USA cast no recorded vote"):
        poles(reg, "USA", "CHN", body="HRC", years="2019-2020")
    with pytest.raises(UsageError, match="same state"):
        poles(reg, "CHN", "China", body="HRC")



def test_the_page_its_chart_table_and_csv(client):
    page = client.get("/poles?body=GA&years=2010-2019")
    assert page.status_code == 200 and "Between United States and China: GA 2010-2019" in page.text
    doc = client.get("/api/poles?body=GA&years=2010-2019").json()
    assert doc["placed"] == 193  # every UN member voted in the GA of the 2010s
    chart = client.get("/chart/poles.svg?body=GA&years=2010-2019")
    assert chart.headers["content-type"] == "image/svg+xml" and "Source: unvotes" in chart.text
    rows = list(csv.DictReader(io.StringIO(client.get("/poles.csv?body=GA&years=2010-2019").text)))
    assert len(rows) == len(doc["states"]) and {"iso3", "agree_x", "n_x", "agree_y", "n_y"} <= set(rows[0])
    assert client.get("/api/poles?x=USA&y=USA").status_code == 400
    assert client.get("/api/poles?x=ZZZ").status_code == 404
    assert "/poles?body=HRC" in client.get("/blocs").text



def test_the_command_line_prints_the_same_map(cli, tmp_path, hrc):
    code, out, _ = cli("poles", "--x", "USA", "--y", "CHN", "--body", "HRC", "--years", "2016-2022", "--csv")
    rows = {r["iso3"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and len(rows) == len(hrc["states"])
    assert float(rows["FRA"]["agree_x"]) == pytest.approx(hrc["states"].set_index("iso3").loc["FRA", "agree_x"])
    code, _, _ = cli("poles", "--body", "GA", "--years", "2010-2019", "--chart", "map.svg")
    assert code == 0 and (tmp_path / "map.svg").exists() and (tmp_path / "map.csv").exists()
    code, _, err = cli("poles", "--x", "USA", "--y", "USA")
    assert code == 2 and "same state" in err


def test_compare_a_state_with_its_neighbours(cli):
    """China's neighbours in the UN M49 subregion Eastern Asia: Japan, Mongolia and the two Koreas."""
    code, out, err = cli("compare", "--neighbours", "CHN", "--json")
    assert code == 0 and "Eastern Asia" in err
    import json

    assert set(json.loads(out)["params"]["states"]) == {"CHN", "JPN", "KOR", "MNG", "PRK"}
    code, _, err = cli("compare")
    assert code == 2 and "--neighbours" in err
