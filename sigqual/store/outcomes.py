"""Outcome follow-up in the store: cases, register events and meeting attendance.

An evaluation follows each (pseudonymised) youth from the start of the intervention:
events from the social services register and the attendance lists of the meetings.
Every import is one transaction with one audit row, so an extract lands whole or not
at all. Events and attendance are replaced per case: re-importing an extract for the
same cases gives the same data, never duplicates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, delete, func, select, update

from ..errors import StoreError
from .base import StoreBase, Tx, now
from .schema import outcome_attendance, outcome_cases, outcome_events, projects

if TYPE_CHECKING:
    import pandas as pd

CASE_COLUMNS = ["case", "start", "end", "end_reason", "position", "attributes"]
EVENT_COLUMNS = ["case", "date", "type", "note"]
ATTENDANCE_COLUMNS = ["case", "meeting_date", "participant", "role", "organisation"]


@dataclass(frozen=True)
class CaseRecord:
    """One followed-up youth; ``attributes`` holds free values such as kön or område."""

    case: str
    start: date | None
    end: date | None = None
    end_reason: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EventRecord:
    """One register event (``type`` is a canonical key such as ``polisanmalan`` or free text)."""

    case: str
    date: date
    type: str
    note: str = ""


@dataclass(frozen=True)
class AttendanceRecord:
    """One person at one meeting of a case's insatsgrupp (a meeting is case + date)."""

    case: str
    meeting_date: date
    participant: str
    role: str = ""
    organisation: str = ""


class OutcomesMixin(StoreBase):
    """Import and read a project's follow-up data."""

    def import_outcome_cases(self, project_id: int, cases: Sequence[CaseRecord], *,
                             actor: str = "", source: str = "") -> dict[str, int]:
        """Add new cases and update known ones (free attributes are merged)."""
        stamp = now()
        added = updated = 0
        with self.transaction(actor, project_id) as tx:
            _check_project(tx, project_id)
            known = {r.case_key: r for r in tx.conn.execute(
                select(outcome_cases).where(outcome_cases.c.project_id == project_id))}
            position = max((r.position for r in known.values()), default=-1) + 1
            for record in _unique_cases(cases):
                old = known.get(record.case)
                if old is None:
                    tx.conn.execute(outcome_cases.insert().values(
                        project_id=project_id, case_key=record.case, start=record.start,
                        end=record.end, end_reason=record.end_reason or "",
                        attributes=dict(record.attributes), position=position,
                        created_at=stamp, updated_at=stamp))
                    position += 1
                    added += 1
                    continue
                tx.conn.execute(update(outcome_cases).where(outcome_cases.c.id == old.id).values(
                    start=record.start if record.start is not None else old.start,
                    end=record.end if record.end is not None else old.end,
                    end_reason=record.end_reason or old.end_reason,
                    attributes={**(old.attributes or {}), **dict(record.attributes)},
                    updated_at=stamp))
                updated += 1
            counts = {"added": added, "updated": updated}
            tx.audit("import", "outcome_cases", None, after={"source": source, **counts,
                                                              "cases": [c.case for c in cases]})
        return counts

    def import_outcome_events(self, project_id: int, events: Sequence[EventRecord], *,
                              actor: str = "", source: str = "") -> dict[str, int]:
        """Replace the events of every case named in ``events`` with ``events``."""
        stamp = now()
        with self.transaction(actor, project_id) as tx:
            ids, removed = _replace_per_case(tx, project_id, outcome_events, [e.case for e in events], [
                {"project_id": project_id, "date": e.date, "type": e.type, "note": e.note or "",
                 "created_at": stamp} for e in events])
            counts = {"cases": len(ids), "events": len(events), "replaced": removed}
            tx.audit("import", "outcome_events", None, after={"source": source, **counts})
        return counts

    def import_outcome_attendance(self, project_id: int, rows: Sequence[AttendanceRecord], *,
                                  actor: str = "", source: str = "") -> dict[str, int]:
        """Replace the attendance lists of every case named in ``rows`` with ``rows``."""
        stamp = now()
        with self.transaction(actor, project_id) as tx:
            ids, removed = _replace_per_case(tx, project_id, outcome_attendance, [r.case for r in rows], [
                {"project_id": project_id, "meeting_date": r.meeting_date, "participant": r.participant,
                 "role": r.role or "", "organisation": r.organisation or "", "created_at": stamp}
                for r in rows])
            meetings = len({(r.case, r.meeting_date) for r in rows})
            counts = {"cases": len(ids), "meetings": meetings, "rows": len(rows),
                      "replaced": removed}
            tx.audit("import", "outcome_attendance", None, after={"source": source, **counts})
        return counts

    def delete_outcomes(self, project_id: int, *, actor: str = "") -> int:
        """Remove every case (and with them their events and attendance)."""
        with self.transaction(actor, project_id) as tx:
            _check_project(tx, project_id)
            keys = [r.case_key for r in tx.conn.execute(
                select(outcome_cases.c.case_key).where(outcome_cases.c.project_id == project_id))]
            for table in (outcome_attendance, outcome_events, outcome_cases):
                tx.conn.execute(delete(table).where(table.c.project_id == project_id))
            tx.audit("delete", "outcome_cases", None, before={"cases": keys})
        return len(keys)

    # -- reading ---------------------------------------------------------------
    def outcome_case_keys(self, project_id: int) -> list[str]:
        with self.reading() as conn:
            return [r[0] for r in conn.execute(
                select(outcome_cases.c.case_key).where(outcome_cases.c.project_id == project_id)
                .order_by(outcome_cases.c.position, outcome_cases.c.id))]

    def outcome_cases_frame(self, project_id: int) -> pd.DataFrame:
        """One row per case in import order; dates as ``datetime64``."""
        import pandas as pd

        with self.reading() as conn:
            rows = conn.execute(select(outcome_cases).where(outcome_cases.c.project_id == project_id)
                                .order_by(outcome_cases.c.position, outcome_cases.c.id)).all()
        frame = pd.DataFrame.from_records(
            [(r.case_key, r.start, r.end, r.end_reason or "", r.position, dict(r.attributes or {}))
             for r in rows], columns=CASE_COLUMNS)
        return _dates(frame, "start", "end")

    def outcome_events_frame(self, project_id: int) -> pd.DataFrame:
        import pandas as pd

        with self.reading() as conn:
            rows = conn.execute(
                select(outcome_cases.c.case_key, outcome_events.c.date, outcome_events.c.type,
                       outcome_events.c.note)
                .join(outcome_cases, outcome_cases.c.id == outcome_events.c.case_id)
                .where(outcome_events.c.project_id == project_id)
                .order_by(outcome_cases.c.position, outcome_events.c.date, outcome_events.c.id)).all()
        return _dates(pd.DataFrame.from_records([tuple(r) for r in rows], columns=EVENT_COLUMNS), "date")

    def outcome_attendance_frame(self, project_id: int) -> pd.DataFrame:
        import pandas as pd

        with self.reading() as conn:
            rows = conn.execute(
                select(outcome_cases.c.case_key, outcome_attendance.c.meeting_date,
                       outcome_attendance.c.participant, outcome_attendance.c.role,
                       outcome_attendance.c.organisation)
                .join(outcome_cases, outcome_cases.c.id == outcome_attendance.c.case_id)
                .where(outcome_attendance.c.project_id == project_id)
                .order_by(outcome_cases.c.position, outcome_attendance.c.meeting_date,
                          outcome_attendance.c.id)).all()
        frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=ATTENDANCE_COLUMNS)
        return _dates(frame, "meeting_date")

    def outcome_counts(self, project_id: int) -> dict[str, int]:
        """How many cases, events and attendance rows the project holds."""
        out = {}
        with self.reading() as conn:
            for name, table in (("cases", outcome_cases), ("events", outcome_events),
                                ("attendance", outcome_attendance)):
                out[name] = int(conn.execute(select(func.count()).select_from(table)
                                             .where(table.c.project_id == project_id)).scalar_one())
        return out


