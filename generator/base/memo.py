"""A small, thread-safe memo of pure results, bounded by count and by bytes.

For work that is a pure function of bytes already checked against the manifest (a received
formulir parsed, its print copy made): a process that needs the same result twice (the demo,
the web server, an archive right after a print) computes it once. Entries are keyed by the
SHA-256 of their inputs, so a changed file is a different key; the least recently used entries
are dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """At most ``entries`` values and ``size`` units (``weigh`` of each value, default 1)."""

    def __init__(
        self, entries: int, size: int | None = None, weigh: Callable[[V], int] | None = None
    ) -> None:
        self.entries = entries
        self.size = size
        self.weigh = weigh or (lambda _: 1)
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        weight = self.weigh(value)
        if self.size is not None and weight > self.size:
            return  # larger than the whole memo: not kept
        with self._lock:
            old = self._values.pop(key, None)
            if old is not None:
                self._used -= self.weigh(old)
            self._values[key] = value
            self._used += weight
            while len(self._values) > self.entries or (
                self.size is not None and self._used > self.size
            ):
                _, dropped = self._values.popitem(last=False)
                self._used -= self.weigh(dropped)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._used = 0

    def __len__(self) -> int:
        return len(self._values)
