"""Every tabular command takes ``--csv`` (issue 9, "Export what you need"): the commands are read
from the app itself, so a new command must either be run here with ``--csv`` or be named below as
one that prints no table, with the reason. Each run's CSV is parsed back with a header and rows."""
from __future__ import annotations

import csv
import io

import click
import pytest

from rightsregime.cli import app, main

# One sample per command (the README's examples, on slices that answer quickly).
SAMPLES: dict[str, list[str]] = {
    "states": ["states"],
    "decision": ["decision", "A/HRC/RES/37/23"],
    "decisions": ["decisions", "--body", "HRC", "--years", "2021", "--text", "cooperation"],
    "quarantine": ["quarantine"],
    "reconciliation": ["reconciliation"],
    "members": ["members", "--year", "2022"],
    "outcome": ["outcome", "--rules", "hrc", "--yes", "17", "--no", "19", "--abstain", "11"],
    "pivotal": ["pivotal", "A/HRC/RES/17/19"],
    "rules": ["rules"],
    "replay": ["replay", "--rules", "china-2007", "--body", "HRC", "--years", "2020-2022"],
    "classify": ["classify", "A/HRC/RES/19/2"],
    "eligible": ["eligible", "2027"],
    "elect": ["elect", "--year", "2023", "--group", "EEG", "--candidate", "RUS=0.43",
              "--candidate", "ALB=0.63", "--candidate", "BGR=0.83"],
    "hrc-lots": ["hrc-lots"],
    "reproduce": ["reproduce"],
    "hrc-terms": ["hrc-terms", "CHN"],
    "sequence": ["sequence", "A/HRC/RES/32/2"],
    "align": ["align", "CHN", "--body", "HRC", "--years", "2016-2022"],
    "cohesion": ["cohesion", "OIC", "--body", "HRC"],
    "shifts": ["shifts", "CHN", "--against", "EU", "--body", "HRC"],
    "blocs": ["blocs", "--body", "CHR", "--years", "1998-2005"],
    "leadership": ["leadership", "CHN"],
    "idealpoints": ["idealpoints", "--body", "HRC", "--years", "2020-2022", "--quiet"],
    "commitments": ["commitments", "CHN"],
    "treaty-map": ["treaty-map", "OPCAT"],
    "compliance": ["compliance", "CHN", "--years", "2015-2020"],
    "votes": ["votes", "--state", "CHN", "--body", "HRC", "--years", "2021"],
    "splits": ["splits", "A/HRC/RES/46/1"],
    "switchers": ["switchers", "A/HRC/RES/17/19"],
    "compare": ["compare", "CHN,IND", "--body", "HRC"],
    "upr": ["upr", "CHN"],
    "leniency": ["leniency", "CHN"],
    "partners": ["partners", "--body", "HRC"],
    "mandates": ["mandates", "--state", "BLR"],
    "mechanisms": ["mechanisms", "CHN"],
    "sources": ["sources"],
    "forecast": ["forecast", "--like", "A/HRC/RES/46/1"],
    "coincidence": ["coincidence", "--body", "HRC", "--years", "2021"],
    "poles": ["poles", "--body", "HRC", "--years", "2022"],
    "outvoted": ["outvoted", "--body", "HRC", "--years", "2021"],
}
# Tabular, but too slow or too heavy to run in a unit test: the option is checked, not run.
NOT_RUN = {
    "build": "rebuilds the warehouse (30 s here); its summary table is the CSV",
    "forecast backtest": "fits one model per session (8 s or more)",
}
# Commands that print no table of their own.
NO_TABLE = {
    "export": "writes whole tables to files in DIR (CSV or Parquet) itself",
    "serve": "starts the web server",
    "import": "loads a CSV into the warehouse and prints what it loaded",
    "sources hash": "prints registry lines for files, to paste into the registry",
    "sources fetch": "downloads the sources",
    "state": "a profile of many tables, none of them the main one (--json has them all)",
}


def _commands() -> dict:
    """Every command and subcommand the app registers, by its full name ('forecast backtest')."""
    from typer.main import get_command

    root = get_command(app)
    found = {}

    def walk(group, prefix):
        ctx = click.Context(group, info_name="rightsregime")
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            found[prefix + name] = command
            if hasattr(command, "list_commands"):  # a group (typer vendors its own click)
                walk(command, prefix + name + " ")

    walk(root, "")
    return found


def test_every_command_is_run_with_csv_or_named_as_printing_no_table():
    """The app's commands (42 and their subcommands) are exactly those sampled here, those too
    slow to run and those without a table; every one but the table-less accepts --csv."""
    commands = _commands()
    assert {"pivotal", "rules", "elect", "classify", "forecast backtest"} <= set(commands)
    assert set(commands) == set(SAMPLES) | set(NOT_RUN) | set(NO_TABLE)
    lacking = [name for name in [*SAMPLES, *NOT_RUN]
               if "--csv" not in {o for p in commands[name].params for o in getattr(p, "opts", [])}]
    assert lacking == []


@pytest.fixture
def run_csv(capsys, monkeypatch, tmp_path, warehouse_path):
    monkeypatch.setenv("RIGHTSREGIME_DB", str(warehouse_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)

    def run(argv: list[str]) -> list[dict]:
        capsys.readouterr()
        try:
            main([*argv, "--csv"])
        except SystemExit as exc:
            assert exc.code in (0, None), capsys.readouterr().err
        out = capsys.readouterr().out
        rows = list(csv.DictReader(io.StringIO(out)))
        return rows, out.splitlines()[0].split(",")

    return run


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_command_writes_parseable_csv_with_a_header(name, run_csv):
    """`rightsregime NAME ... --csv` writes a CSV table: a header of distinct, non-empty column
    names and at least one row with a value under each."""
    rows, header = run_csv(SAMPLES[name])
    assert header and all(header) and len(set(header)) == len(header), header
    assert rows, f"{name}: no rows"
    assert all(len(r) == len(header) and None not in r for r in rows)


def test_pivotal_csv_gives_the_two_changes_that_flip_the_sogi_resolution(run_csv):
    """A/HRC/RES/17/19 (sexual orientation and gender identity, 17 June 2011) was adopted 23-19-3
    (OHCHR press release of that day): two members moving from yes to no make it 21-21, and a tie
    rejects (HRC res 5/1, rule 7(a) applying GA rule 125)."""
    rows, _ = run_csv(["pivotal", "A/HRC/RES/17/19"])
    assert [(r["way"], r["count"], r["from"], r["to"], r["yes_after"], r["no_after"]) for r in rows] \
        == [("1", "2", "yes", "no", "21", "21")]


def test_rules_csv_names_the_bodies_sizes(run_csv):
    """The Council has 47 members (GA res 60/251 para 7), the Commission 53 from 1992 (ECOSOC
    res 1990/48); the GA plenary's important questions need two thirds (Charter art. 18(2))."""
    rows, _ = run_csv(["rules"])
    by = {(r["rules"], r["applies_to"]): r for r in rows}
    assert by[("hrc", "texts")]["members"] == "47" and by[("chr", "texts")]["members"] == "53"
    assert "two thirds" in by[("ga-plenary", "important texts")]["rule"]


def test_classify_csv_names_sri_lanka(run_csv):
    """A/HRC/RES/19/2, 'Promoting reconciliation and accountability in Sri Lanka' (22 March 2012),
    concerns one state: country-specific, LKA."""
    rows, _ = run_csv(["classify", "A/HRC/RES/19/2"])
    assert len(rows) == 1
    assert (rows[0]["scope"], rows[0]["states"]) == ("country-specific", "LKA")
