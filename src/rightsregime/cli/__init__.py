"""The command line: ``rightsregime <command>``. Thin: parse, call the library, render.

Commands live in one module per capability (``warehouse.py``, ``procedure.py``, ``analysis.py``,
``idealpoints.py``), each registering on :data:`app`. One boundary in :func:`main` turns a
:class:`~rightsregime.errors.RightsRegimeError` into ``Error: <one line>`` on stderr and exit 1.
"""
from __future__ import annotations

import importlib
import os
import sys

import typer

from ..errors import RightsRegimeError
from ._options import err_console

app = typer.Typer(
    name="rightsregime",
    help="An executable model of the UN human rights regime: build the warehouse, ask about states "
    "and decisions, replay history under other rules, measure alignment, blocs and ideal points.",
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
)

def _quiet_help_flag() -> None:
    """typer prints every flag's type as '<bool>', the --help flag included, which tells a user
    nothing; our flags set an empty metavar, and this gives --help the same (typer builds that
    option itself, so there is no parameter to pass)."""
    try:
        from typer._click import core
    except ImportError:  # another typer layout: the help only shows '<bool>' again
        return
    original = core.Command.get_help_option

    def get_help_option(self, ctx):
        option = original(self, ctx)
        if option is not None and option.metavar is None:
            option.metavar = ""
        return option

    core.Command.get_help_option = get_help_option


_quiet_help_flag()


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"rightsregime {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", help="Print the version and exit.",
                                       callback=_version, is_eager=True, metavar="")) -> None:
    """An executable model of the UN human rights regime: build the warehouse, ask about states
    and decisions, replay history under other rules, measure alignment, blocs and ideal points.

    Example: rightsregime decision A/HRC/RES/37/23
    """


# Each module registers its commands on `app`; a capability not yet present is simply absent.
_COMMAND_MODULES = ("warehouse", "procedure", "analysis", "idealpoints", "forecast", "web", "monitoring")
for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as exc:  # only the module itself may be missing
        if exc.name != f"{__name__}.{_name}":
            raise


def main(argv: list[str] | None = None) -> None:
    try:
        app(args=argv, standalone_mode=False)
    except RightsRegimeError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("Aborted.")
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("Interrupted.")
        sys.exit(130)
    except Exception as exc:  # usage errors and exits from click (vendored by recent typer)
        if isinstance(exc, typer.Exit):
            sys.exit(exc.exit_code)
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            sys.exit(code)
        if os.environ.get("RIGHTSREGIME_DEBUG"):
            raise
        # A bug, not a user mistake: still one line, with the way to see the whole story.
        err_console.print(f"[bold red]Error:[/] unexpected {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                          " (a bug: please report it; RIGHTSREGIME_DEBUG=1 shows the traceback)",
                          highlight=False, soft_wrap=True)
        sys.exit(1)
