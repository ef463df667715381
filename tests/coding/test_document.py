"""The document view (turns with their codings), coding status and moving between turns."""

from __future__ import annotations

import pytest

from sigqual.coding import (
    DocumentStatus,
    document_statuses,
    filter_documents,
    first_turn,
    load_view,
    next_matching,
    next_uncoded_turn,
    segments_by_document,
    step_turn,
)
from sigqual.errors import InputError
from sigqual.store import NewCoding

from .conftest import Project


def _code(project: Project, turn: int, code: str, coder: str, doc: int | None = None,
          part: tuple[int, int] | None = None) -> None:
    doc = doc or project.parent_doc
    seg = project.turns(doc)[turn]
    start, end = (seg.start, seg.end) if part is None else (seg.start + part[0], seg.start + part[1])
    project.store.add_codings(project.pid, [NewCoding(doc, code, start, end, coder)])


def test_view_attaches_codings_to_the_turns_they_touch(project: Project) -> None:
    _code(project, 1, "ff-struktur", "Anna", part=(0, 18))
    segs = project.turns(project.parent_doc)
    # A coding across two turns (end of turn 1 to the start of turn 3) shows on both.
    project.store.add_coding(project.pid, project.parent_doc, "uo-info", segs[1].end - 5,
                             segs[3].start + 3, coder="Anna")
    view = load_view(project.store, project.pid, project.parent_doc, project.codebook,
                     coder="Anna", settings={})
    assert [t.index for t in view.turns] == [0, 1, 2, 3, 4, 5]
    assert [sorted(t.code_ids) for t in view.turns] == [
        [], ["ff-struktur", "uo-info"], ["uo-info"], ["uo-info"], [], []]
    first = view.turns[1].marks[0]
    assert (first.label, first.colour, first.coder) == ("Tydlig struktur", "#1f77b4", "Anna")
    assert view.turns[1].text == "Mötena var tydliga, det var ordning och reda. Vi hade en " \
                                 "dagordning t.ex. varje gång."
    assert view.turns[0].is_interviewer and not view.turns[1].is_interviewer
    assert view.group == "foraldrar" and len(view.respondent_turns) == 3


@pytest.mark.parametrize(
    ("settings", "coder", "visible"),
    [
        ({}, "Anna", {"Anna", "Bo"}),
        ({"blind": False}, "", {"Anna", "Bo"}),
        ({"blind": True}, "Anna", {"Anna"}),
        ({"blind": True}, "Bo", {"Bo"}),
        ({"blind": True}, "", set()),
    ],
)
def test_blind_coding_hides_other_coders(project: Project, settings: dict, coder: str,
                                         visible: set[str]) -> None:
    _code(project, 1, "ff-struktur", "Anna")
    _code(project, 3, "uo-info", "Bo")
    view = load_view(project.store, project.pid, project.parent_doc, project.codebook,
                     coder=coder, settings=settings)
    assert {m.coder for t in view.turns for m in t.marks} == visible
    statuses = document_statuses(project.store, project.pid, coder=coder, settings=settings)
    assert statuses[0].coded_turns == len(visible)


def test_statuses_and_filters(project: Project) -> None:
    _code(project, 1, "ff-struktur", "Anna")
    _code(project, 1, "ff-struktur", "Anna", doc=project.actor_doc)
    _code(project, 3, "kod-ovrigt", "Anna", doc=project.actor_doc)
    statuses = document_statuses(project.store, project.pid, coder="Anna", settings={})
    given = document_statuses(project.store, project.pid, coder="Anna", settings={},
                              documents=project.store.list_documents(project.pid),
                              segments=segments_by_document(project.store, project.pid))
    assert given == statuses
    assert statuses == [
        DocumentStatus(project.parent_doc, "for-01", "foraldrar", "1", 3, 1),
        DocumentStatus(project.actor_doc, "akt-01", "aktorer", "2", 2, 2),
    ]
    assert [s.status for s in statuses] == ["partial", "coded"]
    cases = {
        ("foraldrar", None, "all"): ["for-01"],
        (None, "2", "all"): ["akt-01"],
        (None, None, "coded"): ["akt-01"],
        (None, None, "partial"): ["for-01"],
        (None, None, "uncoded"): [],
        ("aktorer", "1", "all"): [],
    }
    for (group, phase, status), names in cases.items():
        found = filter_documents(statuses, group=group, phase=phase, status=status)
        assert [s.name for s in found] == names
    with pytest.raises(InputError, match="unknown coding status"):
        filter_documents(statuses, status="halvklar")


@pytest.mark.parametrize(
    ("current", "step", "skip", "expected"),
    [
        (None, 1, False, 0),
        (None, 1, True, 1),
        (1, 1, False, 2),
        (1, 1, True, 3),
        (3, -1, True, 1),
        (3, -1, False, 2),
        (5, 1, False, None),
        (1, -1, True, None),
    ],
)
def test_step_turn(project: Project, current: int | None, step: int, skip: bool,
                   expected: int | None) -> None:
    view = load_view(project.store, project.pid, project.parent_doc, project.codebook,
                     coder="Anna", settings={})
    here = view.turns[current].segment_id if current is not None else None
    found = step_turn(view, here, step, skip_interviewer=skip)
    assert (found.index if found else None) == expected


def test_bad_step(project: Project) -> None:
    view = load_view(project.store, project.pid, project.parent_doc, project.codebook,
                     coder="", settings={})
    with pytest.raises(InputError, match="step must be 1 or -1"):
        step_turn(view, None, 2)
    assert first_turn(view, skip_interviewer=True).index == 1


@pytest.mark.parametrize(
    ("coded", "current", "expected"),
    [
        ([], 1, 3),
        ([3], 1, 5),
        ([3, 5], 1, 1),   # wraps round to the current turn, the only uncoded one
        ([3, 5], 3, 1),
        ([1, 3, 5], 1, None),
        ([], 5, 1),
    ],
)
def test_next_uncoded_turn_skips_questions_and_wraps(project: Project, coded: list[int], current: int,
                                                     expected: int | None) -> None:
    for index in coded:
        _code(project, index, "ff-struktur", "Anna")
    view = load_view(project.store, project.pid, project.parent_doc, project.codebook,
                     coder="Anna", settings={})
    found = next_uncoded_turn(view, view.turns[current].segment_id)
    assert (found.index if found else None) == expected


def test_next_matching_uses_the_predicate(project: Project) -> None:
    view = load_view(project.store, project.pid, project.parent_doc, project.codebook,
                     coder="Anna", settings={})
    asked: list[int] = []

    def mentions_help(turn) -> bool:  # noqa: ANN001
        asked.append(turn.index)
        return "hjälp" in turn.text

    found = next_matching(view, view.turns[1].segment_id, mentions_help)
    assert found.index == 5 and asked == [3, 5]


def test_a_document_without_turns_is_one_turn(project: Project) -> None:
    doc = project.store.add_document(project.pid, name="fritext", text="Bara löpande text.", turns=[],
                                     attributes={"group": "foraldrar"})
    view = load_view(project.store, project.pid, doc, project.codebook, coder="", settings={})
    assert [(t.segment_id, t.role, t.text) for t in view.turns] == [(None, "unknown", "Bara löpande text.")]