def _unique_cases(cases: Sequence[CaseRecord]) -> list[CaseRecord]:
    seen: dict[str, CaseRecord] = {}
    for record in cases:
        if not record.case.strip():
            raise StoreError(msgid="error.outcomes.case_needs_id", field="case")
        if record.case in seen:
            raise StoreError(msgid="error.outcomes.case_twice", params={"case": record.case}, field="case")
        seen[record.case] = record
    return list(seen.values())


def _check_project(tx: Tx, project_id: int) -> None:
    if tx.conn.execute(select(projects.c.id).where(projects.c.id == project_id)).first() is None:
        raise StoreError(msgid="error.store.no_project_with_id", params={"project_id": project_id})


def _replace_per_case(tx: Tx, project_id: int, table: Table, cases: Sequence[str],
                      values: list[dict[str, Any]]) -> tuple[dict[str, int], int]:
    """Delete the rows of ``table`` of every case named, then insert ``values`` (one per case
    name, in order): a re-import replaces a case's events or attendance and never doubles them."""
    ids = _case_ids(tx, project_id, set(cases))
    removed = tx.conn.execute(delete(table).where(
        table.c.case_id.in_(list(ids.values())))).rowcount if ids else 0
    if values:
        tx.conn.execute(table.insert(), [{**row, "case_id": ids[case]} for case, row in zip(cases, values,
                                                                                          strict=True)])
    return ids, int(removed or 0)


def _case_ids(tx: Tx, project_id: int, keys: set[str]) -> dict[str, int]:
    _check_project(tx, project_id)
    if not keys:
        return {}
    found = {r.case_key: r.id for r in tx.conn.execute(
        select(outcome_cases.c.id, outcome_cases.c.case_key).where(
            outcome_cases.c.project_id == project_id, outcome_cases.c.case_key.in_(sorted(keys))))}
    missing = sorted(keys - set(found))
    if missing:
        raise StoreError("unknown case(s): " + ", ".join(missing[:10])
                         + ("" if len(missing) <= 10 else ", ...") + "; import the cases first",
                         field="case")
    return found


def _dates(frame: pd.DataFrame, *names: str) -> pd.DataFrame:
    import pandas as pd

    for name in names:
        frame[name] = pd.to_datetime(frame[name], errors="coerce")
    return frame
