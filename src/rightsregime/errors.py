"""The exception tree of rightsregime.

Every error a user can act on derives from :class:`RightsRegimeError`; the CLI prints its message
as one line (``Error: ...``) and exits with its ``exit_code``, the web API maps it to an HTTP status.

::

    RightsRegimeError
    ├── SourceError                 a public source cannot be used
    │   ├── SourceFileMissing       a file is absent from the mirror, cache and download
    │   ├── HashMismatch            a file's sha256 differs from the registry
    │   └── ParseError              a file is present but not in the expected layout
    ├── WarehouseError              the DuckDB warehouse cannot be used
    │   ├── WarehouseMissing        no warehouse at the path: run 'rightsregime build'
    │   ├── NotAWarehouse           build --db names a file that is not a warehouse (use --force)
    │   ├── WarehouseLocked         another process holds the warehouse file open for writing
    │   └── SchemaOutdated          the warehouse was built by another schema version
    ├── LookupFailed                a name the user typed is not in the data (404 on the web)
    │   ├── UnknownState
    │   ├── UnknownSymbol
    │   ├── UnknownGroup
    │   └── UnknownInstrument   not one of the 18 UN instruments or the 11 ILO conventions
    ├── UsageError (exit 2)         a parameter the user typed is malformed or out of range
    ├── RuleSetError                an unknown or malformed rule set, or impossible totals
    ├── EstimationError             too little data to estimate a model on the slice asked for
    ├── NotFittedError              a model used before ``fit``
    ├── UsageError (exit 2)         an option's value or a mix of options the command cannot take
    │   └── LimitExceeded           a size beyond what any command accepts (a body of 10,000)
    ├── InputFileError              a file the user named cannot be read: missing, a directory,
    │                               binary, wrongly encoded, malformed (names the file and line)
    ├── ImportFormatError           a user's import file breaks its documented format (names each bad row)
    └── MachineFault                the machine refused a read or write: permission, disk full,
                                    a path under a file (an OSError, named with its path)

Exit codes: 1 for data and environment faults, 2 for usage mistakes, 130 on Ctrl-C (SIGINT),
143 on SIGTERM (see ``docs/errors.md``).
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from contextlib import contextmanager


class RightsRegimeError(Exception):
    """Root of every error raised on purpose by rightsregime."""

    exit_code = 1
    http_status = 400


class SourceError(RightsRegimeError):
    def __init__(self, message: str, *, source: str | None = None, file: str | None = None):
        super().__init__(message)
        self.source = source
        self.file = file


class SourceFileMissing(SourceError):
    pass


class HashMismatch(SourceError):
    pass


class ParseError(SourceError):
    def __init__(self, message: str, *, source=None, file=None, line: int | None = None):
        super().__init__(message, source=source, file=file)
        self.line = line


class WarehouseError(RightsRegimeError):
    http_status = 500


class WarehouseMissing(WarehouseError):
    pass


class NotAWarehouse(WarehouseError):
    """``build --db PATH`` names a file that is not a rightsregime warehouse: refused, never replaced."""


class SchemaOutdated(WarehouseError):
    pass


class WarehouseLocked(WarehouseError):
    """The file exists but another process (a build, a writer) holds DuckDB's lock on it."""


class LookupFailed(RightsRegimeError):
    http_status = 404


class UnknownState(LookupFailed):
    def __init__(self, message: str, *, state: str | None = None):
        super().__init__(message)
        self.state = state


class UnknownSymbol(LookupFailed):
    def __init__(self, message: str, *, symbol: str | None = None):
        super().__init__(message)
        self.symbol = symbol


class UnknownGroup(LookupFailed):
    pass


class UnknownInstrument(LookupFailed):
    pass


class UsageError(RightsRegimeError):
    """A parameter as typed cannot be understood: a malformed year, a reversed range, an unknown
    body, kind or outcome. Exit 2, like click's own usage errors; ``option`` names the parameter."""

    exit_code = 2

    def __init__(self, message: str, *, option: str | None = None):
        super().__init__(message)
        self.option = option


class RuleSetError(RightsRegimeError):
    pass


class EstimationError(RightsRegimeError):
    pass


class NotFittedError(RightsRegimeError, AttributeError):
    pass


class LimitExceeded(UsageError):
    """A size beyond the bound every command keeps (so no command runs unbounded in time or memory)."""


