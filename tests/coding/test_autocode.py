"""The one engine in the service: exact forgetting after undo, the true count of confident
suggestions, vectors ahead of time, and precision-first auto-coding."""

from __future__ import annotations

import pytest

from sigqual.coding import (
    AddCoding,
    History,
    Passage,
    RejectSuggestion,
    RemoveCoding,
    SuggestionService,
    confident_queue,
    corpus_turns,
    count_confident,
    decisions,
)
from sigqual.coding.autocode import (
    ESTIMATED,
    MIN_CODED_TURNS,
    TOO_FEW,
    UNREACHABLE,
    auto_code,
    estimate_threshold,
    human_turns,
)
from sigqual.coding.suggestions import project_examples
from sigqual.errors import InputError
from sigqual.models import CODING_SOURCES
from sigqual.store import Store

from .conftest import Project

CODER = "Anna"


def _passage(project: Project, index: int) -> Passage:
    doc = project.parent_doc
    seg = project.turns(doc)[index]
    text = project.text(doc)[seg.start:seg.end]
    return Passage(doc, seg.start, seg.end, text, "foraldrar", seg.id, text)


def _ranking(service: SuggestionService, text: str) -> list[tuple[str, float, float]]:
    return [(s.code_id, s.score, s.confidence) for s in service.suggest(text, "foraldrar", 5)]


@pytest.mark.parametrize("action", ["coding", "rejection"])
def test_undo_forgets_at_once_without_a_rebuild(project: Project, action: str) -> None:
    service = SuggestionService(project.store, project.pid, background=True, quiet=60.0)
    service.ensure_ready(project.codebook)
    probe = "Handläggaren gav oss stöd och information varje vecka."
    pristine = _ranking(service, probe)
    history = History(project.pid)
    passage = _passage(project, 5)
    step = (AddCoding(passage, "uo-info", CODER) if action == "coding"
            else RejectSuggestion(passage, "ff-stod", CODER))
    service.apply(history.perform(project.session, step).changes)
    assert service.learned_count == 1
    assert _ranking(service, probe) != pristine
    service.apply(history.undo(project.store, project.pid).changes)
    # No background rebuild is needed (quiet=60 would delay one): the learner dropped it.
    assert service.learned_count == 0
    assert _ranking(service, probe) == pristine


def test_removing_a_coding_forgets_it(project: Project) -> None:
    service = SuggestionService(project.store, project.pid, background=True, quiet=60.0)
    service.ensure_ready(project.codebook)
    probe = "Handläggaren gav oss stöd och information varje vecka."
    pristine = _ranking(service, probe)
    history = History(project.pid)
    passage = _passage(project, 5)
    service.apply(history.perform(project.session,
                                  AddCoding(passage, "uo-info", CODER)).changes)
    coding = project.store.list_codings(project.pid)[0]
    service.apply(history.perform(project.session,
                                  RemoveCoding(coding, passage)).changes)
    assert service.learned_count == 0
    assert _ranking(service, probe) == pristine


def test_a_coding_does_not_move_its_code_on_unrelated_turns(project: Project) -> None:
    service = SuggestionService(project.store, project.pid, background=False)
    service.ensure_ready(project.codebook)
    unrelated = "Skidorna var nya och fjällen vackra på sportlovet."
    before = _ranking(service, unrelated)
    service.apply(History(project.pid).perform(project.session, AddCoding(
        _passage(project, 5), "uo-info", CODER)).changes)
    assert service.learned_count == 1
    assert _ranking(service, unrelated) == before


def test_auto_is_a_coding_source_that_is_never_learned(project: Project) -> None:
    assert "auto" in CODING_SOURCES
    turn = _passage(project, 1)
    project.store.add_coding(project.pid, turn.document_id, "ff-struktur", turn.start, turn.end,
                             coder="sigqual", source="auto")
    assert [c.source for c in project.store.list_codings(project.pid)] == ["auto"]
    assert not project_examples(project.store, project.pid)
    assert human_turns(project.store, project.pid, project.codebook) == []


