"""Fresh PostgreSQL databases for team-mode tests (``SIGQUAL_TEST_PG_URL``).

CI installs and starts Debian's PostgreSQL and sets the variable; elsewhere the
PostgreSQL cases are skipped with that reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ENV = "SIGQUAL_TEST_PG_URL"


def pg_admin_url() -> str:
    url = os.environ.get(ENV)
    if not url:
        pytest.skip(f"PostgreSQL not configured: set {ENV} (CI does)")
    return url


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """Create an empty database, yield its URL, drop it afterwards."""
    admin_url = pg_admin_url()
    name = f"sq_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
