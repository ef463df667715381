"""Which action needs which role: the one table every check reads."""

from __future__ import annotations

from ..errors import InputError

ROLE_ORDER = ("reader", "coder", "admin")
SERVER = "server"

# Action -> least role in the project (reader < coder < admin); ``server`` means a
# server administrator (an account with ``is_admin``), whatever the project role.
ACTIONS: dict[str, str] = {
    "read": "reader",
    "export": "reader",
    "code": "coder",
    "memo": "coder",
    "import": "coder",
    "codebook": "admin",
    "settings": "admin",
    "members": "admin",
    "pseudonymize": "admin",
    "server": SERVER,
}


def least_role(action: str) -> str:
    """The role an action needs; a role name stands for itself."""
    if action in ROLE_ORDER:
        return action
    try:
        return ACTIONS[action]
    except KeyError:
        known = ", ".join([*ACTIONS, *ROLE_ORDER])
        raise InputError(msgid="error.ui.unknown_permission_known",
                         params={"needed": action, "known": known}) from None


def role_allows(role: str | None, needed: str) -> bool:
    """True when ``role`` is at least ``needed`` in reader < coder < admin."""
    if role is None or role not in ROLE_ORDER:
        return False
    return ROLE_ORDER.index(role) >= ROLE_ORDER.index(needed)
