"""Ordered schema migrations.

A new database is created from :mod:`.schema` and stamped with the latest version;
an existing one runs every step above its stamped version, each in its own
transaction, so an interrupted upgrade resumes where it stopped. Add a step by
appending ``(version, description, function)`` and bumping ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, inspect, select, text

from ..errors import StoreError
from .schema import (
    OUTCOME_TABLES,
    REVISION_TABLES,
    SCHEMA_VERSION,
    TEAM_TABLES,
    audit_log,
    metadata,
    revision,
    schema_info,
)

Migration = tuple[int, str, Callable[[Connection], None]]



def _v2_team_accounts(conn: Connection) -> None:
    """Version 2: user accounts and per-project roles for the team server."""
    metadata.create_all(conn, tables=list(TEAM_TABLES))


def _v3_revision_counter(conn: Connection) -> None:
    """Version 3: the revision counter every write transaction bumps (cache token, versions)."""
    metadata.create_all(conn, tables=list(REVISION_TABLES))
    seed_revision(conn)


def seed_revision(conn: Connection) -> None:
    """Start the counter above every audit id, so tokens never repeat an older one."""
    if conn.execute(select(revision.c.id).where(revision.c.id == 1)).first() is None:
        start = conn.execute(select(func.coalesce(func.max(audit_log.c.id), 0))).scalar_one()
        conn.execute(revision.insert().values(id=1, value=int(start)))


def _v4_session_epoch(conn: Connection) -> None:
    """Version 4: ``users.session_epoch``, so a password reset or a disable ends open sessions.

    Touches only the users table. A database that gained its team tables in step 2 from
    the current schema already has the column, hence the check. Each existing account
    gets its own random epoch: an empty one shared by all would prove nothing.
    """
    if "session_epoch" in {c["name"] for c in inspect(conn).get_columns("users")}:
        return
    conn.execute(text("ALTER TABLE users ADD COLUMN session_epoch VARCHAR(64) NOT NULL DEFAULT ''"))
    for (uid,) in conn.execute(text("SELECT id FROM users")).all():
        conn.execute(text("UPDATE users SET session_epoch = :epoch WHERE id = :id"),
                     {"epoch": secrets.token_hex(16), "id": uid})


def _v5_outcomes(conn: Connection) -> None:
    """Version 5: follow-up cases, register events and meeting attendance (self-contained)."""
    metadata.create_all(conn, tables=list(OUTCOME_TABLES))


# Steps that bring a version-(n-1) database to version n. Version 1 is the base schema.
MIGRATIONS: list[Migration] = [
    (2, "user accounts and project roles", _v2_team_accounts),
    (3, "revision counter", _v3_revision_counter),
    (4, "session epoch per user account", _v4_session_epoch),


    (5, "outcome follow-up: cases, register events, meeting attendance", _v5_outcomes),
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
            seed_revision(conn)
            _stamp(conn, SCHEMA_VERSION)
            return SCHEMA_VERSION
    if version > SCHEMA_VERSION:
        raise StoreError(
            msgid="error.store.database_has_schema_version",
            params={"version": version, "schema_version": SCHEMA_VERSION},
        )
    for step, _description, upgrade in sorted(MIGRATIONS):
        if step <= version:
            continue
        with engine.begin() as conn:
            upgrade(conn)
            _stamp(conn, step)
        version = step
    return version


def _stamp(conn: Connection, version: int) -> None:
    conn.execute(schema_info.insert().values(version=version, applied_at=datetime.now(UTC)))
