"""The admin page's data work without streamlit: the audit log as a readable,
filterable table with its CSV and Excel exports, and the member and user lists.

Audit times are stored in UTC; they are shown and exported in UTC too, named as
such, so an entry reads the same to every member of a team in any time zone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ..errors import InputError
from ..export import export_tables, media_type, slug
from ..i18n import translate
from ..report.content import NamedTable
from ..store import User
from .downloads import Download

AUDIT_COLUMNS = ("id", "at", "actor", "project_id", "action", "entity", "entity_id", "before",
                 "after")
AUDIT_FORMATS = ("csv", "xlsx")


def _utc_naive(values: pd.Series) -> pd.Series:
    """Timestamps as naive UTC (SQLite gives naive UTC, PostgreSQL aware ones)."""
    stamps = pd.to_datetime(values, utc=True)
    return stamps.dt.tz_convert("UTC").dt.tz_localize(None)


def _as_json(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def normalise_audit(frame: pd.DataFrame) -> pd.DataFrame:
    """The store's audit frame with UTC times and every column present."""
    missing = [c for c in AUDIT_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"the audit frame lacks the column(s) {', '.join(missing)}")
    out = frame.loc[:, list(AUDIT_COLUMNS)].copy()
    out["at"] = _utc_naive(out["at"]) if len(out) else pd.Series([], dtype="datetime64[us]")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class AuditFilter:
    """What to show; an empty selection means no restriction."""

    actors: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise InputError(msgid="error.ui.start_date_after_end", field="date")


def filter_audit(frame: pd.DataFrame, chosen: AuditFilter) -> pd.DataFrame:
    """The entries matching every chosen restriction (dates inclusive, in UTC)."""
    keep = pd.Series(True, index=frame.index)
    for column, wanted in (("actor", chosen.actors), ("entity", chosen.entities),
                           ("action", chosen.actions)):
        if wanted:
            keep &= frame[column].isin(list(wanted))
    days = frame["at"].dt.date
    if chosen.start is not None:
        keep &= days >= chosen.start
    if chosen.end is not None:
        keep &= days <= chosen.end
    return frame[keep].reset_index(drop=True)


def audit_display(frame: pd.DataFrame) -> pd.DataFrame:
    """One readable row per entry: time as text, before and after as compact JSON."""
    out = frame.copy()
    out["at"] = out["at"].dt.strftime("%Y-%m-%d %H:%M:%S") if len(out) else out["at"].astype(str)
    out["before"] = [_as_json(v) for v in out["before"]]
    out["after"] = [_as_json(v) for v in out["after"]]
    out["entity_id"] = [("" if pd.isna(v) else str(int(v))) for v in out["entity_id"]]
    out["project_id"] = [("" if pd.isna(v) else str(int(v))) for v in out["project_id"]]
    return out


def change_rows(before: Any, after: Any) -> pd.DataFrame:
    """Field by field, what an entry changed (fields in before, after or both)."""
    old = before if isinstance(before, dict) else ({} if before is None else {"value": before})
    new = after if isinstance(after, dict) else ({} if after is None else {"value": after})
    fields = list(dict.fromkeys([*old, *new]))
    return pd.DataFrame({
        "field": fields,
        "before": [_as_json(old[f]) if f in old else "" for f in fields],
        "after": [_as_json(new[f]) if f in new else "" for f in fields],
    })


def audit_download(frame: pd.DataFrame, fmt: str, *, project_name: str, lang: str = "sv") -> Download:
    """The (filtered) log as CSV or Excel; cells that look like formulas are neutralised."""
    if fmt not in AUDIT_FORMATS:
        raise InputError(msgid="error.ui.audit_log_exported_as",
                         params={"audit_formats": ' or '.join(AUDIT_FORMATS), "fmt": repr(fmt)})
    table = NamedTable(translate("admin.audit.sheet", lang),
                       translate("admin.audit.caption", lang, project=project_name), audit_display(frame))
    data = export_tables([table], fmt, title=translate("admin.audit.file_title", lang, project=project_name))
    stem = f"{slug(project_name) or 'sigqual'}-andringslogg"
    return Download(fmt, data, f"{stem}.{fmt}", media_type(fmt, 1))


def entry_label(row: pd.Series) -> str:
    """``#12 2025-03-01 10:02 eva update document 7`` for the entry picker."""
    at = row["at"].strftime("%Y-%m-%d %H:%M") if not pd.isna(row["at"]) else ""
    target = row["entity"] + ("" if pd.isna(row["entity_id"]) else f" {int(row['entity_id'])}")
    return f"#{int(row['id'])} {at} {row['actor']} {row['action']} {target}"


def users_frame(users: Sequence[User]) -> pd.DataFrame:
    return pd.DataFrame({
        "username": [u.username for u in users],
        "display_name": [u.display_name for u in users],
        "is_admin": [u.is_admin for u in users],
        "disabled": [u.disabled for u in users],
    })


def members_frame(members: Sequence[tuple[str, str]], users: Sequence[User]) -> pd.DataFrame:
    names = {u.username: u.display_name for u in users}
    return pd.DataFrame({
        "username": [m[0] for m in members],
        "display_name": [names.get(m[0], m[0]) for m in members],
        "role": [m[1] for m in members],
    })


def check_new_password(password: str, repeated: str) -> str:
    """Catch a typo before the store checks the password's strength."""
    if password != repeated:
        raise InputError(msgid="error.ui.two_passwords_differ", field="password")
    return password
