"""Codebook changes that move codings, as one transaction.

Merging, splitting and deleting a code touch the codebook (codes, children, group
orders) and the codings together. The rules for the codebook side live once, in the
pure plans of :mod:`sigqual.codebook_edit`; the store applies a plan's result and the
coding moves it names in a single transaction, so a crash or a refused step leaves
the old codebook with its codings, never a mix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from ..codebook import Codebook
from ..errors import CodebookError, StoreError
from .base import StoreBase, Tx, now
from .schema import codes, codings, projects


@dataclass(frozen=True)
class MoveCodings:
    """Give these codings (all of code ``source``) the code ``target`` (a split)."""

    coding_ids: tuple[int, ...]
    target: str
    source: str | None = None


@dataclass(frozen=True)
class CodebookChange:
    """The codebook afterwards plus what happens to codings on the way there.

    ``merge`` re-points every coding of a source code to its target; ``move`` gives
    chosen codings another code; ``drop_codings_of`` names codes whose codings are
    deleted (confirmed by the user). A code that leaves the codebook while it still
    has codings refuses the whole change.
    """

    codebook: Codebook
    merge: Mapping[str, str] = field(default_factory=dict)
    move: Sequence[MoveCodings] = ()
    drop_codings_of: frozenset[str] = frozenset()
    counts: dict[str, int] = field(default_factory=dict)


Planner = Callable[[Codebook, Mapping[str, int]], CodebookChange]


def code_usage_counts(conn: Connection, project_id: int) -> dict[str, int]:
    """Codings per code key, as this transaction sees them."""
    rows = conn.execute(select(codes.c.key, func.count(codings.c.id))
                        .join(codings, codings.c.code_id == codes.c.id)
                        .where(codes.c.project_id == project_id).group_by(codes.c.key)).all()
    return {k: int(n) for k, n in rows}


class CodebookChangeMixin(StoreBase):
    """``change_codebook`` and the single-purpose operations built on it."""

    def change_codebook(self, project_id: int, planner: Planner, actor: str = "") -> CodebookChange:
        """Read the codebook, plan with ``planner(codebook, usage)``, apply: one transaction.

        The project row is locked first, so two editors' plans never interleave.
        """
        with self.transaction(actor, project_id) as tx:
            lock_project(tx.conn, project_id)
            current = self._read_codebook(tx.conn, project_id)  # type: ignore[attr-defined]
            change = planner(current, code_usage_counts(tx.conn, project_id))
            self.apply_codebook_change(tx, project_id, change)
        return change

    def apply_codebook_change(self, tx: Tx, project_id: int, change: CodebookChange) -> None:
        """Apply a planned change inside an open transaction (codes first, then codings)."""
        write = self._write_codebook  # type: ignore[attr-defined]
        write(tx, project_id, change.codebook, replace_existing=True, remove_gone=False)
        ids = dict(tx.conn.execute(select(codes.c.key, codes.c.id)
                                   .where(codes.c.project_id == project_id)).all())

        def code_id(key: str) -> int:
            if key not in ids:
                raise StoreError(msgid="error.store.unknown_code_project_2", params={"code_key": key})
            return int(ids[key])

        for source, target in change.merge.items():
            if source == target:
                raise StoreError(msgid="error.store.cannot_merge_code_into")
            src, dst = code_id(source), code_id(target)
            rows = tx.conn.execute(select(codings).where(codings.c.code_id == src)).all()
            moved = sum(_repoint(tx, row, dst) for row in rows)
            change.counts[source] = moved
            tx.audit("merge", "code", src, before={"key": source},
                     after={"into": target, "codings": moved})
        for move in change.move:
            dst = code_id(move.target)
            rows = {r.id: r for r in tx.conn.execute(select(codings).where(
                codings.c.id.in_(list(move.coding_ids)), codings.c.project_id == project_id))}
            if move.source is not None:
                src = code_id(move.source)
                foreign = [str(cid) for cid in move.coding_ids
                           if cid not in rows or rows[cid].code_id != src]
                if foreign:
                    source_code = change.codebook.get(move.source)
                    label = source_code.label if source_code is not None else move.source
                    raise CodebookError(msgid="error.codebook_edit.coding_are_not_codings",
                                        params={"foreign": ", ".join(foreign), "label": label},
                                        field="codings")
            moved = 0
            for cid in move.coding_ids:
                row = rows.get(cid)
                if row is None:
                    raise StoreError(msgid="error.store.no_coding_with_id_2", params={"cid": cid})
                if row.code_id == dst:
                    continue
                _repoint(tx, row, dst)
                tx.audit("update", "coding", cid, before={"code_id": row.code_id},
                         after={"code": move.target})
                moved += 1
            change.counts[move.target] = change.counts.get(move.target, 0) + moved
        for key in sorted(change.drop_codings_of):
            n = tx.conn.execute(delete(codings).where(codings.c.code_id == code_id(key))).rowcount
            change.counts[key] = int(n)
            tx.audit("delete", "codings", code_id(key), before={"code": key, "codings": int(n)})
        self._remove_gone_codes(tx, project_id, change.codebook)  # type: ignore[attr-defined]

    # The codebook rules (children, groups, orders) are the editor's plans; these
    # wrappers only name the plan, so the store and the editor cannot drift apart.
    def merge_codes(self, project_id: int, source_key: str, target_key: str, actor: str = "") -> int:
        """Merge ``source_key`` into ``target_key`` with its codings; returns codings moved."""
        from ..codebook_edit import merge_planner

        change = self.change_codebook(project_id, merge_planner(source_key, target_key), actor)
        return change.counts.get(source_key, 0)

    def move_codings(self, project_id: int, coding_ids: Sequence[int], target_key: str,
                     actor: str = "") -> int:
        """Give codings another existing code; duplicates that would arise are folded."""
        def planner(codebook: Codebook, _usage: Mapping[str, int]) -> CodebookChange:
            return CodebookChange(codebook, move=(MoveCodings(tuple(coding_ids), target_key),))

        return self.change_codebook(project_id, planner, actor).counts.get(target_key, 0)

    def delete_code(self, project_id: int, code_key: str, *, with_codings: bool = False,
                    actor: str = "") -> int:
        """Remove a code (children move up); its codings go only ``with_codings``."""
        from ..codebook_edit import delete_planner

        change = self.change_codebook(project_id, delete_planner(code_key, with_codings), actor)
        return change.counts.get(code_key, 0)


def lock_project(conn: Connection, project_id: int) -> Any:
    """The project row, locked for this transaction (PostgreSQL; SQLite locks the database)."""
    row = conn.execute(select(projects).where(projects.c.id == project_id).with_for_update()).first()
    if row is None:
        raise StoreError(msgid="error.store.no_project_with_id", params={"project_id": project_id})
    return row


def _repoint(tx: Tx, row: Any, target_id: int) -> int:
    """Give one coding another code; an identical coding already there absorbs it. Returns 1."""
    clash = tx.conn.execute(select(codings.c.id).where(
        codings.c.document_id == row.document_id, codings.c.code_id == target_id,
        codings.c.coder_id == row.coder_id, codings.c.start == row.start,
        codings.c.end == row.end)).first()
    if clash:
        tx.conn.execute(delete(codings).where(codings.c.id == row.id))
    else:
        tx.conn.execute(update(codings).where(codings.c.id == row.id)
                        .values(code_id=target_id, updated_at=now(), version=tx.revision))
    return 1
