"""Practice scores: Fariss latent human rights scores and the Political Terror Scale, and the COW crosswalk."""
from __future__ import annotations

import pandas as pd
import pytest


def _score(reg, iso3, year, measure):
    df = reg.sql("SELECT value FROM practice_scores WHERE iso3 = ? AND year = ? AND measure = ?", [iso3, year, measure])
    return float(df["value"].iloc[0])


def test_fariss_china_and_united_states(reg):
    """Fariss v4.02 theta_mean: China 2019/2020/2021 -1.40/-1.62/-1.71, US 2021 -0.14 (SOURCES.md s.13)."""
    assert [round(_score(reg, "CHN", y, "fariss_theta"), 2) for y in (2019, 2020, 2021)] == [-1.40, -1.62, -1.71]
    assert round(_score(reg, "USA", 2021, "fariss_theta"), 2) == -0.14


def test_fariss_interval_contains_mean(reg):
    """Each score carries its 95 % posterior interval."""
    df = reg.sql("SELECT * FROM practice_scores WHERE measure = 'fariss_theta'")
    assert ((df["lower"] <= df["value"]) & (df["value"] <= df["upper"])).all()


def test_pts_china_state_department_2020(reg):
    """PTS 2024: China's State Department score rose from 4 (2019) to 5 (2020); Amnesty 4 both years
    (PTS-2024.csv rows China 2019, 2020)."""
    assert _score(reg, "CHN", 2019, "pts_s") == 4 and _score(reg, "CHN", 2020, "pts_s") == 5
    assert _score(reg, "CHN", 2020, "pts_a") == 4


def test_pts_missing_score_says_why(reg):
    """The State Department does not score the United States: PTS NA status 88 'not covered'."""
    df = reg.sql("SELECT value, note FROM practice_scores WHERE iso3 = 'USA' AND year = 2021 AND measure = 'pts_s'")
    assert pd.isna(df["value"].iloc[0]) and df["note"].iloc[0] == "no score: not covered"


@pytest.mark.parametrize("cow, year, iso3", [
    (365, 1985, "SUN"), (365, 2000, "RUS"), (260, 1980, "DEU"), (265, 1980, "DDR"), (315, 1980, "CSK"),
    (345, 1990, "YUG"), (345, 2010, "SRB"), (678, 1980, "YAR"), (680, 1980, "YMD"), (679, 2000, "YEM"),
    (710, 1960, "CHN"), (713, 1960, "TWN"), (2, 2000, "USA"), (816, 2000, "VNM"), (970, 2000, "NRU"),
])
def test_cow_crosswalk_historical_states(cow, year, iso3):
    """COW State System Membership List v2016 codes, historical states included (regime/data/cow_codes.csv)."""
    from rightsregime.regime.crosswalk import cow_to_iso3

    got = cow_to_iso3(pd.Series([cow]), pd.Series([pd.Timestamp(f"{year}-07-01")]))
    assert got.iloc[0] == iso3


def test_historical_states_scored(reg):
    """The USSR is scored to 1991 and Russia from 1992; the PRC (COW 710) keeps CHN before 1971,
    not the Republic of China's seat code."""
    df = reg.sql("""SELECT iso3, min(year) AS lo, max(year) AS hi FROM practice_scores
                    WHERE measure = 'fariss_theta' AND iso3 IN ('SUN', 'RUS', 'CHN') GROUP BY iso3""").set_index("iso3")
    assert (df.loc["SUN", "hi"], df.loc["RUS", "lo"]) == (1991, 1992)
    assert df.loc["CHN", "lo"] == 1946


def test_unmatched_codes_quarantined_with_reason(reg):
    """COW 817 (Republic of Vietnam, 1954-1975) has no warehouse code; PTS entities that are not
    states (Crimea, Somaliland) are quarantined, not dropped."""
    q = reg.sql("SELECT source, reason FROM quarantine WHERE source IN ('fariss-lhrs', 'political-terror-scale')")
    assert q["reason"].str.contains("COW code 817 \\(Republic of Vietnam\\)").sum() == 22
    assert q["reason"].str.contains("'Crimea'").sum() == 144  # 48 years x 3 scores
    s = reg.load_summary().set_index("source")
    for src in ("fariss-lhrs", "political-terror-scale"):
        assert s.loc[src, "read"] == s.loc[src, "loaded"] + s.loc[src, "quarantined"]
