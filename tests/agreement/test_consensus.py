"""Building and writing a consensus coder from resolved disagreements."""

from __future__ import annotations

import pytest

from sigqual.agreement import (
    CONSENSUS_CODER,
    Resolution,
    build_consensus,
    build_units,
    consensus_codings,
    project_agreement,
)
from sigqual.errors import InputError

from ..compare.helpers import CODEBOOK
from .conftest import X, Y


def turn_id(project, doc: str, answer: int) -> int:
    segments = project.store.segments(project.docs[doc])
    return next(s.id for s in segments if s.idx == 2 * answer + 1)


def resolutions(project) -> list[Resolution]:
    """Keep Anna's d1/3, drop Bo's d1/4, keep Bo's half of d2/1."""
    return [
        Resolution(turn_id(project, "d1", 3), X, apply=True),
        Resolution(turn_id(project, "d1", 4), X, apply=False),
        Resolution(turn_id(project, "d2", 1), Y, apply=True, span_from="Bo"),
    ]


def units_of(project):
    codings, _, segments = project.frames()
    return build_units(codings, segments, CODEBOOK, ["Anna", "Bo"])


def test_consensus_holds_agreements_and_resolutions(coded) -> None:
    items = consensus_codings(units_of(coded), resolutions(coded))
    spans = {(c.document_id, c.code_key, c.start, c.end) for c in items}
    expected = {(a.document_id, a.code_key, a.start, a.end) for a in [
        *[coded.answer("d1", k, X, "") for k in (0, 1, 2, 3)],
        coded.answer("d2", 0, Y, ""), coded.answer("d2", 1, Y, "", part="first"),
    ]}
    assert spans == expected
    assert {(c.coder, c.source) for c in items} == {(CONSENSUS_CODER, "consensus")}


def test_written_consensus_is_a_coder_like_any_other(coded) -> None:
    ids = build_consensus(coded.store, coded.pid, ["Anna", "Bo"], resolutions(coded))
    assert len(ids) == 6
    stored = coded.store.list_codings(coded.pid, coder=CONSENSUS_CODER)
    assert {c.source for c in stored} == {"consensus"}
    # the consensus equals Anna except that it also has Bo's half of d2/1
    result = project_agreement(coded.store, coded.pid, ["Anna", CONSENSUS_CODER])
    assert [c.code_id for c in result.codes if c.figures.percent.value != 100.0] == [Y]
    with pytest.raises(InputError, match="already has 6 coding"):
        build_consensus(coded.store, coded.pid, ["Anna", "Bo"], resolutions(coded))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: [], "3 disagreement(s) are not resolved yet"),
        (lambda p: [Resolution(turn_id(p, "d1", 0), X, apply=True)], "is not a disagreement"),
        (lambda p: [Resolution(turn_id(p, "d1", 3), X, apply=True, span_from="Bo")],
         "coder 'Bo' did not mark it"),
        (lambda p: [Resolution(turn_id(p, "d1", 3), X, apply=True, span_from="Zed")],
         "who is not a compared coder"),
        (lambda p: [Resolution(turn_id(p, "d1", 3), X, apply=True),
                    Resolution(turn_id(p, "d1", 3), X, apply=False)], "two different resolutions"),
        (lambda p: [Resolution(10_000, X, apply=True)], "is not among the compared units"),
    ],
)
def test_bad_resolutions(coded, make, message) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        consensus_codings(units_of(coded), make(coded))


def test_partial_consensus_when_allowed_and_name_clash(coded) -> None:
    items = consensus_codings(units_of(coded), [], allow_unresolved=True)
    assert len(items) == 4  # d1/0-2 and d2/0: only what both coders marked
    with pytest.raises(InputError, match="named like a compared coder"):
        consensus_codings(units_of(coded), [], coder="Anna", allow_unresolved=True)
