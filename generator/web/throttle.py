"""Limits on the public verification page: anyone on the office network may upload an
archive, and each check costs the server about a second of CPU (and up to 32 MiB read).

At most ``concurrent`` checks run at once; a request waits up to ``wait_s`` for its turn and
is then turned away (503). One address may ask ``per_client`` times per ``window_s`` (429).
A check is stopped after ``time_s`` seconds (its report then says so).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field


@dataclass
class Throttle:
    concurrent: int = 1
    wait_s: float = 30.0
    per_client: int = 20
    window_s: float = 60.0
    time_s: float = 60.0  # one check is stopped after this long (a web upload is ≤ 32 MiB)
    slots: threading.BoundedSemaphore = field(init=False)
    _seen: dict[str, deque[float]] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(self.concurrent)

    def retry_after(self, client: str, now: float | None = None) -> int | None:
        """Seconds until ``client`` may ask again, or None (and the request is counted)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            seen = self._seen.setdefault(client, deque())
            while seen and seen[0] <= now - self.window_s:
                seen.popleft()
            if len(seen) >= self.per_client:
                return max(1, int(seen[0] + self.window_s - now) + 1)
            seen.append(now)
            if len(self._seen) > 10_000:  # forget idle addresses; the map stays small
                for key in [k for k, v in self._seen.items() if not v]:
                    del self._seen[key]
            return None
