"""Follow-up data in the store: one transaction and one audit row per import, on SQLite
and PostgreSQL; re-imports replace per case; unknown cases change nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from sigqual.codebook import load_bundled_codebook
from sigqual.errors import StoreError
from sigqual.store import AttendanceRecord, CaseRecord, EventRecord, Store
from sigqual.store import migrations as mig
from sigqual.store.schema import OUTCOME_TABLES, SCHEMA_VERSION, metadata, schema_info


@pytest.fixture
def project(store: Store) -> int:
    return store.create_project("Uppföljning", load_bundled_codebook(), actor="test")


def _audits(store: Store, pid: int, entity: str) -> list:
    frame = store.audit_frame(pid)
    return frame[frame["entity"] == entity].to_dict("records")


def test_cases_insert_then_update_merging_attributes(store: Store, project: int) -> None:
    counts = store.import_outcome_cases(project, [
        CaseRecord("Ungdom 1", date(2013, 11, 4), attributes={"kön": "pojke"}),
        CaseRecord("Ungdom 2", date(2013, 11, 18)),
    ], actor="anna", source="arenden.csv")
    assert counts == {"added": 2, "updated": 0}
    counts = store.import_outcome_cases(project, [
        CaseRecord("Ungdom 1", None, date(2014, 8, 15), "Placering", {"ålder": 15}),
        CaseRecord("Ungdom 3", date(2014, 1, 2)),
    ], actor="anna")
    assert counts == {"added": 1, "updated": 1}
    frame = store.outcome_cases_frame(project)
    assert frame["case"].tolist() == ["Ungdom 1", "Ungdom 2", "Ungdom 3"]
    first = frame.iloc[0]
    assert first["start"].date() == date(2013, 11, 4)  # kept: the update had no start
    assert first["end"].date() == date(2014, 8, 15) and first["end_reason"] == "Placering"
    assert first["attributes"] == {"kön": "pojke", "ålder": 15}
    audits = _audits(store, project, "outcome_cases")
    assert len(audits) == 2 and audits[0]["actor"] == "anna"
    assert store.outcome_case_keys(project) == ["Ungdom 1", "Ungdom 2", "Ungdom 3"]


def test_events_and_attendance_replace_per_case(store: Store, project: int) -> None:
    store.import_outcome_cases(project, [CaseRecord("A", date(2014, 1, 1)),
                                         CaseRecord("B", date(2014, 1, 1))])
    store.import_outcome_events(project, [EventRecord("A", date(2013, 5, 1), "polisanmalan"),
                                          EventRecord("B", date(2013, 5, 1), "orosanmalan")])
    counts = store.import_outcome_events(project, [EventRecord("A", date(2014, 5, 1), "dom", "x")])
    assert counts == {"cases": 1, "events": 1, "replaced": 1}
    events = store.outcome_events_frame(project)
    assert events[["case", "type"]].values.tolist() == [["A", "dom"], ["B", "orosanmalan"]]
    rows = [AttendanceRecord("A", date(2014, 1, 8), "Polis 1", "polis", "Polisen"),
            AttendanceRecord("A", date(2014, 1, 8), "Ungdom A", "ungdomen")]
    assert store.import_outcome_attendance(project, rows)["meetings"] == 1
    assert store.import_outcome_attendance(project, rows)["replaced"] == 2
    assert len(store.outcome_attendance_frame(project)) == 2
    assert store.outcome_counts(project) == {"cases": 2, "events": 2, "attendance": 2}


def test_unknown_case_changes_nothing(store: Store, project: int) -> None:
    store.import_outcome_cases(project, [CaseRecord("A", date(2014, 1, 1))])
    store.import_outcome_events(project, [EventRecord("A", date(2013, 5, 1), "polisanmalan")])
    before = len(store.audit_frame(project))
    with pytest.raises(StoreError, match="unknown case"):
        store.import_outcome_events(project, [EventRecord("A", date(2013, 6, 1), "dom"),
                                              EventRecord("Z", date(2013, 6, 1), "dom")])
    assert store.outcome_events_frame(project)["type"].tolist() == ["polisanmalan"]
    assert len(store.audit_frame(project)) == before


@pytest.mark.parametrize("records", [
    [CaseRecord("A", None), CaseRecord("A", None)],
    [CaseRecord(" ", None)],
])
def test_bad_cases_are_refused(store: Store, project: int, records: list) -> None:
    with pytest.raises(StoreError):
        store.import_outcome_cases(project, records)
    assert store.outcome_counts(project)["cases"] == 0


def test_delete_outcomes_and_project_cascade(store: Store, project: int) -> None:
    store.import_outcome_cases(project, [CaseRecord("A", date(2014, 1, 1))])
    store.import_outcome_events(project, [EventRecord("A", date(2013, 5, 1), "polisanmalan")])
    assert store.delete_outcomes(project, actor="anna") == 1
    assert store.outcome_counts(project) == {"cases": 0, "events": 0, "attendance": 0}
    store.import_outcome_cases(project, [CaseRecord("A", date(2014, 1, 1))])
    store.delete_project(project)
    with pytest.raises(StoreError):
        store.import_outcome_cases(project, [CaseRecord("B", date(2014, 1, 1))])


def test_version3_database_gains_the_outcome_tables(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v3.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        metadata.create_all(conn, tables=[t for t in metadata.sorted_tables if t not in OUTCOME_TABLES])
        conn.execute(schema_info.insert().values(version=3, applied_at=datetime.now(UTC)))
    engine.dispose()
    s = Store.open(url)
    with s.reading() as conn:
        assert mig.current_version(conn) == SCHEMA_VERSION == 5
        assert OUTCOME_TABLES
        assert all(inspect(conn).has_table(t.name) for t in OUTCOME_TABLES)
    s.close()
