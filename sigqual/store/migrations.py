"""Ordered schema migrations.

A new database is created from :mod:`.schema` and stamped with the latest version;
an existing one runs every step above its stamped version, each in its own
transaction, so an interrupted upgrade resumes where it stopped. Add a step by
appending ``(version, description, function)`` and bumping ``SCHEMA_VERSION``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, select

from ..errors import StoreError
from .schema import SCHEMA_VERSION, TEAM_TABLES, metadata, schema_info

Migration = tuple[int, str, Callable[[Connection], None]]



def _v2_team_accounts(conn: Connection) -> None:
    """Version 2: user accounts and per-project roles for the team server."""
    metadata.create_all(conn, tables=list(TEAM_TABLES))


# Steps that bring a version-(n-1) database to version n. Version 1 is the base schema.
MIGRATIONS: list[Migration] = [
    (2, "user accounts and project roles", _v2_team_accounts),
]


def current_version(conn: Connection) -> int | None:
    """The stamped schema version, or None for an empty database."""
    if not inspect(conn).has_table("schema_info"):
        return None
    row = conn.execute(select(schema_info.c.version).order_by(schema_info.c.id.desc())).first()
    return int(row[0]) if row else None


def migrate(engine: Engine) -> int:
    """Create or upgrade the schema; returns the version now in force."""
    with engine.begin() as conn:
        version = current_version(conn)
        if version is None:
            metadata.create_all(conn)
            _stamp(conn, SCHEMA_VERSION)
            return SCHEMA_VERSION
    if version > SCHEMA_VERSION:
        raise StoreError(
            msgid="error.store.database_has_schema_version",
            params={"version": version, "schema_version": SCHEMA_VERSION},
        )
    for step, _description, func in sorted(MIGRATIONS):
        if step <= version:
            continue
        with engine.begin() as conn:
            func(conn)
            _stamp(conn, step)
        version = step
    return version


def _stamp(conn: Connection, version: int) -> None:
    conn.execute(schema_info.insert().values(version=version, applied_at=datetime.now(UTC)))
