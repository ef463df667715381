"""Background work that steps aside while a person waits for the page.

A project's first open starts two long jobs in background threads: computing every
turn's embedding vector and refitting the confidence map on the project's codings.
On a small machine they compete with the page's reruns for the cores (and, for the
pure-Python parts, for the GIL), which made each click wait seconds. The cure is
cooperation: the page marks itself busy for the length of a rerun or an action
(:meth:`Foreground.busy`), and the background jobs work in small steps and call
:meth:`Foreground.pause` between steps, which waits until no rerun of the project is
running, and then for a short quiet spell (``quiet``): one click often means two reruns
in a row (the action, then the page drawn again), and a coder reads for seconds between
clicks, so waiting a moment longer costs the background work little and keeps it out
of the next rerun. A step is short (one text, one turn), so a click that arrives
mid-step waits for at most that step. ``max_wait`` bounds a pause, so a project that is
never quiet (many coders clicking at once) still gets its vectors, only more slowly.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_MAX_WAIT = 5.0
DEFAULT_QUIET = 0.3


class Foreground:
    """How many reruns or actions of one project are running now; shared by its pages
    (every session) and its background jobs."""

    def __init__(self, max_wait: float = DEFAULT_MAX_WAIT, quiet: float = DEFAULT_QUIET) -> None:
        self.max_wait = max_wait
        self.quiet = quiet
        self._cond = threading.Condition()
        self._active = 0
        self._pauses = 0
        self._last_end = float("-inf")

    @property
    def active(self) -> int:
        """Reruns and actions running now."""
        with self._cond:
            return self._active

    @property
    def pauses(self) -> int:
        """How often background work has waited for the page so far (for tests and benchmarks)."""
        with self._cond:
            return self._pauses

    @contextmanager
    def busy(self) -> Iterator[None]:
        """Mark a rerun or action as running for the length of the block (re-entrant:
        an action inside a rerun just counts twice)."""
        with self._cond:
            self._active += 1
        try:
            yield
        finally:
            with self._cond:
                self._active -= 1
                if self._active == 0:
                    self._last_end = time.monotonic()
                    self._cond.notify_all()

    def pause(self, max_wait: float | None = None) -> bool:
        """Wait, in a background thread, until nothing in the foreground runs and the
        last rerun ended :attr:`quiet` seconds ago (at most ``max_wait`` seconds in all,
        default :attr:`max_wait`). True when it had to wait."""
        limit = self.max_wait if max_wait is None else max_wait
        deadline = time.monotonic() + limit
        with self._cond:
            if self._active == 0 and time.monotonic() - self._last_end >= self.quiet:
                return False
            self._pauses += 1
            while True:
                now = time.monotonic()
                left = deadline - now
                if left <= 0:
                    break
                if self._active > 0:
                    self._cond.wait(left)
                    continue
                calm = self._last_end + self.quiet - now
                if calm <= 0:
                    break
                self._cond.wait(min(left, calm))
            return True
