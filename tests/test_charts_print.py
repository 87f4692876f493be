"""Charts fit to print from the commands, the same seed giving the same digits in separate
processes, and the ideal points' sign and succession (issue 9)."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest


def run(*args, db):
    return subprocess.run([sys.executable, "-m", "rightsregime", *args, "--db", str(db)],
                          capture_output=True, text=True)


def test_align_chart_csv_has_the_gap_and_the_votes_behind_each_year(reg, warehouse_path, tmp_path):
    """`align CHN --with USA --body GA --chart x.svg`: the CSV beside the chart has no value for
    2020-2024 (the GA per-country votes of those years are not held: SOURCES.md, unvotes stops in
    2019 and the 2025 supplement starts in 2025), and its count per year is the number of
    recorded GA votes that year on which China and the United States both voted yes, no or
    abstain, counted here straight from the warehouse."""
    svg = tmp_path / "x.svg"
    proc = run("align", "CHN", "--with", "USA", "--body", "GA", "--chart", str(svg), db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    assert svg.exists() and svg.with_suffix(".png").exists()
    data = pd.read_csv(svg.with_suffix(".csv"))
    usa = data[data["partner"] == "USA"].set_index("year")
    gap = usa.reindex(range(2020, 2025))
    assert gap["index"].isna().all()  # absent, or NaN: never a value in 2020-2024
    counted = reg.sql("""
        SELECT d.year, count(*) AS n FROM decisions d
        JOIN votes a ON a.decision_id = d.decision_id AND a.iso3 = 'CHN'
        JOIN votes b ON b.decision_id = d.decision_id AND b.iso3 = 'USA'
        WHERE d.body_id = 'GA' AND a.position IN ('yes', 'no', 'abstain')
          AND b.position IN ('yes', 'no', 'abstain')
        GROUP BY d.year""").set_index("year")["n"]
    counted = counted[counted > 0]
    assert usa["n_common"].to_dict() == counted.to_dict()
    assert 2019 in usa.index and 2025 in usa.index  # the years on either side of the gap are drawn


def test_align_chart_breaks_the_line_over_the_gap(tmp_path):
    """The line is NaN from 2020 to 2024 on the drawn axis: 2019 is not joined to 2025."""
    from rightsregime.charts import time_series

    data = pd.DataFrame({"year": [2018, 2019, 2025], "index": [0.2, 0.2, 0.1], "n_common": [93, 88, 192],
                         "partner": ["USA"] * 3})
    chart = time_series(data, y="index", series="partner", n="n_common", names={"USA": "United States"})
    ys = chart.figure.axes[0].get_lines()[0].get_ydata()
    assert pd.isna(ys[2:7]).all() and not pd.isna(ys[1]) and not pd.isna(ys[7])


def test_bloc_chart_has_a_legend_a_credit_and_its_data(warehouse_path, tmp_path):
    """`blocs --body CHR --years 1998-2005 --chart`: PNG, SVG and CSV; the CSV places each of the
    94 voting states of the Commission (1998-2005, as docs/analysis.md quotes) in one bloc."""
    png = tmp_path / "net.png"
    proc = run("blocs", "--body", "CHR", "--years", "1998-2005", "--chart", str(png), db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    assert png.with_suffix(".svg").exists()
    data = pd.read_csv(png.with_suffix(".csv"))
    assert len(data) == data["iso3"].nunique() == 94
    assert set(data["bloc"]) == {"B1", "B2", "B3"}
    svg = png.with_suffix(".svg").read_text()
    assert "Commission on Human Rights" in svg and "Chart: rightsregime" in svg


def test_forecast_chart_writes_its_data(warehouse_path, tmp_path):
    """`forecast --like A/HRC/RES/46/1 --chart`: a seat per member of the 47-member Council, in the
    CSV beside the image as on the chart."""
    png = tmp_path / "chamber.png"
    proc = run("forecast", "--like", "A/HRC/RES/46/1", "--chart", str(png), db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    data = pd.read_csv(png.with_suffix(".csv"))
    assert len(data) == 47 and {"iso3", "p_yes", "p_no", "lean"} <= set(data.columns)


def test_forecast_chamber_in_position_colours_with_a_counted_legend(warehouse_path, tmp_path):
    """The chamber of the Council's 47 members (A/HRC/RES/46/1, recorded 22-11-14 on 23 March
    2021) is drawn in the position colours of every other chart (yes green, no red, abstain grey;
    no red-blue scale), and its legend counts each kind of seat as the CSV beside it does, the
    counts adding up to the 47 members."""
    import re

    from rightsregime.charts import POSITION_COLOURS

    png = tmp_path / "chamber.png"
    proc = run("forecast", "--like", "A/HRC/RES/46/1", "--chart", str(png), db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    svg = png.with_suffix(".svg").read_text()
    assert POSITION_COLOURS["yes"] in svg and POSITION_COLOURS["no"] in svg
    assert "P(yes) − P(no)" not in svg  # the old colour bar is gone
    assert "Recorded: adopted 22-11-14" in svg and "Human Rights Council" in svg
    legend = {(m[0], m[1]): int(m[2]) for m in re.findall(r"(likely|leaning) (yes|no|abstain): (\d+)", svg)}
    assert sum(legend.values()) == 47
    data = pd.read_csv(png.with_suffix(".csv"))
    kind = data["p_most_likely"].ge(0.6).map({True: "likely", False: "leaning"})
    assert legend == {k: int(v) for k, v in pd.Series(list(zip(kind, data["most_likely"]))).value_counts().items()}


def test_shift_intervals_same_seed_same_digits_in_two_processes(warehouse_path):
    """`shifts CHN --against EU --body HRC --seed 0` twice, in two processes: identical intervals
    to the last digit (the bootstrap redraws decisions in a fixed order, whatever order DuckDB
    returned the rows in)."""
    args = ("shifts", "CHN", "--against", "EU", "--body", "HRC", "--boot", "300", "--seed", "0", "--csv")
    first, second = run(*args, db=warehouse_path), run(*args, db=warehouse_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    other = run(*args[:-2], "7", "--csv", db=warehouse_path)
    assert other.stdout != first.stdout  # the seed is used: another seed, other intervals


def test_idealpoint_bootstrap_same_seed_same_digits_in_two_processes(warehouse_path):
    """`idealpoints --body HRC --years 2016-2019 --bootstrap 8 --seed 3` twice in two processes
    gives the same intervals to the last digit."""
    args = ("idealpoints", "--body", "HRC", "--years", "2016-2019", "--bootstrap", "8", "--seed", "3",
            "--states", "CHN,USA,BRA", "--csv")
    first, second = run(*args, db=warehouse_path), run(*args, db=warehouse_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout and first.stdout.count("\n") > 3
    assert first.stderr.strip() == ""  # --csv: no progress bar on stderr


def test_sign_held_on_a_council_slice_without_the_united_states(warehouse_path):
    """The United States sat on the Council only from 2009 (its first term, 2009-2012, in the
    warehouse's memberships): on
    HRC 2006-2008 the scale is held by the United Kingdom, China comes out negative and the
    notes say which state anchors the sign."""
    proc = run("idealpoints", "--body", "HRC", "--years", "2006-2008", "--states", "CHN,GBR", "--json",
               db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["sign"] == "GBR positive"
    assert any("GBR is held positive" in n for n in doc["notes"])
    for row in doc["estimates"]:
        assert (row["value"] > 0) == (row["iso3"] == "GBR")


def test_ussr_and_russia_one_line_in_the_table(reg):
    """The Russian Federation continued the USSR's seat (24 December 1991, letter of President
    Yeltsin to the Secretary-General): asking for RUS over 1989-1993 gives the USSR's years
    (SUN, to 1991) and Russia's (1992 on) on one line, and a note saying so."""
    from rightsregime.resources.idealpoints import idealpoints

    r = idealpoints(reg, body="GA", years="1989-1993", states="RUS,USA")
    est = r["estimates"]
    rus = est[est["line"] == "RUS"].sort_values("year")
    assert rus["year"].tolist() == [1989, 1990, 1991, 1992, 1993]
    assert rus["iso3"].tolist() == ["SUN", "SUN", "SUN", "RUS", "RUS"]
    assert any("continues SUN" in n and "1992" in n for n in r.notes)


