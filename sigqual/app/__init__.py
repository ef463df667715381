"""The application layer: every operation the app or the CLI performs goes through here.

Pages and commands name an :class:`Actor` and open a :class:`ProjectSession`; the
session checks the actor's current role (re-read from the store), enforces who owns
which row, and runs each operation as one transaction with optimistic versions. In
single-user mode (:func:`local_actor`) every check passes.
"""

from __future__ import annotations

from ..errors import ConflictError, PermissionDenied
from .identity import Actor, local_actor, team_mode
from .permissions import ACTIONS, ROLE_ORDER, SERVER, least_role, role_allows
from .projects import create_demo, create_project, import_project, may_create_projects
from .session import MESSAGES, ProjectSession, blind_from_settings

__all__ = [
    "ACTIONS", "MESSAGES", "ROLE_ORDER", "SERVER", "Actor", "ConflictError", "PermissionDenied",
    "ProjectSession", "blind_from_settings", "create_demo", "create_project", "import_project", "least_role",
    "local_actor", "may_create_projects", "role_allows", "team_mode",
]
