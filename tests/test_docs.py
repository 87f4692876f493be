"""Every command has help text and appears in the README (the front door)."""
from __future__ import annotations

from pathlib import Path

import typer.main

from rightsregime.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands():
    group = typer.main.get_command(app)
    return {name: cmd for name, cmd in group.commands.items()}


def test_every_command_has_help():
    for name, cmd in _commands().items():
        assert (cmd.help or "").strip(), f"command {name!r} has no help text"


def test_every_command_is_in_the_readme():
    missing = [name for name in _commands() if f"rightsregime {name}" not in README]
    assert not missing, f"not in README: {missing}"
