"""The operations of a :class:`~sigqual.app.session.ProjectSession`, one method each.

Every method names the action it needs (see :data:`~sigqual.app.permissions.ACTIONS`)
and runs its store calls inside :meth:`ProjectSession.acting`, which checks the
account and its role before and again inside each write transaction. Rows that
belong to someone (memos, codings) may be changed by their owner or a project
administrator only, and a stale version is a :class:`~sigqual.errors.ConflictError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, StoreError
from ..models import DOCUMENT_FIELDS

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from ..codebook import Codebook
    from ..models import Coding, Document
    from ..store import NewCoding, Store
    from .identity import Actor

TABLE_SETTINGS = "tables"


class OperationsMixin:
    """Writes (and the few guarded reads) the app and the CLI perform."""

    store: Store
    actor: Actor
    project_id: int | None

    if TYPE_CHECKING:
        def acting(self, action: str, *,
                   owned: tuple[str, int] | None = None) -> AbstractContextManager[None]: ...
        def require(self, action: str) -> None: ...
        def _deny(self, action: str, reason: str, entity: str = ...,
                  entity_id: int | None = ...) -> None: ...
        @property
        def role(self) -> str | None: ...
        @property
        def is_blind(self) -> bool: ...

    @property
    def pid(self) -> int:
        """The open project's id; a clear error when none is open."""
        if self.project_id is None:
            raise InputError(msgid="error.app.no_project", field="project")
        return self.project_id

    @property
    def who(self) -> str:
        """The name written to the audit log."""
        return self.actor.username

    def _coder(self, coder: str | None, action: str = "code") -> str:
        """Whose coding this is: the actor, or (as an administrator) someone named."""
        name = (coder or "").strip() or self.actor.username
        if self.actor.team and name != self.actor.username and self.role != "admin":
            from .session import Reason

            self._deny(action, Reason("app.denied.other_coder", user=self.actor.username), "coding")
        return name

    # -- coding ---------------------------------------------------------------
    def add_coding(self, document_id: int, code_key: str, start: int, end: int, *,
                   source: str = "manual", segment_id: int | None = None,
                   coder: str | None = None) -> Coding:
        """Code a span (a retry of the same coding returns the existing one)."""
        name = self._coder(coder)
        with self.acting("code"):
            cid = self.store.add_coding(self.pid, document_id, code_key, start, end, coder=name,
                                        source=source, segment_id=segment_id, actor=self.who)
        return self.store.get_coding(cid)

    def add_codings(self, items: Sequence[NewCoding]) -> list[int]:
        """Many codings at once, all or nothing (each must be the actor's, unless admin)."""
        for coder in {i.coder for i in items}:
            self._coder(coder)
        with self.acting("code"):
            return self.store.add_codings(self.pid, list(items), actor=self.who)

    def remove_coding(self, coding_id: int, *, expected_version: int | None = None) -> Coding:
        """Remove a coding (one's own, or any as administrator); returns what was removed."""
        with self.acting("code", owned=("coding", coding_id)):
            return self.store.delete_coding(coding_id, expected_version=expected_version,
                                            actor=self.who)

    def update_coding_span(self, coding_id: int, start: int, end: int, *,
                           expected_version: int | None = None) -> None:
        with self.acting("code", owned=("coding", coding_id)):
            self.store.update_coding_span(coding_id, start, end, expected_version=expected_version,
                                          actor=self.who)

    def set_feedback(self, segment_id: int, code_key: str, decision: str | None, *,
                     score: dict[str, Any] | None = None, coder: str | None = None) -> None:
        """Record (or with None clear) the coder's accept/reject decision on a suggestion."""
        name = self._coder(coder)
        with self.acting("code"):
            if decision is None:
                self.store.clear_feedback(self.pid, segment_id, code_key, coder=name, actor=self.who)
            else:
                self.store.record_feedback(self.pid, segment_id, code_key, coder=name,
                                           decision=decision, score=score, actor=self.who)

    def build_consensus(self, coders: Sequence[str], resolutions: Any, *, coder: str,
                        **options: Any) -> list[int]:
        """Resolve disagreements into a new consensus coder, all or nothing."""
        from ..agreement import build_consensus

        with self.acting("code"):
            return build_consensus(self.store, self.pid, list(coders), resolutions, coder=coder,
                                   actor=self.who, **options)

    # -- memos ----------------------------------------------------------------
    def add_memo(self, text: str, *, title: str = "", document_id: int | None = None,
                 segment_id: int | None = None, code_key: str | None = None,
                 coding_id: int | None = None) -> int:
        """A memo written by the actor."""
        with self.acting("memo"):
            return self.store.add_memo(self.pid, text, author=self.actor.username, title=title,
                                       document_id=document_id, segment_id=segment_id,
                                       code_key=code_key, coding_id=coding_id, actor=self.who)

    def update_memo(self, memo_id: int, text: str, *, title: str | None = None,
                    expected_version: int | None = None) -> None:
        """Edit one's own memo (administrators any); a stale version conflicts."""
        with self.acting("memo", owned=("memo", memo_id)):
            self.store.update_memo(memo_id, text, title=title, expected_version=expected_version,
                                   actor=self.who)

    def delete_memo(self, memo_id: int, *, expected_version: int | None = None) -> None:
        """Delete one's own memo (administrators any); a stale version conflicts."""
        with self.acting("memo", owned=("memo", memo_id)):
            self.store.delete_memo(memo_id, expected_version=expected_version, actor=self.who)

    # -- documents and imports -------------------------------------------------
    def update_document(self, document_id: int, attributes: Mapping[str, Any], *,
                        name: str | None = None, expected_version: int | None = None) -> Document:
        with self.acting("import"):
            return self.store.update_document(document_id, attributes, name=name,
                                              expected_version=expected_version, actor=self.who)

    def fill_empty_attributes(self, document_id: int, values: Mapping[str, str]) -> dict[str, str]:
        """Set document fields (e.g. found in a transcript's preamble) only where empty.

        A value the user or a manifest already gave is never overwritten; returns what
        was filled (nothing, and no write, when every field was set).
        """
        with self.acting("import"):
            doc = self.store.get_document(document_id)
            if doc.project_id != self.pid:
                raise InputError(msgid="error.app.document_not_in_project",
                                 params={"document_id": document_id}, field="document")
            filled = {k: v for k, v in values.items()
                      if k in DOCUMENT_FIELDS and v.strip() and not doc.attribute(k)}
            if not filled:
                return {}
            attributes: dict[str, Any] = {**doc.attributes,
                                          **{k: getattr(doc, k) for k in DOCUMENT_FIELDS}, **filled}
            self.store.update_document(document_id, attributes, expected_version=doc.version,
                                       actor=self.who)
            return filled

    def delete_document(self, document_id: int) -> int:
        """Delete a document with everyone's codings on it (project administrators)."""
        with self.acting("settings"):
            return self.store.delete_document(document_id, actor=self.who)

    def import_sources(self, sources: Sequence[Any], **kwargs: Any) -> Any:
        """Import transcripts already read (an upload); one transaction per document."""
        from ..importing import import_sources

        with self.acting("import"):
            return import_sources(self.store, self.pid, sources, actor=self.who, **kwargs)

    def import_paths(self, paths: Sequence[Path], **kwargs: Any) -> Any:
        """Import transcript files, folders and zips from disk."""
        from ..importing import import_paths

        with self.acting("import"):
            return import_paths(self.store, self.pid, paths, actor=self.who, **kwargs)

    def import_codebook_file(self, data: bytes | str | Path, *, filename: str | None = None) -> Any:
        """Merge a REFI-QDA codebook (.qdc) into the project's codebook."""
        from ..refi import import_codebook_file

        with self.acting("codebook"):
            return import_codebook_file(self.store, self.pid, data, filename=filename, actor=self.who)

    # -- codebook ---------------------------------------------------------------
    def edit_codebook(self, edit: Callable[[Codebook], Codebook]) -> Codebook:
        """Apply a pure edit (rename, recolour, move, reorder, a whole new codebook)."""
        from ..codebook_edit import apply_edit

        with self.acting("codebook"):
            return apply_edit(self.store, self.pid, edit, actor=self.who)

    def replace_codebook(self, codebook: Codebook) -> Codebook:
        """Make the codebook equal ``codebook`` (an uploaded file); codings are kept."""
        return self.edit_codebook(lambda _current: codebook)

    def merge_codes(self, source: str, target: str) -> int:
        from ..codebook_edit import merge_code

        with self.acting("codebook"):
            return merge_code(self.store, self.pid, source, target, actor=self.who)

    def split_code(self, source: str, coding_ids: Sequence[int], *, label: str,
                   code_id: str | None = None, kind: str | None = None,
                   description: str = "") -> tuple[str, int]:
        from ..codebook_edit import split_code

        with self.acting("codebook"):
            return split_code(self.store, self.pid, source, coding_ids, label=label, code_id=code_id,
                              kind=kind, description=description, actor=self.who)

    def delete_code(self, code_id: str, *, with_codings: bool = False) -> int:
        from ..codebook_edit import delete_code

        with self.acting("codebook"):
            return delete_code(self.store, self.pid, code_id, with_codings=with_codings,
                               actor=self.who)

    # -- project settings -------------------------------------------------------
    def update_settings(self, changes: Mapping[str, Any], *,
                        expected_version: int | None = None) -> None:
        """Merge ``changes`` into the project's settings (project administrators)."""
        with self.acting("settings"):
            self.store.update_project_settings(self.pid, changes, self.who,
                                               expected_version=expected_version)

    def set_table_defaults(self, defaults: Mapping[str, Any]) -> None:
        """Save Tabeller's per-project defaults."""
        self.update_settings({TABLE_SETTINGS: dict(defaults)})

    def set_blind(self, blind: bool) -> None:
        """Start (True) or end (False) the blind-coding phase."""
        from .session import BLIND_SETTING

        self.update_settings({BLIND_SETTING: bool(blind)})

    # -- privacy ------------------------------------------------------------------
    def pseudonymize(self, decisions: Any, **kwargs: Any) -> Any:
        """Rewrite the project's documents with the decided replacements, in one transaction."""
        from ..privacy.project import pseudonymize_project

        with self.acting("pseudonymize"):
            return pseudonymize_project(self.store, self.pid, decisions, actor=self.who, **kwargs)

    # -- exports ------------------------------------------------------------------
    def require_export(self, *, whole_project: bool = False) -> None:
        """Exports need a reader; the whole-project archive of a blind project an admin."""
        self.require("export")
        if whole_project and self.is_blind:
            from .session import Reason

            if self.actor.team and self.role != "admin":
                self._deny("export", Reason("app.denied.blind_archive"), "project", self.project_id)

    def may_export_archive(self) -> bool:
        """Whether the whole-project archive may be built now (for hiding the button)."""
        try:
            if not self.actor.team:
                return True
            return self.role is not None and (not self.is_blind or self.role == "admin")
        except StoreError:
            return False

    # -- team ----------------------------------------------------------------------
    def grant(self, username: str, role: str) -> None:
        """Give a member a role in the project (project administrators)."""
        with self.acting("members"):
            self.store.grant(self.pid, username, role, actor=self.who)

    def revoke(self, username: str) -> None:
        with self.acting("members"):
            self.store.revoke(self.pid, username, actor=self.who)

    # -- server accounts (server administrators) ------------------------------------
    def create_user(self, username: str, password: str, *, display_name: str = "",
                    is_admin: bool = False) -> int:
        with self.acting("server"):
            return self.store.create_user(username, password, display_name=display_name,
                                          is_admin=is_admin, actor=self.who)

    def set_user_disabled(self, username: str, disabled: bool) -> bool:
        """Disable or enable an account; False when it already was (nothing written)."""
        with self.acting("server"):
            return self.store.set_user_disabled(username, disabled, actor=self.who)

    def remove_user(self, username: str) -> None:
        """Delete an account and its roles; codings, memos and the audit log keep the name."""
        with self.acting("server"):
            self.store.remove_user(username, actor=self.who)

    def set_password(self, username: str, password: str) -> None:
        with self.acting("server"):
            self.store.set_password(username, password, actor=self.who)

