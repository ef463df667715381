"""The project's suggestion service: examples from the store, learning, forgetting, queues."""

from __future__ import annotations

from collections import Counter

import pytest

from sigqual.codebook import Code
from sigqual.coding import (
    AcceptSuggestion,
    AddCoding,
    History,
    Passage,
    SuggestionService,
    confident_queue,
    corpus_turns,
    decisions,
    load_view,
    more_like_this,
    project_examples,
    segments_by_document,
    turn_suggestions,
)
from sigqual.errors import InputError
from sigqual.nlp.suggest import Example

from .conftest import Project

CODER = "Anna"


def _passage(project: Project, index: int, doc: int | None = None) -> Passage:
    doc = doc or project.parent_doc
    seg = project.turns(doc)[index]
    text = project.text(doc)[seg.start:seg.end]
    group = "foraldrar" if doc == project.parent_doc else "aktorer"
    return Passage(doc, seg.start, seg.end, text, group, seg.id, text)


def _service(project: Project, **kwargs: object) -> SuggestionService:
    service = SuggestionService(project.store, project.pid, background=False, **kwargs)
    service.ensure_ready(project.codebook)
    return service


def test_examples_come_from_codings_and_rejections(project: Project) -> None:
    store, pid = project.store, project.pid
    turn = _passage(project, 1)
    other = _passage(project, 3)
    for source in ("manual", "import"):
        store.add_coding(pid, turn.document_id, "ff-struktur", turn.start, turn.end,
                         coder=f"{source}-kodare", source=source)
    store.add_coding(pid, turn.document_id, "t-moten", turn.start, turn.end, coder="K",
                     source="consensus")
    store.record_feedback(pid, other.segment_id, "ff-stod", coder=CODER, decision="rejected")
    store.record_feedback(pid, turn.segment_id, "ff-struktur", coder=CODER, decision="accepted")
    expected = Counter({Example(turn.text, "foraldrar", "ff-struktur"): 2,
                        Example(other.text, "foraldrar", "ff-stod", False): 1})
    assert project_examples(store, pid) == expected
    assert project_examples(store, pid, coder=CODER) == Counter(
        {Example(other.text, "foraldrar", "ff-stod", False): 1})


def test_learning_changes_the_version_and_forgetting_rebuilds(project: Project) -> None:
    service = _service(project)
    assert service.ready and service.learned_count == 0
    first = service.version
    history = History(project.pid)
    step = history.perform(project.session, AddCoding(_passage(project, 5), "ff-stod", CODER))
    service.apply(step.changes)
    assert service.learned_count == 1 and service.version == first + 1
    step = history.undo(project.session)
    service.apply(step.changes)
    assert service.learned_count == 0 and service.version == first + 2


def test_a_learned_coding_raises_the_code_for_similar_turns(project: Project) -> None:
    service = _service(project)
    similar = "Samverkan hade struktur, mötena följde en dagordning."
    before = {s.code_id: (s.score, s.confidence) for s in service.suggest(similar, "aktorer", 5)}
    coded = _passage(project, 1, project.actor_doc)  # "Det var struktur på mötena, ..."
    step = History(project.pid).perform(project.session, AddCoding(coded, "kod-ovrigt", CODER))
    service.apply(step.changes)
    after = {s.code_id: (s.score, s.confidence) for s in service.suggest(similar, "aktorer", 5)}
    # The score rises; the calibrated confidence never falls (it may sit on a plateau).
    assert after["kod-ovrigt"][0] > before["kod-ovrigt"][0]
    assert after["kod-ovrigt"][1] >= before["kod-ovrigt"][1]


def test_background_rebuild_swaps_in_a_model_without_the_example(project: Project) -> None:
    service = SuggestionService(project.store, project.pid, background=True)
    service.ensure_ready(project.codebook)
    history = History(project.pid)
    service.apply(history.perform(project.session, AddCoding(_passage(project, 5), "ff-stod", CODER)).changes)
    version = service.version
    service.apply(history.undo(project.session).changes)
    service.wait_idle(60)
    assert service.learned_count == 0 and service.version > version


def test_blind_service_learns_only_its_coder(project: Project) -> None:
    store, pid = project.store, project.pid
    turn = _passage(project, 5)
    store.add_coding(pid, turn.document_id, "ff-stod", turn.start, turn.end, coder="Bo")
    assert _service(project, coder=CODER).learned_count == 0
    assert _service(project, coder="Bo").learned_count == 1


def test_changed_codebook_rebuilds(project: Project) -> None:
    service = _service(project)
    version = service.version
    service.ensure_ready(project.codebook)
    assert service.version == version
    bigger = project.codebook.with_codes([*project.codebook.codes, Code(
        "ff-ny", "Ny faktor", "success_factor", ("foraldrar",), "t-moten", "Något nytt.")])
    service.ensure_ready(bigger)
    assert service.version > version and service.codebook == bigger


