"""Documents (transcripts with attributes) and their segments (speaker turns)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import ConflictError, StoreError
from ..models import DOCUMENT_FIELDS, INTERVIEW_TYPES, ROLES, Document, Segment
from ..text import normalize_text
from .base import StoreBase, Tx, now
from .schema import codings, documents, segments

if TYPE_CHECKING:
    import pandas as pd

# Attribute spellings accepted from manifests and forms, mapped to document columns.
ATTRIBUTE_ALIASES = {
    "group": "group_key", "grupp": "group_key", "group_key": "group_key",
    "intervjugrupp": "group_key",
    "phase": "phase", "fas": "phase", "omgång": "phase",
    "date": "interview_date", "datum": "interview_date", "interview_date": "interview_date",
    "interview_type": "interview_type", "type": "interview_type", "intervjutyp": "interview_type",
    "participant": "participant", "deltagare": "participant", "pseudonym": "participant",
}
INTERVIEW_TYPE_ALIASES = {
    "individual": "individual", "individuell": "individual", "enskild": "individual",
    "focus_group": "focus_group", "focus group": "focus_group", "fokusgrupp": "focus_group",
    "focusgroup": "focus_group", "phone": "phone", "telefon": "phone", "telephone": "phone",
}


class TurnLike(Protocol):
    start: int
    end: int
    speaker: str | None
    role: str
    timestamp: str | None


def split_attributes(attributes: Mapping[str, Any]) -> tuple[dict[str, str | None], dict[str, str]]:
    """Split user attributes into fixed document fields and free key-value pairs."""
    fixed: dict[str, str | None] = {}
    free: dict[str, str] = {}
    for key, value in attributes.items():
        if value is None:
            continue
        text = str(value).strip()
        column = ATTRIBUTE_ALIASES.get(str(key).strip().lower())
        if column is None:
            if text:
                free[str(key).strip()] = text
            continue
        if column == "interview_type" and text:
            mapped = INTERVIEW_TYPE_ALIASES.get(text.lower().replace("-", " ").replace("_", " "))
            mapped = mapped or INTERVIEW_TYPE_ALIASES.get(text.lower())
            if mapped is None:
                raise StoreError(
                    msgid="error.store.interview_type_not_one",
                    params={"text": text, "interview_types": ', '.join(INTERVIEW_TYPES)},
                    field="interview_type",
                )
            text = mapped
        fixed[column] = text or None
    return fixed, free


def _document(row: Any) -> Document:
    return Document(
        id=row.id, project_id=row.project_id, name=row.name, text=row.text,
        source_filename=row.source_filename, source_format=row.source_format, sha256=row.sha256,
        group_key=row.group_key, phase=row.phase, interview_date=row.interview_date,
        interview_type=row.interview_type, participant=row.participant,
        attributes=dict(row.attributes or {}), version=row.version,
    )


def _segment(row: Any) -> Segment:
    return Segment(id=row.id, document_id=row.document_id, idx=row.idx, start=row.start,
                   end=row.end, speaker=row.speaker, role=row.role, timestamp=row.timestamp)


def _check_turns(name: str, text: str, turns: Sequence[TurnLike]) -> None:
    last_end = 0
    for i, t in enumerate(turns):
        if not (0 <= t.start < t.end <= len(text)):
            raise StoreError(msgid="error.store.turn_has_offsets_outside",
                             params={"value": i + 1, "start": t.start, "end": t.end},
                             file=name, segment=str(i + 1))
        if t.start < last_end:
            raise StoreError(msgid="error.store.turn_overlaps_turn_before",
                             params={"value": i + 1}, file=name, segment=str(i + 1))
        if t.role not in ROLES:
            raise StoreError(msgid="error.store.turn_has_unknown_role",
                             params={"value": i + 1, "role": t.role}, file=name, segment=str(i + 1))
        last_end = t.end


class DocumentsMixin(StoreBase):
    """Add, list, edit and delete documents; read their speaker turns."""

    def add_document(
        self,
        project_id: int,
        *,
        name: str,
        text: str,
        turns: Sequence[TurnLike],
        attributes: Mapping[str, Any] | None = None,
        source_filename: str = "",
        source_format: str = "txt",
        actor: str = "",
    ) -> int:
        """Store one transcript with its turns in a single transaction."""
        with self.transaction(actor, project_id) as tx:
            return self._insert_document(tx, project_id, name, text, turns, attributes or {},
                                         source_filename, source_format)

    def _insert_document(
        self, tx: Tx, project_id: int, name: str, text: str, turns: Sequence[TurnLike],
        attributes: Mapping[str, Any], source_filename: str, source_format: str,
    ) -> int:
        if normalize_text(text) != text:
            raise StoreError(msgid="error.store.text_not_normalised_nfc", file=name)
        if not text.strip():
            raise StoreError(msgid="error.store.document_has_no_text", file=name)
        _check_turns(name, text, turns)
        fixed, free = split_attributes(attributes)
        stamp = now()
        position = tx.conn.execute(
            select(func.count()).select_from(documents).where(documents.c.project_id == project_id)
        ).scalar_one()
        try:
            doc_id = tx.conn.execute(documents.insert().values(
                project_id=project_id, name=name, text=text, source_filename=source_filename,
                source_format=source_format, sha256=hashlib.sha256(text.encode()).hexdigest(),
                attributes=free, position=position, created_at=stamp, updated_at=stamp, version=1,
                **{k: fixed.get(k) for k in DOCUMENT_FIELDS},
            )).inserted_primary_key[0]
        except IntegrityError:
            raise StoreError(msgid="error.store.project_already_has_document",
                             params={"name": name}, file=name) from None
        if turns:
            tx.conn.execute(segments.insert(), [
                {"document_id": doc_id, "idx": i, "start": t.start, "end": t.end,
                 "speaker": t.speaker, "role": t.role, "timestamp": t.timestamp}
                for i, t in enumerate(turns)
            ])
        tx.audit("import", "document", doc_id, after={
            "name": name, "source_filename": source_filename, "characters": len(text),
            "turns": len(turns), **{k: v for k, v in fixed.items() if v}, **free,
        })
        return int(doc_id)

    def list_documents(self, project_id: int, *, group: str | None = None,
                       phase: str | None = None) -> list[Document]:
        query = select(documents).where(documents.c.project_id == project_id)
        if group is not None:
            query = query.where(documents.c.group_key == group)
        if phase is not None:
            query = query.where(documents.c.phase == phase)
        with self.reading() as conn:
            rows = conn.execute(query.order_by(documents.c.position, documents.c.id)).all()
        return [_document(r) for r in rows]

    def document_counts(self, project_id: int) -> dict[int, tuple[int, int]]:
        """Turns and codings per document id, counted by the database.

        The document overview shows both for every document; counting here avoids
        reading every turn and coding of a large project into Python.
        """
        turns = (select(segments.c.document_id, func.count().label("n"))
                 .join(documents, documents.c.id == segments.c.document_id)
                 .where(documents.c.project_id == project_id)
                 .group_by(segments.c.document_id))
        coded = (select(codings.c.document_id, func.count().label("n"))
                 .where(codings.c.project_id == project_id)
                 .group_by(codings.c.document_id))
        with self.reading() as conn:
            n_turns = dict(conn.execute(turns).all())
            n_codings = dict(conn.execute(coded).all())
            ids = conn.execute(select(documents.c.id).where(documents.c.project_id == project_id)
                               ).scalars().all()
        return {int(i): (int(n_turns.get(i, 0)), int(n_codings.get(i, 0))) for i in ids}

    def get_document(self, document_id: int) -> Document:
        with self.reading() as conn:
            row = conn.execute(select(documents).where(documents.c.id == document_id)).first()
        if row is None:
            raise StoreError(msgid="error.store.no_document_with_id_2", params={"document_id": document_id})
        return _document(row)

    def segments(self, document_id: int) -> list[Segment]:
        with self.reading() as conn:
            rows = conn.execute(
                select(segments).where(segments.c.document_id == document_id).order_by(segments.c.idx)
            ).all()
        return [_segment(r) for r in rows]

    def project_segments(self, project_id: int) -> list[Segment]:
        """Every segment of the project, in document and turn order."""
        with self.reading() as conn:
            rows = conn.execute(
                select(segments).join(documents, documents.c.id == segments.c.document_id)
                .where(documents.c.project_id == project_id)
                .order_by(documents.c.position, documents.c.id, segments.c.idx)
            ).all()
        return [_segment(r) for r in rows]

    def turn_spans_frame(self, project_id: int) -> pd.DataFrame:
        """Every turn's place and speaker, without its text, in document and turn order.

        What agreement units need (``segment_id``, ``document_id``, ``idx``, ``start``,
        ``end``, ``speaker``, ``role``) in one query, for readers that already hold the
        documents' text or do not need it.
        """
        import pandas as pd

        with self.reading() as conn:
            rows = conn.execute(
                select(segments.c.id, segments.c.document_id, segments.c.idx, segments.c.start,
                       segments.c.end, segments.c.speaker, segments.c.role)
                .join(documents, documents.c.id == segments.c.document_id)
                .where(documents.c.project_id == project_id)
                .order_by(documents.c.position, documents.c.id, segments.c.idx)
            ).all()
        names = ["segment_id", "document_id", "idx", "start", "end", "speaker", "role"]
        if not rows:
            return pd.DataFrame(columns=names)
        return pd.DataFrame(dict(zip(names, map(list, zip(*rows, strict=True)), strict=True)))

    def update_document(
        self, document_id: int, attributes: Mapping[str, Any], *, name: str | None = None,
        expected_version: int | None = None, actor: str = "",
    ) -> Document:
        """Change attributes (and name); ``expected_version`` guards against lost updates."""
        fixed, free = split_attributes(attributes)
        with self.transaction(actor) as tx:
            row = tx.conn.execute(select(documents).where(documents.c.id == document_id)).first()
            if row is None:
                raise StoreError(msgid="error.store.no_document_with_id_2",
                                 params={"document_id": document_id})
            tx.project_id = row.project_id
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(
                    msgid="error.store.document_was_changed_by", params={"name": row.name},
                    file=row.name,
                )
            values: dict[str, Any] = {k: fixed.get(k) for k in DOCUMENT_FIELDS}
            values["attributes"] = free
            if name is not None and name.strip():
                values["name"] = name.strip()
            before = {k: getattr(row, k) for k in values}
            try:
                tx.conn.execute(update(documents).where(documents.c.id == document_id)
                                .values(updated_at=now(), version=row.version + 1, **values))
            except IntegrityError:
                raise StoreError(msgid="error.store.another_document_already_named",
                                 params={"value": values.get('name')}) from None
            tx.audit("update", "document", document_id, before=before, after=values)
            new = tx.conn.execute(select(documents).where(documents.c.id == document_id)).first()
        return _document(new)

    def delete_document(self, document_id: int, actor: str = "") -> int:
        """Delete a document and its codings; returns how many codings went with it."""
        with self.transaction(actor) as tx:
            row = tx.conn.execute(select(documents).where(documents.c.id == document_id)).first()
            if row is None:
                raise StoreError(msgid="error.store.no_document_with_id_2",
                                 params={"document_id": document_id})
            tx.project_id = row.project_id
            n = tx.conn.execute(delete(codings).where(codings.c.document_id == document_id)).rowcount
            tx.conn.execute(delete(documents).where(documents.c.id == document_id))
            tx.audit("delete", "document", document_id, before={"name": row.name, "codings": n})
        return int(n)

    def attribute_values(self, project_id: int) -> dict[str, list[str]]:
        """Every attribute name with its distinct values, for filters."""
        out: dict[str, set[str]] = {}
        for doc in self.list_documents(project_id):
            for key in DOCUMENT_FIELDS:
                if getattr(doc, key):
                    out.setdefault(key, set()).add(getattr(doc, key))
            for key, value in doc.attributes.items():
                out.setdefault(key, set()).add(value)
        return {k: sorted(v) for k, v in sorted(out.items())}


