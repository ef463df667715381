"""Plain DataFrames of documents and speaker turns, so comparison and agreement stay pure.

The store hands out model objects; these helpers turn them into frames once, and every
builder in :mod:`sigqual.compare`, :mod:`sigqual.agreement` and :mod:`sigqual.charts`
works on frames (easy to build by hand in tests, easy to filter in the UI).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from ..errors import InputError
from ..models import Document, Segment

DOCUMENT_COLUMNS = [
    "document_id", "document", "group", "phase", "interview_type", "participant",
    "interview_date", "attributes",
]
SEGMENT_COLUMNS = [
    "segment_id", "document_id", "document", "group", "phase", "participant", "idx", "start",
    "end", "speaker", "role", "text",
]
# Names a user may give for the fixed document fields, mapped to frame columns.
FIXED_ATTRIBUTES = {
    "group": "group", "group_key": "group", "phase": "phase", "interview_type": "interview_type",
    "participant": "participant", "interview_date": "interview_date", "date": "interview_date",
    "document": "document",
}


def documents_frame(documents: Iterable[Document]) -> pd.DataFrame:
    """One row per document in the given order (the denominators of every share)."""
    records = [
        {
            "document_id": d.id, "document": d.name, "group": d.group_key, "phase": d.phase,
            "interview_type": d.interview_type, "participant": d.participant,
            "interview_date": d.interview_date, "attributes": dict(d.attributes),
        }
        for d in documents
    ]
    return pd.DataFrame.from_records(records, columns=DOCUMENT_COLUMNS)


def segments_frame(segments: Iterable[Segment], documents: Iterable[Document]) -> pd.DataFrame:
    """One row per speaker turn with its text, for agreement units and co-occurrence."""
    docs = {d.id: d for d in documents}
    records = []
    for s in segments:
        doc = docs.get(s.document_id)
        if doc is None:
            raise InputError(msgid="error.compare.segment_belongs_document_which",
                             params={"id": s.id, "document_id": s.document_id},
                             segment=str(s.id))
        records.append({
            "segment_id": s.id, "document_id": s.document_id, "document": doc.name,
            "group": doc.group_key, "phase": doc.phase, "participant": doc.participant, "idx": s.idx,
            "start": s.start, "end": s.end, "speaker": s.speaker, "role": s.role,
            "text": doc.text[s.start:s.end],
        })
    return pd.DataFrame.from_records(records, columns=SEGMENT_COLUMNS)


def attribute_values(frame: pd.DataFrame, name: str) -> pd.Series:
    """The value of a fixed field or free attribute for every row, as text or None."""
    column = FIXED_ATTRIBUTES.get(name, name if name in frame.columns and name != "attributes" else None)
    if column is not None and column in frame.columns:
        values = frame[column]
    elif "attributes" in frame.columns:
        values = frame["attributes"].map(lambda a: (a or {}).get(name))
    else:
        raise InputError(msgid="error.compare.frame_has_neither_column", params={"name": name}, field=name)
    cleaned = [None if _missing(v) else str(v) for v in values]
    return pd.Series(cleaned, index=frame.index, dtype=object, name=name)


def known_attributes(documents: pd.DataFrame) -> list[str]:
    """Attribute names a comparison can use as columns: fixed fields, then free ones."""
    names = [n for n in ("group", "phase", "interview_type", "participant", "interview_date")
             if n in documents.columns and documents[n].notna().any()]
    free: set[str] = set()
    for attrs in documents.get("attributes", pd.Series(dtype=object)):
        free.update(k for k, v in (attrs or {}).items() if not _missing(v))
    return names + sorted(free)


def check_attribute(documents: pd.DataFrame, name: str) -> None:
    """Refuse an attribute no document has, naming the ones that exist."""
    if name in FIXED_ATTRIBUTES or name in known_attributes(documents):
        return
    raise InputError(msgid="error.compare.no_document_has_attribute",
                     params={"name": name, "value": ', '.join(known_attributes(documents)) or 'none'},
                     field=name)


def filter_documents(
    documents: pd.DataFrame,
    *,
    groups: Iterable[str] | None = None,
    phases: Iterable[str] | None = None,
    interview_types: Iterable[str] | None = None,
    attributes: Mapping[str, Iterable[str]] | None = None,
) -> pd.DataFrame:
    """Keep documents matching every filter, mirroring :func:`sigqual.tables.filter_codings`."""
    mask = pd.Series(True, index=documents.index)
    wanted: dict[str, Iterable[str]] = dict(attributes or {})
    for name, values in (("group", groups), ("phase", phases), ("interview_type", interview_types)):
        if values is not None:
            wanted[name] = values
    for name, values in wanted.items():
        allowed = {str(v) for v in values}
        mask &= attribute_values(documents, name).map(lambda v, a=allowed: v in a).astype(bool)
    return documents[mask]


def natural_order(values: Iterable[str]) -> list[str]:
    """Sort so that ``2`` comes before ``10`` and text sorts case-insensitively."""
    def key(value: str) -> list[tuple[int, int | str]]:
        return [(0, int(part)) if part.isdigit() else (1, part.casefold())
                for part in re.split(r"(\d+)", value) if part]

    return sorted(set(values), key=key)


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def unique_labels(labels: Sequence[str]) -> list[str]:
    """Number repeated labels (``Tidpunkt (2)``) so chart axes never merge two rows."""
    used: set[str] = set()
    out = []
    for label in labels:
        candidate, number = label, 1
        while candidate in used:
            number += 1
            candidate = f"{label} ({number})"
        used.add(candidate)
        out.append(candidate)
    return out
