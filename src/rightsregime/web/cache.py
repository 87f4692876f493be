"""A bounded cache of page documents and charts for one server process.

The warehouse is opened read-only and does not change while the server runs, so a document built
for one request is the answer for every later request with the same parameters. Nothing about the
user is kept: the key is the page and its parameters only.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class DocumentCache:
    def __init__(self, maxsize: int = 1024):
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()  # outside the lock: two threads may build the same page once each, harmlessly
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value
