"""User accounts and per-project roles for team mode.

Passwords are hashed with Argon2id (argon2-cffi); a hash with outdated parameters is
upgraded at the next successful login. Roles: ``admin`` (everything, incl. members
and codebook), ``coder`` (code, memo, import) and ``reader`` (read and export).

Each account carries a *session epoch*, a random value a session copies at sign-in.
A password reset, disable or enable replaces it in the same transaction as the change,
so :meth:`AccountsMixin.session_user` refuses every session opened before it. Role
changes keep the epoch: the session stays, and the next role look-up sees the new role.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import StoreError
from .base import StoreBase, now
from .schema import memberships, projects, users

if TYPE_CHECKING:
    from argon2 import PasswordHasher

ROLES = ("reader", "coder", "admin")
MIN_PASSWORD_LENGTH = 10


def _password_hasher() -> PasswordHasher:
    """The Argon2id hasher, loaded on first use: only team mode and account commands
    need it, and the first page of a local session should not wait for argon2-cffi.

    Kept as the module attribute ``_hasher`` once made, so a test may replace it.
    """
    hasher = globals().get("_hasher")
    if hasher is None:
        from argon2 import PasswordHasher

        hasher = globals()["_hasher"] = PasswordHasher()
    return hasher


def __getattr__(name: str) -> Any:
    """``accounts._hasher`` before first use makes the hasher (module-level lazy attribute)."""
    if name == "_hasher":
        return _password_hasher()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _dummy_hash() -> str:
    """Verifying against a dummy hash keeps the time of a failed login independent of
    whether the user exists (no user enumeration by timing). Made on first use, not at
    import: hashing costs half a second that the app's first page should not wait for."""
    return _password_hasher().hash("not-a-real-password-only-for-timing")


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    is_admin: bool
    disabled: bool
    epoch: str = ""


def _user(row: Any) -> User:
    return User(id=row.id, username=row.username, display_name=row.display_name or row.username,
                is_admin=bool(row.is_admin), disabled=bool(row.disabled),
                epoch=row.session_epoch or "")


def new_epoch() -> str:
    """A fresh session epoch: random, so a re-created account never matches an old session."""
    return secrets.token_hex(16)


def _key(username: str) -> str:
    return username.strip().lower()


def role_allows(role: str | None, needed: str) -> bool:
    """True when ``role`` is at least ``needed`` in reader < coder < admin."""
    if role is None:
        return False
    return ROLES.index(role) >= ROLES.index(needed)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StoreError(msgid="error.store.password_needs_at_least",
                         params={"min_password_length": MIN_PASSWORD_LENGTH})
    if password.strip() != password or len(set(password)) < 4:
        raise StoreError(msgid="error.store.password_too_simple")


