"""Auto-coding as one undo step: stored with the source "auto", never learned from."""

from __future__ import annotations

from sigqual.coding import History, SuggestionService, corpus_turns
from sigqual.coding.auto_actions import auto_batch
from sigqual.coding.suggestions import Candidate

from .conftest import Project


def _candidates(project: Project) -> list[Candidate]:
    turns = corpus_turns(project.store, project.pid, coder=None, settings={})
    assert len(turns) >= 2
    return [Candidate(turns[0], "ff-struktur", "Tydlig struktur", 0.97, ()),
            Candidate(turns[1], "t-moten", "Mötena", 0.96, ())]


def test_auto_codings_are_one_step_that_teaches_nothing(project: Project) -> None:
    service = SuggestionService(project.store, project.pid, background=False)
    service.ensure_ready(project.codebook)
    version = service.version
    history = History(project.pid)
    step = history.perform(project.session, auto_batch(_candidates(project), "Anna", "Autokodat 2"))
    assert not step.changes
    service.apply(step.changes)
    assert service.version == version
    codings = project.store.list_codings(project.pid)
    assert sorted((c.code_key, c.source, c.coder) for c in codings) == [
        ("ff-struktur", "auto", "Anna"), ("t-moten", "auto", "Anna")]
    assert history.undo_label == "Autokodat 2"
    undone = history.undo(project.session)
    assert undone is not None and not undone.changes
    assert project.store.list_codings(project.pid) == []
