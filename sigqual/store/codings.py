"""Coders, codings, suggestion feedback, memos and the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import ConflictError, StoreError
from ..models import CODING_SOURCES, Coding, Memo
from .base import StoreBase, Tx, now
from .schema import (
    audit_log,
    coders,
    codes,
    codings,
    documents,
    memos,
    segments,
    suggestion_feedback,
)

if TYPE_CHECKING:
    import pandas as pd

CODING_COLUMNS = [
    "coding_id", "document_id", "document", "group", "phase", "interview_type", "participant",
    "interview_date", "segment_id", "segment_idx", "speaker", "role", "start", "end", "quote",
    "code_id", "code_label", "kind", "parent", "coder", "source", "created_at", "attributes",
]


@dataclass(frozen=True)
class NewCoding:
    """A coding to add in bulk (import, demo project, consensus)."""

    document_id: int
    code_key: str
    start: int
    end: int
    coder: str
    source: str = "manual"
    segment_id: int | None = None


class CodingsMixin(StoreBase):
    """Everything that records analysis work on documents."""

    # -- coders --------------------------------------------------------------
    def _coder_id(self, tx: Tx, project_id: int, name: str) -> int:
        row = tx.conn.execute(select(coders.c.id).where(
            coders.c.project_id == project_id, coders.c.name == name)).first()
        if row:
            return int(row[0])
        try:
            with tx.conn.begin_nested():
                cid = tx.conn.execute(coders.insert().values(
                    project_id=project_id, name=name, created_at=now())).inserted_primary_key[0]
        except IntegrityError:  # another session created the same coder just now
            return int(tx.conn.execute(select(coders.c.id).where(
                coders.c.project_id == project_id, coders.c.name == name)).scalar_one())
        tx.audit("insert", "coder", cid, after={"name": name})
        return int(cid)

    def list_coders(self, project_id: int) -> list[str]:
        with self.reading() as conn:
            rows = conn.execute(select(coders.c.name).where(coders.c.project_id == project_id)
                                .order_by(coders.c.name)).all()
        return [r[0] for r in rows]

    # -- codings -------------------------------------------------------------
    def add_coding(
        self, project_id: int, document_id: int, code_key: str, start: int, end: int, *,
        coder: str, source: str = "manual", segment_id: int | None = None, actor: str = "",
    ) -> int:
        """Code ``text[start:end]`` of a document; returns the coding id.

        Coding the same span with the same code by the same coder again is a no-op
        that returns the existing id, so a double click or a retry never duplicates.
        """
        with self.transaction(actor or coder, project_id) as tx:
            return self._insert_coding(tx, project_id, NewCoding(
                document_id, code_key, start, end, coder, source, segment_id))

    def add_codings(self, project_id: int, items: Sequence[NewCoding], actor: str = "") -> list[int]:
        """Add many codings in one transaction (all or nothing)."""
        with self.transaction(actor, project_id) as tx:
            return [self._insert_coding(tx, project_id, item) for item in items]

    def _insert_coding(self, tx: Tx, project_id: int, c: NewCoding) -> int:
        if c.source not in CODING_SOURCES:
            raise StoreError(msgid="error.store.unknown_coding_source", params={"source": c.source})
        doc = tx.conn.execute(select(documents.c.name, func.length(documents.c.text).label("size"))
                              .where(documents.c.id == c.document_id,
                                     documents.c.project_id == project_id)).first()
        if doc is None:
            raise StoreError(msgid="error.store.no_document_with_id", params={"document_id": c.document_id})
        if not (0 <= c.start < c.end <= doc.size):
            raise StoreError(msgid="error.store.span_outside_text",
                             params={"start": c.start, "end": c.end, "size": doc.size}, file=doc.name)
        code_id = self._code_row_id(tx.conn, project_id, c.code_key)
        coder_id = self._coder_id(tx, project_id, c.coder)
        segment_id = c.segment_id if c.segment_id is not None else self._segment_at(
            tx.conn, c.document_id, c.start, c.end)
        existing = tx.conn.execute(select(codings.c.id).where(
            codings.c.document_id == c.document_id, codings.c.code_id == code_id,
            codings.c.coder_id == coder_id, codings.c.start == c.start, codings.c.end == c.end,
        )).first()
        if existing:
            return int(existing[0])
        stamp = now()
        try:
            # A savepoint, so a unique-key race leaves the outer transaction usable (PostgreSQL).
            with tx.conn.begin_nested():
                cid = tx.conn.execute(codings.insert().values(
                    project_id=project_id, document_id=c.document_id, code_id=code_id,
                    segment_id=segment_id, start=c.start, end=c.end, coder_id=coder_id,
                    source=c.source, created_at=stamp, updated_at=stamp, version=tx.revision,
                )).inserted_primary_key[0]
        except IntegrityError:  # a concurrent writer added the same coding
            row = tx.conn.execute(select(codings.c.id).where(
                codings.c.document_id == c.document_id, codings.c.code_id == code_id,
                codings.c.coder_id == coder_id, codings.c.start == c.start, codings.c.end == c.end,
            )).first()
            if row is None:
                raise
            return int(row[0])
        tx.audit("insert", "coding", cid, after={
            "document_id": c.document_id, "code": c.code_key, "start": c.start, "end": c.end,
            "coder": c.coder, "source": c.source,
        })
        return int(cid)

    def _code_row_id(self, conn: Connection, project_id: int, key: str) -> int:
        row = conn.execute(select(codes.c.id).where(codes.c.project_id == project_id,
                                                    codes.c.key == key)).first()
        if row is None:
            raise StoreError(msgid="error.store.unknown_code_project", params={"key": key})
        return int(row[0])

    @staticmethod
    def _segment_at(conn: Connection, document_id: int, start: int, end: int) -> int | None:
        row = conn.execute(select(segments.c.id).where(
            segments.c.document_id == document_id, segments.c.start <= start, segments.c.end >= end,
        )).first()
        return int(row[0]) if row else None

    def delete_coding(self, coding_id: int, *, expected_version: int | None = None,
                      actor: str = "") -> Coding:
        """Remove a coding; returns what was removed so it can be restored (undo)."""
        with self.transaction(actor) as tx:
            row = tx.conn.execute(self._coding_query().where(codings.c.id == coding_id)).first()
            if row is None:
                raise StoreError(msgid="error.store.no_coding_with_id", params={"coding_id": coding_id})
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(msgid="error.store.coding_was_changed_by")
            tx.project_id = row.project_id
            tx.conn.execute(delete(codings).where(codings.c.id == coding_id))
            removed = _coding(row)
            tx.audit("delete", "coding", coding_id, before={
                "document_id": row.document_id, "code": row.code_key, "start": row.start,
                "end": row.end, "coder": row.coder, "source": row.source,
            })
        return removed

    def update_coding_span(self, coding_id: int, start: int, end: int, *,
                           expected_version: int | None = None, actor: str = "") -> None:
        with self.transaction(actor) as tx:
            row = tx.conn.execute(select(codings, documents.c.text).join(
                documents, documents.c.id == codings.c.document_id).where(codings.c.id == coding_id)).first()
            if row is None:
                raise StoreError(msgid="error.store.no_coding_with_id", params={"coding_id": coding_id})
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(msgid="error.store.coding_was_changed_by")
            if not (0 <= start < end <= len(row.text)):
                raise StoreError(msgid="error.store.span_outside_text_2", params={"start": start, "end": end})
            tx.project_id = row.project_id
            tx.conn.execute(update(codings).where(codings.c.id == coding_id).values(
                start=start, end=end, updated_at=now(), version=tx.revision,
                segment_id=self._segment_at(tx.conn, row.document_id, start, end)))
            tx.audit("update", "coding", coding_id, before={"start": row.start, "end": row.end},
                     after={"start": start, "end": end})

    @staticmethod
    def _coding_query():  # noqa: ANN205
        return (
            select(codings, codes.c.key.label("code_key"), coders.c.name.label("coder"))
            .join(codes, codes.c.id == codings.c.code_id)
            .join(coders, coders.c.id == codings.c.coder_id)
        )

    def get_coding(self, coding_id: int) -> Coding:
        with self.reading() as conn:
            row = conn.execute(self._coding_query().where(codings.c.id == coding_id)).first()
        if row is None:
            raise StoreError(msgid="error.store.no_coding_with_id", params={"coding_id": coding_id})
        return _coding(row)

    def list_codings(self, project_id: int, *, document_id: int | None = None,
                     coder: str | None = None, source: str | None = None) -> list[Coding]:
        """The project's codings in document order; ``source`` (e.g. "auto") narrows them in
        the query, so a page after a coder's few automatic codings builds no others."""
        query = self._coding_query().where(codings.c.project_id == project_id)
        if document_id is not None:
            query = query.where(codings.c.document_id == document_id)
        if coder is not None:
            query = query.where(coders.c.name == coder)
        if source is not None:
            query = query.where(codings.c.source == source)
        with self.reading() as conn:
            rows = conn.execute(query.order_by(codings.c.document_id, codings.c.start,
                                               codings.c.id)).all()
        return [_coding(r) for r in rows]

    def codings_frame(self, project_id: int) -> pd.DataFrame:
        """One row per coding with its quote, document attributes and code: the
        input of every table, chart and agreement builder.

        Documents, codes and coders are read once each and joined to the codings here, by
        id: at a thousand interviews a project has tens of thousands of codings, and
        reading each one's document attributes (JSON), code and coder names as fresh
        objects was most of the time and memory of the read.
        """
        import pandas as pd

        with self.reading() as conn:
            rows = conn.execute(
                select(codings.c.id, codings.c.document_id, codings.c.segment_id, segments.c.idx,
                       segments.c.speaker, segments.c.role, codings.c.start, codings.c.end,
                       codings.c.code_id, codings.c.coder_id, codings.c.source, codings.c.created_at)
                .join(documents, documents.c.id == codings.c.document_id)
                .outerjoin(segments, segments.c.id == codings.c.segment_id)
                .where(codings.c.project_id == project_id)
                .order_by(documents.c.position, codings.c.start, codings.c.id)
            ).all()
            if not rows:
                return pd.DataFrame(columns=CODING_COLUMNS)
            docs = {r[0]: r[1:] for r in conn.execute(
                select(documents.c.id, documents.c.name, documents.c.group_key, documents.c.phase,
                       documents.c.interview_type, documents.c.participant, documents.c.interview_date,
                       documents.c.attributes, documents.c.text)
                .where(documents.c.project_id == project_id)).all()}
            code_rows = {r[0]: r[1:] for r in conn.execute(
                select(codes.c.id, codes.c.key, codes.c.label, codes.c.kind, codes.c.parent_key)
                .where(codes.c.project_id == project_id)).all()}
            coder_names = dict(conn.execute(select(coders.c.id, coders.c.name)
                                            .where(coders.c.project_id == project_id)).all())
        (coding_id, document_id, segment_id, segment_idx, speaker, role, start, end, code_row, coder_row,
         source, created_at) = zip(*rows, strict=True)
        del rows
        doc = [docs[d] for d in document_id]
        code = [code_rows[c] for c in code_row]
        columns = {
            "coding_id": coding_id, "document_id": document_id,
            **{name: [d[i] for d in doc] for i, name in enumerate(
                ["document", "group", "phase", "interview_type", "participant", "interview_date"])},
            "segment_id": segment_id, "segment_idx": segment_idx, "speaker": speaker, "role": role,
            "start": start, "end": end,
            "quote": [d[7][s:e] for d, s, e in zip(doc, start, end, strict=True)],
            **{name: [c[i] for c in code]
               for i, name in enumerate(["code_id", "code_label", "kind", "parent"])},
            "coder": [coder_names[c] for c in coder_row], "source": source, "created_at": created_at,
            "attributes": [dict(d[6] or {}) for d in doc],
        }
        return pd.DataFrame({name: list(columns[name]) for name in CODING_COLUMNS}, columns=CODING_COLUMNS)

    # -- suggestion feedback -------------------------------------------------
    def record_feedback(self, project_id: int, segment_id: int, code_key: str, *, coder: str,
                        decision: str, score: dict[str, Any] | None = None, actor: str = "") -> None:
        """Remember an accepted or rejected suggestion (rejections train the learner)."""
        if decision not in ("accepted", "rejected"):
            raise StoreError(msgid="error.store.decision_must_accepted_rejected",
                             params={"decision": decision})
        with self.transaction(actor or coder, project_id) as tx:
            code_id = self._code_row_id(tx.conn, project_id, code_key)
            coder_id = self._coder_id(tx, project_id, coder)
            tx.conn.execute(delete(suggestion_feedback).where(and_(
                suggestion_feedback.c.segment_id == segment_id,
                suggestion_feedback.c.code_id == code_id,
                suggestion_feedback.c.coder_id == coder_id)))
            fid = tx.conn.execute(suggestion_feedback.insert().values(
                project_id=project_id, segment_id=segment_id, code_id=code_id, coder_id=coder_id,
                decision=decision, score=score, created_at=now())).inserted_primary_key[0]
            tx.audit("insert", "feedback", fid, after={"segment_id": segment_id, "code": code_key,
                                                        "decision": decision})

    def clear_feedback(self, project_id: int, segment_id: int, code_key: str, *, coder: str,
                       actor: str = "") -> None:
        with self.transaction(actor or coder, project_id) as tx:
            code_id = self._code_row_id(tx.conn, project_id, code_key)
            coder_id = self._coder_id(tx, project_id, coder)
            n = tx.conn.execute(delete(suggestion_feedback).where(and_(
                suggestion_feedback.c.segment_id == segment_id,
                suggestion_feedback.c.code_id == code_id,
                suggestion_feedback.c.coder_id == coder_id))).rowcount
            if n:
                tx.audit("delete", "feedback", None, before={"segment_id": segment_id, "code": code_key})

    def feedback_frame(self, project_id: int) -> pd.DataFrame:
        import pandas as pd

        with self.reading() as conn:
            rows = conn.execute(
                select(suggestion_feedback.c.segment_id, codes.c.key.label("code_id"),
                       coders.c.name.label("coder"), suggestion_feedback.c.decision,
                       suggestion_feedback.c.created_at)
                .join(codes, codes.c.id == suggestion_feedback.c.code_id)
                .join(coders, coders.c.id == suggestion_feedback.c.coder_id)
                .where(suggestion_feedback.c.project_id == project_id)
                .order_by(suggestion_feedback.c.id)
            ).all()
        return pd.DataFrame([r._asdict() for r in rows],
                            columns=["segment_id", "code_id", "coder", "decision", "created_at"])

    # -- memos ---------------------------------------------------------------
    def add_memo(self, project_id: int, text: str, *, author: str, title: str = "",
                 document_id: int | None = None, segment_id: int | None = None,
                 code_key: str | None = None, coding_id: int | None = None, actor: str = "") -> int:
        if not text.strip():
            raise StoreError(msgid="error.store.memo_needs_text")
        with self.transaction(actor or author, project_id) as tx:
            return self._insert_memo(tx, project_id, text, author=author, title=title,
                                     document_id=document_id, segment_id=segment_id,
                                     code_key=code_key, coding_id=coding_id)

    def _insert_memo(self, tx: Tx, project_id: int, text: str, *, author: str, title: str,
                     document_id: int | None, segment_id: int | None, code_key: str | None,
                     coding_id: int | None) -> int:
        code_id = self._code_row_id(tx.conn, project_id, code_key) if code_key else None
        stamp = now()
        mid = tx.conn.execute(memos.insert().values(
            project_id=project_id, document_id=document_id, segment_id=segment_id,
            code_id=code_id, coding_id=coding_id, author=author, title=title, text=text,
            created_at=stamp, updated_at=stamp, version=tx.revision)).inserted_primary_key[0]
        tx.audit("insert", "memo", mid, after={"title": title, "text": text,
                                                "document_id": document_id, "code": code_key})
        return int(mid)

    def update_memo(self, memo_id: int, text: str, *, title: str | None = None,
                    expected_version: int | None = None, actor: str = "") -> None:
        with self.transaction(actor) as tx:
            row = tx.conn.execute(select(memos).where(memos.c.id == memo_id)).first()
            if row is None:
                raise StoreError(msgid="error.store.no_memo_with_id", params={"memo_id": memo_id})
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(msgid="error.store.memo_was_changed_by")
            tx.project_id = row.project_id
            values = {"text": text, "title": row.title if title is None else title}
            tx.conn.execute(update(memos).where(memos.c.id == memo_id).values(
                updated_at=now(), version=tx.revision, **values))
            tx.audit("update", "memo", memo_id, before={"text": row.text, "title": row.title},
                     after=values)

    def delete_memo(self, memo_id: int, *, expected_version: int | None = None,
                    actor: str = "") -> None:
        with self.transaction(actor) as tx:
            row = tx.conn.execute(select(memos).where(memos.c.id == memo_id)).first()
            if row is None:
                raise StoreError(msgid="error.store.no_memo_with_id", params={"memo_id": memo_id})
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(msgid="error.store.memo_conflict")
            tx.project_id = row.project_id
            tx.conn.execute(delete(memos).where(memos.c.id == memo_id))
            tx.audit("delete", "memo", memo_id, before={"text": row.text, "title": row.title})

    def get_memo(self, memo_id: int) -> Memo:
        with self.reading() as conn:
            row = conn.execute(select(memos, codes.c.key.label("code_key"))
                               .outerjoin(codes, codes.c.id == memos.c.code_id)
                               .where(memos.c.id == memo_id)).first()
        if row is None:
            raise StoreError(msgid="error.store.no_memo_with_id", params={"memo_id": memo_id})
        return _memo(row)

    def list_memos(self, project_id: int, *, document_id: int | None = None,
                   segment_id: int | None = None, code_key: str | None = None) -> list[Memo]:
        query = (select(memos, codes.c.key.label("code_key"))
                 .outerjoin(codes, codes.c.id == memos.c.code_id)
                 .where(memos.c.project_id == project_id))
        if document_id is not None:
            query = query.where(memos.c.document_id == document_id)
        if segment_id is not None:
            query = query.where(memos.c.segment_id == segment_id)
        if code_key is not None:
            query = query.where(codes.c.key == code_key)
        with self.reading() as conn:
            rows = conn.execute(query.order_by(memos.c.id)).all()
        return [_memo(r) for r in rows]

    # -- audit ---------------------------------------------------------------
    def audit_frame(self, project_id: int | None = None, limit: int = 1000) -> pd.DataFrame:
        """The newest audit entries first: who changed what, when, before and after."""
        import pandas as pd

        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if project_id is not None:
            query = query.where(audit_log.c.project_id == project_id)
        with self.reading() as conn:
            rows = conn.execute(query).all()
        return pd.DataFrame([r._asdict() for r in rows],
                            columns=["id", "at", "actor", "project_id", "action", "entity",
                                     "entity_id", "before", "after"])


def _memo(r: Any) -> Memo:
    return Memo(id=r.id, project_id=r.project_id, text=r.text, title=r.title, author=r.author,
                document_id=r.document_id, segment_id=r.segment_id, code_key=r.code_key,
                coding_id=r.coding_id, version=r.version, updated_at=r.updated_at)


def _coding(row: Any) -> Coding:
    return Coding(id=row.id, project_id=row.project_id, document_id=row.document_id,
                  code_key=row.code_key, start=row.start, end=row.end, coder=row.coder,
                  source=row.source, segment_id=row.segment_id, created_at=row.created_at,
                  version=row.version)