def test_too_few_codings_gives_a_clear_result(project: Project) -> None:
    service = SuggestionService(project.store, project.pid, background=False)
    service.ensure_ready(project.codebook)
    estimate = estimate_threshold(service, target_precision=0.95)
    assert estimate.status == TOO_FEW
    assert estimate.precision is None and estimate.coverage is None
    assert "too few codings" in estimate.message and str(MIN_CODED_TURNS) in estimate.message
    turns = corpus_turns(project.store, project.pid, coder=None, settings=None)
    result = auto_code(service, turns, {}, estimate=estimate)
    assert all(c.confidence >= 0.95 for c in result.candidates)


@pytest.mark.parametrize("target", [0.0, 1.5])
def test_target_precision_is_validated(project: Project, target: float) -> None:
    service = SuggestionService(project.store, project.pid, background=False)
    service.ensure_ready(project.codebook)
    with pytest.raises(InputError, match="target precision"):
        estimate_threshold(service, target_precision=target)


@pytest.fixture
def demo_service(demo: tuple[Store, int]) -> SuggestionService:
    store, pid = demo
    service = SuggestionService(store, pid, background=False)
    service.ensure_ready()
    return service


@pytest.mark.slow
def test_the_sample_project_refits_its_own_calibration(demo_service: SuggestionService) -> None:
    assert demo_service.calibration_source() == "project"
    found = demo_service.suggest("Mötena var kaotiska i början, ingen dagordning.", "ungdomar", 5)
    assert found and all(0.0 <= s.confidence <= 1.0 for s in found)


@pytest.mark.slow
@pytest.mark.parametrize("target", [0.9, 0.95])
def test_precision_first_auto_coding_on_the_sample_project(demo_service: SuggestionService,
                                                           target: float) -> None:
    store, pid = demo_service.store, demo_service.project_id
    estimate = estimate_threshold(demo_service, target_precision=target)
    assert estimate.status in (ESTIMATED, UNREACHABLE)
    assert estimate.coded_turns >= MIN_CODED_TURNS
    turns = corpus_turns(store, pid, coder=None, settings=None)
    result = auto_code(demo_service, turns, decisions(store, pid, None), estimate=estimate)
    if estimate.status == UNREACHABLE:
        assert estimate.threshold is None and result.candidates == []
        return
    assert estimate.precision is not None and estimate.precision >= target
    assert estimate.coverage is not None and 0.0 < estimate.coverage <= 1.0
    assert estimate.above >= 10
    assert all(c.confidence >= estimate.threshold and c.code_id not in c.turn.coded
               for c in result.candidates)


@pytest.mark.slow
def test_count_confident_is_the_true_number(demo_service: SuggestionService) -> None:
    store, pid = demo_service.store, demo_service.project_id
    turns = corpus_turns(store, pid, coder=None, settings=None)
    total = count_confident(demo_service, turns, {}, threshold=0.3)
    capped = confident_queue(demo_service, turns, {}, threshold=0.3, limit=5)
    everything = confident_queue(demo_service, turns, {}, threshold=0.3, limit=10**6)
    assert total == len(everything)
    assert total > len(capped) == 5


def test_vectors_without_the_model_are_complete_at_once(project: Project) -> None:
    service = SuggestionService(project.store, project.pid, background=False, embeddings="off")
    service.ensure_ready(project.codebook)
    progress = service.warm_vectors()
    assert (progress.done, progress.total, progress.running, progress.fraction) == (0, 0, False, 1.0)
    assert service.vector_progress().fraction == 1.0


def test_vectors_with_an_embedder_are_computed_in_the_background(project: Project,
                                                                 tmp_path: object) -> None:
    import numpy as np

    from sigqual.nlp.vectors import VectorCache

    class Tiny:
        name = "tiny"
        version = "tiny@1"

        def encode(self, texts: list[str]) -> np.ndarray:
            out = np.ones((len(texts), 4), dtype=np.float32)
            return out / 2.0

    cache = VectorCache(tmp_path / "v.sqlite")  # type: ignore[operator]
    service = SuggestionService(project.store, project.pid, background=False, embeddings=Tiny(),
                                vectors=cache)
    service.ensure_ready(project.codebook)
    started = service.warm_vectors()
    assert started.total >= 1
    texts = [t.text for t in corpus_turns(project.store, project.pid, coder=None, settings=None)]
    service._warmer.wait(30)
    done = service.vector_progress()
    assert done.done == done.total and not done.running and done.error is None
    assert set(cache.get_many("tiny@1", texts)) == set(texts)