def test_votes_chart_shades_years_off_the_council_as_not_a_member(warehouse_path, tmp_path):
    """`votes --state CHN --body HRC --chart`: China sat on the Human Rights Council 2006-2012,
    2014-2019 and from 2021 (two terms 2006-2012, then elected on 12 November 2013 for 2014-2016,
    re-elected in 2016 for 2017-2019, elected on 13 October 2020 for 2021-2023: UNRIC, "General
    Assembly elects 14 members to UN Human Rights Council", 12 Nov 2013; Reuters, 13 Oct 2020):
    its empty years 2013 and 2020 are 'not a member', never 'no recorded vote', and the legend
    says so."""
    png = tmp_path / "chn.png"
    proc = run("votes", "--state", "CHN", "--body", "HRC", "--chart", str(png), db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    data = pd.read_csv(png.with_suffix(".csv"), keep_default_na=False).set_index("year")
    assert data.loc[data["shaded"] != "", "shaded"].to_dict() == {2013: "not a member", 2020: "not a member"}
    assert data.loc[[2013, 2020], "total"].tolist() == [0, 0]
    svg = png.with_suffix(".svg").read_text()
    assert "not a member" in svg and "no recorded vote" not in svg
    assert "Human Rights Council" in svg  # the body's name in the title, not its code


def test_votes_chart_marks_the_years_the_data_do_not_hold(warehouse_path, tmp_path):
    """All bodies: the General Assembly's per-country votes of 2020-2024 are not held (SOURCES.md;
    regime/data/coverage.csv), so those years of China's record are shaded 'not held' even where
    its Council votes make a bar, and the credit line names the body and the years."""
    png = tmp_path / "all.png"
    proc = run("votes", "--state", "CHN", "--chart", str(png), db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    data = pd.read_csv(png.with_suffix(".csv"), keep_default_na=False).set_index("year")
    assert (data.loc[2020:2024, "shaded"] == "not held").all()
    assert (data.loc[2019, "shaded"], data.loc[2025, "shaded"]) == ("", "")
    assert data.loc[2021, "total"] > 0  # Council votes that year: a bar on a grey ground
    svg = png.with_suffix(".svg").read_text()
    assert "UN General Assembly 2020-2024" in svg


def test_member_years_from_a_profile():
    """Germany (admitted 18 September 1973) in the GA from 1973; its Council years as the profile
    gives them; a body whose seats the profile does not give is None (never 'not a member')."""
    from rightsregime.charts import member_years

    seats = member_years({"admitted": "1973-09-18", "left": None, "memberships": {"HRC": [2006, 2007]}},
                         ["GA", "HRC", "SC"])
    assert min(seats["GA"]) == 1973 and 2025 in seats["GA"]
    assert seats["HRC"] == {2006, 2007} and seats["SC"] is None
    assert max(member_years({"admitted": "1945-10-24", "left": "1991-12-24"}, ["GA"])["GA"]) == 1991
