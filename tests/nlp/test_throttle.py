"""Background work steps aside for the page: the pause logic and the vector fill, with
real threads (no timing is asserted: a paused worker is shown not to move while the
page is busy, however long it is given)."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from sigqual.nlp.throttle import Foreground
from sigqual.nlp.vectors import VectorCache, VectorWarmer

# Long enough that a worker that is not paused would move on; never a bound on speed.
GLANCE = 0.3
# How long a test waits for something that must happen (a generous ceiling).
PATIENCE = 30.0


def _in_thread(target) -> tuple[threading.Thread, threading.Event]:  # noqa: ANN001
    done = threading.Event()

    def run() -> None:
        target()
        done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, done


def _until(condition, what: str) -> None:  # noqa: ANN001
    """Wait (bounded) until ``condition()`` holds."""
    finished = threading.Event()
    for _ in range(int(PATIENCE / 0.01)):
        if condition():
            return
        finished.wait(0.01)
    raise AssertionError(f"never happened: {what}")


def test_pause_returns_at_once_when_nothing_runs() -> None:
    gate = Foreground()
    assert gate.pause() is False
    assert (gate.active, gate.pauses) == (0, 0)


def test_after_a_rerun_the_work_waits_for_a_quiet_spell() -> None:
    # Two reruns in a row (an action, then the page again) are one wait, not two.
    gate = Foreground(max_wait=PATIENCE * 4, quiet=PATIENCE * 2)
    with gate.busy():
        pass
    thread, done = _in_thread(gate.pause)
    assert not done.wait(GLANCE), "the work went on right after the rerun"
    with gate.busy():
        assert not done.wait(GLANCE)
    assert not done.wait(GLANCE)
    assert gate.pauses == 1
    short = Foreground(max_wait=PATIENCE, quiet=0.0)
    with short.busy():
        pass
    assert short.pause() is False


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_a_paused_worker_waits_until_every_rerun_has_ended(depth: int) -> None:
    gate = Foreground(max_wait=PATIENCE * 4)
    entered = [gate.busy() for _ in range(depth)]
    for block in entered:
        block.__enter__()
    assert gate.active == depth
    thread, done = _in_thread(gate.pause)
    _until(lambda: gate.pauses == 1, "the worker started to wait")
    for block in entered[:-1]:
        block.__exit__(None, None, None)
        assert not done.wait(GLANCE), "the worker went on while a rerun still ran"
    entered[-1].__exit__(None, None, None)
    assert done.wait(PATIENCE)
    thread.join(PATIENCE)
    assert gate.active == 0


def test_busy_ends_even_when_the_rerun_fails() -> None:
    gate = Foreground(quiet=0.0)
    with pytest.raises(RuntimeError), gate.busy():
        raise RuntimeError("the page failed")
    assert gate.active == 0
    assert gate.pause() is False


def test_max_wait_bounds_a_pause_so_the_work_is_never_starved() -> None:
    gate = Foreground(max_wait=0.0, quiet=PATIENCE)
    with gate.busy():
        thread, done = _in_thread(gate.pause)
        assert done.wait(PATIENCE), "a pause with no time left must return"
        thread.join(PATIENCE)
    assert gate.pauses == 1


class GatedEmbedder:
    """Records every call and can hold one call until the test lets it go."""

    name = "gated"
    version = "gated@1"

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []
        self.inside = threading.Event()
        self.go = threading.Event()
        self.go.set()

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append((threading.current_thread().name, len(texts)))
        self.inside.set()
        assert self.go.wait(PATIENCE)
        out = np.zeros((len(texts), 8), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, len(text) % 8] = 1.0
        return out


def test_the_fill_does_not_start_while_a_rerun_runs(tmp_path: Path) -> None:
    gate = Foreground(max_wait=PATIENCE * 4)
    emb = GatedEmbedder()
    warmer = VectorWarmer(emb, VectorCache(tmp_path / "v.sqlite"), gate)
    texts = [f"Mening nummer {i}." for i in range(9)]
    with gate.busy():
        warmer.start(texts)
        _until(lambda: gate.pauses >= 1, "the fill paused")
        assert not warmer.finished(GLANCE)
        assert emb.calls == []
    assert warmer.finished(PATIENCE)
    assert warmer.progress().done == 9
    # Small steps: a click waits for at most one of them.
    assert emb.calls and max(n for _name, n in emb.calls) <= warmer.chunk


def test_a_rerun_that_starts_mid_fill_stops_it_after_the_current_step(tmp_path: Path) -> None:
    gate = Foreground(max_wait=PATIENCE * 4)
    emb = GatedEmbedder()
    emb.go.clear()
    cache = VectorCache(tmp_path / "v.sqlite")
    warmer = VectorWarmer(emb, cache, gate, chunk=2)
    texts = [f"Mening nummer {i}." for i in range(10)]
    warmer.start(texts)
    assert emb.inside.wait(PATIENCE)  # the first step is being computed
    with gate.busy():
        emb.go.set()  # the step in flight finishes and is written...
        _until(lambda: warmer.progress().done == 2, "the step in flight was stored")
        _until(lambda: gate.pauses >= 1, "the fill paused")
        # ...but no further step starts while the rerun runs.
        assert not warmer.finished(GLANCE)
        assert len(emb.calls) == 1 and warmer.progress().done == 2
    assert warmer.finished(PATIENCE)
    assert set(cache.get_many("gated@1", texts)) == set(texts)


def test_texts_already_queued_are_not_queued_twice(tmp_path: Path) -> None:
    gate = Foreground(max_wait=PATIENCE * 4)
    emb = GatedEmbedder()
    warmer = VectorWarmer(emb, VectorCache(tmp_path / "v.sqlite"), gate)
    texts = [f"Mening nummer {i}." for i in range(6)]
    with gate.busy():
        warmer.start(texts)
        again = warmer.start(texts[:4] + ["En ny mening."])
        assert again.total == 7
    assert warmer.finished(PATIENCE)
    assert sum(n for _name, n in emb.calls) == 7
