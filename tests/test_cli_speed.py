"""What keeps the command line quick (issue 9): ``--version`` loads no library, and a run that
names a command builds only that command (the others are back on the app afterwards)."""
from __future__ import annotations

import subprocess
import sys


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
    `rules` built; every command is registered again afterwards, so a later run sees them all."""
    from rightsregime.cli import _only_the_command, app, main

    before = list(app.registered_commands)
    main(["rules"])
    out = capsys.readouterr().out
    assert "Human Rights Council" in out and "47" in out
    assert app.registered_commands == before
    everything = _only_the_command(["align", "CHN"])
    try:
        assert [c.callback.__name__ for c in app.registered_commands] == ["align"]
    finally:
        app.registered_commands = everything
    assert _only_the_command(["--help"]) is None and _only_the_command(["aling", "CHN"]) is None
    assert app.registered_commands == before
