"""The first open of a project: suggestions stay right while the vector fill runs, the
live path never embeds during the fill, and the calibration refit waits for the fill
and for the page (real threads, no timing asserted)."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from sigqual.coding import SuggestionService
from sigqual.coding.suggestions import corpus_turns
from sigqual.nlp.suggest import LEXICAL
from sigqual.nlp.throttle import Foreground
from sigqual.nlp.vectors import VectorCache
from sigqual.store import Store

from .conftest import Project

PATIENCE = 60.0
GLANCE = 0.3


class HeldEmbedder:
    """Embeds by letter trigrams; calls from the fill thread wait until ``go`` is set."""

    name = "held"
    version = "held@1"

    def __init__(self) -> None:
        self.go = threading.Event()
        self.go.set()
        self.live_calls: list[int] = []

    def __deepcopy__(self, memo: dict[int, object]) -> HeldEmbedder:
        """Shared by copies of a suggester, like the real model."""
        return self

    def encode(self, texts: list[str]) -> np.ndarray:
        if threading.current_thread().name == "sigqual-vectors":
            assert self.go.wait(PATIENCE)
        else:
            self.live_calls.append(len(texts))
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            low = text.lower()
            for k in range(len(low) - 2):
                out[row, hash(low[k:k + 3]) % 64] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


def _until(condition, what: str) -> None:  # noqa: ANN001
    pause = threading.Event()
    for _ in range(int(PATIENCE / 0.01)):
        if condition():
            return
        pause.wait(0.01)
    raise AssertionError(f"never happened: {what}")


def _service(project: Project, tmp_path: Path, emb: HeldEmbedder,
             gate: Foreground | None = None) -> SuggestionService:
    service = SuggestionService(project.store, project.pid, background=False, embeddings=emb,
                                vectors=VectorCache(tmp_path / "v.sqlite"), foreground=gate)
    service.ensure_ready(project.codebook)
    return service


def test_turns_without_vectors_are_ranked_lexically_until_their_vector_exists(
        project: Project, tmp_path: Path) -> None:
    emb = HeldEmbedder()
    emb.go.clear()  # the fill is stuck on its first step
    service = _service(project, tmp_path, emb)
    turns = corpus_turns(project.store, project.pid, coder=None, settings=None)
    assert turns
    service.warm_vectors()
    assert service.filling()
    built = len(emb.live_calls)  # the codebook's own vectors, embedded while building
    suggester = service._suggester
    assert suggester is not None
    for turn in turns:
        shown = service.suggest(turn.text, turn.group, 5, segment_id=turn.segment_id)
        # Lexical evidence with the lexical maps: the same as ranking it without a vector.
        assert shown == suggester._rank(turn.text, turn.group, 5, LEXICAL)
    assert len(emb.live_calls) == built, "a rerun embedded a turn during the fill"
    emb.go.set()
    assert service._warmer.finished(PATIENCE)
    assert not service.filling()
    for turn in turns:
        shown = service.suggest(turn.text, turn.group, 5, segment_id=turn.segment_id)
        vector = suggester.semantic.lookup(turn.text)
        assert vector is not None
        assert shown == suggester._rank(turn.text, turn.group, 5, vector)
    assert len(emb.live_calls) == built


def test_exact_suggestions_embed_a_missing_vector_even_during_the_fill(
        project: Project, tmp_path: Path) -> None:
    emb = HeldEmbedder()
    emb.go.clear()
    service = _service(project, tmp_path, emb)
    service.warm_vectors()
    turn = corpus_turns(project.store, project.pid, coder=None, settings=None)[0]
    built = len(emb.live_calls)
    exact = service.suggest(turn.text, turn.group, 5, segment_id=turn.segment_id, exact=True)
    assert len(emb.live_calls) == built + 1
    assert exact == service._suggester.suggest(turn.text, turn.group, 5)
    emb.go.set()
    assert service._warmer.finished(PATIENCE)


def test_a_provisional_turn_is_ranked_again_once_its_vector_arrives(project: Project,
                                                                     tmp_path: Path) -> None:
    emb = HeldEmbedder()
    emb.go.clear()
    service = _service(project, tmp_path, emb)
    turns = corpus_turns(project.store, project.pid, coder=None, settings=None)
    service.warm_vectors([t.text for t in turns[1:]] + ["Något som ingen sagt."])
    turn = turns[0]
    before = service.suggest(turn.text, turn.group, 5, segment_id=turn.segment_id)
    # Its vector arrives (computed elsewhere) while the fill is still busy.
    vector = emb.encode([turn.text])[0]
    service._suggester.semantic.vectors.put_many("held@1", [(turn.text, vector)])
    assert service.filling()
    after = service.suggest(turn.text, turn.group, 5, segment_id=turn.segment_id)
    assert after == service._suggester._rank(turn.text, turn.group, 5, vector)
    assert after != before
    emb.go.set()
    assert service._warmer.finished(PATIENCE)


@pytest.mark.slow
def test_the_refit_waits_for_the_page_and_swaps_in_once(demo: tuple[Store, int],
                                                        tmp_path: Path) -> None:
    store, pid = demo
    gate = Foreground(max_wait=PATIENCE * 4)
    emb = HeldEmbedder()
    service = SuggestionService(store, pid, embeddings=emb, vectors=VectorCache(tmp_path / "v.sqlite"),
                                foreground=gate)
    with gate.busy():  # a rerun is running during the whole first open
        service.ensure_ready()
        built = len(emb.live_calls)
        thread = service._calibration_thread
        assert thread is not None and thread.name == "sigqual-calibration"
        _until(lambda: gate.pauses >= 1, "the refit's fill paused for the rerun")
        thread.join(GLANCE)
        assert thread.is_alive()
        assert service.calibration_source() == "bundled"
        version = service.version
    service.wait_idle(PATIENCE * 4)
    assert service.calibration_source() == "project"
    assert service.version == version + 1
    # The turns' vectors came from the fill, never from the refit itself.
    assert len(emb.live_calls) == built
    refitted = dict(service._suggester.calibrators)
    # A second refit on the same codings finds the same maps: nothing shown changes,
    # so the version (which keys the pages' caches) stays.
    assert service.refit_calibration(wait=True)
    assert service.version == version + 1
    assert service._suggester.calibrators == refitted
