"""Several writes as one transaction: what importers need to store a whole project at once.

The store's single-purpose methods each open their own transaction. An importer of a
complete project (REFI-QDA, a codebook exchange file) must instead add the project, its
codebook, documents, coders, codings and memos so that either all of it lands or none
does. :meth:`Store.batch` yields a :class:`Batch` bound to one open transaction; its
methods run the same checks and write the same audit entries as the single methods.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..codebook import Codebook
from ..errors import StoreError
from .base import StoreBase, Tx
from .schema import projects, segments

if TYPE_CHECKING:  # the mixins meet only in Store
    from . import Store
    from .codings import NewCoding
    from .documents import TurnLike


class Batch:
    """Writes inside one open transaction; build it with :meth:`Store.batch`."""

    def __init__(self, store: Store, tx: Tx) -> None:
        self._store = store
        self._tx = tx

    @property
    def project_id(self) -> int:
        if self._tx.project_id is None:
            raise StoreError(msgid="error.store.batch_has_no_project")
        return self._tx.project_id

    def create_project(self, name: str, codebook: Codebook, *, description: str = "",
                       settings: Mapping[str, Any] | None = None,
                       origin: Mapping[str, Any] | None = None, owner: str | None = None) -> int:
        """Add a project with its codebook (as :meth:`Store.create_project`); later calls
        in the batch write into it. ``origin`` (e.g. the exchange format) is audited."""
        return self._store._create_project(self._tx, name, codebook, description=description,
                                           settings=settings, owner=owner, origin=origin)

    def replace_codebook(self, codebook: Codebook) -> None:
        """Like :meth:`Store.replace_codebook`, inside the batch."""
        self._store._write_codebook(self._tx, self.project_id, codebook, replace_existing=True)

    def add_document(self, name: str, text: str, turns: Sequence[TurnLike],
                     attributes: Mapping[str, Any] | None = None, *, source_filename: str = "",
                     source_format: str = "") -> int:
        return self._store._insert_document(self._tx, self.project_id, name, text, turns,
                                            attributes or {}, source_filename, source_format)

    def add_coder(self, name: str) -> int:
        if not name.strip():
            raise StoreError(msgid="error.store.coder_needs_name")
        return self._store._coder_id(self._tx, self.project_id, name)

    def add_coding(self, coding: NewCoding) -> int:
        return self._store._insert_coding(self._tx, self.project_id, coding)

    def add_memo(self, text: str, *, author: str, title: str = "", document_id: int | None = None,
                 segment_index: int | None = None, code_key: str | None = None,
                 coding_id: int | None = None) -> int:
        """A memo on the project, a document (or one of its turns), a code or a coding."""
        conn, pid = self._tx.conn, self.project_id
        segment_id = None
        if document_id is not None and segment_index is not None:
            segment_id = conn.execute(select(segments.c.id).where(
                segments.c.document_id == document_id, segments.c.idx == segment_index)
            ).scalar_one_or_none()
        return self._store._insert_memo(self._tx, pid, text, author=author, title=title,
                                        document_id=document_id, segment_id=segment_id,
                                        code_key=code_key, coding_id=coding_id)

    def settings(self) -> dict[str, Any]:
        """The project's settings as this transaction sees them."""
        return dict(self._tx.conn.execute(select(projects.c.settings)
                                          .where(projects.c.id == self.project_id)).scalar_one() or {})

    def update_settings(self, changes: Mapping[str, Any]) -> None:
        """Merge ``changes`` into the project's settings (as :meth:`Store.update_project_settings`)."""
        self._store._update_settings(self._tx, self.project_id, changes)


class BatchMixin(StoreBase):
    @contextmanager
    def batch(self, actor: str = "", project_id: int | None = None) -> Iterator[Batch]:
        """One transaction for many writes: all of them land, or none does."""
        with self.transaction(actor, project_id) as tx:
            yield Batch(self, tx)  # type: ignore[arg-type]
