"""The document list as an editable frame, and saving what the user changed.

Kept free of streamlit so the diff and the conflict handling can be tested as
plain functions; the page only shows the frame and the :class:`SaveResult`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..app import ProjectSession
from ..errors import ConflictError, SigqualError, StoreError
from ..models import DOCUMENT_FIELDS, Document, attribute_heading
from ..store.documents import ATTRIBUTE_ALIASES

NAME_COLUMN = "name"
# Session key of the grid's unsaved edits (``document_editor``), named here so the
# pandas-free overview can ask whether there are any without loading the grid's module.
EDITOR_HELD = "project.editor_held"
VERSION_COLUMN = "version"
FREE_PREFIX = "attr:"
if TYPE_CHECKING:  # pandas is loaded by the editor, not by the overview on the first page
    import pandas as pd

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ATTRIBUTE_NAME_RE = re.compile(r"^[\w][\w .-]{0,39}$")


def attribute_label(name: str) -> str:
    """A free attribute's name as a column heading: capitalised like the fixed fields beside it."""
    return attribute_heading(name)


def free_column(name: str) -> str:
    """Column of a free attribute; the prefix keeps it apart from fixed fields."""
    return FREE_PREFIX + name


def free_attribute_keys(docs: Iterable[Document], extra: Iterable[str] = ()) -> list[str]:
    """Every free attribute name in use, plus names the user just added, sorted."""
    keys = {k for d in docs for k in d.attributes}
    keys.update(extra)
    return sorted(keys, key=str.casefold)


def matches(document: Document, query: str, names: Mapping[str, str] | None = None) -> bool:
    """Whether ``query`` (any case) occurs in the document's name, group or attributes."""
    needle = query.strip().casefold()
    if not needle:
        return True
    group = (names or {}).get(document.group_key or "", document.group_key or "")
    values = [document.name, group, *(getattr(document, f) or "" for f in DOCUMENT_FIELDS),
              *document.attributes.values()]
    return any(needle in str(v).casefold() for v in values)


def overview_rows(docs: Sequence[Document], free_keys: Sequence[str],
                  counts: Mapping[int, tuple[int, int]], group_name: Callable[[str], str],
                  type_name: Callable[[str], str]) -> list[list[str]]:
    """The read-only list's rows: name, group, turns, codings, the other fields, free attributes.

    The counts come right after the group so that they stay in view when a project's
    many attributes make the table scroll sideways.
    """
    rows = []
    for d in docs:
        turns, coded = counts.get(d.id, (0, 0))
        rows.append([d.name, group_name(d.group_key) if d.group_key else "", str(turns), str(coded),
                     d.phase or "", d.interview_date or "",
                     type_name(d.interview_type) if d.interview_type else "", d.participant or "",
                     *(str(d.attributes.get(k, "")) for k in free_keys)])
    return rows


def documents_frame(docs: Sequence[Document], free_keys: Sequence[str]) -> pd.DataFrame:
    """One row per document (index = document id) with its editable attributes."""
    import pandas as pd

    columns = [NAME_COLUMN, *DOCUMENT_FIELDS, *(free_column(k) for k in free_keys), VERSION_COLUMN]
    rows = []
    for d in docs:
        row: dict[str, Any] = {NAME_COLUMN: d.name}
        for fixed in DOCUMENT_FIELDS:
            row[fixed] = getattr(d, fixed) or ""
        for key in free_keys:
            row[free_column(key)] = d.attributes.get(key, "")
        row[VERSION_COLUMN] = d.version
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns, index=pd.Index([d.id for d in docs], name="id"))
    return frame.astype({c: "object" for c in columns if c != VERSION_COLUMN})


