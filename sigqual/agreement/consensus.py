"""A consensus coder: what the coders agreed on, plus how each disagreement was resolved.

For every turn and code the consensus holds the code when all coders applied it, or when
the team resolved the disagreement with "apply". The passage written is a coder's own
passage (the first coder who marked it, or the one the resolution names), so quotes in
the tables stay the exact words a coder chose. The consensus is written as a new coder
with source ``consensus`` in one transaction, so it can be compared, tabulated and
exported like any coder, and the original codings stay untouched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError
from ..store import NewCoding
from .analysis import load_inputs
from .units import DEFAULT_OPTIONS, UnitOptions, Units, build_units

CONSENSUS_CODER = "Konsensus"


@dataclass(frozen=True)
class Resolution:
    """The team's decision on one disagreement (a turn and a code)."""

    segment_id: int
    code_id: str
    apply: bool
    span_from: str | None = None


def consensus_codings(
    units: Units, resolutions: Iterable[Resolution], *, coder: str = CONSENSUS_CODER,
    allow_unresolved: bool = False,
) -> list[NewCoding]:
    """The consensus coder's codings (pure: nothing is written)."""
    if coder in units.coders:
        raise InputError(msgid="error.agreement.consensus_coder_cannot_named", params={"coder": coder},
                         field="coder")
    turn_pos = {int(s): i for i, s in enumerate(units.segments["segment_id"])}
    decided = _check_resolutions(units, resolutions, turn_pos)
    unresolved = []
    chosen: list[tuple[int, str, str]] = []  # (segment id, code, coder whose passages to copy)
    for code_id in units.used_codes():
        data = units.values[code_id]
        for pos in np.flatnonzero(data.max(axis=0) == 1):
            sid = int(units.segments["segment_id"].iloc[int(pos)])
            marked = [c for i, c in enumerate(units.coders) if data[i, pos]]
            if len(marked) == len(units.coders):
                chosen.append((sid, code_id, marked[0]))
                continue
            decision = decided.get((sid, code_id))
            if decision is None:
                unresolved.append((sid, code_id))
            elif decision.apply:
                source = decision.span_from or marked[0]
                if source not in marked:
                    raise InputError(msgid="error.agreement.turn_code_coder_did",
                                     params={"sid": sid, "code_id": code_id, "source": source,
                                             "marked": ", ".join(marked)},
                                     field="span_from", segment=str(sid))
                chosen.append((sid, code_id, source))
    if unresolved and not allow_unresolved:
        sample = ", ".join(f"turn {s} / {c}" for s, c in unresolved[:5])
        raise InputError(msgid="error.agreement.disagreement_are_not_resolved",
                         params={"n_unresolved": len(unresolved), "sample": sample,
                                 "value": ", ..." if len(unresolved) > 5 else ""},
                         field="resolutions")
    return _passages(units, chosen, coder)


def _check_resolutions(units: Units, resolutions: Iterable[Resolution],
                       turn_pos: dict[int, int]) -> dict[tuple[int, str], Resolution]:
    decided: dict[tuple[int, str], Resolution] = {}
    for r in resolutions:
        key = (int(r.segment_id), str(r.code_id))
        pos = turn_pos.get(key[0])
        if pos is None or key[1] not in units.values:
            raise InputError(msgid="error.agreement.turn_code_not_among",
                             params={"value": key[0], "value2": key[1]},
                             field="resolutions", segment=str(key[0]))
        column = units.values[key[1]][:, pos]
        if column.min() == column.max():
            raise InputError(msgid="error.agreement.turn_code_not_disagreement",
                             params={"value": key[0], "value2": key[1]},
                             field="resolutions", segment=str(key[0]))
        if key in decided and decided[key] != r:
            raise InputError(msgid="error.agreement.turn_code_has_two",
                             params={"value": key[0], "value2": key[1]},
                             field="resolutions", segment=str(key[0]))
        if r.span_from is not None and r.span_from not in units.coders:
            raise InputError(msgid="error.agreement.span_from_names_who",
                             params={"span_from": r.span_from, "coders": ", ".join(units.coders)},
                             field="span_from")
        decided[key] = r
    return decided


def _passages(units: Units, chosen: Sequence[tuple[int, str, str]], coder: str) -> list[NewCoding]:
    hits = units.hits
    index: dict[tuple[int, str, str], list[tuple[int, int, int]]] = {}
    for who, code, sid, doc, start, end in hits[
            ["coder", "code_id", "segment_id", "document_id", "start", "end"]].itertuples(
            index=False, name=None):
        index.setdefault((int(sid), str(code), str(who)), []).append((int(doc), int(start), int(end)))
    out: dict[tuple[int, str, int, int], NewCoding] = {}
    for sid, code_id, source in chosen:
        for doc, start, end in index.get((sid, code_id, source), []):
            out.setdefault((doc, code_id, start, end),
                           NewCoding(doc, code_id, start, end, coder, source="consensus"))
    return sorted(out.values(), key=lambda n: (n.document_id, n.start, n.end, n.code_key))


def write_consensus(store: Any, project_id: int, items: Sequence[NewCoding], *,
                    coder: str = CONSENSUS_CODER, actor: str = "") -> list[int]:
    """Write the consensus codings as a new coder, all or nothing."""
    if not items:
        raise InputError(msgid="error.agreement.consensus_has_no_codings", field="resolutions")
    if any(i.coder != coder for i in items):
        raise InputError(msgid="error.agreement.every_consensus_coding_must", field="coder")
    existing = store.list_codings(project_id, coder=coder)
    if existing:
        raise InputError(msgid="error.agreement.coder_already_has_coding",
                         params={"coder": coder, "n_existing": len(existing)}, field="coder")
    return store.add_codings(project_id, list(items), actor=actor or coder)


def build_consensus(
    store: Any, project_id: int, coders: Sequence[str], resolutions: Iterable[Resolution], *,
    coder: str = CONSENSUS_CODER, options: UnitOptions = DEFAULT_OPTIONS,
    allow_unresolved: bool = False, actor: str = "",
) -> list[int]:
    """Compute and write the consensus of ``coders`` in a stored project."""
    inputs = load_inputs(store, project_id)
    units = build_units(inputs.codings, inputs.segments, inputs.codebook, coders, options=options)
    items = consensus_codings(units, resolutions, coder=coder, allow_unresolved=allow_unresolved)
    return write_consensus(store, project_id, items, coder=coder, actor=actor)
