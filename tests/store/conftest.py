"""Store tests run against SQLite and, where configured, a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigqual.store import Store

from ..pg import fresh_pg_database


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "sqlite":
        s = Store.open(tmp_path / "project.db")
        yield s
        s.close()
        return
    with fresh_pg_database() as url:
        s = Store.open(url)
        yield s
        s.close()
