"""`rightsregime serve` refuses, in one line, what would make uvicorn fail after the build."""
from __future__ import annotations

import socket
import subprocess
import sys


def _serve(*args, db):
    return subprocess.run([sys.executable, "-m", "rightsregime", "serve", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=120)


def test_a_port_another_server_holds_is_one_line_and_exit_1(warehouse_path):
    """A listening socket on the port: the command says so and names --port, before any build."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = _serve("--port", str(port), db=warehouse_path)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 1, done.stderr
    assert lines == [f"Error: 127.0.0.1:{port}: address already in use; stop the other server or give "
                     "another port with --port."]


def test_an_unknown_host_is_one_line(warehouse_path):
    done = _serve("--host", "no-such-host.invalid", db=warehouse_path)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: --host 'no-such-host.invalid': not an address")
    assert "Traceback" not in done.stderr
