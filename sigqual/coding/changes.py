"""What changed in a project since the coding pages last looked, read from the audit log.

Every write adds an audit row, so the coding pages can tell *what* an action touched
without re-reading the project: a coding added or removed names its document, a
decision on a suggestion is feedback, a memo is a memo. Anything else (a codebook
edit, an import, a rewrite, settings) or a gap the rows cannot explain means
"everything may have changed". The pages then refresh only what changed: one
document's view and status after a coding, instead of every document's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..store import Store

# Entities whose audit rows the coding pages understand without a full refresh.
_QUIET = frozenset({"coder", "user", "membership"})
WINDOW = 64
FIRST = 8


@dataclass(frozen=True)
class Changes:
    """What moved between two looks at the store (``everything`` overrides the rest)."""

    everything: bool = False
    documents: frozenset[int] = frozenset()
    feedback: bool = False
    memos: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.documents or self.feedback or self.memos)


EVERYTHING = Changes(everything=True)


def _document_of(row: Mapping[str, Any]) -> int | None:
    for side in ("after", "before"):
        values = row.get(side)
        if isinstance(values, Mapping) and isinstance(values.get("document_id"), int):
            return int(values["document_id"])
    return None


def _project_of(row: Mapping[str, Any]) -> int | None:
    owner = row.get("project_id")
    try:
        return int(owner)
    except (TypeError, ValueError):  # None, or NaN from a pandas column
        return None


def classify(rows: list[Mapping[str, Any]], project_id: int) -> Changes:
    """Sum up audit rows (any order) as far as one project's coding pages care."""
    documents: set[int] = set()
    feedback = memos = False
    for row in rows:
        owner = _project_of(row)
        entity = str(row.get("entity") or "")
        if owner is not None and owner != project_id:
            continue
        if entity in _QUIET:
            continue
        if entity == "feedback":
            feedback = True
        elif entity == "memo" and row.get("action") in ("insert", "update", "delete"):
            memos = True
        elif entity == "coding":
            doc = _document_of(row)
            if doc is None:
                return EVERYTHING
            documents.add(doc)
        else:
            return EVERYTHING
    return Changes(False, frozenset(documents), feedback, memos)


@dataclass
class Tracker:
    """The store's revision as last seen, and how to explain the step to the next one.

    ``revision`` is :meth:`Store.revision`, a counter every write transaction bumps
    first and holds until it commits, so audit ids grow in commit order. A step is
    explained by the audit rows newer than the newest id seen before, when fewer than
    :data:`WINDOW` of them arrived; more, a counter that went back (a restore) or a
    first look mean "everything".
    """

    project_id: int
    revision: int | None = None
    audit_id: int | None = None
    epochs: dict[str, int] = field(default_factory=lambda: {"all": 0, "feedback": 0, "memos": 0})
    documents: dict[int, int] = field(default_factory=dict)

    def step(self, store: Store) -> Changes:
        """Look at the store again; returns what changed since the previous look."""
        now = store.revision()
        if now == self.revision:
            return Changes()
        # An action writes a row or a few: read a handful first, the window only if needed.
        rows = store.audit_frame(None, limit=FIRST).to_dict("records")
        if self.audit_id is not None and len(rows) == FIRST and all(
                int(r["id"]) > self.audit_id for r in rows):
            rows = store.audit_frame(None, limit=WINDOW).to_dict("records")
        newest = max((int(r["id"]) for r in rows), default=0)
        changes = EVERYTHING
        if self.revision is not None and self.audit_id is not None and now > self.revision:
            fresh = [r for r in rows if int(r["id"]) > self.audit_id]
            if len(fresh) < len(rows) or len(rows) < FIRST:
                changes = classify(fresh, self.project_id)
        self.revision, self.audit_id = now, newest
        self._bump(changes)
        return changes

    def _bump(self, changes: Changes) -> None:
        if changes.everything:
            self.epochs["all"] += 1
            self.documents.clear()
            return
        if changes.feedback:
            self.epochs["feedback"] += 1
        if changes.memos:
            self.epochs["memos"] += 1
        for doc in changes.documents:
            self.documents[doc] = self.documents.get(doc, 0) + 1

    def key(self, part: str) -> tuple[int, int]:
        """A cache key for ``part`` ("feedback", "memos" or "all"): changes with it."""
        return self.epochs["all"], self.epochs.get(part, 0)

    def document_key(self, document_id: int) -> tuple[int, int]:
        """A cache key for one document's codings."""
        return self.epochs["all"], self.documents.get(document_id, 0)
