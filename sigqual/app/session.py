"""One actor working in one project: every check and every write goes through here.

A :class:`ProjectSession` is cheap: it holds the store, the actor and the project id,
never a role. Each check re-reads the account (exists, not disabled) and its role in
the project; each write repeats that check inside its own transaction, so a page that
was drawn before a demotion cannot write afterwards. A refusal is audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..errors import InputError, PermissionDenied
from ..i18n import Message
from ..store.access import AccountState, read_account_state, row_owner
from ..store.base import Tx, guarded
from .identity import Actor
from .operations import OperationsMixin
from .permissions import SERVER, least_role, role_allows

if TYPE_CHECKING:
    import pandas as pd

    from ..store import Store

BLIND_SETTING = "blind"

# The refusals' message ids; their texts (English for the audit log, Swedish or English
# for the UI) are in the catalogue.
MESSAGES: tuple[str, ...] = (
    "app.denied.no_account", "app.denied.disabled", "app.denied.server", "app.denied.no_project",
    "app.denied.role", "app.denied.not_author", "app.denied.blind_archive",
    "app.denied.create_project", "app.denied.other_coder",
)


# Role and action names inside a refusal follow the reader's language too.
_ROLE_NAMES = {"reader": "access.role.reader", "coder": "access.role.coder", "admin": "access.role.admin"}
_ACTION_NAMES = {
    "read": "action.read", "export": "action.export", "code": "action.code", "memo": "action.memo",
    "import": "action.import", "codebook": "action.codebook", "settings": "action.settings",
    "members": "action.members", "pseudonymize": "action.pseudonymize",
}


class Reason(Message):
    """A refusal: its English text (audited) that keeps its message id and parameters,
    so the :class:`PermissionDenied` raised from it renders in the UI's language."""


def denied(reason: str, action: str) -> PermissionDenied:
    """The error for a refusal (a :class:`Reason`, or plain English text)."""
    if isinstance(reason, Message):
        return PermissionDenied(str(reason), field=action, msgid=reason.msgid, params=dict(reason.params))
    return PermissionDenied(reason, field=action)


def blind_from_settings(settings: dict[str, Any] | None) -> bool:
    """The one reading of the blind flag: only an explicit ``false`` (or none) is not blind.

    A malformed value (a string, a number) counts as blind, the side that leaks nothing.
    """
    value = (settings or {}).get(BLIND_SETTING, False)
    return value is not False


class ProjectSession(OperationsMixin):
    """``store`` + ``actor`` + ``project_id``; the permission and write gateway of the app."""

    def __init__(self, store: Store, actor: Actor, project_id: int | None) -> None:
        self.store = store
        self.actor = actor
        self.project_id = project_id

    def __repr__(self) -> str:
        return f"ProjectSession(actor={self.actor.username!r}, project_id={self.project_id})"

    # -- who may do what ------------------------------------------------------
    def _state(self, conn: Any = None) -> AccountState:
        if conn is not None:
            return read_account_state(conn, self.actor.username, self.project_id)
        return self.store.account_state(self.actor.username, self.project_id)

    @property
    def role(self) -> str | None:
        """The actor's role in the project now (``admin`` for the local user)."""
        if not self.actor.team:
            return "admin"
        return self._state().role

    @property
    def is_server_admin(self) -> bool:
        if not self.actor.team:
            return True
        state = self._state()
        return state.active and state.server_admin

    def refusal(self, action: str, state: AccountState | None = None) -> str | None:
        """Why the actor may not do ``action`` now, or None when they may."""
        needed = least_role(action)
        if not self.actor.team:
            return None
        state = state if state is not None else self._state()
        user = self.actor.username
        if not state.exists:
            return Reason("app.denied.no_account", user=user)
        if state.disabled:
            return Reason("app.denied.disabled", user=user)
        if needed == SERVER:
            return None if state.server_admin else Reason("app.denied.server")
        if self.project_id is None:
            # Creating a project is the only project-free write; it has its own rule.
            return None if state.server_admin else Reason("app.denied.no_project", action=action)
        if role_allows(state.role, needed):
            return None
        return Reason("app.denied.role", user=user, needed=Message(_ROLE_NAMES[needed]),
                      action=Message(_ACTION_NAMES.get(action, "action.other")),
                      role=Message(_ROLE_NAMES.get(state.role or "", "access.no_role")))

    def allowed(self, action: str) -> bool:
        """Whether ``action`` would pass now (for hiding widgets; never the check itself)."""
        return self.refusal(action) is None

    def require(self, action: str) -> None:
        """Pass, or raise :class:`PermissionDenied` after writing the refusal to the audit log."""
        reason = self.refusal(action)
        if reason is not None:
            self._deny(action, reason)

    def _deny(self, action: str, reason: str, entity: str = "permission",
              entity_id: int | None = None) -> None:
        self.audit_refusal(action, reason, entity, entity_id)
        raise denied(reason, action)

    def audit_refusal(self, action: str, reason: str, entity: str = "permission",
                      entity_id: int | None = None) -> None:
        """Record a refused attempt in its own transaction (the operation itself did nothing)."""
        with guarded(None), self.store.transaction(self.actor.username, self.project_id) as tx:
            tx.audit("denied", entity, entity_id, after={"action": action, "reason": reason})

    @contextmanager
    def acting(self, action: str, *, owned: tuple[str, int] | None = None) -> Iterator[None]:
        """Check before, and again inside every write transaction opened in this block.

        ``owned`` names a row (``("memo", id)`` or ``("coding", id)``) that only its
        owner or a project administrator may change. A refusal found inside the
        transaction rolls it back; then it is audited in a transaction of its own.
        """
        self.require(action)
        if owned is not None:
            reason = self._not_owner(owned, None)
            if reason is not None:
                self._deny(action, reason, owned[0], owned[1])

        def check(tx: Tx) -> None:
            if not self.actor.team:
                return
            reason = self.refusal(action, self._state(tx.conn))
            if reason is None and owned is not None:
                reason = self._not_owner(owned, tx.conn)
            if reason is not None:
                raise denied(reason, action)

        try:
            with guarded(check):
                yield
        except PermissionDenied as exc:
            if exc.field == action:
                self.audit_refusal(action, exc.message)
            raise

    def _not_owner(self, owned: tuple[str, int], conn: Any) -> str | None:
        """Why the actor may not change someone else's row, or None."""
        if not self.actor.team:
            return None
        entity, row_id = owned
        if conn is None:
            with self.store.reading() as reader:
                return self._not_owner(owned, reader)
        state = self._state(conn)
        if state.role == "admin":
            return None
        owner = row_owner(conn, entity, row_id)
        if owner is None or owner == self.actor.username:
            return None  # a missing row is the store's own error
        return Reason("app.denied.not_author", entity=entity)

    # -- blind coding -----------------------------------------------------------
    @property
    def is_blind(self) -> bool:
        """Whether the project is coded blind now (a malformed setting counts as blind)."""
        if self.project_id is None:
            return False
        return blind_from_settings(self.store.get_project(self.project_id).settings)

    def visible_codings(self, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        """The codings the actor may see: only their own while the project is blind."""
        if self.project_id is None:
            raise InputError(msgid="error.app.no_project")
        if frame is None:
            frame = self.store.codings_frame(self.project_id)
        if not self.is_blind:
            return frame
        if not self.actor.username:
            return frame.iloc[0:0]
        return frame[frame["coder"].astype(str) == self.actor.username]
