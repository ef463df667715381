"""Read an account's current state and role, inside a transaction or on its own.

The application layer calls this at every check (and inside the write transaction
itself), so a disabled account or a demoted member is refused at once, whatever an
open page still remembers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, select

from ..errors import StoreError
from .base import StoreBase, Tx, now
from .schema import memberships, users


@dataclass(frozen=True)
class AccountState:
    """What the store says about an account right now."""

    exists: bool
    disabled: bool
    server_admin: bool
    member_role: str | None

    @property
    def active(self) -> bool:
        return self.exists and not self.disabled

    @property
    def role(self) -> str | None:
        """The effective role in the project: server admins are admins everywhere."""
        if not self.active:
            return None
        return "admin" if self.server_admin else self.member_role


def read_account_state(conn: Connection, username: str, project_id: int | None) -> AccountState:
    row = conn.execute(select(users.c.id, users.c.is_admin, users.c.disabled)
                       .where(users.c.username == username)).first()
    if row is None:
        return AccountState(False, False, False, None)
    role = None
    if project_id is not None:
        role = conn.execute(select(memberships.c.role).where(
            memberships.c.user_id == row.id, memberships.c.project_id == project_id)).scalar_one_or_none()
    return AccountState(True, bool(row.disabled), bool(row.is_admin), role)


class AccessMixin(StoreBase):
    def account_state(self, username: str, project_id: int | None = None) -> AccountState:
        """The account's existence, disabled flag, server-admin flag and project role."""
        with self.reading() as conn:
            return read_account_state(conn, username, project_id)


def grant_in(tx: Tx, project_id: int, username: str, role: str) -> None:
    """Give ``username`` a role in a project inside an open transaction (audited)."""
    user = tx.conn.execute(select(users.c.id).where(users.c.username == username)).first()
    if user is None:
        raise StoreError(msgid="error.store.no_user", params={"username": username})
    tx.conn.execute(delete(memberships).where(memberships.c.project_id == project_id,
                                              memberships.c.user_id == user.id))
    tx.conn.execute(memberships.insert().values(project_id=project_id, user_id=user.id,
                                                role=role, created_at=now()))
    tx.audit("update", "membership", user.id, after={"username": username, "role": role},
             project_id=project_id)


def row_owner(conn: Connection, entity: str, row_id: int) -> str | None:
    """Who owns a memo (its author) or a coding (its coder); None when the row is gone."""
    from .schema import coders, codings, memos

    if entity == "memo":
        return conn.execute(select(memos.c.author).where(memos.c.id == row_id)).scalar_one_or_none()
    if entity == "coding":
        return conn.execute(select(coders.c.name).join(codings, codings.c.coder_id == coders.c.id)
                            .where(codings.c.id == row_id)).scalar_one_or_none()
    raise StoreError(f"rows of '{entity}' have no owner")
