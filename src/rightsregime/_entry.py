"""The console entry point. ``rightsregime --version`` answers before the command line is loaded:
typer, rich and the options of every command take 0.3-0.4 s to set up, and the version needs
none of them. Everything else goes to :func:`rightsregime.cli.main`."""
from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        sys.stdout.write(f"rightsregime {__version__}\n")
        return
    from .cli import main as cli_main

    cli_main()