class InputFileError(RightsRegimeError):
    """A file the user named cannot be read as expected; carries ``.file`` and ``.line``."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.file = file
        self.line = line


class MachineFault(RightsRegimeError):
    """The operating system refused a read or write (permission, no space, not a directory...)."""

    http_status = 500

    def __init__(self, message: str, *, file: str | None = None, errno: int | None = None):
        super().__init__(message)
        self.file = file
        self.errno = errno


class ImportFormatError(RightsRegimeError):
    """An import file (``rightsregime import KIND FILE``) breaks its format; nothing was loaded."""

    def __init__(self, message: str, *, file: str | None = None, rows: list | None = None):
        super().__init__(message)
        self.file = file
        self.rows = rows or []


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates nearest to ``word`` (case-insensitive), for 'Did you mean ...?' messages."""
    candidates = list(dict.fromkeys(c for c in candidates if c))
    lowered = {c.lower(): c for c in candidates}
    hits = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.5)
    return [lowered[h] for h in hits]


# Signals that asked the process to stop (set by the command line's SIGTERM handler). A C extension
# that calls back into Python (pyreadr) swallows the KeyboardInterrupt the handler raises and then
# fails on its own; a reader checks this before blaming its file.
_stop_signals: list[int] = []


def note_stop(signum: int) -> None:
    _stop_signals.append(signum)


def stop_requested() -> bool:
    return bool(_stop_signals)


@contextmanager
def interrupts_deferred():
    """Defer Ctrl-C and SIGTERM while a C extension parses (pyreadr): its Cython callbacks cannot
    pass a KeyboardInterrupt on, so one raised inside them is printed to the terminal as a traceback
    and "Exception ignored in ..." and the parse then fails as if its file were damaged. Within the
    block a stop signal is only noted (:func:`stop_requested`); on leaving, it is delivered as it
    would have been: to the handler that was in place (Python's Ctrl-C handler, the command line's
    SIGTERM handler), or by the default action. The Python-level handler is replaced rather than the
    signal blocked, because a signal blocked in the main thread is still taken by another thread
    (DuckDB's, Arrow's) and then handled in the main thread, inside the callback. Outside the main
    thread, or for an ignored signal, nothing changes."""
    import os
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def defer(signum, frame):
        note_stop(signum)
        arrived.append(signum)

    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(signum)
        if handler not in (signal.SIG_IGN, None):
            previous[signum] = signal.signal(signum, defer)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if arrived:
            handler = previous[arrived[0]]
            if callable(handler):
                handler(arrived[0], None)  # Ctrl-C's and the command line's raise KeyboardInterrupt
            else:  # the default action (SIG_DFL), now back in place
                os.kill(os.getpid(), arrived[0])


def forget_stops() -> None:
    """A new command starts unstopped: a stop noted during an earlier run in the same process (the
    tests run many) must not make a later, genuine file fault look like an interruption."""
    _stop_signals.clear()


def is_storage_fault(exc: BaseException) -> bool:
    """DuckDB reports a refused read or write (disk full, permission) and running out of memory as
    its own classes, not OSError: the machine's fault, not a bug."""
    return (type(exc).__module__.startswith("duckdb")
            and type(exc).__name__ in ("IOException", "OutOfMemoryException"))


def describe_os_error(exc: OSError) -> str:
    """One line for an OSError: the file, what the system said, and what to do."""
    import errno

    what = {
        errno.ENOSPC: "no space left on the device; free some space and run again",
        errno.EDQUOT: "disk quota exceeded; free some space and run again",
        errno.EACCES: "permission denied; choose a place you may write to, or change its permissions",
        errno.EPERM: "operation not permitted; choose a place you may write to",
        errno.EROFS: "the file system is read-only; choose another place",
        errno.ENOTDIR: "a part of this path is a file, not a folder; choose another path",
        errno.EISDIR: "is a folder where a file was expected; give a file",
        errno.ENOENT: "not found; check the path",
        errno.EEXIST: "already exists, and is not a folder; choose another path",
        errno.ENAMETOOLONG: "the file name is too long; choose a shorter one",
        errno.ELOOP: "too many symbolic links; check the path",
    }.get(exc.errno, (exc.strerror or str(exc) or type(exc).__name__).rstrip(".").lower())
    where = exc.filename if exc.filename is not None else "a file"
    return f"{where}: {what}."
