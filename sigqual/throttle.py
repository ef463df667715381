"""Slow down password guessing: after a few failed logins an account must wait.

Kept in the server process (a restart clears it), keyed by the lower-cased user
name, so guessing one account's password from many browsers is throttled too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

FREE_ATTEMPTS = 5
BASE_DELAY_S = 15.0
MAX_DELAY_S = 15 * 60.0


@dataclass
class LoginThrottle:
    """Counts failures per user name; each failure past the free ones doubles the wait."""

    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, username: str) -> float:
        """How long ``username`` must still wait before the next attempt (0 = go ahead)."""
        with self._lock:
            count, last = self._failures.get(username.strip().lower(), (0, 0.0))
        if count < FREE_ATTEMPTS:
            return 0.0
        delay = min(BASE_DELAY_S * 2 ** (count - FREE_ATTEMPTS), MAX_DELAY_S)
        return max(0.0, last + delay - self.clock())

    def failed(self, username: str) -> None:
        key = username.strip().lower()
        with self._lock:
            count, _last = self._failures.get(key, (0, 0.0))
            self._failures[key] = (count + 1, self.clock())

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(username.strip().lower(), None)


# One per server process: every browser session shares it.
LOGIN_THROTTLE = LoginThrottle()
