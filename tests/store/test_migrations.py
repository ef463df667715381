"""Schema versions: fresh databases are stamped; newer ones are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from sigqual.errors import StoreError
from sigqual.store import Store
from sigqual.store import migrations as mig
from sigqual.store.schema import SCHEMA_VERSION


def test_fresh_database_is_stamped(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "a.db")
    with s.reading() as conn:
        assert mig.current_version(conn) == SCHEMA_VERSION


def test_newer_database_is_refused(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "a.db")
    with s.transaction() as tx:
        tx.conn.execute(text("INSERT INTO schema_info (version, applied_at) VALUES (999, '2030-01-01')"))
    s.close()
    with pytest.raises(StoreError, match="newer than this sigqual"):
        Store.open(tmp_path / "a.db")


def test_pending_migrations_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = Store.open(tmp_path / "a.db")
    s.close()
    calls: list[int] = []

    def step(n: int):
        def run(conn) -> None:
            calls.append(n)
            conn.execute(text(f"CREATE TABLE extra_{n} (id INTEGER)"))
        return run

    monkeypatch.setattr(mig, "MIGRATIONS", [(SCHEMA_VERSION + 2, "b", step(2)),
                                           (SCHEMA_VERSION + 1, "a", step(1))])
    monkeypatch.setattr(mig, "SCHEMA_VERSION", SCHEMA_VERSION + 2)
    engine = Store.open(tmp_path / "a.db", migrate_schema=False).engine
    assert mig.migrate(engine) == SCHEMA_VERSION + 2
    assert calls == [1, 2]
    assert mig.migrate(engine) == SCHEMA_VERSION + 2
    assert calls == [1, 2]


def test_bad_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        Store.open("nonsense://::")


def test_version1_database_gains_team_tables(tmp_path: Path) -> None:
    """A database made by the first release is upgraded in place, data kept."""
    from datetime import UTC, datetime

    from sqlalchemy import create_engine, inspect

    from sigqual.store.schema import TEAM_TABLES, metadata, projects, schema_info

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        metadata.create_all(conn, tables=[t for t in metadata.sorted_tables if t not in TEAM_TABLES])
        conn.execute(schema_info.insert().values(version=1, applied_at=datetime.now(UTC)))
        stamp = datetime.now(UTC)
        conn.execute(projects.insert().values(name="Gammal", description="", codebook_name="",
                                              language="sv", settings={}, created_at=stamp,
                                              updated_at=stamp, version=1))
    engine.dispose()
    s = Store.open(url)
    with s.reading() as conn:
        assert mig.current_version(conn) == SCHEMA_VERSION
        assert inspect(conn).has_table("users") and inspect(conn).has_table("memberships")
    assert [p.name for p in s.list_projects()] == ["Gammal"]
