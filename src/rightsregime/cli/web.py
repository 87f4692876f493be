"""The observatory on localhost: ``rightsregime serve``."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import app
from ._options import DbOption, SourcesOption, err_console


@app.command()
def serve(
    db: DbOption = None,
    sources: SourcesOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine "
                                      "only; behind a reverse proxy keep it so).", metavar="ADDRESS")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.", metavar="PORT")] = 8000,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, max=64, help="Server processes (each "
                                                   "opens the warehouse read-only; default: one per core, "
                                                   "at most 4).", metavar="N")] = None,
    build_if_missing: Annotated[bool, typer.Option("--build/--no-build", help="Build the warehouse "
                                                   "first if there is none.", metavar="")] = True,
):
    """Serve the observatory (pages, charts and the JSON API under /api) on localhost.

    Example: rightsregime serve --port 8000, then open http://127.0.0.1:8000/
    """
    import uvicorn

    from .._paths import default_db_path

    _check_port(host, port)
    path = Path(db) if db is not None else default_db_path()
    if not path.exists() and build_if_missing:
        from ..warehouse.build import build as run_build

        err_console.print(f"No warehouse at {path}: building it first.")
        run_build(path, sources_dir=sources, progress=True)
    # Checked here, so that a missing or outdated warehouse is one line, not a worker's traceback.
    from .. import open as rr_open

    rr_open(path).close()
    os.environ["RIGHTSREGIME_DB"] = str(path)  # read by create_app in every worker process
    workers = workers or default_workers()
    err_console.print(f"Serving the observatory on http://{host}:{port}/ with {workers} worker"
                      f"{'s' if workers > 1 else ''} (Ctrl-C stops it).")
    uvicorn.run("rightsregime.web.app:serve_app", factory=True, host=host, port=port,
                workers=workers, log_level="warning", proxy_headers=True)


def default_workers() -> int:
    """One worker process per core, at most 4. Python computes a page on one core per process, so
    one worker leaves the second core to the others; on the 2-core machine (shared, load average
    5-10) two workers served pages already viewed at 1.4-2.2 times the rate of one and first views
    at 5.9-8.2 against 5.5 per second (README, Performance). More workers than cores only queue on
    the same cores, and each keeps its own caches."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)))


def _check_port(host: str, port: int) -> None:
    """Refuse early, in one line, a port another server holds (uvicorn would print its own
    ERROR line and exit 3 after the build)."""
    import socket

    from ..errors import MachineFault

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise MachineFault(f"--host {host!r}: not an address of this machine; use 127.0.0.1 "
                           "(this machine only) or 0.0.0.0 (every interface).") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise MachineFault(f"{host}:{port}: {exc.strerror.lower()}; stop the other server or give "
                               "another port with --port.") from None
