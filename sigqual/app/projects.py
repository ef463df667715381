"""Operations that create a project: the creator becomes its administrator at once.

Creating a project is the one write without an open project, so it has its own rule:
outside team mode anyone may; in team mode server administrators and anyone who
codes or administers some project. The owner's admin role is granted in the very
transaction that creates the project (app, CLI and REFI-QDA import alike).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..errors import PermissionDenied
from ..store.access import read_account_state
from ..store.base import Tx, guarded
from ..store.schema import memberships, users
from .identity import Actor
from .permissions import role_allows
from .session import ProjectSession, Reason, denied

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..codebook import Codebook
    from ..store import Store

CREATE = "create_project"


def _refusal(conn: Any, actor: Actor) -> str | None:
    if not actor.team:
        return None
    state = read_account_state(conn, actor.username, None)
    if not state.exists:
        return Reason("app.denied.no_account", user=actor.username)
    if state.disabled:
        return Reason("app.denied.disabled", user=actor.username)
    if state.server_admin:
        return None
    roles = conn.execute(select(memberships.c.role).join(users, users.c.id == memberships.c.user_id)
                         .where(users.c.username == actor.username)).scalars().all()
    if any(role_allows(r, "coder") for r in roles):
        return None
    return Reason("app.denied.create_project")


def may_create_projects(store: Store, actor: Actor) -> bool:
    """Whether ``actor`` may add a project now (for showing the form)."""
    with store.reading() as conn:
        return _refusal(conn, actor) is None


def _creating(store: Store, actor: Actor):  # noqa: ANN202
    """Check before and inside the creating transaction; audit a refusal."""
    session = ProjectSession(store, actor, None)
    with store.reading() as conn:
        reason = _refusal(conn, actor)
    if reason is not None:
        session.audit_refusal(CREATE, reason, "project")
        raise denied(reason, CREATE)

    def check(tx: Tx) -> None:
        found = _refusal(tx.conn, actor)
        if found is not None:
            raise denied(found, CREATE)

    return session, guarded(check)


def _owner(actor: Actor) -> str | None:
    return actor.username if actor.team else None


def create_project(store: Store, actor: Actor, name: str, codebook: Codebook, *,
                   description: str = "", settings: Mapping[str, Any] | None = None) -> ProjectSession:
    """A new project (with its owner's admin role); returns a session in it."""
    session, guard = _creating(store, actor)
    try:
        with guard:
            pid = store.create_project(name, codebook, description=description, settings=settings,
                                       owner=_owner(actor), actor=actor.username)
    except PermissionDenied as exc:
        session.audit_refusal(CREATE, exc.message, "project")
        raise
    return ProjectSession(store, actor, pid)


def create_demo(store: Store, actor: Actor) -> int:
    """The bundled sample project (built on first use); the creator administers it."""
    from ..demo import ensure_demo

    session, guard = _creating(store, actor)
    try:
        with guard:
            return ensure_demo(store, owner=_owner(actor))
    except PermissionDenied as exc:
        session.audit_refusal(CREATE, exc.message, "project")
        raise


def import_project(store: Store, actor: Actor, source: bytes | str | Path, *,
                   filename: str | None = None, project_name: str | None = None,
                   **kwargs: Any) -> Any:
    """A new project from a REFI-QDA .qdpx/.qde file, all or nothing; the importer owns it."""
    from ..refi import import_qdpx

    session, guard = _creating(store, actor)
    try:
        with guard:
            return import_qdpx(store, source, filename=filename, project_name=project_name,
                               actor=actor.username, owner=_owner(actor), **kwargs)
    except PermissionDenied as exc:
        session.audit_refusal(CREATE, exc.message, "project")
        raise
