"""The command line: ``rightsregime <command>``. Thin: parse, call the library, render.

Commands live in one module per capability (``warehouse.py``, ``procedure.py``, ``analysis.py``,
``idealpoints.py``), each registering on :data:`app`. One boundary in :func:`main` turns a
:class:`~rightsregime.errors.RightsRegimeError` into ``Error: <one line>`` on stderr and exit 1.
A run builds (with typer) only the command it names; the root listing is drawn by
:mod:`._listing` from the registered commands, building none.
"""
from __future__ import annotations

import importlib
import os
import sys

import typer

from ..errors import RightsRegimeError, describe_os_error, is_storage_fault
from . import _listing
from ._options import console, err_console

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


VERSION_HELP = "Print the version and exit."


@app.callback()
def _root(version: bool = typer.Option(False, "--version", help=VERSION_HELP,
                                       callback=_version, is_eager=True, metavar="")) -> None:
    """An executable model of the UN human rights regime: build the warehouse, ask about states
    and decisions, replay history under other rules, measure alignment, blocs and ideal points.

    Example: rightsregime decision A/HRC/RES/37/23
    """


# Each module registers its commands on `app`; a capability not yet present is simply absent.
_COMMAND_MODULES = ("warehouse", "procedure", "analysis", "idealpoints", "forecast", "web", "monitoring",
                    "questions", "upr")
for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as exc:  # only the module itself may be missing
        if exc.name != f"{__name__}.{_name}":
            raise


# The signal that stopped the command, if any: SIGTERM unwinds like Ctrl-C (every ``finally`` and
# the build's clean-up run) but exits 143, as a shell reports a terminated process.
_stopped_by: int | None = None


def _on_sigterm(signum, frame):
    global _stopped_by
    _stopped_by = signum
    from ..errors import note_stop

    note_stop(signum)
    raise KeyboardInterrupt


def _install_sigterm():
    import signal

    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (e.g. a test runner's worker): leave signals alone
        return None


def _restore_sigterm(previous) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def _error(message: str) -> None:
    # One line, whatever the terminal width: tests and scripts read it with `head -1`.
    err_console.print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True, markup=True)


def _interrupted() -> int:
    import signal

    if _stopped_by == signal.SIGTERM:
        err_console.print("Terminated.", highlight=False)
        return 143
    err_console.print("Interrupted.", highlight=False)
    return 130


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(" ".join(str(text).split()))  # one line, brackets in paths shown as typed


def main(argv: list[str] | None = None) -> None:
    """Run one command; every failure becomes one line on stderr and a non-zero exit status."""
    global _stopped_by
    from ..errors import forget_stops

    _stopped_by = None
    forget_stops()
    previous = _install_sigterm()
    try:
        code = _run(argv)
    finally:
        _restore_sigterm(previous)
        forget_stops()
    if code:
        sys.exit(code)


def _only_the_command(args: list[str]) -> tuple[list, list] | None:
    """Keep on ``app`` only the command (or command group) the arguments name, and return what was
    registered, to restore.

    typer turns every registered command into a click command on each run, reading the type hints
    of all their options: 0.2-0.6 s before any work, for the one command that runs. A run that
    names a command needs only that one. Runs that name none are answered by :mod:`._listing`."""
    from typer.main import get_command_name

    first = next((a for a in args if not a.startswith("-")), None)
    if first is None:
        return None
    named = [c for c in app.registered_commands
             if (c.name or get_command_name(c.callback.__name__)) == first]
    groups = [g for g in app.registered_groups if _listing._given(g.name) == first]
    if len(named) + len(groups) != 1:
        return None
    everything = (app.registered_commands, app.registered_groups)
    app.registered_commands, app.registered_groups = named, groups
    return everything


def _root_listing(args: list[str]) -> int | None:
    """Answer the runs that name no command without building any: the listing (no arguments, or
    ``--help`` alone) and a mistyped command name. None: typer handles the run."""
    if not args or args == ["--help"]:
        _listing.print_root(app, console, version_help=VERSION_HELP)
        return 0 if args else 2  # no command at all is a usage mistake, as click has it
    if not args[0].startswith("-") and not _listing.is_command(app, args[0]):
        mistake = _listing.no_such_command(app, args[0])
        _error(_escape(mistake))
        return mistake.exit_code
    return None


def _run(argv) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    code = _root_listing(args)
    if code is not None:
        return code
    everything = _only_the_command(args)
    try:
        return _invoke(argv)
    finally:
        if everything is not None:
            app.registered_commands, app.registered_groups = everything


def _invoke(argv) -> int:
    try:
        rv = app(args=argv, prog_name="rightsregime", standalone_mode=False)
    except KeyboardInterrupt:
        return _interrupted()
    except RightsRegimeError as exc:
        _error(_escape(exc))
        return exc.exit_code
    except typer.Abort:  # end of input at a prompt
        err_console.print("Aborted.")
        return 130
    except UnicodeDecodeError as exc:  # a reader that did not name its file: still one line
        _error(f"a file is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8 and "
               "run again.")
        return 1
    except OSError as exc:
        _error(_escape(describe_os_error(exc)))
        return 1
    except OverflowError:  # only a number typed far out of range gets here (a year of 10**12)
        _error("a number given is out of range; see the command's --help for sensible values.")
        return 2
    except MemoryError:
        _error("out of memory; ask for a smaller slice (fewer years, one body) and run again.")
        return 1
    except Exception as exc:  # usage errors and exits from click (vendored by recent typer)
        if isinstance(exc, typer.Exit):
            return exc.exit_code
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            # click's usage error, as one line like every other error, with where to read more.
            message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            ctx = getattr(exc, "ctx", None)
            where = f" See '{ctx.command_path} --help'." if ctx is not None else ""
            message = message.strip()
            if not message.endswith((".", "?", "!")):
                message += "."
            _error(_escape(f"{message}{where}"))
            return code
        if is_storage_fault(exc):
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            _error(_escape(f"DuckDB could not read or write a file ({first}); check the path, its "
                           "permissions and the free space."))
            return 1
        if os.environ.get("RIGHTSREGIME_DEBUG"):
            raise
        # A bug, not a user mistake: still one line, with the way to see the whole story.
        first = str(exc).splitlines()[0] if str(exc) else ""
        _error(_escape(f"unexpected {type(exc).__name__}: {first} (a bug: please report it; "
                       "RIGHTSREGIME_DEBUG=1 shows the traceback)"))
        return 1
    # typer returns the code of an Exit raised inside a command, and 130 for a KeyboardInterrupt
    # it caught; a command itself returns None.
    if isinstance(rv, int) and not isinstance(rv, bool) and rv:
        return _interrupted() if rv == 130 else rv
    return 0
