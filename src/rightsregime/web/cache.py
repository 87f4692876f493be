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
    def __init__(self, maxsize: int = 1024, stamp: Callable[[], Hashable] | None = None):
        self.maxsize = maxsize
        self.stamp = stamp or (lambda: None)
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._seen = self.stamp()

    def _check(self) -> None:
        now = self.stamp()
        if now != self._seen:  # the warehouse was rebuilt: nothing cached is current
            self._items.clear()
            self._seen = now

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        with self._lock:
            self._check()
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()  # outside the lock: two threads may build the same page once each, harmlessly
        self.put(key, value)
        return value

    def peek(self, key: Hashable) -> Any:
        with self._lock:
            self._check()
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
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


class RequestMemo:
    """The warehouse object with :data:`MEMO_METHODS` answered once per distinct arguments; every
    caller receives its own copy (a frame or document it may change without changing another's)."""

    def __init__(self, reg):
        self._reg = reg
        self._memo: dict = {}

    def __getattr__(self, name):
        attr = getattr(self._reg, name)
        if name not in MEMO_METHODS or not callable(attr):
            return attr

        def call(*args, **kwargs):
            import copy

            try:
                key = (name, tuple(tuple(a) if isinstance(a, list) else a for a in args),
                       tuple(sorted(kwargs.items())))
                hash(key)
            except TypeError:  # arguments that cannot be a key (a Series of ids): not kept
                return attr(*args, **kwargs)
            if key not in self._memo:
                self._memo[key] = attr(*args, **kwargs)
            value = self._memo[key]
            return value.copy() if hasattr(value, "copy") and not isinstance(value, dict) else copy.deepcopy(value)

        return call
