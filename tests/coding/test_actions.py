"""Undoable coding actions and the history: every step is in the store, undo takes it back."""

from __future__ import annotations

import pytest

from sigqual.app import ProjectSession, local_actor
from sigqual.coding import (
    AcceptSuggestion,
    AddCoding,
    Batch,
    History,
    LearningChange,
    Passage,
    RejectSuggestion,
    RemoveCoding,
)
from sigqual.errors import StoreError
from sigqual.nlp.suggest import Example

from .conftest import Project

CODER = "Anna"


def _turn_passage(project: Project, index: int = 1, part: tuple[int, int] | None = None) -> Passage:
    """A respondent turn of the parents' document, or ``part`` of it (turn-relative)."""
    seg = project.turns(project.parent_doc)[index]
    text = project.text(project.parent_doc)
    start, end = (seg.start, seg.end) if part is None else (seg.start + part[0], seg.start + part[1])
    return Passage(project.parent_doc, start, end, text[start:end], "foraldrar", seg.id,
                   text[seg.start:seg.end])


def _codings(project: Project) -> list[tuple[str, int, int, str, str]]:
    return [(c.code_key, c.start, c.end, c.coder, c.source)
            for c in project.store.list_codings(project.pid)]


def _feedback(project: Project) -> list[tuple[int, str, str, str]]:
    frame = project.store.feedback_frame(project.pid)
    return [(int(s), c, k, d) for s, c, k, d in
            zip(frame["segment_id"], frame["code_id"], frame["coder"], frame["decision"], strict=True)]


def _signs(changes: tuple[LearningChange, ...]) -> list[tuple[str, bool, int]]:
    return [(c.example.code_id, c.example.positive, c.sign) for c in changes]


@pytest.mark.parametrize("part", [None, (0, 45), (46, 87)])
def test_add_undo_redo(project: Project, part: tuple[int, int] | None) -> None:
    history = History(project.pid)
    passage = _turn_passage(project, part=part)
    step = history.perform(project.session, AddCoding(passage, "ff-struktur", CODER))
    expected = [("ff-struktur", passage.start, passage.end, CODER, "manual")]
    assert _codings(project) == expected
    assert step.changes == (LearningChange(Example(passage.text, "foraldrar", "ff-struktur"), 1),)
    undone = history.undo(project.session)
    assert undone is not None and undone.undone
    assert _codings(project) == []
    assert _signs(undone.changes) == [("ff-struktur", True, -1)]
    history.redo(project.session)
    assert _codings(project) == expected
    assert (history.can_undo, history.can_redo) == (True, False)


def test_coding_what_is_already_coded_changes_nothing(project: Project) -> None:
    passage = _turn_passage(project)
    first = project.store.add_coding(project.pid, passage.document_id, "ff-struktur", passage.start,
                                     passage.end, coder=CODER, source="import")
    history = History(project.pid)
    step = history.perform(project.session, AddCoding(passage, "ff-struktur", CODER))
    assert step.changes == ()
    history.undo(project.session)
    assert [c.id for c in project.store.list_codings(project.pid)] == [first]


def test_remove_and_restore(project: Project) -> None:
    passage = _turn_passage(project)
    store = project.store
    store.add_coding(project.pid, passage.document_id, "uo-info", passage.start, passage.end,
                     coder=CODER, source="import")
    coding = store.list_codings(project.pid)[0]
    history = History(project.pid)
    step = history.perform(project.session, RemoveCoding(coding, passage))
    assert _codings(project) == [] and _signs(step.changes) == [("uo-info", True, -1)]
    undone = history.undo(project.session)
    assert _codings(project) == [("uo-info", passage.start, passage.end, CODER, "import")]
    assert _signs(undone.changes) == [("uo-info", True, 1)]
    history.redo(project.session)
    assert _codings(project) == []


def test_removing_a_consensus_coding_teaches_nothing(project: Project) -> None:
    passage = _turn_passage(project)
    project.store.add_coding(project.pid, passage.document_id, "uo-info", passage.start, passage.end,
                             coder="Konsensus", source="consensus")
    coding = project.store.list_codings(project.pid)[0]
    step = History(project.pid).perform(project.session, RemoveCoding(coding, passage))
    assert step.changes == ()


