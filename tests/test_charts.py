"""Charts (rightsregime.charts): a real time axis with gaps, sample sizes, data beside the image."""
from __future__ import annotations

import pandas as pd
import pytest

from rightsregime.errors import RightsRegimeError


def test_missing_years_are_gaps_not_squeezed_out(tmp_path):
    """A series with 2018, 2019 and 2025 (the GA record has no per-country votes for 2020-2024):
    the axis runs 2018-2025 and the line is broken, so 2019 is not joined to 2025."""
    from rightsregime.charts import save, time_series

    data = pd.DataFrame({"year": [2018, 2019, 2025], "index": [0.3, 0.2, 0.1], "n": [90, 80, 190],
                         "partner": ["USA"] * 3})
    chart = time_series(data, y="index", series="partner", n="n", names={"USA": "United States"},
                        title="t", sources="unvotes")
    ax = chart.figure.axes[0]
    line = ax.get_lines()[0]
    xs, ys = line.get_xdata(), line.get_ydata()
    assert list(xs) == list(range(2018, 2026))
    assert pd.isna(ys[2:7]).all() and ys[-1] == pytest.approx(0.1)
    assert ax.get_legend().get_texts()[0].get_text() == "United States"
    written = save(chart, tmp_path / "c.svg")
    assert [p.suffix for p in written] == [".png", ".svg", ".csv"]
    assert pd.read_csv(tmp_path / "c.csv")["n"].tolist() == [90, 80, 190]


def test_positions_in_colours_readers_expect():
    """Yes and adopted are green, no and rejected red: never a green 'rejected'."""
    from rightsregime.charts import OUTCOME_COLOURS, POSITION_COLOURS

    assert POSITION_COLOURS["yes"] == OUTCOME_COLOURS["adopted"]
    assert POSITION_COLOURS["no"] == OUTCOME_COLOURS["rejected"]


def test_chart_needs_png_or_svg(tmp_path):
    from rightsregime.charts import save, time_series

    chart = time_series(pd.DataFrame({"year": [2000], "v": [1.0]}), y="v")
    with pytest.raises(RightsRegimeError, match="png or .svg"):
        save(chart, tmp_path / "c.jpg")


def test_ussr_and_russia_drawn_as_one_line_with_a_mark():
    """The Russian Federation continued the USSR's UN seat (24 Dec 1991): the trajectory chart
    draws SUN then RUS as one line, labelled as such, with a mark at the first Russian year."""
    from rightsregime.charts import trajectories

    est = pd.DataFrame({"iso3": ["SUN", "SUN", "RUS", "RUS"], "year": [1990, 1991, 1992, 1993],
                        "value": [-1.0, -0.5, 0.8, 0.9], "lower": [-1.2, -0.7, 0.6, 0.7],
                        "upper": [-0.8, -0.3, 1.0, 1.1]})
    chart = trajectories(est, ["RUS"], names={"RUS": "Russian Federation", "SUN": "USSR"})
    ax = chart.figure.axes[0]
    lines = [ln for ln in ax.get_lines() if ln.get_label() and not ln.get_label().startswith("_")]
    assert [ln.get_label() for ln in lines] == ["Russian Federation (with USSR before)"]
    assert list(lines[0].get_ydata()) == [-1.0, -0.5, 0.8, 0.9]
    assert any(v.get_xdata()[0] == 1991.5 for v in ax.get_lines() if v.get_linestyle() == ":")
    assert set(chart.data["iso3"]) == {"SUN", "RUS"}


def test_body_codes_spelled_out_but_never_inside_a_symbol():
    """Titles give the body's name ('HRC' is the Human Rights Council), but a document symbol such
    as A/HRC/RES/46/1 is quoted as it is."""
    from rightsregime.charts import spell_bodies

    assert spell_bodies("A/HRC/RES/46/1: the HRC and the GA") == \
        "A/HRC/RES/46/1: the Human Rights Council and the UN General Assembly"
    assert spell_bodies("E/CN.4/RES/2005/1 (CHR)") == "E/CN.4/RES/2005/1 (Commission on Human Rights)"


def test_a_gap_says_no_votes_in_the_data_not_no_votes_held():
    """A year with no value may be a year the body voted while the state was off it (China off the
    Council in 2013): the band says the data have no votes, not that none were held."""
    from rightsregime.charts import time_series

    data = pd.DataFrame({"year": [2011, 2012, 2014], "index": [0.3, 0.3, 0.2], "n": [31, 28, 57],
                         "partner": ["RUS"] * 3})
    chart = time_series(data, y="index", series="partner", n="n", title="China in the HRC")
    texts = [t.get_text() for t in chart.figure.axes[0].texts]
    assert "no votes in the data" in texts and "no votes held" not in texts
    assert chart.figure._suptitle.get_text() == "China in the Human Rights Council"


def test_names_of_close_points_do_not_overprint():
    """Five states at almost the same place on the switchers' chart: their names are stacked,
    no two name boxes overlapping on the drawn figure."""
    from rightsregime.charts import lean_scatter

    members = pd.DataFrame({"iso3": list("ABCDE"), "state": ["Indonesia", "Bahrain", "Cameroon", "India", "Sudan"],
                            "position": ["no", "abstain", "no", "no", "abstain"],
                            "with_supporters": [0.40, 0.401, 0.402, 0.403, 0.404],
                            "with_opponents": [0.80, 0.801, 0.799, 0.802, 0.80], "rank": [1, 2, 3, 4, 5]})
    chart = lean_scatter(members, title="t")
    fig = chart.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    from matplotlib.text import Text

    boxes = [Text.get_window_extent(t, renderer)  # the name alone, without its leader line
             for t in fig.axes[0].texts if t.get_text() in set(members["state"])]
    assert len(boxes) == 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
