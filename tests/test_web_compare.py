"""The observatory's comparison page (/compare): a state beside its neighbours, or states a user
names, served in-process over the warehouse built from the real sources.

Facts checked against the public record:
- Eastern Asia in the UN M49 standard (UN Statistics Division, series M no. 49) holds China, the
  Democratic People's Republic of Korea, Japan, Mongolia and the Republic of Korea (and Hong Kong
  and Macao, which are not UN members).
- China signed the ICCPR in 1998 and has not ratified it; it ratified CAT in 1988; Japan ratified
  the ICCPR in 1979; the Republic of Korea acceded to CAT in 1995 (UN Treaty Collection, chapter
  IV.4 and IV.9).
- China sat on the Council in 2006-2012, 2014-2019 and 2021-2026, 19 Council years; Mongolia in
  2016-2018 (elected 2015, A/70/PV.40); the DPRK has never sat on it.
"""
from __future__ import annotations

import csv
import io

import pytest



@pytest.fixture(scope="module")
def neighbours(client):
    response = client.get("/api/compare?neighbours=CHN")
    assert response.status_code == 200
    return response.json()


def test_china_is_compared_with_the_un_members_of_eastern_asia(neighbours):
    assert neighbours["states"][0] == "CHN"
    assert set(neighbours["states"][1:]) == {"JPN", "KOR", "MNG", "PRK"}
    assert "Eastern Asia" in neighbours["caption"] and "M49" in neighbours["caption"]


def test_ratifications_side_by_side(neighbours):
    rows = {r["instrument"]: r for r in neighbours["ratifications"]}
    assert len(rows) == 18
    assert rows["ICCPR"]["CHN"] == "s" and rows["ICCPR"]["JPN"] == "1979"
    assert rows["CAT"]["CHN"] == "1988" and rows["CAT"]["KOR"] == "1995"
    assert rows["OPCAT"]["scrutiny"] == "scrutiny" and rows["CAT"]["scrutiny"] == ""


def test_seats_on_the_council(neighbours):
    seats = {r["iso3"]: r["hrc_years"] for r in neighbours["profile"]}
    assert seats["CHN"] == 19 and seats["MNG"] == 3 and seats["PRK"] == 0
    assert any("PRK" in note and "Not in the HRC record" in note for note in neighbours["notes"])


def _agreement_by_hand(reg, a: str, b: str, year: int | None = None) -> tuple[float, int]:
    """The Lijphart/Voeten index of two states on the Council's recorded votes, from the votes
    table: (identical + half the abstain-against-vote pairs / 2) / votes both cast."""
    rows = reg.sql("""SELECT x.position AS pa, y.position AS pb FROM votes x
                      JOIN votes y ON y.decision_id = x.decision_id AND y.iso3 = ?
                      JOIN decisions d ON d.decision_id = x.decision_id
                      WHERE x.iso3 = ? AND d.body_id = 'HRC' AND (? IS NULL OR d.year = ?)
                        AND x.position IN ('yes', 'no', 'abstain') AND y.position IN ('yes', 'no', 'abstain')""",
                   [b, a, year, year])
    same = (rows["pa"] == rows["pb"]).sum()
    half = ((rows["pa"] == "abstain") ^ (rows["pb"] == "abstain")).sum()
    return (same + half / 2) / len(rows), len(rows)


def test_agreement_is_counted_from_the_votes(neighbours, reg):
    matrix = {r["state"]: r for r in neighbours["agreement"]}
    index, _ = _agreement_by_hand(reg, "CHN", "JPN")
    assert matrix["China"]["Japan"] == pytest.approx(round(index, 2))
    # Japan and the Republic of Korea vote alike on the Council; China apart from both.
    assert matrix["Japan"]["Republic of Korea"] > 0.8 > 0.4 > matrix["China"]["Japan"]
    by_year = {(r["state"], r["year"]): r for r in neighbours["agreement_by_year"]}
    index, n = _agreement_by_hand(reg, "JPN", "CHN", 2010)
    assert by_year[("JPN", 2010)]["n_common"] == n and by_year[("JPN", 2010)]["index"] == pytest.approx(index)


def test_named_states_and_a_group_as_reference(client):
    doc = client.get("/api/compare?states=CHN,IND,BRA,ZAF&with=EU").json()
    assert doc["states"] == ["CHN", "IND", "BRA", "ZAF"] and doc["reference"] == "[EU]"
    assert {r["state"] for r in doc["agreement_by_year"]} == {"CHN", "IND", "BRA", "ZAF"}


def test_every_table_downloads_as_csv(client):
    response = client.get("/compare/ratifications.csv?neighbours=CHN")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 18 and {"instrument", "title", "scrutiny", "CHN", "JPN"} <= set(rows[0])
    for table in ("profile", "agreement", "agreement_by_year"):
        assert client.get(f"/compare/{table}.csv?neighbours=CHN").status_code == 200


def test_the_page_and_its_charts(client):
    page = client.get("/compare?neighbours=CHN")
    assert page.status_code == 200
    assert "Democratic People&#39;s Republic of Korea" in page.text and "/compare/profile.csv?" in page.text
    for chart in ("agreement", "commitments"):
        svg = client.get(f"/chart/compare/{chart}.svg?neighbours=CHN")
        assert svg.headers["content-type"] == "image/svg+xml" and "Source" in svg.text
    assert client.get("/state/CHN").text.count("/compare?neighbours=CHN") == 1
    empty = client.get("/compare")
    assert empty.status_code == 200 and "neighbours=CHN" in empty.text  # the examples


@pytest.mark.parametrize("query, status, words", [
    ("states=CHN", 400, "2 to 8 states"),
    ("states=CHN,ZZZ", 404, "ZZZ"),
    ("neighbours=CHN&body=SC", 400, "GA, HRC, CHR"),
    ("states=CHN,JPN&years=2030", 400, "2006-2026"),
])
def test_bad_input_says_what_is_wrong(client, query, status, words):
    response = client.get(f"/api/compare?{query}")
    assert response.status_code == status and words in response.json()["error"]
