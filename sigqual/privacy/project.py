"""Pseudonymising a whole project: scan every document, then rewrite them together.

The two steps are apart so that a person reviews the findings in between (see
:mod:`sigqual.privacy.review`). The rewrite is one store transaction: texts,
segments, codings and memos change together or not at all, and codings keep
pointing at the same words (rule in :mod:`sigqual.privacy.apply`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from ..errors import InputError, StoreError
from ..ingest.model import ParsedTranscript
from ..models import Document, Memo, Segment
from .apply import apply
from .detect import TermMatcher, detect, find_terms, resolve_overlaps
from .keyfile import save_key
from .lexicon import fold
from .mapping import Pseudonymizer
from .model import DetectOptions, Finding
from .review import Review, accepted, new_review


class ProjectStore(Protocol):
    """What this module needs from the store (``Store`` with ``RewriteMixin``)."""

    def get_project(self, project_id: int) -> Any: ...
    def list_documents(self, project_id: int) -> list[Document]: ...
    def get_document(self, document_id: int) -> Document: ...
    def segments(self, document_id: int) -> list[Segment]: ...
    def list_memos(self, project_id: int) -> list[Memo]: ...
    def rewrite_documents(self, project_id: int, rewrites: Sequence[Any], *,
                          memo_texts: Mapping[int, str] | None = None,
                          memo_titles: Mapping[int, str] | None = None,
                          document_fields: Mapping[int, Mapping[str, Any]] | None = None,
                          scrub_audit: Callable[[str], str] | None = None, actor: str = "",
                          action: str = "pseudonymize") -> Any: ...


@dataclass(frozen=True)
class ProjectResult:
    """What ``pseudonymize_project`` did; ``pseudonymizer`` holds the key in memory."""

    documents: int
    replacements: int
    codings: int
    merged_codings: int
    memos: int
    pseudonymizer: Pseudonymizer
    key_path: Path | None
    documents_renamed: int = 0  # documents whose name or other fields changed
    audit_entries: int = 0      # earlier audit entries redacted


def scan_document(text: str, *, options: DetectOptions | None = None,
                  known: Pseudonymizer | None = None) -> list[Finding]:
    """Detector findings plus every mention of an original already in ``known``."""
    found = detect(text, options=options)
    if known is not None and len(known):
        opts = options or DetectOptions()
        allow = {fold(a) for a in opts.allow}
        terms = {o: k for o, k in known.originals().items() if k in opts.kinds and fold(o) not in allow}
        found = resolve_overlaps([*find_terms(text, terms), *found])
    return found


def pseudonymize_transcript(
    parsed: ParsedTranscript, *, options: DetectOptions | None = None,
    pseudonymizer: Pseudonymizer | None = None,
) -> tuple[ParsedTranscript, list[Finding]]:
    """Pseudonymise a transcript before it is stored (the "at import" path, no review).

    Turns are moved with the offset map and speaker labels that were replaced in the
    text are renamed the same way; ``pseudonymizer`` carries the numbering across files.
    """
    mapping = pseudonymizer if pseudonymizer is not None else Pseudonymizer()
    findings = scan_document(parsed.text, options=options, known=mapping)
    new_text, offsets = apply(parsed.text, findings, mapping)
    turns = []
    for turn in parsed.turns:
        start, end = offsets.span(turn.start, turn.end)
        speaker = turn.speaker
        if speaker and mapping.peek("name", speaker.strip()) is not None:
            speaker = mapping.peek("name", speaker.strip())
        turns.append(replace(turn, start=start, end=end, speaker=speaker))
    return replace(parsed, text=new_text, turns=tuple(turns)), findings


def scan_project(store: ProjectStore, project_id: int, *, options: DetectOptions | None = None,
                 known: Pseudonymizer | None = None) -> dict[int, list[Finding]]:
    """Findings per document id for every document of the project."""
    return {doc.id: scan_document(doc.text, options=options, known=known)
            for doc in store.list_documents(project_id)}


def review_project(store: ProjectStore, project_id: int, *, options: DetectOptions | None = None,
                   known: Pseudonymizer | None = None, accept_from: float | None = None) -> Review:
    """Scan the project and start a review of its findings."""
    return new_review(scan_project(store, project_id, options=options, known=known),
                      accept_from=accept_from)


def pseudonymize_project(
    store: ProjectStore,
    project_id: int,
    decisions: Mapping[int, Sequence[Finding]] | Review,
    *,
    pseudonymizer: Pseudonymizer | None = None,
    key_path: str | Path | None = None,
    passphrase: str | None = None,
    memos: bool = True,
    speakers: bool = True,
    metadata: bool = True,
    audit: bool = True,
    actor: str = "",
) -> ProjectResult:
    """Replace the decided findings in the project's documents, in one transaction.

    ``decisions`` maps document ids to the findings to replace (or is a review, whose
    accepted findings are used). Documents are processed in project order so the
    numbering ("[Namn 1]", "[Namn 2]", ...) follows the order of first mention. With
    ``memos`` the memo texts get the same replacements for every original decided
    anywhere; with ``speakers`` speaker labels equal to a replaced name follow suit.
    With ``metadata`` document names, participant fields, source file names and free
    attribute values get the same replacements ("Intervju Ahmed" becomes "Intervju
    [Namn 1]"), and with ``audit`` so do the strings in the project's earlier audit
    entries, which can quote a memo's first text or a document's old name.
    The key is written to ``key_path`` (encrypted with ``passphrase``) before the texts
    change; with no ``key_path`` it is not stored at all.
    """
    from ..store.rewrite import DocumentRewrite

    if not hasattr(store, "rewrite_documents"):
        raise StoreError("this store cannot rewrite documents: Store needs RewriteMixin among its bases")
    if key_path is not None and not passphrase:
        raise InputError(msgid="error.privacy.passphrase_needed_store_key", field="passphrase")
    chosen = accepted(decisions) if isinstance(decisions, Review) else dict(decisions)
    project = store.get_project(project_id)
    mapping = pseudonymizer.copy() if pseudonymizer is not None else Pseudonymizer()
    docs = {d.id: d for d in store.list_documents(project_id)}
    unknown = sorted(set(chosen) - set(docs))
    if unknown:
        raise StoreError(msgid="error.privacy.document_are_not_project",
                         params={"items": ', '.join(map(str, unknown)), "name": project.name})
    rewrites = []
    planned: list[tuple[Document, str, Any]] = []
    total = 0
    for doc_id, doc in docs.items():
        findings = chosen.get(doc_id) or []
        if not findings:
            continue
        new_text, offsets = apply(doc.text, findings, mapping)
        planned.append((doc, new_text, offsets))
        total += len(findings)
    for doc, new_text, offsets in planned:
        renames: dict[str, str] = {}
        if speakers:
            for seg in store.segments(doc.id):
                label = (seg.speaker or "").strip()
                replacement = mapping.peek("name", label) if label else None
                if replacement is not None:
                    renames[seg.speaker] = replacement
        rewrites.append(DocumentRewrite(doc.id, doc.sha256, new_text, offsets.span, renames,
                                        len(offsets.replacements)))
    memo_texts: dict[int, str] = {}
    memo_titles: dict[int, str] = {}
    scrub = _scrubber(mapping)
    if memos and len(mapping):
        for memo in store.list_memos(project_id):
            text, title = scrub(memo.text), scrub(memo.title or "")
            if text != memo.text:
                memo_texts[memo.id] = text
            if title != (memo.title or ""):
                memo_titles[memo.id] = title
    fields = _document_fields(docs.values(), scrub, _scrubber(mapping, loose=True)) \
        if metadata and len(mapping) else {}
    saved = None
    if key_path is not None:
        # Written before the texts change: a failed write must not leave a project
        # whose key is lost, and a failed transaction only leaves an unused key.
        save_key(key_path, mapping, passphrase or "", project=project.name)
        saved = Path(key_path)
    report = store.rewrite_documents(
        project_id, rewrites, memo_texts=memo_texts, memo_titles=memo_titles, document_fields=fields,
        scrub_audit=scrub if audit and len(mapping) else None, actor=actor)
    return ProjectResult(report.documents, total, report.codings, report.merged_codings, report.memos,
                         mapping, saved, len(fields), report.audit_entries)


def _scrubber(mapping: Pseudonymizer, *, loose: bool = False) -> Callable[[str], str]:
    """Replace every decided original in a short string, as in the texts."""
    matcher = TermMatcher(mapping.originals(), loose=loose)

    def scrub(value: str) -> str:
        hits = resolve_overlaps(matcher.find(value)) if value else []
        return apply(value, hits, mapping)[0] if hits else value

    return scrub


def _document_fields(docs: Iterable[Document], scrub: Callable[[str], str],
                     scrub_name: Callable[[str], str]) -> dict[int, dict[str, Any]]:
    """New names, participants, file names and free attributes of the documents they mention."""
    out: dict[int, dict[str, Any]] = {}
    for doc in docs:
        values: dict[str, Any] = {
            "name": scrub_name(doc.name), "source_filename": scrub_name(doc.source_filename or ""),
            "attributes": {k: scrub(v) if isinstance(v, str) else v for k, v in doc.attributes.items()},
        }
        if doc.participant:
            values["participant"] = scrub(doc.participant)
        old = {"name": doc.name, "source_filename": doc.source_filename or "",
               "attributes": doc.attributes, "participant": doc.participant}
        changed = {k: v for k, v in values.items() if v != old[k]}
        if changed:
            out[doc.id] = changed
    return out
