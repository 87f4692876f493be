"""What keeps the command line quick (issue 9): ``--version`` loads no library; the root listing
(``--help``, no arguments, a mistyped command) builds no command and loads no data library; a run
that names a command builds only that command (the others are back on the app afterwards)."""
from __future__ import annotations

import subprocess
import sys

import pytest


def test_version_loads_neither_typer_nor_pandas():
    """`rightsregime --version` prints the package's version without importing typer, rich,
    pandas or DuckDB (they took 0.3 s of CPU before anything was printed)."""
    code = ("import sys; sys.argv = ['rightsregime', '--version']\n"
            "from rightsregime._entry import main; main()\n"
            "print(sorted(m for m in ('typer', 'rich', 'pandas', 'duckdb') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    from rightsregime import __version__

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"rightsregime {__version__}", "[]"]


def test_a_named_command_runs_alone_and_the_app_is_restored(capsys):
    """`rightsregime rules` prints the HRC rule set (47 members, Resolution 60/251) with only
    `rules` built; every command is registered again afterwards, so a later run sees them all.
    A command group (`sources`) is kept alone the same way."""
    from rightsregime.cli import _only_the_command, app, main

    before = (list(app.registered_commands), list(app.registered_groups))
    main(["rules"])
    out = capsys.readouterr().out
    assert "Human Rights Council" in out and "47" in out
    assert (app.registered_commands, app.registered_groups) == before
    everything = _only_the_command(["align", "CHN"])
    try:
        assert [c.callback.__name__ for c in app.registered_commands] == ["align"]
        assert app.registered_groups == []
    finally:
        app.registered_commands, app.registered_groups = everything
    everything = _only_the_command(["sources", "--help"])
    try:
        assert app.registered_commands == [] and [g.name for g in app.registered_groups] == ["sources"]
    finally:
        app.registered_commands, app.registered_groups = everything
    assert _only_the_command(["--help"]) is None and _only_the_command(["aling", "CHN"]) is None
    assert (app.registered_commands, app.registered_groups) == before


def _typer_listing():
    """The commands and groups typer itself would list at the root, with their help texts (built
    the slow way, by typer, as the reference the quick listing must match)."""
    import click
    from typer.main import get_command

    from rightsregime.cli import app

    group = get_command(app)
    ctx = click.Context(group, info_name="rightsregime")
    commands = {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}
    return {name: c for name, c in commands.items() if not c.hidden}


def test_the_listing_names_every_registered_command_with_its_first_help_line(capsys):
    """`rightsregime --help` lists once each command and command group typer registers on the app
    (build, decision, votes ... sources, forecast: 42 of them), each with the first words of its
    own help, in panels by capability (the record first, then the everyday questions); exits 0."""
    import re

    from rightsregime.cli import main

    expected = _typer_listing()
    assert {"build", "decision", "votes", "pivotal", "sources", "forecast"} <= set(expected)
    main(["--help"])
    out = capsys.readouterr().out
    listed = re.findall(r"^│ ([a-z][a-z-]*) ", out, flags=re.M)
    assert sorted(listed) == sorted(expected)
    panels = re.findall(r"^╭─ (.+?) ─", out, flags=re.M)
    assert panels[:3] == ["Options", "The record: build, states, decisions, sources", "Everyday questions"]
    # Within a panel, typer's order: `decision` before `decisions`, `replay` before `reproduce`.
    assert listed.index("decision") < listed.index("decisions") and listed.index("replay") < listed.index("reproduce")
    flat = " ".join(out.replace("│", " ").split())
    for name, command in expected.items():
        first_words = " ".join(" ".join((command.short_help or command.help).split()).split()[:4])
        assert first_words in flat, (name, first_words)
    assert "Usage: rightsregime [OPTIONS] COMMAND [ARGS]..." in out and "--version" in out


def test_the_listing_loads_no_data_library():
    """`rightsregime --help` in a fresh process imports neither pandas, numpy, DuckDB, pyarrow nor
    matplotlib, and not typer's rich help formatter (with its markdown parser): those took 0.3 s
    of CPU to list names and one line each."""
    code = ("import sys; sys.argv = ['rightsregime', '--help']\n"
            "from rightsregime._entry import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = ('pandas', 'numpy', 'duckdb', 'pyarrow', 'matplotlib', 'markdown_it')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m == 'typer.rich_utils'),"
            " file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "align" in proc.stdout and "forecast" in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_a_mistyped_command_is_named_with_typers_suggestion(capsys):
    """`rightsregime aling CHN` exits 2 with one line naming the mistake and the nearest command
    (align), as click and typer word it; `rightsregime` alone prints the listing and exits 2."""
    import pytest

    from rightsregime.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["aling", "CHN"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.strip() == ("Error: No such command 'aling'. Did you mean 'align'? "
                           "See 'rightsregime --help'.")
    with pytest.raises(SystemExit) as stop:
        main([])
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert "Everyday questions" in captured.out and "decision" in captured.out and captured.err == ""


@pytest.mark.parametrize("argv", [["rules"], ["outcome", "--rules", "hrc", "--yes", "17", "--no", "19"],
                                  ["rules", "--csv"]])
def test_rules_and_totals_answer_without_the_data_libraries(argv):
    """`rules` and `outcome` with totals read no warehouse: they load neither pandas nor DuckDB
    (0.5-0.8 s of imports); `rules --csv` loads pandas only, to write the table."""
    code = ("import sys\n"
            f"sys.argv = ['rightsregime', *{argv!r}]\n"
            "from rightsregime._entry import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print(sorted(m for m in ('pandas', 'duckdb', 'matplotlib') if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    loaded = proc.stderr.strip().splitlines()[-1]
    assert loaded == ("['pandas']" if "--csv" in argv else "[]")
    assert "47" in proc.stdout or "rejected" in proc.stdout.lower() or "hrc" in proc.stdout
