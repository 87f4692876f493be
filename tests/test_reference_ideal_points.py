"""Published UNGA ideal points (Bailey, Strezhnev & Voeten), parsed straight from the mirror.

Source: Harvard Dataverse doi:10.7910/DVN/LEJUQZ (Idealpointestimates1946-2025.tab and
IdealpointestimatesAll_Jun2024.csv); every value asserted here can be read in those files.
"""
from __future__ import annotations

import pandas as pd
import pytest

from rightsregime.errors import ParseError
from rightsregime.sources import voeten
from rightsregime.sources._fetch import locate


@pytest.fixture(scope="module")
def paths(sources):
    return locate(voeten.SOURCE, sources)


@pytest.fixture(scope="module")
def parsed(paths):
    return voeten.parse(paths)


@pytest.fixture(scope="module")
def points(parsed):
    return parsed.tables["reference_ideal_points"]


def _one(points, iso3, **period):
    (key, value), = period.items()
    rows = points[(points["iso3"] == iso3) & (points["period"] == key) & (points[key] == value)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_every_row_of_both_files_is_an_estimate(parsed, points):
    assert parsed.read == {voeten.YEAR_FILE: 11_610, voeten.SESSION_FILE: 11_238}
    assert points.groupby("period").size().to_dict() == {"year": 11_610, "session": 11_238}
    assert parsed.quarantine.empty  # no row lacks an iso3c or a number in the pinned files
    assert not points.duplicated(["iso3", "period", "year", "session"]).any()


def test_calendar_year_estimates_of_the_usa_and_china_in_2013(points):
    usa = _one(points, "USA", year=2013)
    assert (usa["value"], usa["lower"], usa["upper"], usa["n_votes"]) == (2.511044, 2.297052, 2.715089, 64)
    china = _one(points, "CHN", year=2013)
    assert (china["value"], china["lower"], china["upper"], china["n_votes"]) == (
        -0.578424, -0.8117564, -0.3494856, 64)
    assert pd.isna(usa["session"]) and pd.isna(china["session"])


def test_session_estimates_of_the_usa_and_china_at_session_68(points):
    usa = _one(points, "USA", session=68)
    assert (usa["value"], usa["lower"], usa["upper"], usa["n_votes"]) == (2.655487, 2.423779, 2.880708, 64)
    china = _one(points, "CHN", session=68)
    assert (china["value"], china["lower"], china["upper"]) == (-0.5091868, -0.7557955, -0.277725)
    assert pd.isna(usa["year"])
    assert str(usa["state_date"]) == "2013-10-01"  # session 68 opened in September 2013


def test_coverage_years_1946_2025_and_sessions_1_78(points):
    years = points.loc[points["period"] == "year", "year"]
    sessions = points.loc[points["period"] == "session", "session"]
    assert (years.min(), years.max()) == (1946, 2025)
    assert (sessions.min(), sessions.max()) == (1, 78)


def test_the_last_two_calendar_years_rest_on_odd_vote_counts(points):
    """The caveat in the docstring: 2024 has at most 8 votes, 2025 up to 158; the USA jumps to 3.36."""
    by_year = points[points["period"] == "year"].groupby("year")["n_votes"].max()
    assert by_year[2024] == 8 and by_year[2025] == 158
    assert _one(points, "USA", year=2025)["value"] == 3.362142
    assert _one(points, "USA", year=2024)["value"] == 2.097452


def test_south_yemen_keeps_its_own_code_in_the_session_file(points):
    # The session file codes ccode 680 (Yemen People's Republic) YAR; the year file codes it YMD.
    sessions = points[points["period"] == "session"]
    ymd = sessions[sessions["iso3"] == "YMD"]
    assert len(ymd) == 23 and (ymd["session"].min(), ymd["session"].max()) == (22, 44)
    assert len(sessions[(sessions["iso3"] == "YAR") & (sessions["session"] == 30)]) == 1


def test_the_usa_sits_above_china_in_every_year_since_1971(points):
    years = points[(points["period"] == "year") & (points["year"] >= 1971)]
    wide = years.pivot(index="year", columns="iso3", values="value")
    assert (wide["USA"] > wide["CHN"]).all()


HEADER = "ccode\tiso3c\tCountryname\tyear\tNVotesFP\tIdealPointFP\tQ5%FP\tQ10%FP\tQ50%FP\tQ90%FP\tQ95%FP"


def _year_file(tmp_path, lines, real=None):
    """A year file of ``lines``; with ``real`` (the mirror's year file), followed by its rows save
    those of the United States (ccode 2, the lines' state) and South Yemen (ccode 680, whose YMD
    code the session file then lacks). The parser refuses a year file rating fewer than 180 states
    in 2025, so a hand-made file alone would look truncated."""
    kept = []
    if real is not None:
        kept = [line for line in real.read_text().splitlines()[1:] if not line.startswith(("2\t", "680\t"))]
    path = tmp_path / "years.tab"
    path.write_text("\n".join([HEADER, *lines, *kept]) + "\n")
    return path


def test_a_missing_iso3c_is_filled_from_its_ccode_or_quarantined(paths, tmp_path):
    path = _year_file(tmp_path, [
        '2\t"USA"\t"United States"\t1946\t25\t1.7402\t0.99\t1.16\t1.72\t2.35\t2.51',
        '2\tNA\t"United States"\t1947\t21\t1.635466\t1.04\t1.16\t1.63\t2.12\t2.25',  # filled from ccode 2
        '999\t""\t"Atlantis"\t1947\t21\t0.1\t0.0\t0.0\t0.1\t0.2\t0.2',  # unknown ccode
        '710\t"CHN"\t"China"\t1971\t30\tNA\t0.0\t0.0\t0.1\t0.2\t0.2',  # no estimate
    ], real=paths[voeten.YEAR_FILE])
    parsed = voeten.parse({**paths, voeten.YEAR_FILE: path})
    years = parsed.tables["reference_ideal_points"].query("period == 'year'")
    assert years.loc[years["iso3"] == "USA", ["iso3", "year"]].values.tolist() == [["USA", 1946], ["USA", 1947]]
    q = parsed.quarantine
    in_years = q[q["file"] == voeten.YEAR_FILE]
    assert {r: why for r, why in zip(in_years["row"], in_years["reason"]) if int(r) <= 5} == {
        "4": "no iso3c, and its ccode has no iso3c elsewhere", "5": "IdealPointFP is not a number"}
    # Without the real year file's codes South Yemen stays YAR in the session file, and its 23
    # estimates collide with North Yemen's: they are quarantined, not silently merged.
    in_sessions = q[q["file"] == voeten.SESSION_FILE]
    assert len(in_sessions) == 23
    assert set(in_sessions["reason"]) == {"second estimate for the same iso3c and session"}
    assert parsed.n_read == len(parsed.tables["reference_ideal_points"]) + len(parsed.quarantine)


def test_a_changed_header_is_a_parse_error(paths, tmp_path):
    path = tmp_path / "years.tab"
    path.write_text("ccode\tiso3c\tyear\tIdealPoint\n2\tUSA\t1946\t1.7\n")
    with pytest.raises(ParseError, match=r"voeten-idealpoints/Idealpointestimates1946-2025.tab: line 1: "
                                         r"expected the columns .* missing \['Countryname'"):
        voeten.parse({**paths, voeten.YEAR_FILE: path})


def test_source_descriptor_is_cc0_with_the_jcr_citation():
    assert voeten.SOURCE.licence.startswith("CC0")
    assert "Journal of Conflict Resolution 61(2)" in voeten.SOURCE.citation
    assert "10.7910/DVN/LEJUQZ" in voeten.SOURCE.home