def test_suggest_validates_and_caches(project: Project) -> None:
    service = SuggestionService(project.store, project.pid, background=False)
    with pytest.raises(InputError, match="not built yet"):
        service.suggest("Mötena var bra.", "foraldrar")
    service.ensure_ready(project.codebook)
    with pytest.raises(InputError, match="top must be at least 1"):
        service.suggest("Mötena var bra.", "foraldrar", top=0)
    assert service.suggest("   ", "foraldrar") == []
    first = service.suggest("Mötena hade en tydlig dagordning.", "okänd-grupp", 3, segment_id=7)
    assert service.suggest("Mötena hade en tydlig dagordning.", "okänd-grupp", 3, segment_id=7) is first


def test_turn_suggestions_leave_out_coded_and_rejected_codes(project: Project) -> None:
    store, pid = project.store, project.pid
    service = _service(project)
    turn = _passage(project, 1)
    view = load_view(store, pid, project.parent_doc, project.codebook, coder=CODER, settings={})
    everything = [s.code_id for s in turn_suggestions(service, view.turns[1], "foraldrar", top=5)]
    assert "ff-struktur" in everything
    store.add_coding(pid, turn.document_id, "ff-struktur", turn.start, turn.end, coder=CODER)
    view = load_view(store, pid, project.parent_doc, project.codebook, coder=CODER, settings={})
    left = [s.code_id for s in turn_suggestions(service, view.turns[1], "foraldrar",
                                                rejected={"t-moten"}, top=5)]
    assert "ff-struktur" not in left and "t-moten" not in left
    scored = turn_suggestions(service, view.turns[1], "foraldrar", top=5)
    assert scored, "nothing to check"
    cut = max(s.confidence for s in scored)
    high = turn_suggestions(service, view.turns[1], "foraldrar", top=5, minimum=cut)
    assert high, "nothing to check"
    assert all(s.confidence >= cut for s in high)
    assert [s.code_id for s in high] == [s.code_id for s in scored if s.confidence >= cut]
    kept = [s.code_id for s in turn_suggestions(service, view.turns[1], "foraldrar",
                                                rejected={"t-moten"}, top=5, keep_decided=True)]
    assert kept == everything


def test_corpus_turns(project: Project) -> None:
    store, pid = project.store, project.pid
    turn = _passage(project, 1)
    store.add_coding(pid, turn.document_id, "ff-struktur", turn.start, turn.start + 10, coder=CODER)
    turns = corpus_turns(store, pid, coder=CODER, settings={})
    assert [(t.document, t.index) for t in turns] == [("for-01", 1), ("for-01", 3), ("for-01", 5),
                                                      ("akt-01", 1), ("akt-01", 3)]
    assert turns[0].context == "Hur var mötena?" and turns[0].coded == frozenset({"ff-struktur"})
    only = corpus_turns(store, pid, coder=CODER, settings={}, groups=["aktorer"], phases=["2"],
                        segments=segments_by_document(store, pid))
    assert [t.document for t in only] == ["akt-01", "akt-01"]
    assert corpus_turns(store, pid, coder="Bo", settings={"blind": True})[0].coded == frozenset()


def test_confident_queue(project: Project) -> None:
    store, pid = project.store, project.pid
    service = _service(project)
    turns = corpus_turns(store, pid, coder=CODER, settings={})
    seen: list[float] = []
    everything = confident_queue(service, turns, {}, threshold=0.0, limit=100,
                                 progress=lambda f, _m: seen.append(f))
    assert seen[-1] == 1.0
    assert [c.confidence for c in everything] == sorted((c.confidence for c in everything), reverse=True)
    first = everything[0]
    History(pid).perform(project.session, AcceptSuggestion(
        Passage(first.turn.document_id, first.turn.start, first.turn.end, first.turn.text,
                first.turn.group, first.turn.segment_id, first.turn.text),
        first.code_id, CODER, first.confidence))
    decided = decisions(store, pid, CODER)
    assert decided == {first.key: "accepted"}
    again = confident_queue(service, corpus_turns(store, pid, coder=CODER, settings={}), decided,
                            threshold=0.0, limit=100)
    assert first.key not in {c.key for c in again}
    assert len(confident_queue(service, turns, {}, threshold=0.0, limit=2)) == 2
    ranked = confident_queue(service, turns, {}, threshold=0.0, limit=100)
    assert ranked, "nothing to check"
    cut = max(c.confidence for c in ranked)
    high = confident_queue(service, turns, {}, threshold=cut)
    assert high, "nothing to check"
    assert all(c.confidence >= cut for c in high)
    with pytest.raises(InputError, match="between 0 and 1"):
        confident_queue(service, turns, {}, threshold=1.5)


def test_more_like_this(project: Project) -> None:
    store, pid = project.store, project.pid
    service = _service(project)
    turns = corpus_turns(store, pid, coder=CODER, settings={})
    found = more_like_this(service, "ff-struktur", turns, {}, top=3)
    assert found and len(found) <= 3
    assert found[0].turn.text.startswith(("Mötena", "Det var struktur"))
    assert all(c.code_id == "ff-struktur" for c in found)
    only_parents = more_like_this(service, "uo-info", turns, {}, top=10)
    assert {c.turn.group for c in only_parents} == {"foraldrar"}
    skip = {(found[0].turn.segment_id, "ff-struktur"): "rejected"}
    assert found[0].key not in {c.key for c in more_like_this(service, "ff-struktur", turns, skip)}
    with pytest.raises(InputError, match="unknown code"):
        more_like_this(service, "nope", turns, {})
