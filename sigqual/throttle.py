"""Slow down password guessing, and bound what guessing can cost the server.

Two limits, both kept in the server process (a restart clears them):

- **Per user name.** After a few failed sign-ins an account must wait, doubling up
  to a cap. An attempt is counted *before* its password is checked, in the same
  locked step as the check of the wait, so simultaneous attempts cannot all slip
  through while the earlier ones are still being verified: at most
  ``FREE_ATTEMPTS`` password checks run for one name before the wait starts. A
  successful sign-in clears the count.
- **Per process.** At most ``MAX_CONCURRENT_CHECKS`` Argon2 checks (64 MiB each) run
  at once. An attempt that gets no slot within ``SLOT_WAIT_S`` is refused with
  "busy, try again" and is not counted against the user name.

Keyed by the lower-cased user name, whether or not the account exists, so the
throttle says nothing about which names are real. One lock guards the counts; it is
held for the check-and-count only, never during a password check, so a lock per
name would serialise nothing more.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

FREE_ATTEMPTS = 5
BASE_DELAY_S = 15.0
MAX_DELAY_S = 15 * 60.0
MAX_CONCURRENT_CHECKS = 4
SLOT_WAIT_S = 2.0
# Names kept before expired entries are swept. Entries expire MAX_DELAY_S after their last
# attempt, and the slots bound the rate of attempts, so memory stays bounded under spraying.
MAX_TRACKED_NAMES = 10_000

T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """What became of one sign-in attempt: the account, a wait, busy, or a wrong password."""

    account: T | None = None
    wait_seconds: float = 0.0
    busy: bool = False

    @property
    def refused(self) -> bool:
        """Turned away before any password was checked."""
        return self.wait_seconds > 0 or self.busy


def _key(username: str) -> str:
    return username.strip().lower()


@dataclass
class LoginThrottle:
    """Counts attempts per user name and bounds concurrent password checks."""

    clock: Callable[[], float] = time.monotonic
    max_concurrent: int = MAX_CONCURRENT_CHECKS
    slot_wait_s: float = SLOT_WAIT_S
    max_tracked: int = MAX_TRACKED_NAMES
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _slots: threading.BoundedSemaphore = field(init=False)
    _sweep_at: int = field(init=False)

    def __post_init__(self) -> None:
        if self.max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1")
        self._slots = threading.BoundedSemaphore(self.max_concurrent)
        self._sweep_at = self.max_tracked

    def _wait(self, entry: tuple[int, float]) -> float:
        count, last = entry
        if count < FREE_ATTEMPTS:
            return 0.0
        delay = min(BASE_DELAY_S * 2 ** (count - FREE_ATTEMPTS), MAX_DELAY_S)
        return max(0.0, last + delay - self.clock())

    def wait_seconds(self, username: str) -> float:
        """How long ``username`` must still wait before the next attempt (0 = go ahead)."""
        with self._lock:
            return self._wait(self._failures.get(_key(username), (0, 0.0)))

    def reserve(self, username: str) -> float:
        """Check the wait and count the attempt, in one locked step.

        Returns the seconds still to wait (nothing counted), or 0 when the attempt may
        go ahead; it then already counts as a failure until :meth:`succeeded` clears it.
        """
        key = _key(username)
        with self._lock:
            entry = self._failures.get(key, (0, 0.0))
            wait = self._wait(entry)
            if wait > 0:
                return wait
            if key not in self._failures and len(self._failures) >= self._sweep_at:
                self._sweep()
            self._failures[key] = (entry[0] + 1, self.clock())
            return 0.0

    def release(self, username: str) -> None:
        """Take back a reservation whose password was never checked (busy or an error)."""
        key = _key(username)
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
            if count <= 1:
                self._failures.pop(key, None)
            else:
                self._failures[key] = (count - 1, last)

    def failed(self, username: str) -> None:
        """Count a failure that did not go through :meth:`reserve`."""
        key = _key(username)
        with self._lock:
            count, _last = self._failures.get(key, (0, 0.0))
            self._failures[key] = (count + 1, self.clock())

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(_key(username), None)

    def _sweep(self) -> None:
        """Forget names whose wait is over and whose last attempt is older than the cap."""
        cutoff = self.clock() - MAX_DELAY_S
        for key in [k for k, (_c, last) in self._failures.items() if last < cutoff]:
            del self._failures[key]
        # Sweep again only after the table doubled, so a busy table is not scanned per attempt.
        self._sweep_at = max(self.max_tracked, 2 * len(self._failures))

    def attempt(self, username: str, password: str,
                check: Callable[[str, str], T | None]) -> Attempt[T]:
        """Run ``check(username, password)`` (the Argon2 verification) under both limits."""
        wait = self.reserve(username)
        if wait > 0:
            return Attempt(wait_seconds=wait)
        if not self._slots.acquire(timeout=self.slot_wait_s):
            self.release(username)
            return Attempt(busy=True)
        try:
            account = check(username, password)
        except BaseException:
            self.release(username)
            raise
        finally:
            self._slots.release()
        if account is not None:
            self.succeeded(username)
        return Attempt(account=account)


# One per server process: every browser session shares it.
LOGIN_THROTTLE = LoginThrottle()
