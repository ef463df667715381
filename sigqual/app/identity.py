"""Who is acting: a signed-in team account or the single local user.

The layer never trusts a role remembered by a page: an :class:`Actor` only names
the person, and every check re-reads their account and role from the store.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

TEAM_ENV = "SIGQUAL_TEAM"


@dataclass(frozen=True)
class Actor:
    """A person acting on the store; ``team`` means their account and role decide."""

    username: str
    team: bool

    @property
    def name(self) -> str:
        """The name the audit log and codings carry."""
        return self.username


def team_mode() -> bool:
    """True when the app runs as a team server (``sigqual serve --team``)."""
    return os.environ.get(TEAM_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def default_username() -> str:
    """The local user's name: ``$SIGQUAL_USER``, the OS user, or ``sigqual``."""
    return (os.environ.get("SIGQUAL_USER") or os.environ.get("USER") or "sigqual").strip() or "sigqual"


def local_actor(name: str | None = None) -> Actor:
    """The single-user identity used outside team mode (app and CLI): every check passes."""
    return Actor(username=(name or "").strip() or default_username(), team=False)
