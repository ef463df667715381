"""``Store.codings_frame`` and ``Store.turn_spans_frame`` agree with the store's own records.

Both readers join documents, turns, codes and coders by id outside SQL, so every row is
checked field by field against ``list_codings``, ``list_documents``, ``segments`` and the
codebook, in two projects that share code keys and coder names.
"""

from __future__ import annotations

import pytest

from sigqual.store import Store

from .helpers import CODEBOOK, TEXT, add_doc

OTHER_TEXT = "I: Och skolan?\nIP: Skolan ringde varje vecka.\n"


@pytest.fixture
def two_projects(store: Store) -> tuple[Store, int, int]:
    """Two projects with the same codebook and coders; the second is coded differently."""
    first = store.create_project("Första", CODEBOOK)
    second = store.create_project("Andra", CODEBOOK)
    a = add_doc(store, first, "for-01", group="foraldrar", phase="1", ärende="Ungdom 1")
    b = add_doc(store, first, "akt-01", text=OTHER_TEXT, group="aktorer", interview_type="telefon")
    c = add_doc(store, second, "for-01", group="foraldrar", phase="2")
    turns = store.segments(a)
    store.add_coding(first, a, "ff-struktur", turns[1].start, turns[1].end, coder="Anna")
    store.add_coding(first, a, "uo-info", turns[1].start + 7, turns[1].end, coder="Bo", source="suggestion")
    # spans two turns, so it belongs to none
    store.add_coding(first, a, "t-moten", turns[0].start, turns[1].end, coder="Anna")
    store.add_coding(first, b, "ff-struktur", 18, 24, coder="Bo")
    store.add_coding(second, c, "uo-info", 3, 10, coder="Anna")
    return store, first, second


def _none(value: object) -> object:
    """Missing values as None (a text column shows them as NaN)."""
    return None if isinstance(value, float) and value != value else value


@pytest.mark.parametrize("which", [0, 1])
def test_every_row_matches_the_stored_records(two_projects: tuple[Store, int, int], which: int) -> None:
    store, *projects = two_projects
    pid = projects[which]
    frame = store.codings_frame(pid)
    docs = {d.id: d for d in store.list_documents(pid)}
    codings = {c.id: c for c in store.list_codings(pid)}
    turns = {s.id: s for d in docs for s in store.segments(d)}
    assert sorted(frame["coding_id"]) == sorted(codings) and len(frame) > 0
    position = {d: i for i, d in enumerate(docs)}
    keys = [(position[r.document_id], r.start, r.coding_id) for r in frame.itertuples()]
    assert keys == sorted(keys)  # document order, then by start
    for record in frame.to_dict("records"):
        row = {k: _none(v) for k, v in record.items()}
        coding, doc = codings[row["coding_id"]], docs[row["document_id"]]
        code = CODEBOOK.get(coding.code_key)
        assert (row["start"], row["end"], row["coder"], row["source"]) == (
            coding.start, coding.end, coding.coder, coding.source)
        assert row["quote"] == doc.text[coding.start:coding.end]
        assert (row["document"], row["group"], row["participant"], row["interview_type"]) == (
            doc.name, doc.group_key, doc.participant, doc.interview_type)
        assert row["phase"] == doc.phase
        assert row["attributes"] == doc.attributes
        assert (row["code_id"], row["code_label"], row["kind"]) == (code.id, code.label, code.kind)
        if coding.segment_id is None:
            assert row["segment_id"] is None  # the passage spans turns
        else:
            turn = turns[coding.segment_id]
            assert (row["segment_idx"], row["speaker"], row["role"]) == (turn.idx, turn.speaker, turn.role)


def test_rows_own_their_attributes(two_projects: tuple[Store, int, int]) -> None:
    store, first, _ = two_projects
    frame = store.codings_frame(first)
    same_doc = frame[frame["document"] == "for-01"]["attributes"].tolist()
    assert len(same_doc) >= 2 and same_doc[0] == same_doc[1] and same_doc[0] is not same_doc[1]


def test_a_project_without_codings(store: Store) -> None:
    pid = store.create_project("Tomt", CODEBOOK)
    add_doc(store, pid, text=TEXT)
    frame = store.codings_frame(pid)
    assert frame.empty and list(frame.columns)[:3] == ["coding_id", "document_id", "document"]


def test_turn_spans_follow_the_documents(two_projects: tuple[Store, int, int]) -> None:
    store, first, _ = two_projects
    spans = store.turn_spans_frame(first)
    expected = [(s.id, s.document_id, s.idx, s.start, s.end, s.speaker, s.role)
                for s in store.project_segments(first)]
    assert expected and [tuple(r) for r in spans.itertuples(index=False)] == expected


def test_document_counts_match_the_records(two_projects: tuple[Store, int, int]) -> None:
    store, first, second = two_projects
    for pid in (first, second):
        docs = store.list_documents(pid)
        expected = {d.id: (len(store.segments(d.id)), len(store.list_codings(pid, document_id=d.id)))
                    for d in docs}
        assert docs and store.document_counts(pid) == expected
    # the first project's document coded three times, the other's once; nothing crosses over
    assert sorted(n for _, n in store.document_counts(first).values()) == [1, 3]


def test_document_counts_of_uncoded_documents(store: Store) -> None:
    pid = store.create_project("Tomt", CODEBOOK)
    doc = add_doc(store, pid, text=TEXT)
    assert store.document_counts(pid) == {doc: (len(store.segments(doc)), 0)}
    assert store.document_counts(store.create_project("Inget", CODEBOOK)) == {}
