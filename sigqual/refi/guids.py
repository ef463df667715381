"""Stable GUIDs for exported entities.

Another tool matches a re-imported project to its earlier copy by GUID, so the same
project must export the same GUIDs every time. They are name-based (UUID version 5)
under a per-project namespace derived from the project name, unless the project came
from a REFI-QDA file: then the GUIDs read from it are kept in the project settings
(``refi.guids``) and written back unchanged.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

# A fixed root so sigqual's name-based GUIDs never collide with other uuid5 users.
SIGQUAL_NAMESPACE = uuid.UUID("6a1f3c52-0d0e-5b55-9a8e-7f3b1c0e2d41")
SETTINGS_KEY = "refi"


def project_namespace(project_name: str, settings: Mapping[str, object] | None = None) -> uuid.UUID:
    """The namespace of a project: stored at import, else derived from its name."""
    stored = _refi_settings(settings).get("namespace")
    if isinstance(stored, str):
        try:
            return uuid.UUID(stored)
        except ValueError:
            pass
    return uuid.uuid5(SIGQUAL_NAMESPACE, "project:" + project_name)


def _refi_settings(settings: Mapping[str, object] | None) -> Mapping[str, object]:
    value = (settings or {}).get(SETTINGS_KEY)
    return value if isinstance(value, Mapping) else {}


def stored_guids(settings: Mapping[str, object] | None) -> dict[str, str]:
    value = _refi_settings(settings).get("guids")
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, Mapping) else {}


class Guids:
    """Hands out one GUID per (kind, identity), preferring GUIDs kept from an import."""

    def __init__(self, project_name: str, settings: Mapping[str, object] | None = None) -> None:
        self.namespace = project_namespace(project_name, settings)
        self.stored = stored_guids(settings)

    def __call__(self, kind: str, identity: object, stored_key: str | None = None) -> str:
        if stored_key is not None and stored_key in self.stored:
            kept = self.stored[stored_key]
            if _is_guid(kept):
                return kept
        return str(uuid.uuid5(self.namespace, f"{kind}:{identity}"))


def _is_guid(value: str) -> bool:
    try:
        uuid.UUID(value.strip("{}"))
    except ValueError:
        return False
    return True


def as_guid(value: str) -> str | None:
    """``value`` in the canonical form the schema accepts, or None if it is no GUID."""
    try:
        return str(uuid.UUID(value.strip().strip("{}")))
    except ValueError:
        return None
