"""Projects and their codebook (groups and codes) in the store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..codebook import Code, Codebook, Group
from ..errors import ConflictError, StoreError
from ..models import Project
from .access import grant_in
from .base import StoreBase, Tx, now
from .schema import codes, codings, groups, projects


def _project(row: Any) -> Project:
    return Project(
        id=row.id, name=row.name, description=row.description, codebook_name=row.codebook_name,
        language=row.language, settings=dict(row.settings or {}), created_at=row.created_at,
        version=row.version,
    )


def _code_values(code: Code, position: int) -> dict[str, Any]:
    return {
        "key": code.id, "label": code.label, "kind": code.kind, "groups": list(code.groups),
        "parent_key": code.parent, "description": code.description,
        "keywords": list(code.keywords), "examples": list(code.examples),
        "colour": code.colour, "summary_label": code.summary_label, "position": position,
    }


def _code_from_row(row: Any) -> Code:
    return Code(
        id=row.key, label=row.label, kind=row.kind, groups=tuple(row.groups or ()),
        parent=row.parent_key, description=row.description or "",
        keywords=tuple(row.keywords or ()), examples=tuple(row.examples or ()),
        colour=row.colour, summary_label=row.summary_label,
    )


class ProjectsMixin(StoreBase):
    """Create, list and delete projects; read and replace their codebook."""

    def create_project(
        self, name: str, codebook: Codebook, *, description: str = "",
        settings: Mapping[str, Any] | None = None, owner: str | None = None, actor: str = "",
    ) -> int:
        """A new project with its codebook; ``owner`` (an account) becomes its admin, all at once."""
        with self.transaction(actor) as tx:
            return self._create_project(tx, name, codebook, description=description,
                                        settings=settings, owner=owner)

    def _create_project(self, tx: Tx, name: str, codebook: Codebook, *, description: str = "",
                        settings: Mapping[str, Any] | None = None, owner: str | None = None,
                        origin: Mapping[str, Any] | None = None) -> int:
        """The one implementation behind :meth:`create_project` and ``Batch.create_project``."""
        name = name.strip()
        if not name:
            raise StoreError(msgid="error.store.project_needs_name")
        stamp = now()
        try:
            with tx.conn.begin_nested():
                pid = int(tx.conn.execute(
                    projects.insert().values(
                        name=name, description=description, codebook_name=codebook.name,
                        language=codebook.language, settings=dict(settings or {}), created_at=stamp,
                        updated_at=stamp, version=1,
                    )
                ).inserted_primary_key[0])
        except IntegrityError:
            raise StoreError(msgid="error.store.project_named_already_exists",
                             params={"name": name}) from None
        tx.project_id = pid
        tx.audit("import" if origin else "insert", "project", pid,
                 after={"name": name, "codebook": codebook.name, **(origin or {})})
        self._write_codebook(tx, pid, codebook, replace_existing=False)
        if owner:
            grant_in(tx, pid, owner, "admin")
        return pid

    def list_projects(self) -> list[Project]:
        with self.reading() as conn:
            rows = conn.execute(select(projects).order_by(projects.c.name)).all()
        return [_project(r) for r in rows]

    def get_project(self, project_id: int) -> Project:
        with self.reading() as conn:
            row = conn.execute(select(projects).where(projects.c.id == project_id)).first()
        if row is None:
            raise StoreError(msgid="error.store.no_project_with_id", params={"project_id": project_id})
        return _project(row)

    def find_project(self, name: str) -> Project | None:
        with self.reading() as conn:
            row = conn.execute(select(projects).where(projects.c.name == name)).first()
        return _project(row) if row else None

    def update_project_settings(self, project_id: int, settings: Mapping[str, Any],
                                actor: str = "", *, expected_version: int | None = None) -> None:
        """Merge ``settings`` (e.g. blind coding on/off) into the project's settings."""
        with self.transaction(actor, project_id) as tx:
            self._update_settings(tx, project_id, settings, expected_version=expected_version)

    def _update_settings(self, tx: Tx, project_id: int, changes: Mapping[str, Any], *,
                         expected_version: int | None = None) -> dict[str, Any]:
        """Merge ``changes`` into the settings and bump the project's version (audited)."""
        row = tx.conn.execute(select(projects).where(projects.c.id == project_id)).first()
        if row is None:
            raise StoreError(msgid="error.store.no_project_with_id", params={"project_id": project_id})
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(msgid="error.store.settings_conflict")
        merged = {**(row.settings or {}), **changes}
        tx.conn.execute(
            update(projects).where(projects.c.id == project_id)
            .values(settings=merged, updated_at=now(), version=row.version + 1)
        )
        tx.audit("update", "project", project_id, before={"settings": row.settings},
                 after={"settings": merged})
        return merged

    def delete_project(self, project_id: int, actor: str = "") -> None:
        with self.transaction(actor, project_id) as tx:
            row = tx.conn.execute(select(projects).where(projects.c.id == project_id)).first()
            if row is None:
                raise StoreError(msgid="error.store.no_project_with_id", params={"project_id": project_id})
            # Codings reference codes with RESTRICT, so remove them explicitly first.
            tx.conn.execute(delete(codings).where(codings.c.project_id == project_id))
            tx.conn.execute(delete(projects).where(projects.c.id == project_id))
            tx.audit("delete", "project", project_id, before={"name": row.name})

    # -- codebook --------------------------------------------------------------
    def codebook(self, project_id: int) -> Codebook:
        """The project's codebook as an immutable :class:`Codebook`."""
        with self.reading() as conn:
            return self._read_codebook(conn, project_id)

    def _read_codebook(self, conn: Connection, project_id: int) -> Codebook:
        prow = conn.execute(select(projects).where(projects.c.id == project_id)).first()
        if prow is None:
            raise StoreError(msgid="error.store.no_project_with_id", params={"project_id": project_id})
        grows = conn.execute(
            select(groups).where(groups.c.project_id == project_id).order_by(groups.c.position)
        ).all()
        crows = conn.execute(
            select(codes).where(codes.c.project_id == project_id).order_by(codes.c.position)
        ).all()
        return Codebook(
            name=prow.codebook_name or prow.name,
            language=prow.language,
            description=(prow.settings or {}).get("codebook_description", ""),
            groups=tuple(
                Group(key=g.key, name=g.name, genitive=g.genitive, table4=g.table4,
                      order=tuple(g.code_order or ()), description=g.description or "")
                for g in grows
            ),
            codes=tuple(_code_from_row(r) for r in crows),
        )

    def replace_codebook(self, project_id: int, codebook: Codebook, actor: str = "") -> None:
        """Make the project's codebook equal ``codebook``, keeping every coding.

        Codes are matched by id: changed codes are updated in place, new ones added;
        removing a code that still has codings is refused (merge it instead).
        """
        with self.transaction(actor, project_id) as tx:
            self._write_codebook(tx, project_id, codebook, replace_existing=True)

    def _write_codebook(self, tx: Tx, project_id: int, cb: Codebook, *, replace_existing: bool,
                        remove_gone: bool = True) -> None:
        """Make the stored codebook equal ``cb``; with ``remove_gone`` codes not in it go too.

        A codebook change that moves codings first writes the codes (``remove_gone``
        False), moves the codings, then removes what is gone (:meth:`_remove_gone_codes`).
        """
        conn = tx.conn
        stamp = now()
        if remove_gone:
            self._remove_gone_codes(tx, project_id, cb)
        existing = {
            r.key: r for r in conn.execute(select(codes).where(codes.c.project_id == project_id))
        }
        for pos, code in enumerate(cb.codes):
            values = _code_values(code, pos)
            old = existing.get(code.id)
            if old is None:
                cid = conn.execute(
                    codes.insert().values(project_id=project_id, created_at=stamp, updated_at=stamp,
                                          version=1, **values)
                ).inserted_primary_key[0]
                if replace_existing:
                    tx.audit("insert", "code", cid, after=values)
            else:
                before = {k: getattr(old, k) for k in values}
                if before != values:
                    conn.execute(
                        update(codes).where(codes.c.id == old.id)
                        .values(updated_at=stamp, version=old.version + 1, **values)
                    )
                    changed = {k for k in values if before[k] != values[k]}
                    tx.audit("update", "code", old.id,
                             before={k: before[k] for k in changed},
                             after={k: values[k] for k in changed})
        conn.execute(delete(groups).where(groups.c.project_id == project_id))
        for pos, g in enumerate(cb.groups):
            conn.execute(groups.insert().values(
                project_id=project_id, key=g.key, name=g.name, genitive=g.genitive,
                table4=g.table4, description=g.description, code_order=list(g.order), position=pos,
            ))
        settings = conn.execute(
            select(projects.c.settings).where(projects.c.id == project_id)).scalar_one() or {}
        conn.execute(
            update(projects).where(projects.c.id == project_id)
            .values(codebook_name=cb.name, language=cb.language, updated_at=stamp,
                    settings={**settings, "codebook_description": cb.description})
        )
        if not replace_existing:
            tx.audit("import", "codebook", project_id, after={"name": cb.name, "codes": len(cb.codes)})

    def _remove_gone_codes(self, tx: Tx, project_id: int, cb: Codebook) -> None:
        """Delete the codes ``cb`` no longer has; one that still has codings refuses all."""
        conn = tx.conn
        existing = {
            r.key: r for r in conn.execute(select(codes).where(codes.c.project_id == project_id))
        }
        wanted = {c.id for c in cb.codes}
        gone = [key for key in existing if key not in wanted]
        if not gone:
            return
        used = conn.execute(
            select(codes.c.key, func.count(codings.c.id))
            .join(codings, codings.c.code_id == codes.c.id)
            .where(codes.c.project_id == project_id, codes.c.key.in_(gone))
            .group_by(codes.c.key)
        ).all()
        if used:
            names = ", ".join(f"'{k}' ({n} codings)" for k, n in used)
            raise StoreError(msgid="error.store.cannot_remove_codes_that", params={"names": names})
        conn.execute(delete(codes).where(codes.c.project_id == project_id, codes.c.key.in_(gone)))
        for key in gone:
            old = existing[key]
            tx.audit("delete", "code", old.id, before={"key": key, "label": old.label})