def check_attribute_name(name: str, existing: Iterable[str]) -> str:
    """A new free attribute name, stripped; a clear error when it cannot be used."""
    name = name.strip()
    if not name:
        raise SigqualError(msgid="error.ui.attribute_needs_name", field="attribute")
    if not _ATTRIBUTE_NAME_RE.match(name):
        raise SigqualError(
            msgid="error.ui.not_usable_attribute_name", params={"name": name}, field="attribute")
    if name.lower() in ATTRIBUTE_ALIASES:
        raise SigqualError(msgid="error.ui.fixed_document_field_edit", params={"name": name},
                           field="attribute")
    if name.casefold() in {e.casefold() for e in existing}:
        raise SigqualError(msgid="error.ui.attribute_already_exists",
                           params={"name": name}, field="attribute")
    return name


def _clean(value: Any) -> str:
    """Editor cells come back as None, NaN or text; compare them as stripped text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    import pandas as pd

    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value).strip()


@dataclass(frozen=True)
class DocumentEdit:
    """The full new state of one changed row, plus the version the user saw."""

    document_id: int
    name: str
    attributes: dict[str, str]
    expected_version: int


def diff_documents(original: pd.DataFrame, edited: pd.DataFrame) -> list[DocumentEdit]:
    """Rows whose name or attributes differ between the shown and the edited frame.

    The store replaces all attributes of a document at once, so an edit carries
    every column of the row, not only the changed cells.
    """
    editable = [c for c in original.columns if c != VERSION_COLUMN]
    edits: list[DocumentEdit] = []
    for doc_id, before in original.iterrows():
        if doc_id not in edited.index:
            continue
        after = edited.loc[doc_id]
        new = {c: _clean(after.get(c)) for c in editable}
        if all(new[c] == _clean(before[c]) for c in editable):
            continue
        attributes = {c: new[c] for c in DOCUMENT_FIELDS}
        for column in editable:
            if column.startswith(FREE_PREFIX) and new[column]:
                attributes[column[len(FREE_PREFIX):]] = new[column]
        edits.append(DocumentEdit(
            document_id=int(doc_id), name=new[NAME_COLUMN] or _clean(before[NAME_COLUMN]),
            attributes=attributes, expected_version=int(before[VERSION_COLUMN]),
        ))
    return edits


def check_edit(edit: DocumentEdit) -> None:
    """Reject values the store would accept but a report could not use."""
    date = edit.attributes.get("interview_date", "")
    if date and not _DATE_RE.match(date):
        raise StoreError(msgid="error.ui.date_not_written_as", params={"date": date}, file=edit.name,
                         field="interview_date")


@dataclass
class SaveResult:
    """What saving the editor did: saved documents, conflicting rows and other errors."""

    saved: list[Document] = field(default_factory=list)
    conflicts: list[ConflictError] = field(default_factory=list)
    errors: list[SigqualError] = field(default_factory=list)

    @property
    def saved_names(self) -> list[str]:
        return [d.name for d in self.saved]


def apply_saved(frame: pd.DataFrame, saved: Sequence[Document]) -> pd.DataFrame:
    """The shown frame with saved rows replaced by their stored state and new version.

    After a partly failed save the other rows keep the user's view, while the saved
    ones no longer look edited and will not conflict with themselves next time.
    """
    keys = [c[len(FREE_PREFIX):] for c in frame.columns if c.startswith(FREE_PREFIX)]
    updated = frame.copy()
    fresh = documents_frame([d for d in saved if d.id in updated.index], keys)
    for doc_id, row in fresh.iterrows():
        updated.loc[doc_id, list(fresh.columns)] = row
    return updated


def save_document_edits(session: ProjectSession, edits: Sequence[DocumentEdit]) -> SaveResult:
    """Save each edit in its own transaction; one conflict does not block the rest."""
    result = SaveResult()
    for edit in edits:
        try:
            check_edit(edit)
            doc = session.update_document(edit.document_id, edit.attributes, name=edit.name,
                                          expected_version=edit.expected_version)
        except ConflictError as exc:
            result.conflicts.append(exc)
        except SigqualError as exc:
            if not exc.file:
                exc.file = edit.name
            result.errors.append(exc)
        else:
            result.saved.append(doc)
    return result
