"""The root listing (``rightsregime``, ``rightsregime --help``) and the "No such command" answer to a
mistyped name, drawn straight from the commands registered on the app.

typer answers both by turning every one of the ~42 commands into a click command (evaluating the
type hints of all their options) and by importing its rich help formatter (markdown parser
included), only to print names and first help lines: 0.4-0.5 s of CPU. Here the names come from
``app.registered_commands`` and ``app.registered_groups`` and the one-line help from each
command's help text (its docstring's first paragraph), so nothing is converted and nothing else
is imported; the panels look as typer draws them.
"""
from __future__ import annotations

import inspect
from difflib import get_close_matches

from rich import box
from rich.console import Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..errors import UsageError

PROG = "rightsregime"
COMMANDS_PANEL = "Commands"
# 42 commands in one list are hard to scan: the listing groups them by the module that defines
# them (one module per capability), unless a command names its own panel (rich_help_panel).
PANELS = {
    "warehouse": "The record: build, states, decisions, sources",
    "procedure": "Rules of procedure: outcomes, replays, elections",
    "analysis": "Alignment, cohesion, blocs, ideal points",
    "idealpoints": "Alignment, cohesion, blocs, ideal points",
    "questions": "Everyday questions",
    "monitoring": "Monitoring: treaties, UPR, mechanisms",
    "upr": "Monitoring: treaties, UPR, mechanisms",
    "forecast": "Forecast",
    "web": "The observatory",
}
# The order of the panels: what the record holds, the questions most users ask, then the rest.
PANEL_ORDER = ("warehouse", "questions", "procedure", "analysis", "monitoring", "forecast", "web")


def _given(value):
    """typer marks a setting left at its default with a placeholder object: that is no value."""
    return None if type(value).__name__ == "DefaultPlaceholder" else value


def _panel_of(explicit, callback) -> str:
    if _given(explicit):
        return explicit
    module = getattr(callback, "__module__", "") or ""
    return PANELS.get(module.rsplit(".", 1)[-1], COMMANDS_PANEL)


def _first_paragraph(text: str | None) -> str:
    """A help text's first paragraph as one line (typer's listing keeps the docstring's line
    breaks, which cut sentences mid-line at 80 columns)."""
    if not text:
        return ""
    return " ".join(inspect.cleandoc(text).split("\n\n")[0].split())


def entries(app) -> list[tuple[str, str, str]]:
    """(name, one-line help, panel) of every visible command and command group, in the order
    typer lists them: commands as registered, then the groups (the listing shows them panel by
    panel, in ``PANEL_ORDER``)."""
    from typer.main import get_command_name

    rows = []
    for info in app.registered_commands:
        if info.hidden:
            continue
        name = info.name or get_command_name(info.callback.__name__)
        text = info.short_help or info.help or inspect.getdoc(info.callback)
        rows.append((name, _first_paragraph(text), _panel_of(info.rich_help_panel, info.callback)))
    for group in app.registered_groups:
        sub = group.typer_instance
        if _given(group.hidden) or _given(sub.info.hidden):
            continue
        name = _given(group.name) or _given(sub.info.name)
        callback = sub.registered_callback.callback if sub.registered_callback else None
        text = (_given(group.help) or _given(sub.info.help)
                or (inspect.getdoc(callback) if callback else None))
        panel = _given(group.rich_help_panel) or _given(sub.info.rich_help_panel)
        rows.append((name, _first_paragraph(text), _panel_of(panel, callback)))
    return rows


def names(app) -> list[str]:
    return [name for name, _, _ in entries(app)]


def is_command(app, name: str) -> bool:
    return name in names(app)


def no_such_command(app, name: str) -> UsageError:
    """click's message for a mistyped name, with typer's suggestion, as one usage error."""
    message = f"No such command {name!r}."
    matches = get_close_matches(name, names(app))
    if matches:
        message = f"No such command {name!r}. Did you mean {', '.join(repr(m) for m in matches)}?"
    return UsageError(f"{message} See '{PROG} --help'.")


def _panel(title: str, rows: list[tuple[str, str]], width: int) -> Panel:
    grid = Table(highlight=False, show_header=False, expand=True, box=None, padding=(0, 1),
                 pad_edge=False)
    grid.add_column(style="bold cyan", no_wrap=True, min_width=width)
    grid.add_column(ratio=1)
    for name, text in rows:
        grid.add_row(name, Text(text))
    return Panel(grid, title=title, title_align="left", border_style="dim", box=box.ROUNDED)


def print_root(app, console, *, version_help: str) -> None:
    """The root listing: usage, what the program is, its two options, the commands by panel."""
    listed = entries(app)
    panels: dict[str, list[tuple[str, str]]] = {}
    for name, text, panel in listed:
        panels.setdefault(panel, []).append((name, text))
    width = max(len(n) for n, _, _ in listed)
    usage = Text.assemble(("Usage: ", "yellow"), (f"{PROG} ", "bold"), "[OPTIONS] COMMAND [ARGS]...")
    about = _first_paragraph(_given(app.info.help))
    parts = [Padding(usage, 1), Padding(Text(about), (0, 1, 1, 1)),
             _panel("Options", [("--version", version_help),
                                ("--help", "Show this message and exit.")], width)]
    order = [PANELS[m] for m in PANEL_ORDER]
    ranked = sorted(panels, key=lambda t: order.index(t) if t in order else len(order))
    parts += [_panel(title, panels[title], width) for title in ranked]
    parts.append(Padding(Text(f"'{PROG} COMMAND --help': the command's options and an example.",
                              style="dim"), (0, 1)))
    console.print(Group(*parts), highlight=False)
