"""Engine set-up, transactions and the audit trail shared by every store part."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import NullPool

from ..dburl import mask_url
from ..errors import StoreError
from .migrations import migrate
from .schema import audit_log
from .schema import revision as revision_table

ENV_DATABASE_URL = "SIGQUAL_DATABASE_URL"
_BEGIN_ATTEMPTS = 8
BUSY_TIMEOUT_MS = 30_000  # SQLite waits this long for a lock before we retry BEGIN
ENV_DATA_DIR = "SIGQUAL_DATA_DIR"

# A check the application layer installs around one operation: Store.transaction runs
# it right after bumping the revision, inside the same transaction as the writes, so a
# role or account change that commits before the operation is always seen by it.
TxGuard = Callable[["Tx"], None]
_GUARD: ContextVar[TxGuard | None] = ContextVar("sigqual_tx_guard", default=None)


@contextmanager
def guarded(check: TxGuard | None) -> Iterator[None]:
    """Run ``check(tx)`` at the start of every write transaction opened in this block."""
    token = _GUARD.set(check)
    try:
        yield
    finally:
        _GUARD.reset(token)


def now() -> datetime:
    return datetime.now(UTC)


def default_data_dir() -> Path:
    """Where the embedded database lives: ``$SIGQUAL_DATA_DIR`` or the user data dir."""
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR]).expanduser()
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "sigqual"


def default_database_url() -> str:
    """``$SIGQUAL_DATABASE_URL`` (team server) or SQLite in the data directory."""
    if os.environ.get(ENV_DATABASE_URL):
        return os.environ[ENV_DATABASE_URL]
    return sqlite_url(default_data_dir() / "sigqual.db")


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def _jsonable(value: Any) -> Any:
    """Audit values as JSON: dates become ISO strings, long texts are kept whole."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: an acknowledged coding survives a power cut, not only a killed process.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with SQLite tuned for safety (WAL, foreign keys)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise StoreError(msgid="error.store.not_database_url", params={"url": repr(mask_url(url))}) from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            try:
                make_private(Path(database))
            except OSError as exc:
                raise StoreError(msgid="error.store.cannot_create_data_folder",
                                 params={"strerror": exc.strerror},
                                 file=str(Path(database).parent)) from None
        engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        # Serialise writers up front: BEGIN IMMEDIATE avoids deadlock-prone lock upgrades.
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "connect", _disable_pysqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(msgid="error.store.cannot_use_database_url",
                         params={"parsed": repr(parsed), "exc": exc}) from None


def make_private(database: Path) -> None:
    """Owner-only permissions for the SQLite file, its -wal/-shm files and a new folder.

    Interviews are confidential; with a umask of 022 everything would be readable by
    every user of the machine. A folder sigqual creates (and the default data folder)
    becomes 0700; the database is created 0600 before SQLite opens it, and SQLite
    gives its -wal and -shm files the database file's mode. Files from an older
    version are tightened on the next open.
    """
    folder = database.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, 0o700)
    elif folder.resolve() == default_data_dir().resolve():
        os.chmod(folder, 0o700)
    if not database.exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        try:
            if path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
        except FileNotFoundError:
            # No such file, or SQLite in another process (the app while the CLI opens the
            # same file) removed its -wal/-shm between our look and our change: nothing to
            # tighten. It was reported as "cannot create the data folder".
            continue
        except PermissionError:
            pass  # someone else's file: opening it will say so


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("sigqual_write") else "BEGIN")


def _disable_pysqlite_begin(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE itself.
    dbapi_conn.isolation_level = None


@dataclass
class Tx:
    """An open transaction plus who is acting, so every write can be audited."""

    conn: Connection
    actor: str
    project_id: int | None
    revision: int = 0

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        project_id: int | None = None,
    ) -> None:
        self.conn.execute(
            audit_log.insert().values(
                at=now(),
                actor=self.actor,
                project_id=project_id if project_id is not None else self.project_id,
                action=action,
                entity=entity,
                entity_id=entity_id,
                before=_jsonable(before) if before is not None else None,
                after=_jsonable(after) if after is not None else None,
            )
        )


class StoreBase:
    """Holds the engine; opening and migrating are explicit, never in ``__init__``."""

    def __init__(self, engine: Engine, *, url: str | None = None) -> None:
        self.engine = engine
        self.url = url or str(engine.url)

    @classmethod
    def open(cls, url: str | Path | None = None, *, migrate_schema: bool = True):  # noqa: ANN206
        """Open (and create or upgrade) the store at ``url``; a path means SQLite."""
        if url is None:
            url = default_database_url()
        elif isinstance(url, Path) or "://" not in str(url):
            url = sqlite_url(url)
        store = cls(make_engine(str(url)), url=str(url))
        if migrate_schema:
            try:
                migrate(store.engine)
            except OperationalError as exc:
                raise StoreError(msgid="error.store.cannot_open_database",
                                 params={"url": url, "orig": exc.orig}) from None
        return store

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self, actor: str = "", project_id: int | None = None) -> Iterator[Tx]:
        """One transaction: everything inside commits together or not at all."""
        with self.engine.connect() as conn:
            conn.info["sigqual_write"] = True
            try:
                with self._begin(conn):
                    tx = Tx(conn, actor or _default_actor(), project_id, bump_revision(conn))
                    check = _GUARD.get()
                    if check is not None:
                        check(tx)
                    yield tx
            finally:
                conn.info.pop("sigqual_write", None)

    def _begin(self, conn: Connection):  # noqa: ANN202
        """Start the write transaction, waiting out a busy SQLite database.

        SQLite's own busy timeout covers most waits; under heavy load a writer can
        still be refused at BEGIN, where nothing has happened yet, so retrying is safe.
        """
        delay = 0.05
        for attempt in range(_BEGIN_ATTEMPTS):
            try:
                return conn.begin()
            except OperationalError as exc:
                if "locked" not in str(exc.orig) or attempt == _BEGIN_ATTEMPTS - 1:
                    raise StoreError(msgid="error.store.database_stayed_busy_another") from exc
                conn.rollback()
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
        raise AssertionError("unreachable")

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def revision(self) -> int:
        """A token that changes with every committed write, for caches of derived data.

        Every write transaction bumps one counter row first and holds its lock until it
        commits, so the value readers see only grows and never skips back, on SQLite
        and on PostgreSQL with concurrent writers alike.
        """
        with self.reading() as conn:
            value = conn.execute(select(revision_table.c.value)
                                 .where(revision_table.c.id == 1)).scalar_one_or_none()
        return int(value or 0)


def bump_revision(conn: Connection) -> int:
    """Increment the revision counter as the transaction's first write; returns the new value."""
    value = conn.execute(update(revision_table).where(revision_table.c.id == 1)
                         .values(value=revision_table.c.value + 1)
                         .returning(revision_table.c.value)).scalar_one_or_none()
    if value is None:  # a database created before the counter existed and not migrated
        conn.execute(revision_table.insert().values(id=1, value=1))
        value = 1
    return int(value)


def _default_actor() -> str:
    return os.environ.get("SIGQUAL_USER") or os.environ.get("USER") or "sigqual"
