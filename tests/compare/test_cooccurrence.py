"""Code co-occurrence by turn, by turn window and by overlapping passages."""

from __future__ import annotations

import pytest

from sigqual.compare import cooccurrence
from sigqual.errors import InputError
from sigqual.store import NewCoding

from .helpers import CODEBOOK, new_project

A, B, C, D = "ff-struktur", "uo-info", "ff-praktik", "k-ovrigt"


@pytest.fixture
def project(store):
    """Answers 0-3 of c1 are turns 1, 3, 5, 7 (questions are the even turns).

    answer 0: A whole, B first half       answer 1: A last half, C first half
    answer 2: C whole                     answer 3: B whole
    D runs from the start of answer 2 to the end of answer 3 (turns 5, 6 and 7).
    """
    p = new_project(store)
    p.add("c1", 4, group="foraldrar", phase="1")
    turns = p.turns["c1"]
    p.code([
        p.answer("c1", 0, A, "Anna"), p.answer("c1", 0, B, "Anna", part="first"),
        p.answer("c1", 1, A, "Anna", part="last"), p.answer("c1", 1, C, "Anna", part="first"),
        p.answer("c1", 2, C, "Anna"), p.answer("c1", 3, B, "Anna"),
        NewCoding(p.docs["c1"], D, turns[5].start, turns[7].end, "Anna"),
    ])
    return p


@pytest.mark.parametrize(
    ("mode", "window", "with_segments", "expected", "skipped"),
    [
        # same turn: A+B in turn 1, A+C in turn 3, C+D in turn 5, B+D in turn 7
        ("segment", 1, True, {(A, B): 1, (A, C): 1, (B, C): 0, (C, D): 1, (B, D): 1, (A, D): 0,
                              (A, A): 2, (D, D): 3}, 0),
        # without turns to place it on, D (spanning three turns) is skipped
        ("segment", 1, False, {(A, B): 1, (A, C): 1, (C, D): 0, (D, D): 0}, 1),
        # window 2 = the neighbouring answer. A{1,3} B{1,7}: (1,1) (3,1) -> 2
        # A{1,3} C{3,5}: (1,3) (3,3) (3,5) -> 3;  B{1,7} C{3,5}: (1,3) (7,5) -> 2
        # D{5,6,7}: with A{1,3} (3,5) -> 1; with B{1,7} (5,7) (6,7) (7,7) -> 3;
        # with C{3,5} (3,5) (5,5) (5,6) (5,7) -> 4
        ("turns", 2, True, {(A, B): 2, (A, C): 3, (B, C): 2, (A, D): 1, (B, D): 3, (C, D): 4}, 0),
        ("turns", 0, True, {(A, B): 1, (A, C): 1, (B, C): 0, (C, D): 1}, 0),
        # overlap: only A/B in answer 0 share characters (answer 1's halves only touch);
        # D's passage overlaps C (answer 2) and B (answer 3)
        ("overlap", 1, True, {(A, B): 1, (A, C): 0, (B, C): 0, (C, D): 1, (B, D): 1, (A, D): 0,
                              (A, A): 2, (B, B): 2, (D, D): 1}, 0),
    ],
)
def test_counts(project, mode, window, with_segments, expected, skipped) -> None:
    codings, _, segments = project.frames()
    result = cooccurrence(codings, CODEBOOK, mode=mode, window=window,
                          segments=segments if with_segments else None)
    for (a, b), n in expected.items():
        assert result.matrix.loc[a, b] == n, (a, b)
        assert result.matrix.loc[b, a] == n, (b, a)
    assert result.skipped == skipped


def test_rollup_codes_subset_labels_and_pairs(project) -> None:
    codings, _, segments = project.frames()
    rolled = cooccurrence(codings, CODEBOOK, segments=segments, rollup=True,
                          codes=["t-moten", "t-framtid"])
    # Mötena (A, B) and Framtiden (C) share turns 3 (A+C) and 7 (B, no C) -> only turn 3
    assert list(rolled.matrix.index) == ["t-moten", "t-framtid"]
    assert rolled.matrix.loc["t-moten", "t-framtid"] == 1
    assert list(rolled.labelled().columns) == ["Mötena", "Framtiden"]
    plain = cooccurrence(codings, CODEBOOK, segments=segments)
    top = plain.pairs().iloc[0]
    assert top["count"] == 1 and {top["code_a"], top["code_b"]} <= {A, B, C, D}
    assert set(plain.pairs()["count"]) == {1}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "sentence"}, "unknown co-occurrence mode"),
        ({"mode": "turns", "window": -1}, "whole number of turns"),
        ({"mode": "turns", "window": 1.5}, "whole number of turns"),
        ({"codes": ["nope"]}, "unknown code id"),
    ],
)
def test_bad_arguments(project, kwargs, message) -> None:
    codings, _, _ = project.frames()
    with pytest.raises(InputError, match=message):
        cooccurrence(codings, CODEBOOK, **kwargs)
