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


def _all_commands(group=None, prefix=""):
    group = group or typer.main.get_command(app)
    for name, cmd in group.commands.items():
        yield f"{prefix}{name}", cmd
        if hasattr(cmd, "commands"):  # a group of subcommands (sources)
            yield from _all_commands(cmd, f"{prefix}{name} ")


def test_every_command_has_an_example():
    """Issue 9: each command's help shows an example a user can copy."""
    missing = [name for name, cmd in _all_commands() if f"Example: rightsregime {name.split()[0]}"
               not in (cmd.help or "")]
    assert not missing, f"no 'Example: rightsregime ...' in the help of {missing}"


def test_option_types_are_words_users_know():
    """Issue 9: no '<bool>' or '<str>' in the help; every option shows a word (YEARS, STATE...)
    or nothing (flags)."""
    bad = []
    for name, cmd in _all_commands():
        for p in cmd.params:
            if p.name != "help" and p.metavar is None:
                bad.append(f"{name} {p.opts[0]}")
    assert not bad, f"options without a metavar: {bad}"


def test_readme_names_the_environment():
    assert "RIGHTSREGIME_DB" in README and "RIGHTSREGIME_SOURCES" in README


def test_every_command_accepts_db():
    """Issue 9: '--db' is accepted everywhere (it was refused by hrc-lots), so scripts can pass it
    to any command."""
    missing = [name for name, cmd in _all_commands() if not hasattr(cmd, "commands")
               and not any("--db" in p.opts for p in cmd.params)]
    assert not missing, f"commands without --db: {missing}"
