"""The outcome operations the page and the CLI share, through the application layer.

Reading needs the ``read`` permission and importing the ``import`` permission of the
actor's :class:`~sigqual.app.ProjectSession`; both are checked here, not by callers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import InputError
from .importing import ImportPreview, build_preview, store_preview
from .reader import RawTable, read_bytes, read_path

if TYPE_CHECKING:
    from ..app import ProjectSession
    from ..privacy.mapping import Pseudonymizer


@dataclass(frozen=True)
class OutcomeData:
    """A project's follow-up data as frames (see :mod:`sigqual.store.outcomes`)."""

    cases: pd.DataFrame
    events: pd.DataFrame
    attendance: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.cases.empty


def _project(session: ProjectSession) -> int:
    if session.project_id is None:
        raise InputError(msgid="error.app.no_project")
    return session.project_id


def read_outcomes(session: ProjectSession) -> OutcomeData:
    """Cases, events and attendance of the session's project."""
    session.require("read")
    pid, store = _project(session), session.store
    return OutcomeData(store.outcome_cases_frame(pid), store.outcome_events_frame(pid),
                       store.outcome_attendance_frame(pid))


def preview_file(session: ProjectSession, source: Path | bytes, kind: str, *, name: str | None = None,
                 overrides: Mapping[str, str] | None = None, pseudonymize: bool = False,
                 key: Pseudonymizer | None = None) -> ImportPreview:
    """Read and check a file against the project's known cases; stores nothing.

    With a pseudonym ``key`` (read from the user's key file), case ids and participants
    that look like names or personnummer get the key's pseudonyms, so rows of several
    files stay linked to the same youth; the preview carries the grown key to save.
    """
    session.require("read")
    raw: RawTable = read_path(source) if isinstance(source, Path) else read_bytes(source, name or "upload")
    known = session.store.outcome_case_keys(_project(session))
    return build_preview(raw, kind, known_cases=known, overrides=overrides, pseudonymize=pseudonymize,
                         key=key)


def accept_preview(session: ProjectSession, preview: ImportPreview, *,
                   skip_bad_rows: bool = False) -> dict[str, int]:
    """Store an accepted preview (one transaction, one audit row)."""
    return store_preview(session, preview, skip_bad_rows=skip_bad_rows)
