"""Who may do what in team mode: one check every page can call before it acts.

Outside team mode (``SIGQUAL_TEAM`` unset) the app has one user who may do
everything, so every check passes. In team mode the signed-in account's role in
the open project decides: reader < coder < admin, server administrators are
admins everywhere (``Store.role_of`` already says so).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import streamlit as st

from ..errors import InputError
from ..models import Project
from ..store import ROLES, Store, role_allows
from . import state
from .i18n import t
from .markup import escape_markdown
from .resources import get_store

TEAM_ENV = "SIGQUAL_TEAM"
SERVER = "server"
# The actions pages ask for, and the least role that may do each.
NEEDS: dict[str, str] = {
    "read": "reader", "export": "reader",
    "code": "coder", "memo": "coder", "import": "coder",
    "codebook": "admin", "members": "admin", "settings": "admin", "pseudonymize": "admin",
}
_ROLE_KEYS = {"reader": "access.role.reader", "coder": "access.role.coder",
              "admin": "access.role.admin"}


def team_mode() -> bool:
    """True when the app runs as a team server (``sigqual serve --team``)."""
    return os.environ.get(TEAM_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def role_for(needed: str) -> str:
    """The least role for an action or role name; ``server`` stays as it is."""
    if needed == SERVER or needed in ROLES:
        return needed
    try:
        return NEEDS[needed]
    except KeyError:
        known = ", ".join([*ROLES, *NEEDS, SERVER])
        raise InputError(msgid="error.ui.unknown_permission_known",
                         params={"needed": needed, "known": known}) from None


def is_server_admin() -> bool:
    """Outside team mode the single local user counts as the administrator."""
    if not team_mode():
        return True
    account = state.user()
    return bool(account is not None and account.is_admin)


def current_role(store: Store, project_id: int | None) -> str | None:
    """The signed-in user's role in a project (``admin`` outside team mode)."""
    if not team_mode():
        return "admin"
    account = state.user()
    if account is None or project_id is None:
        return None
    return store.role_of(project_id, account.username)


def allowed(needed: str, project_id: int | None = None, store: Store | None = None) -> bool:
    """Whether the session may do ``needed`` in the project (default: the open one)."""
    role = role_for(needed)
    if not team_mode():
        return True
    if state.user() is None:
        return False
    if role == SERVER:
        return is_server_admin()
    pid = project_id if project_id is not None else state.project_id()
    if pid is None:
        # Nothing project-bound can happen without a project; pages say "open one".
        return True
    return role_allows(current_role(store or get_store(), pid), role)


def require(needed: str, project_id: int | None = None, *, stop: bool = True) -> bool:
    """True when allowed; otherwise a clear message and, with ``stop``, the page ends here."""
    if allowed(needed, project_id):
        return True
    st.warning(denial(needed, project_id), icon=":material/lock:")
    if stop:
        st.stop()
    return False


def denial(needed: str, project_id: int | None = None) -> str:
    """Why the session may not do ``needed``, in the user's language."""
    role = role_for(needed)
    if state.user() is None:
        return t("access.signed_out")
    if role == SERVER:
        return t("access.server_only")
    store = get_store()
    pid = project_id if project_id is not None else state.project_id()
    if pid is None:
        return t("access.signed_out")
    have = current_role(store, pid)
    return t("access.denied", needed=t(_ROLE_KEYS[role]),
             project=escape_markdown(store.get_project(pid).name),
             role=t(_ROLE_KEYS[have]) if have else t("access.no_role"))


def visible_projects(store: Store, projects: Sequence[Project]) -> list[Project]:
    """The projects the session may open: all of them, or those where the user has a role."""
    if not team_mode() or is_server_admin():
        return list(projects)
    account = state.user()
    if account is None:
        return []
    return [p for p in projects if store.role_of(p.id, account.username) is not None]


def may_create_projects(store: Store) -> bool:
    """Server admins, and users who code or administer some project, may add projects."""
    if not team_mode() or is_server_admin():
        return True
    account = state.user()
    if account is None:
        return False
    return any(role_allows(store.role_of(p.id, account.username), "coder")
               for p in store.list_projects())
