"""Bounded caches for one server process: page documents, and whole responses.

The warehouse is opened read-only and does not change while the server runs, so a document (or a
page) built for one request is the answer for every later request with the same URL. Nothing about
the user is kept: the key is the page and its parameters only. Both caches are keyed on the
warehouse file's stamp (modification time and size): a rebuilt warehouse empties them.

Why whole responses: under load the time of a cached page went into rendering its template,
compressing it and the middleware around it (p95 of 350-500 ms at 20 clients). A response served
from :class:`ResponseCache` is a dictionary lookup and two ASGI messages.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any


class WarehouseStamp:
    """The warehouse file's (mtime, size), read at most once per ``every`` seconds."""

    def __init__(self, path: str | Path | None, every: float = 1.0):
        self.path = Path(path) if path else None
        self.every = every
        self._last = (0.0, None)

    def __call__(self):
        import time

        now = time.monotonic()
        checked, value = self._last
        if value is not None and now - checked < self.every:
            return value
        try:
            st = os.stat(self.path) if self.path else None
            value = (st.st_mtime_ns, st.st_size) if st else (0, 0)
        except OSError:
            value = (0, 0)
        self._last = (now, value)
        return value


class DocumentCache:
    """Documents by key, at most ``maxsize`` (least recently used dropped first), emptied when
    ``stamp()`` changes.

    Single flight: when several threads ask for the same missing key at once, one builds it and
    the others wait for its result (20 clients arriving on a cold page used to build it 20 times
    over, each taking the CPU from the others). A build that fails is not kept: its error goes to
    the thread that built, and a waiting thread builds again itself. ``builds`` counts the builds
    (what the tests and the benchmarks read)."""

    def __init__(self, maxsize: int = 1024, stamp: Callable[[], Hashable] | None = None):
        self.maxsize = maxsize
        self.stamp = stamp or (lambda: None)
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Event] = {}
        self._seen = self.stamp()
        self.builds = 0

    def _check(self) -> None:
        now = self.stamp()
        if now != self._seen:  # the warehouse was rebuilt: nothing cached is current
            self._items.clear()
            self._seen = now

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        while True:
            with self._lock:
                self._check()
                if key in self._items:
                    self._items.move_to_end(key)
                    return self._items[key]
                running, owner = self._building.get(key, (None, None))
                if owner == threading.get_ident():  # a build asking for itself: build, never wait on ourselves
                    return build()
                if running is None:
                    running = threading.Event()
                    self._building[key] = (running, threading.get_ident())
                    seen = self._seen
                    break
            running.wait()  # another thread builds it: take its result (or build if it failed)
        try:
            self.builds += 1
            value = build()
            with self._lock:
                if self._seen == seen:  # not built over a warehouse that has since been replaced
                    self._put(key, value)
            return value
        finally:
            with self._lock:
                self._building.pop(key, None)
            running.set()

    def peek(self, key: Hashable) -> Any:
        with self._lock:
            self._check()
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._put(key, value)

    def _put(self, key: Hashable, value: Any) -> None:
        self._items[key] = value
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)


class ResponseCache:
    """ASGI middleware: a GET answered 200 is kept (status, headers, body) under its path, query
    string and whether the client takes gzip, and replayed for the next identical request.

    Responses larger than ``max_body`` bytes, or marked ``Cache-Control: no-store``, are passed
    through and not kept."""

    def __init__(self, app, *, stamp: Callable[[], Hashable] | None = None, maxsize: int = 2048,
                 max_body: int = 2_000_000):
        self.app = app
        self.cache = DocumentCache(maxsize, stamp)
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        gzip = any(k == b"accept-encoding" and b"gzip" in v for k, v in scope["headers"])
        key = (scope["path"], scope.get("query_string", b""), gzip)
        hit = self.cache.peek(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        started: dict = {}
        parts: list[bytes] = []
        keep = True

        async def capture(message):
            nonlocal keep
            if message["type"] == "http.response.start":
                started.update(message)
                keep = message["status"] == 200 and not any(
                    k == b"cache-control" and b"no-store" in v for k, v in message.get("headers", []))
            elif message["type"] == "http.response.body" and keep:
                # A response passed through a BaseHTTPMiddleware arrives in several parts: keep
                # them all and store the whole once the last has come.
                parts.append(message.get("body", b""))
                if sum(map(len, parts)) > self.max_body:
                    keep = False
                elif not message.get("more_body"):
                    self.cache.put(key, (started["status"], list(started.get("headers", [])), b"".join(parts)))
            await send(message)

        await self.app(scope, receive, capture)


# The warehouse reads a page may repeat while it builds (the decision page asks for the same record
# through seven resources): their answers, kept for the request. The warehouse is read-only.
MEMO_METHODS = frozenset({"decision", "find_decisions", "positions", "amendments_of", "states", "groups",
                          "group_members", "state_name_pairs", "state_names", "un_members_on"})
# Of those, the reads that do not depend on the page (the states, the groups and their members, the
# UN membership on a day): answered once per process and warehouse, from the shared memo.
SHARED_METHODS = frozenset({"states", "groups", "group_members", "state_name_pairs", "state_names",
                            "un_members_on"})


def _copy(value):
    import copy

    return value.copy() if hasattr(value, "copy") and not isinstance(value, dict) else copy.deepcopy(value)


class RequestMemo:
    """The warehouse object with :data:`MEMO_METHODS` answered once per distinct arguments; every
    caller receives its own copy (a frame or document it may change without changing another's).

    With ``shared`` (a :class:`DocumentCache` of the process, emptied when the warehouse changes),
    :data:`SHARED_METHODS` and the results resources ask for through
    :func:`rightsregime.resources._common.shared` (the gazetteer, the agreement over the years
    before a vote) are built once per process, not once per page."""

    def __init__(self, reg, shared: DocumentCache | None = None):
        self._reg = reg
        self._memo: dict = {}
        self._shared = shared

    def shared_memo(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """``build()`` once per process (with a shared memo) or once per request; not copied:
        callers treat it as read-only."""
        if self._shared is not None:
            return self._shared.get(("memo", *key), build)
        return self.request_memo(key, build)

    def request_memo(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """``build()`` once per request (a derived record several resources of a page read)."""
        key = ("derived", *key)
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def __getattr__(self, name):
        attr = getattr(self._reg, name)
        if name not in MEMO_METHODS or not callable(attr):
            return attr

        def call(*args, **kwargs):
            try:
                key = (name, tuple(tuple(a) if isinstance(a, list) else a for a in args),
                       tuple(sorted(kwargs.items())))
                hash(key)
            except TypeError:  # arguments that cannot be a key (a Series of ids): not kept
                return attr(*args, **kwargs)
            if self._shared is not None and name in SHARED_METHODS:
                return _copy(self._shared.get(("read", *key), lambda: attr(*args, **kwargs)))
            if key not in self._memo:
                self._memo[key] = attr(*args, **kwargs)
            return _copy(self._memo[key])

        return call
