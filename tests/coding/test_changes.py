"""What the coding pages refresh after a write: read from the newest audit rows."""

from __future__ import annotations

import pytest

from sigqual.coding.changes import EVERYTHING, Changes, Tracker, classify

from .conftest import Project


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([{"project_id": 1, "entity": "coding", "action": "insert", "after": {"document_id": 4}}],
         Changes(documents=frozenset({4}))),
        ([{"project_id": 1, "entity": "coding", "action": "delete", "before": {"document_id": 5}},
          {"project_id": 1, "entity": "feedback", "action": "insert"}],
         Changes(documents=frozenset({5}), feedback=True)),
        ([{"project_id": 1, "entity": "memo", "action": "insert"}], Changes(memos=True)),
        ([{"project_id": 2, "entity": "codebook", "action": "import"}], Changes()),  # another project
        ([{"project_id": 1, "entity": "coder", "action": "insert"}], Changes()),
        ([{"project_id": 1, "entity": "coding", "action": "update", "after": {"start": 1}}], EVERYTHING),
        ([{"project_id": 1, "entity": "codebook", "action": "import"}], EVERYTHING),
        ([{"project_id": float("nan"), "entity": "project", "action": "update"}], EVERYTHING),
    ],
)
def test_classify(rows: list[dict], expected: Changes) -> None:
    assert classify(rows, 1) == expected


def test_tracker_follows_the_store(project: Project) -> None:
    tracker = Tracker(project.pid)
    assert tracker.step(project.store) == EVERYTHING  # the first look knows nothing
    assert tracker.step(project.store).nothing
    doc = tracker.document_key(project.parent_doc)
    other = tracker.document_key(project.actor_doc)
    seg = project.turns(project.parent_doc)[1]
    project.session.add_coding(project.parent_doc, "t-moten", seg.start, seg.end, coder="Anna",
                               segment_id=seg.id)
    assert tracker.step(project.store) == Changes(documents=frozenset({project.parent_doc}))
    assert tracker.document_key(project.parent_doc) != doc
    assert tracker.document_key(project.actor_doc) == other
    feedback = tracker.key("feedback")
    project.session.add_memo("En tanke", document_id=project.parent_doc)
    assert tracker.step(project.store) == Changes(memos=True)
    assert tracker.key("feedback") == feedback
