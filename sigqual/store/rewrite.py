"""Rewriting document texts in place (pseudonymisation) with everything that points into them.

A text change moves offsets, so the document's segments and codings are re-pointed
in the same transaction as the text, through a span-mapping function supplied by
the caller. Nothing of the old text goes into the audit log: the entries say what
happened (hashes, counts), never what was removed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import ConflictError, StoreError
from ..text import normalize_text
from .base import StoreBase, Tx, now
from .schema import audit_log, codings, documents, memos, segments

# Document fields a rewrite may change besides the text.
REWRITABLE_FIELDS = frozenset({"name", "participant", "source_filename", "attributes"})

SpanMap = Callable[[int, int], tuple[int, int]]


@dataclass(frozen=True)
class DocumentRewrite:
    """New text for one document and how to move old spans onto it.

    ``expected_sha256`` is the hash of the text the changes were computed on; if the
    stored text differs the whole rewrite is refused. ``speakers`` renames speaker
    labels of segments (old -> new). ``replacements`` is only counted for the audit.
    """

    document_id: int
    expected_sha256: str
    text: str
    map_span: SpanMap
    speakers: Mapping[str, str] = field(default_factory=dict)
    replacements: int = 0


@dataclass(frozen=True)
class RewriteReport:
    documents: int
    segments: int
    codings: int
    merged_codings: int
    memos: int
    audit_entries: int = 0  # earlier audit entries redacted


class RewriteMixin(StoreBase):
    """Store method for replacing texts while keeping codings and segments aligned."""

    def rewrite_documents(
        self, project_id: int, rewrites: Sequence[DocumentRewrite], *,
        memo_texts: Mapping[int, str] | None = None, memo_titles: Mapping[int, str] | None = None,
        document_fields: Mapping[int, Mapping[str, Any]] | None = None,
        scrub_audit: Callable[[str], str] | None = None, actor: str = "", action: str = "pseudonymize",
    ) -> RewriteReport:
        """Apply every rewrite in one transaction, all or nothing.

        Besides the texts: new memo texts and titles, new document names, participant
        pseudonyms, source file names and free attribute values (``document_fields``),
        and ``scrub_audit`` applied to every string in the project's earlier audit
        entries, which may quote what is being removed (a memo's first text, an old name).
        """
        totals = {"documents": 0, "segments": 0, "codings": 0, "merged": 0, "memos": 0}
        with self.transaction(actor, project_id) as tx:
            for rw in rewrites:
                counts = self._rewrite_one(tx, project_id, rw, action)
                totals["documents"] += 1
                for key in ("segments", "codings", "merged"):
                    totals[key] += counts[key]
            totals["memos"] = self._rewrite_memos(tx, project_id, memo_texts or {}, memo_titles or {},
                                                  action)
            for document_id, values in (document_fields or {}).items():
                self._rewrite_fields(tx, project_id, document_id, values, action)
            redacted = self._scrub_audit(tx, project_id, scrub_audit) if scrub_audit else 0
            if redacted:
                tx.audit(action, "audit_log", None, after={"entries_redacted": redacted})
        return RewriteReport(totals["documents"], totals["segments"], totals["codings"],
                             totals["merged"], totals["memos"], redacted)

    def _rewrite_memos(self, tx: Tx, project_id: int, texts: Mapping[int, str],
                       titles: Mapping[int, str], action: str) -> int:
        changed = 0
        for memo_id in sorted(set(texts) | set(titles)):
            row = tx.conn.execute(select(memos).where(memos.c.id == memo_id)).first()
            if row is None or row.project_id != project_id:
                raise StoreError(msgid="error.store.no_memo_with_id_2", params={"memo_id": memo_id})
            text, title = texts.get(memo_id, row.text), titles.get(memo_id, row.title)
            if (text, title) == (row.text, row.title):
                continue
            if not text.strip():
                raise StoreError(msgid="error.store.new_text_memo_empty", params={"memo_id": memo_id})
            tx.conn.execute(update(memos).where(memos.c.id == memo_id).values(
                text=text, title=title, updated_at=now(), version=row.version + 1))
            tx.audit(action, "memo", memo_id, before={"characters": len(row.text)},
                     after={"characters": len(text), "title_changed": title != row.title})
            changed += 1
        return changed

    def _rewrite_fields(self, tx: Tx, project_id: int, document_id: int, values: Mapping[str, Any],
                        action: str) -> None:
        unknown = set(values) - REWRITABLE_FIELDS
        if unknown:
            raise StoreError(msgid="error.store.cannot_rewrite_document_field",
                             params={"unknown": ', '.join(sorted(unknown))})
        row = tx.conn.execute(select(documents).where(documents.c.id == document_id)).first()
        if row is None or row.project_id != project_id:
            raise StoreError(msgid="error.store.no_document_with_id", params={"document_id": document_id})
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        if not changed:
            return
        if "name" in changed and not str(changed["name"]).strip():
            raise StoreError(msgid="error.store.new_document_name_empty", file=row.name)
        try:
            with tx.conn.begin_nested():
                tx.conn.execute(update(documents).where(documents.c.id == document_id).values(
                    updated_at=now(), version=row.version + 1, **changed))
        except IntegrityError:
            raise StoreError(msgid="error.store.new_name_taken_by", params={"value": changed.get('name')},
                             file=row.name) from None
        # Only which fields changed: the old values are what is being removed.
        tx.audit(action, "document", document_id, after={"fields": sorted(changed)})

    def _scrub_audit(self, tx: Tx, project_id: int, scrub: Callable[[str], str]) -> int:
        rows = tx.conn.execute(select(audit_log.c.id, audit_log.c.before, audit_log.c.after)
                               .where(audit_log.c.project_id == project_id)).all()
        redacted = 0
        for row in rows:
            before, after = _scrubbed(row.before, scrub), _scrubbed(row.after, scrub)
            if (before, after) != (row.before, row.after):
                tx.conn.execute(update(audit_log).where(audit_log.c.id == row.id)
                                .values(before=before, after=after))
                redacted += 1
        return redacted

    def _rewrite_one(self, tx: Tx, project_id: int, rw: DocumentRewrite, action: str) -> dict[str, int]:
        conn = tx.conn
        doc = conn.execute(select(documents).where(documents.c.id == rw.document_id)).first()
        if doc is None or doc.project_id != project_id:
            raise StoreError(msgid="error.store.no_document_with_id", params={"document_id": rw.document_id})
        if doc.sha256 != rw.expected_sha256:
            raise ConflictError(msgid="error.store.document_text_changed_since",
                                file=doc.name)
        if normalize_text(rw.text) != rw.text or not rw.text.strip():
            raise StoreError(msgid="error.store.new_text_empty_not", file=doc.name)
        n = len(rw.text)

        def moved(start: int, end: int, what: str) -> tuple[int, int]:
            new = rw.map_span(start, end)
            if not (0 <= new[0] < new[1] <= n):
                raise StoreError(msgid="error.store.maps_outside_new_text",
                                 params={"what": what, "start": start, "end": end, "value": new[0],
                                         "value2": new[1]},
                                 file=doc.name)
            return new

        seg_rows = conn.execute(select(segments).where(segments.c.document_id == rw.document_id)
                                .order_by(segments.c.idx)).all()
        last_end = 0
        for seg in seg_rows:
            start, end = moved(seg.start, seg.end, f"segment {seg.idx + 1}")
            if start < last_end:
                raise StoreError(msgid="error.store.segment_would_overlap_one", params={"value": seg.idx + 1},
                                 file=doc.name, segment=str(seg.idx + 1))
            last_end = end
            speaker = rw.speakers.get(seg.speaker, seg.speaker) if seg.speaker is not None else None
            conn.execute(update(segments).where(segments.c.id == seg.id)
                         .values(start=start, end=end, speaker=speaker))

        rows = conn.execute(select(codings).where(codings.c.document_id == rw.document_id)
                            .order_by(codings.c.id)).all()
        targets: dict[tuple[int, int, int, int], int] = {}
        keep: list[tuple[int, int, int, int]] = []
        merged = 0
        for row in rows:
            start, end = moved(row.start, row.end, f"coding {row.id}")
            slot = (row.code_id, row.coder_id, start, end)
            if slot in targets:
                # Two codings now cover the same tag: keep one, move memos to it.
                conn.execute(update(memos).where(memos.c.coding_id == row.id)
                             .values(coding_id=targets[slot]))
                conn.execute(delete(codings).where(codings.c.id == row.id))
                merged += 1
                continue
            targets[slot] = row.id
            keep.append((row.id, start, end, row.version))
        # Park the spans first so that no intermediate state collides with the unique
        # (document, code, coder, start, end) constraint, then set the final values.
        for cid, _start, _end, _version in keep:
            conn.execute(update(codings).where(codings.c.id == cid).values(start=-cid, end=-cid))
        stamp = now()
        for cid, start, end, version in keep:
            conn.execute(update(codings).where(codings.c.id == cid).values(
                start=start, end=end, updated_at=stamp, version=version + 1))

        sha = hashlib.sha256(rw.text.encode()).hexdigest()
        conn.execute(update(documents).where(documents.c.id == rw.document_id).values(
            text=rw.text, sha256=sha, updated_at=stamp, version=doc.version + 1))
        tx.audit(action, "document", rw.document_id,
                 before={"sha256": doc.sha256, "characters": len(doc.text)},
                 after={"sha256": sha, "characters": n, "replacements": rw.replacements,
                        "segments": len(seg_rows), "codings": len(keep), "merged_codings": merged})
        return {"segments": len(seg_rows), "codings": len(keep), "merged": merged}


def _scrubbed(value: Any, scrub: Callable[[str], str]) -> Any:
    """``value`` (decoded JSON) with ``scrub`` applied to every string in it."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrubbed(v, scrub) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v, scrub) for k, v in value.items()}
    return value