class AccountsMixin(StoreBase):
    """Users, password checks and project memberships."""

    def create_user(self, username: str, password: str, *, display_name: str = "",
                    is_admin: bool = False, actor: str = "") -> int:
        username = username.strip().lower()
        if not username or any(ch.isspace() for ch in username):
            raise StoreError(msgid="error.store.user_name_must_one")
        check_password_strength(password)
        stamp = now()
        with self.transaction(actor) as tx:
            try:
                uid = tx.conn.execute(users.insert().values(
                    username=username, display_name=display_name or username,
                    password_hash=_password_hasher().hash(password), is_admin=is_admin, disabled=False,
                    session_epoch=new_epoch(), created_at=stamp,
                    updated_at=stamp)).inserted_primary_key[0]
            except IntegrityError:
                raise StoreError(msgid="error.store.user_already_exists",
                                 params={"username": username}) from None
            tx.audit("insert", "user", uid, after={"username": username, "is_admin": is_admin})
        return int(uid)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the password is right and the account active, else None."""
        from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

        with self.reading() as conn:
            row = conn.execute(select(users).where(users.c.username == _key(username))).first()
        if row is None:
            try:
                _password_hasher().verify(_dummy_hash(), password)
            except VerificationError:
                pass
            return None
        try:
            _password_hasher().verify(row.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if row.disabled:
            return None
        if _password_hasher().check_needs_rehash(row.password_hash):
            with self.transaction(row.username) as tx:
                tx.conn.execute(update(users).where(users.c.id == row.id)
                                .values(password_hash=_password_hasher().hash(password), updated_at=now()))
        return _user(row)

    def set_password(self, username: str, password: str, actor: str = "") -> None:
        """A new password; every session signed in with the old one ends at its next request."""
        check_password_strength(password)
        hashed = _password_hasher().hash(password)
        with self.transaction(actor) as tx:
            uid = self._change_user(tx.conn, username, password_hash=hashed, session_epoch=new_epoch())
            tx.audit("update", "user", uid, after={"username": _key(username), "password": "changed",
                                                   "sessions": "ended"})

    def set_user_disabled(self, username: str, disabled: bool, actor: str = "") -> bool:
        """Disable (ending the account's sessions) or enable an account; memberships stay.

        False, with nothing written, when the account already was in that state, so
        enabling an active account does not sign its sessions out.
        """
        with self.transaction(actor) as tx:
            before = self._user_row(tx.conn, username)
            if bool(before.disabled) == disabled:
                return False
            if disabled:
                self._keep_an_admin(tx.conn, before, "disable")
            self._change_user(tx.conn, username, disabled=disabled, session_epoch=new_epoch())
            tx.audit("update", "user", before.id, before={"username": before.username,
                                                          "disabled": bool(before.disabled)},
                     after={"username": before.username, "disabled": disabled})
        return True

    def remove_user(self, username: str, actor: str = "") -> None:
        """Delete an account and its project roles; its sessions end at their next request.

        Codings, memos and the audit log name people by their user name as text, so they
        keep the name. The name may be given to a new account later; the new account gets
        a new epoch, so a session of the removed one still ends.
        """
        with self.transaction(actor) as tx:
            row = self._user_row(tx.conn, username)
            self._keep_an_admin(tx.conn, row, "remove")
            roles = tx.conn.execute(
                select(projects.c.name, memberships.c.role)
                .join(memberships, memberships.c.project_id == projects.c.id)
                .where(memberships.c.user_id == row.id).order_by(projects.c.name)).all()
            tx.conn.execute(delete(memberships).where(memberships.c.user_id == row.id))
            tx.conn.execute(delete(users).where(users.c.id == row.id))
            tx.audit("delete", "user", row.id, before={
                "username": row.username, "display_name": row.display_name,
                "is_admin": bool(row.is_admin), "disabled": bool(row.disabled),
                "roles": {name: role for name, role in roles}})

    def get_user(self, username: str) -> User | None:
        """The account as it is now (disabled flag and epoch included), or None."""
        with self.reading() as conn:
            row = conn.execute(select(users).where(users.c.username == _key(username))).first()
        return _user(row) if row is not None else None

    def session_user(self, username: str, epoch: str) -> User | None:
        """The account behind a session, or None when the session must end.

        None when the account was removed or disabled, or when its epoch moved on since
        the session signed in (password reset, disable/enable). Cheap enough to call
        before every write: one indexed read, no password hashing.
        """
        user = self.get_user(username)
        if user is None or user.disabled or not epoch or user.epoch != epoch:
            return None
        return user

    @staticmethod
    def _user_row(conn: Any, username: str) -> Any:
        row = conn.execute(select(users).where(users.c.username == _key(username))).first()
        if row is None:
            raise StoreError(msgid="error.store.no_user", params={"username": username.strip()})
        return row

    def _change_user(self, conn: Any, username: str, **values: Any) -> int:
        row = self._user_row(conn, username)
        conn.execute(update(users).where(users.c.id == row.id).values(updated_at=now(), **values))
        return int(row.id)

    @staticmethod
    def _keep_an_admin(conn: Any, row: Any, doing: str) -> None:
        """Refuse to lock the server out by disabling or removing its last active admin."""
        if not row.is_admin or row.disabled:
            return
        others = conn.execute(select(users.c.id).where(
            users.c.is_admin.is_(True), users.c.disabled.is_(False), users.c.id != row.id)
            .limit(1)).first()
        if others is None:
            raise StoreError(msgid="error.store.last_admin_remove" if doing == "remove"
                             else "error.store.last_admin_disable", params={"username": row.username})

    def list_users(self) -> list[User]:
        with self.reading() as conn:
            rows = conn.execute(select(users).order_by(users.c.username)).all()
        return [_user(r) for r in rows]

    def has_users(self) -> bool:
        with self.reading() as conn:
            return conn.execute(select(users.c.id).limit(1)).first() is not None

    def grant(self, project_id: int, username: str, role: str, actor: str = "") -> None:
        """Give ``username`` a role in a project (replacing any earlier role)."""
        if role not in ROLES:
            raise StoreError(msgid="error.store.role_must_one_not",
                             params={"roles": ', '.join(ROLES), "role": role})
        with self.transaction(actor, project_id) as tx:
            user = tx.conn.execute(select(users.c.id).where(users.c.username == _key(username))).first()
            if user is None:
                raise StoreError(msgid="error.store.no_user", params={"username": username})
            if tx.conn.execute(select(projects.c.id).where(projects.c.id == project_id)).first() is None:
                raise StoreError(msgid="error.store.no_project_with_id", params={"project_id": project_id})
            tx.conn.execute(delete(memberships).where(memberships.c.project_id == project_id,
                                                      memberships.c.user_id == user.id))
            tx.conn.execute(memberships.insert().values(project_id=project_id, user_id=user.id,
                                                        role=role, created_at=now()))
            tx.audit("update", "membership", user.id, after={"username": username, "role": role})

    def revoke(self, project_id: int, username: str, actor: str = "") -> None:
        with self.transaction(actor, project_id) as tx:
            user = tx.conn.execute(select(users.c.id).where(users.c.username == _key(username))).first()
            if user is None:
                raise StoreError(msgid="error.store.no_user", params={"username": username})
            tx.conn.execute(delete(memberships).where(memberships.c.project_id == project_id,
                                                      memberships.c.user_id == user.id))
            tx.audit("delete", "membership", user.id, before={"username": username})

    def role_of(self, project_id: int, username: str) -> str | None:
        """The user's role in the project; server admins are admins everywhere."""
        with self.reading() as conn:
            row = conn.execute(
                select(users.c.is_admin, memberships.c.role)
                .select_from(users.outerjoin(memberships, (memberships.c.user_id == users.c.id)
                                             & (memberships.c.project_id == project_id)))
                .where(users.c.username == _key(username), users.c.disabled.is_(False))
            ).first()
        if row is None:
            return None
        return "admin" if row.is_admin else row.role

    def members(self, project_id: int) -> list[tuple[str, str]]:
        with self.reading() as conn:
            rows = conn.execute(
                select(users.c.username, memberships.c.role)
                .join(memberships, memberships.c.user_id == users.c.id)
                .where(memberships.c.project_id == project_id).order_by(users.c.username)
            ).all()
        return [(r.username, r.role) for r in rows]
