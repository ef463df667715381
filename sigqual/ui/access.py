"""The UI's view of the application layer: who is acting, and what to show or hide.

The checks themselves live in :mod:`sigqual.app`; every write a page makes goes
through :func:`session`, whose operations re-check the account and its role. The
helpers here only decide which widgets to hide or disable and how to explain a
refusal, so a stale page or a forged click still meets the layer's check.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ..app import ACTIONS, SERVER, Actor, ProjectSession, local_actor
from ..app import may_create_projects as _may_create
from ..app import team_mode as _team_mode
from ..app.permissions import least_role
from ..models import Project
from ..store import Store
from . import state
from .i18n import t
from .markup import escape_markdown
from .resources import get_store

# The actions pages ask for, and the least role that may do each (the layer's table).
NEEDS: dict[str, str] = ACTIONS
_ROLE_KEYS = {"reader": "access.role.reader", "coder": "access.role.coder",
              "admin": "access.role.admin"}


def team_mode() -> bool:
    """True when the app runs as a team server (``sigqual serve --team``)."""
    return _team_mode()


def actor() -> Actor:
    """Who acts in this browser session: the signed-in account, or the local user."""
    if team_mode():
        account = state.user()
        return Actor(account.username if account is not None else "", team=True)
    coder = state.coder()
    # Without a coder name nothing is anyone's: blind pages show nothing, writes are refused.
    return local_actor(coder) if coder else Actor("", team=False)


def session(project_id: int | None = None, store: Store | None = None) -> ProjectSession:
    """The layer's session for the open project (or ``project_id``): every write goes here."""
    pid = project_id if project_id is not None else state.project_id()
    return ProjectSession(store or get_store(), actor(), pid)


def role_for(needed: str) -> str:
    """The least role for an action or role name; ``server`` stays as it is."""
    return least_role(needed)


def is_server_admin() -> bool:
    """Outside team mode the single local user counts as the administrator."""
    if not team_mode():
        return True
    return state.user() is not None and session(None).is_server_admin


def current_role(store: Store, project_id: int | None) -> str | None:
    """The signed-in user's role in a project, re-read now (``admin`` outside team mode)."""
    if project_id is None:
        return "admin" if not team_mode() else None
    return session(project_id, store).role


def allowed(needed: str, project_id: int | None = None, store: Store | None = None) -> bool:
    """Whether to offer ``needed`` (hides or disables widgets; the layer still checks)."""
    least_role(needed)
    if not team_mode():
        return True
    if state.user() is None:
        return False
    pid = project_id if project_id is not None else state.project_id()
    if pid is None and role_for(needed) != SERVER:
        # Nothing project-bound can happen without a project; pages say "open one".
        return True
    return session(pid, store).allowed(needed)


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
    if state.user() is None:
        return []
    return [p for p in projects if session(p.id, store).role is not None]


def may_create_projects(store: Store) -> bool:
    """Server admins, and users who code or administer some project, may add projects."""
    return _may_create(store, actor())
