"""The observatory's state page (/state/CHN) and blocs page (/blocs), served in-process over the
warehouse built from the real sources.

Facts checked against the public record:
- China sat on the Council in 2006-2012, 2014-2019 and 2021-2026: elected in 2006, 2009, 2013,
  2016, 2020 and 2023, off in 2013 and 2020 by the two-consecutive-terms rule (ECNS, 11 Oct 2023,
  "China elected member of the Human Rights Council for the term 2024-2026"; Shine, 14 Oct 2020).
- China signed the ICCPR (1998) and has not ratified it; it ratified CAT in 1988 (UN Treaty
  Collection, chapter IV.4 and IV.9). The source holds ratification years only, not signature years.
- China was reviewed by the UPR at sessions 4 (February 2009) and 17 (October 2013).
- A/HRC/RES/37/23, "Promoting mutually beneficial cooperation in the field of human rights", was
  tabled by China (right-docs.org/doc/a-hrc-res-37-23).
- South Africa did not vote in the General Assembly from 1974 to 1994 (its credentials were
  rejected in 1974; it returned in June 1994): its line on China's agreement chart has a gap there.
- GA per-country votes of 2020-2024 are not held (SOURCES.md: unvotes ends in 2019, unga-2025-3dl
  holds 2025): no point is drawn for those years.
"""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def client(warehouse_path):
    from fastapi.testclient import TestClient

    from rightsregime.web import create_app

    with TestClient(create_app(warehouse_path), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def china(client, warehouse_path):
    """China's document once the GA ideal-point fit (made in the background) is ready."""
    from rightsregime.web.pages.state import FITS

    assert client.get("/api/state/CHN").status_code == 200  # starts the fit if no page has yet
    FITS.wait(warehouse_path, "GA")
    doc = client.get("/api/state/CHN").json()
    assert doc["ideal_points"]["status"] == "ready"
    return doc


def _agreement_by_hand(reg, a: str, b: str, body: str, year: int) -> tuple[float, int]:
    """The Lijphart/Voeten index of two states on one body and year, counted from the votes table:
    (identical + half agreements / 2) / votes where both voted yes, no or abstain."""
    rows = reg.sql("""SELECT x.position AS pa, y.position AS pb FROM votes x
                      JOIN votes y ON y.decision_id = x.decision_id AND y.iso3 = ?
                      JOIN decisions d ON d.decision_id = x.decision_id
                      WHERE x.iso3 = ? AND d.body_id = ? AND d.year = ?
                        AND x.position IN ('yes', 'no', 'abstain') AND y.position IN ('yes', 'no', 'abstain')""",
                   [b, a, body, year])
    if rows.empty:
        return 0.0, 0
    same = (rows["pa"] == rows["pb"]).sum()
    half = ((rows["pa"] == "abstain") ^ (rows["pb"] == "abstain")).sum()
    return (same + half / 2) / len(rows), len(rows)


# -- state page ----------------------------------------------------------------------------------

def test_china_membership_years_and_terms(client, china):
    assert china["membership_spells"]["HRC"] == "2006-2012, 2014-2019, 2021-2026"
    assert 2013 not in china["memberships"]["HRC"] and 2020 not in china["memberships"]["HRC"]
    html = client.get("/state/CHN").text
    assert "2006-2012, 2014-2019, 2021-2026" in html and "/chart/state/CHN/membership.svg" in html


def test_china_ratifications_iccpr_signed_only_cat_1988(client, china):
    rows = {r["instrument"]: r for r in china["ratification_rows"]}
    assert len(rows) == 18  # the 18 instruments: 12 treaties and protocols of obligation, 6 of scrutiny
    assert rows["ICCPR"]["status"] == "signatory" and rows["ICCPR"]["year"] is None and rows["ICCPR"]["signed"]
    assert rows["CAT"]["status"] == "party" and rows["CAT"]["year"] == 1988
    assert rows["OPCAT"]["scrutiny"] and rows["OPCAT"]["status"] == "none"
    svg = client.get("/chart/ratifications/CHN.svg").text
    assert "signed" in svg and "party to 8 of the 18" in svg  # China: 8 parties (UN Treaty Collection)


def test_agreement_with_usa_equals_the_align_command_and_the_votes(client, reg):
    """China-US agreement in the GA in 2019 on the page = what `rightsregime align` prints = the
    index counted by hand from the votes table."""
    import json

    from typer.testing import CliRunner

    from rightsregime.cli import app as cli_app

    doc = client.get("/api/state/CHN?with=USA&body=GA").json()["agreement_by_year"]
    page = {r["period"]: r for r in doc["series"]}
    out = CliRunner().invoke(cli_app, ["align", "CHN", "--body", "GA", "--with", "USA", "--json",
                                       "--db", str(reg.path)])
    assert out.exit_code == 0, out.output
    cli = {r["period"]: r for r in json.loads(out.output)["series"]}
    expected, n = _agreement_by_hand(reg, "CHN", "USA", "GA", 2019)
    assert page[2019]["index"] == pytest.approx(cli[2019]["index"]) == pytest.approx(expected)
    assert page[2019]["n_common"] == cli[2019]["n_common"] == n


def test_agreement_chart_has_gaps_where_no_votes_are_held(client, china):
    a = china["agreement_by_year"]
    assert a["partners"] == ["USA", "RUS", "IND", "BRA", "ZAF", "ASIA_PACIFIC"]  # defaults + own group
    years = {r["period"] for r in a["series"]}
    assert not years & set(range(2020, 2025)) and 2025 in years and 2019 in years
    zaf = {r["period"] for r in a["series"] if r["partner"] == "ZAF" and r["index"] is not None}
    assert not zaf & set(range(1975, 1994)) and 1973 in zaf and 1995 in zaf
    # Every point carries the number of votes behind it, in the table beside the chart.
    assert all(r["n_common"] > 0 for r in a["series"])
    svg = client.get("/chart/state/CHN/agreement.svg").text
    assert "no votes in the data" in svg and "South Africa" in svg and "Asia-Pacific" in svg and "votes shared" in svg


def test_chosen_partners_are_validated(client):
    doc = client.get("/api/state/CHN?with=USA,France&body=HRC").json()["agreement_by_year"]
    assert doc["partners"] == ["USA", "FRA"] and doc["body"] == "HRC"
    r = client.get("/state/CHN?with=Narnia")
    assert r.status_code == 404 and "Narnia" in r.text and "Traceback" not in r.text
    r = client.get("/api/state/CHN?with=USA,FRA,GBR,DEU,JPN,IND,BRA,ZAF,RUS")
    assert r.status_code == 400 and "1 to 8" in r.json()["error"]
    r = client.get("/api/state/CHN?body=UNGA")
    assert r.status_code == 400 and "GA, HRC, CHR" in r.json()["error"]


def test_nearest_and_farthest_partners(china):
    """In the GA over all years held, the United States is China's farthest partner."""
    a = china["agreement_by_year"]
    assert a["farthest"][0]["partner"] == "USA"
    assert a["nearest"][0]["index"] > a["farthest"][0]["index"]


def test_ideal_point_trajectory_with_interval(client, china):
    ip = china["ideal_points"]
    assert ip["body"] == "GA" and ip["sign"].startswith("USA")
    points = ip["points"]
    assert points[0]["year"] == 1971  # the PRC took China's seat in October 1971 (GA res 2758 (XXVI))
    assert all(p["lower"] <= p["value"] <= p["upper"] and p["n_votes"] > 0 for p in points)
    usa = {p["year"]: p["value"] for p in client.get("/api/state/USA").json()["ideal_points"]["points"]}
    assert all(p["value"] < usa[p["year"]] for p in points if p["year"] in usa)
    assert "95%" in client.get("/chart/state/CHN/idealpoints.svg").text  # the interval, in the credit line


def test_a_page_asked_before_the_fit_is_ready_says_so(reg):
    """The ideal-point fit runs in the background: until it is done the page is complete but for
    that section, which says it is being computed (and the chart says the same)."""
    from rightsregime.web.pages import state as state_page

    doc = state_page.document(reg, "CHN", ideal=lambda body: None)
    assert doc["ideal_points"]["status"] == "computing" and "being computed" in doc["ideal_points"]["message"]
    assert doc["agreement_by_year"]["series"] and doc["led"]["count"]  # the rest is there
    assert b"being computed" in state_page.ideal_points_svg(doc)


def test_upr_compliance_and_texts_led(client, china):
    received = china["upr_detail"]["received"]
    assert received["sessions"] == [4, 17]
    assert sum(r["n"] for r in received["by_category"]) == received["n"]
    assert china["upr_detail"]["made"]["n"] > 0
    assert {r["year"] for r in china["compliance"]} >= {2000, 2014}
    assert "A/HRC/RES/37/23" in {t["symbol"] for t in china["led"]["texts"]}
    assert china["led"]["count"] == len(china["led"]["texts"])
    html = client.get("/state/CHN").text
    assert "Texts led as main sponsor" in html and 'href="/decision/A/HRC/RES/' in html


def test_states_with_little_record_still_have_a_page(client):
    """Tuvalu made no UPR recommendation in sessions 1-20 and led no Council text; the USSR (SUN)
    ended in 1991, before the Council and the UPR: their pages say so instead of failing."""
    tuv = client.get("/api/state/TUV").json()
    assert "received" in tuv["upr_detail"] and "made" not in tuv["upr_detail"]
    assert tuv["led"]["count"] == 0 and "sponsor" in tuv["led"]["notes"][0]
    sun = client.get("/state/SUN")
    assert sun.status_code == 200 and "No UPR recommendation" in sun.text


def test_every_chart_is_svg_with_a_source_line(client):
    for chart in ("membership", "agreement", "idealpoints", "compliance"):
        r = client.get(f"/chart/state/CHN/{chart}.svg")
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        assert "rightsregime" in r.text  # the credit line
    assert client.get("/chart/state/CHN/nothing.svg").status_code == 422


# -- blocs page ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def blocs(client):
    r = client.get("/api/blocs?body=HRC&years=2016-2022")
    assert r.status_code == 200
    return r.json()


def test_blocs_place_every_active_member(blocs, reg):
    """HRC 2016-2022: two communities, a Western one (with the US, France, Germany) and one with
    China and Russia; every state that cast 20 or more votes in those years is in exactly one."""
    votes = reg.votes(body="HRC", years=(2016, 2022), lean=True)
    cast = votes[votes["position"].isin(["yes", "no", "abstain"])]
    active = set(cast["iso3"].value_counts().loc[lambda s: s >= 20].index)
    placed = [s for b in blocs["blocs"] for s in b["members"]]
    assert len(placed) == len(set(placed)) and set(placed) == active
    assert len(blocs["blocs"]) == 2 and all(0 <= b["cohesion"] <= 1 for b in blocs["blocs"])
    of = {s: b["label"] for b in blocs["blocs"] for s in b["members"]}
    assert of["USA"] == of["FRA"] == of["DEU"] != of["CHN"] == of["RUS"]
    assert blocs["network"]["n_decisions"] == cast["decision_id"].nunique()
    assert all(c["core"] and 0 <= c["cohesion"] <= 1 for c in blocs["communities"])


def test_group_cohesion_over_time(blocs):
    table = {r["year"]: r for r in blocs["cohesion_table"]}
    assert set(table) == set(range(2016, 2023))
    # The Western group votes together more than the Asia-Pacific group in every year.
    assert all(r["WEOG"] > r["ASIA_PACIFIC"] for r in table.values())


def test_coincidence_matrix_counts_shared_votes(client, reg):
    doc = client.get("/api/blocs?body=HRC&years=2016-2022&states=FRA,DEU,CHN,CUB").json()["coincidence"]
    assert doc["states"] == ["FRA", "DEU", "CHN", "CUB"]
    pairs = {(p["state"], p["partner"]): p for p in doc["pairs"]}
    # FRA and DEU sat together in some of these years only; the index is that of their shared votes.
    hand = [_agreement_by_hand(reg, "FRA", "DEU", "HRC", y) for y in range(2016, 2023)]
    n = sum(k for _, k in hand)
    assert pairs[("FRA", "DEU")]["n_common"] == n
    assert pairs[("FRA", "DEU")]["index"] == pytest.approx(sum(v * k for v, k in hand) / n)
    assert pairs[("FRA", "DEU")]["index"] > 0.9 > 0.3 > pairs[("FRA", "CHN")]["index"]


def test_most_outvoted_counts_votes_against_the_outcome(blocs, reg):
    """Russia's count: its no votes on texts adopted and yes votes on texts rejected, HRC 2016-2022."""
    top = blocs["outvoted"]["ranking"]
    assert top == sorted(top, key=lambda r: -r["share"])
    rus = next(r for r in top if r["iso3"] == "RUS")
    counted = reg.sql("""SELECT count(*) FILTER (WHERE (v.position = 'no' AND d.outcome = 'adopted')
                                                   OR (v.position = 'yes' AND d.outcome = 'rejected')) AS lost,
                                count(*) FILTER (WHERE v.position IN ('yes', 'no')) AS sided
                         FROM votes v JOIN decisions d USING (decision_id)
                         WHERE v.iso3 = 'RUS' AND d.body_id = 'HRC' AND d.year BETWEEN 2016 AND 2022
                           AND d.outcome IN ('adopted', 'rejected')""").iloc[0]
    assert (rus["outvoted"], rus["sided"]) == (counted["lost"], counted["sided"])
    assert rus["low"] <= rus["share"] <= rus["high"]


def test_blocs_html_and_charts(client):
    html = client.get("/blocs?body=HRC&years=2016-2022").text
    for section in ("Who votes with whom", "core members", "Cohesion of the regional groups",
                    "Coincidence matrix", "Most often outvoted"):
        assert section in html
    net = client.get("/chart/blocs/network.svg?body=HRC&years=2016-2022")
    assert net.status_code == 200 and net.text.count("<circle") == 101 and "<title>China (CHN)" in net.text
    assert "Asia-Pacific Group" in client.get("/chart/blocs/cohesion.svg?body=HRC&years=2016-2022").text


def test_blocs_bad_parameters_name_the_valid_values(client):
    r = client.get("/blocs?body=UNGA")
    assert r.status_code == 400 and "GA, HRC, CHR" in r.text and "Traceback" not in r.text
    r = client.get("/api/blocs?body=HRC&years=1990")
    assert r.status_code == 400 and "2006" in r.json()["error"]
    r = client.get("/api/blocs?body=HRC&years=2099")  # after the last year the warehouse holds
    assert r.status_code == 400 and "outside the record of HRC" in r.json()["error"]
    r = client.get("/api/blocs?years=2016-2022&states=Narnia")
    assert r.status_code == 404 and "Narnia" in r.json()["error"]
