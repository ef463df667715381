"""What the coding page shows: a document as speaker turns with the codings on each,
and how far each document's coding has come.

Everything here is built from per-document store queries (or one pass over the
project for the status list), so the page can cache it by the project's change
counter instead of reading the whole project on every rerun.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..agreement.blind import BLIND_SETTING, visible_codings
from ..app.session import blind_from_settings
from ..codebook import Codebook
from ..models import Coding, Document, Segment
from ..store import Store

STATUSES = ("all", "uncoded", "partial", "coded")


@dataclass(frozen=True)
class Mark:
    """A coding as drawn on a turn (offsets into the document text)."""

    coding_id: int
    code_id: str
    label: str
    colour: str
    start: int
    end: int
    coder: str
    source: str
    version: int = 1


@dataclass(frozen=True)
class Turn:
    """One speaker turn with the codings that overlap it."""

    segment_id: int | None
    index: int
    start: int
    end: int
    speaker: str | None
    role: str
    text: str
    marks: tuple[Mark, ...] = ()

    @property
    def is_interviewer(self) -> bool:
        return self.role == "interviewer"

    @property
    def coded(self) -> bool:
        return bool(self.marks)

    @property
    def code_ids(self) -> frozenset[str]:
        return frozenset(m.code_id for m in self.marks)


@dataclass(frozen=True)
class DocumentView:
    """A document ready to read and code: its metadata and its turns in order."""

    document: Document
    turns: tuple[Turn, ...]

    def turn(self, segment_id: int | None) -> Turn | None:
        return next((t for t in self.turns if t.segment_id == segment_id), None)

    def position(self, segment_id: int | None) -> int:
        """Index of the turn in :attr:`turns`; -1 when it is not there."""
        return next((i for i, t in enumerate(self.turns) if t.segment_id == segment_id), -1)

    @property
    def group(self) -> str | None:
        return self.document.group_key

    @property
    def respondent_turns(self) -> list[Turn]:
        return [t for t in self.turns if not t.is_interviewer]


@dataclass(frozen=True)
class DocumentStatus:
    """How much of a document's respondent speech is coded (by the codings one may see)."""

    document_id: int
    name: str
    group: str | None
    phase: str | None
    turns: int
    coded_turns: int

    @property
    def status(self) -> str:
        if self.coded_turns == 0:
            return "uncoded"
        return "coded" if self.coded_turns >= self.turns else "partial"


def visible(codings: Sequence[Coding], coder: str | None, settings: Mapping[str, Any] | None
            ) -> list[Coding]:
    """The codings ``coder`` may see under the project's blind-coding setting.

    ``settings`` are the project's own; the layer's one rule reads the flag
    (:func:`sigqual.app.blind_from_settings`: a malformed value counts as blind).
    """
    if not codings:
        return []
    frame = pd.DataFrame({"coder": [c.coder for c in codings]})
    kept = visible_codings(frame, coder, {BLIND_SETTING: blind_from_settings(settings)})
    return [codings[i] for i in kept.index]


def _turns_of(document: Document, segments: Sequence[Segment]) -> list[Segment]:
    """The document's turns; a text imported without turns is one turn of unknown role."""
    if segments:
        return list(segments)
    return [Segment(id=None, document_id=document.id, idx=0, start=0,  # type: ignore[arg-type]
                    end=len(document.text), speaker=None, role="unknown")]


def _overlaps(start: int, end: int, seg: Segment) -> bool:
    return start < seg.end and end > seg.start


def _mark(coding: Coding, codebook: Codebook) -> Mark:
    code = codebook.get(coding.code_key)
    label = code.label if code is not None else coding.code_key
    colour = codebook.colour_of(coding.code_key) if code is not None else "#bab0ac"
    return Mark(coding.id, coding.code_key, label, colour, coding.start, coding.end, coding.coder,
                coding.source, coding.version)


def build_view(document: Document, segments: Sequence[Segment], codings: Iterable[Coding],
               codebook: Codebook) -> DocumentView:
    """Attach each coding to every turn it overlaps (a coding may span turns)."""
    turns = _turns_of(document, segments)
    marks: list[list[Mark]] = [[] for _ in turns]
    ordered = sorted(codings, key=lambda c: (c.start, c.end, c.id))
    for coding in ordered:
        mark = _mark(coding, codebook)
        for i, seg in enumerate(turns):
            if seg.start >= coding.end:
                break
            if _overlaps(coding.start, coding.end, seg):
                marks[i].append(mark)
    return DocumentView(document, tuple(
        Turn(seg.id, seg.idx, seg.start, seg.end, seg.speaker, seg.role,
             document.text[seg.start:seg.end], tuple(m))
        for seg, m in zip(turns, marks, strict=True)
    ))


def load_view(store: Store, project_id: int, document_id: int, codebook: Codebook, *,
              coder: str | None, settings: Mapping[str, Any] | None) -> DocumentView:
    """A document with the codings ``coder`` may see: three small per-document queries."""
    document = store.get_document(document_id)
    codings = store.list_codings(project_id, document_id=document_id)
    return build_view(document, store.segments(document_id), visible(codings, coder, settings),
                      codebook)


def segments_by_document(store: Store, project_id: int) -> dict[int, tuple[Segment, ...]]:
    """Every document's turns in one query; they change only when a text is rewritten."""
    by_document: dict[int, list[Segment]] = {}
    for seg in store.project_segments(project_id):
        by_document.setdefault(seg.document_id, []).append(seg)
    return {doc: tuple(segs) for doc, segs in by_document.items()}


def document_statuses(store: Store, project_id: int, *, coder: str | None,
                      settings: Mapping[str, Any] | None,
                      documents: Sequence[Document] | None = None,
                      segments: Mapping[int, Sequence[Segment]] | None = None
                      ) -> list[DocumentStatus]:
    """Coded and total respondent turns of every document, in project order.

    ``documents`` and ``segments`` (from :func:`segments_by_document`) may be passed
    when the caller already has them; only the codings are then read.
    """
    documents = store.list_documents(project_id) if documents is None else documents
    by_document = segments_by_document(store, project_id) if segments is None else segments
    spans: dict[int, list[tuple[int, int]]] = {}
    for coding in visible(store.list_codings(project_id), coder, settings):
        spans.setdefault(coding.document_id, []).append((coding.start, coding.end))
    out = []
    for doc in documents:
        turns = [s for s in _turns_of(doc, by_document.get(doc.id, [])) if s.role != "interviewer"]
        coded = sorted(spans.get(doc.id, []))
        done = sum(1 for seg in turns if _any_overlap(coded, seg))
        out.append(DocumentStatus(doc.id, doc.name, doc.group_key, doc.phase, len(turns), done))
    return out


def _any_overlap(spans: Sequence[tuple[int, int]], seg: Segment) -> bool:
    for start, end in spans:
        if start >= seg.end:
            return False
        if end > seg.start:
            return True
    return False
