"""User accounts and per-project roles for team mode.

Passwords are hashed with Argon2id (argon2-cffi); a hash with outdated parameters is
upgraded at the next successful login. Roles: ``admin`` (everything, incl. members
and codebook), ``coder`` (code, memo, import) and ``reader`` (read and export).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import StoreError
from .base import StoreBase, now
from .schema import memberships, projects, users

ROLES = ("reader", "coder", "admin")
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()
# Verifying against a dummy hash keeps the time of a failed login independent of
# whether the user exists (no user enumeration by timing).
_DUMMY_HASH = _hasher.hash("not-a-real-password-only-for-timing")


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    is_admin: bool
    disabled: bool


def _user(row: Any) -> User:
    return User(id=row.id, username=row.username, display_name=row.display_name or row.username,
                is_admin=bool(row.is_admin), disabled=bool(row.disabled))


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
                    password_hash=_hasher.hash(password), is_admin=is_admin, disabled=False,
                    created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
            except IntegrityError:
                raise StoreError(msgid="error.store.user_already_exists",
                                 params={"username": username}) from None
            tx.audit("insert", "user", uid, after={"username": username, "is_admin": is_admin})
        return int(uid)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the password is right and the account active, else None."""
        with self.reading() as conn:
            row = conn.execute(select(users).where(users.c.username == username.strip().lower())).first()
        if row is None:
            try:
                _hasher.verify(_DUMMY_HASH, password)
            except VerificationError:
                pass
            return None
        try:
            _hasher.verify(row.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if row.disabled:
            return None
        if _hasher.check_needs_rehash(row.password_hash):
            with self.transaction(row.username) as tx:
                tx.conn.execute(update(users).where(users.c.id == row.id)
                                .values(password_hash=_hasher.hash(password), updated_at=now()))
        return _user(row)

    def set_password(self, username: str, password: str, actor: str = "") -> None:
        check_password_strength(password)
        with self.transaction(actor) as tx:
            n = tx.conn.execute(update(users).where(users.c.username == username.strip().lower())
                                .values(password_hash=_hasher.hash(password), updated_at=now())).rowcount
            if not n:
                raise StoreError(msgid="error.store.no_user", params={"username": username})
            tx.audit("update", "user", None, after={"username": username, "password": "changed"})

    def set_user_disabled(self, username: str, disabled: bool, actor: str = "") -> None:
        with self.transaction(actor) as tx:
            n = tx.conn.execute(update(users).where(users.c.username == username)
                                .values(disabled=disabled, updated_at=now())).rowcount
            if not n:
                raise StoreError(msgid="error.store.no_user", params={"username": username})
            tx.audit("update", "user", None, after={"username": username, "disabled": disabled})

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
            user = tx.conn.execute(select(users.c.id).where(users.c.username == username)).first()
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
            user = tx.conn.execute(select(users.c.id).where(users.c.username == username)).first()
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
                .where(users.c.username == username, users.c.disabled.is_(False))
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

    def require_role(self, project_id: int, username: str, needed: str) -> str:
        """The user's role, or a clear error when it is below ``needed``."""
        role = self.role_of(project_id, username)
        if not role_allows(role, needed):
            raise StoreError(msgid="error.store.needs_role_project_has",
                             params={"username": username, "needed": needed, "value": role or 'no role'})
        return role  # type: ignore[return-value]