@pytest.mark.parametrize("before", [None, "rejected", "accepted"])
def test_accept_records_feedback_and_undo_restores_the_decision(project: Project,
                                                                before: str | None) -> None:
    store, pid = project.store, project.pid
    passage = _turn_passage(project)
    if before is not None:
        store.record_feedback(pid, passage.segment_id, "ff-struktur", coder=CODER, decision=before)
    history = History(pid)
    step = history.perform(project.session, AcceptSuggestion(passage, "ff-struktur", CODER, 0.91))
    assert _codings(project) == [("ff-struktur", passage.start, passage.end, CODER, "suggestion")]
    assert _feedback(project) == [(passage.segment_id, "ff-struktur", CODER, "accepted")]
    expected = [("ff-struktur", True, 1)] + ([("ff-struktur", False, -1)] if before == "rejected" else [])
    assert _signs(step.changes) == expected
    undone = history.undo(project.session)
    assert _codings(project) == []
    restored = [] if before is None else [(passage.segment_id, "ff-struktur", CODER, before)]
    assert _feedback(project) == restored
    assert _signs(undone.changes) == [(c, p, -s) for c, p, s in expected]


def test_accept_is_taken_back_when_the_feedback_cannot_be_saved(project: Project,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr(project.store, "record_feedback", broken)
    history = History(project.pid)
    with pytest.raises(StoreError, match="disk full"):
        history.perform(project.session, AcceptSuggestion(_turn_passage(project), "ff-struktur", CODER, 0.9))
    assert _codings(project) == [] and not history.can_undo


def test_reject_teaches_the_whole_turn(project: Project) -> None:
    pid = project.pid
    part = _turn_passage(project, part=(0, 45))
    history = History(pid)
    step = history.perform(project.session, RejectSuggestion(part, "uo-info", CODER, 0.8))
    assert _feedback(project) == [(part.segment_id, "uo-info", CODER, "rejected")]
    assert [c.example.text for c in step.changes] == [part.turn_text]
    assert _signs(step.changes) == [("uo-info", False, 1)]
    undone = history.undo(project.session)
    assert _feedback(project) == [] and _signs(undone.changes) == [("uo-info", False, -1)]


def test_batch_is_all_or_nothing(project: Project) -> None:
    pid = project.pid
    good = AcceptSuggestion(_turn_passage(project, 1), "ff-struktur", CODER, 0.9)
    bad = AddCoding(_turn_passage(project, 3), "no-such-code", CODER)
    history = History(pid)
    with pytest.raises(StoreError, match="unknown code 'no-such-code'"):
        history.perform(project.session, Batch([good, bad], "två"))
    assert _codings(project) == [] and _feedback(project) == [] and not history.can_undo


def test_batch_reports_progress_and_undoes_together(project: Project) -> None:
    pid = project.pid
    seen: list[float] = []
    steps = [AcceptSuggestion(_turn_passage(project, i), "ff-struktur", CODER, 0.9) for i in (1, 3, 5)]
    history = History(pid)
    history.perform(project.session, Batch(steps, "tre", progress=seen.append))
    assert seen == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert len(_codings(project)) == 3 and len(_feedback(project)) == 3
    assert history.undo_label == "tre"
    history.undo(project.session)
    assert _codings(project) == [] and _feedback(project) == []


def test_undo_after_someone_else_removed_the_coding(project: Project) -> None:
    history = History(project.pid)
    history.perform(project.session, AddCoding(_turn_passage(project), "ff-struktur", CODER))
    project.store.delete_coding(project.store.list_codings(project.pid)[0].id)
    step = history.undo(project.session)
    assert step is not None and step.changes == () and history.can_redo


def test_history_limits_and_guards(project: Project) -> None:
    store, pid = project.store, project.pid
    history = History(pid, limit=2)
    assert history.undo(project.session) is None and history.redo(project.session) is None
    for i in (1, 3, 5):
        history.perform(project.session, AddCoding(_turn_passage(project, i), "ff-struktur", CODER,
                                              label=f"replik {i}"))
    assert len(history) == 2 and history.undo_label == "replik 5"
    history.undo(project.session)
    assert history.redo_label == "replik 5"
    history.perform(project.session, AddCoding(_turn_passage(project, 5), "uo-info", CODER))
    assert not history.can_redo
    with pytest.raises(StoreError, match="belongs to project"):
        history.undo(ProjectSession(store, local_actor(CODER), pid + 1))
    with pytest.raises(StoreError, match="at least 1"):
        History(pid, limit=0)


@pytest.mark.parametrize(
    ("start", "end", "text", "message"),
    [
        (5, 5, "", "empty or reversed"),
        (7, 3, "abcd", "empty or reversed"),
        (0, 4, "abc", "does not match"),
    ],
)
def test_bad_passages(start: int, end: int, text: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        Passage(1, start, end, text, None)


def test_rejecting_needs_a_turn() -> None:
    with pytest.raises(StoreError, match="speaker turn"):
        RejectSuggestion(Passage(1, 0, 3, "abc", None), "x", CODER)
