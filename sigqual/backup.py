"""Consistent backups and restores of a project database.

SQLite: ``VACUUM INTO`` copies the database inside one read transaction, so the copy is
a consistent snapshot even while the app keeps writing (WAL lets writers go on).
PostgreSQL: ``pg_dump`` in its custom format, restored with ``pg_restore``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from .errors import SigqualError
from .store import Store


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise SigqualError(msgid="error.backup.memory_database_cannot_backed")
    return Path(parsed.database)


def default_backup_name(url: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"sigqual-{stamp}.db" if _sqlite_path(url) else f"sigqual-{stamp}.dump"


def backup(store: Store, dest: Path) -> Path:
    """Write a consistent snapshot of ``store`` to ``dest`` (which must not exist)."""
    dest = Path(dest)
    if dest.exists():
        raise SigqualError(msgid="error.backup.backup_file_already_exists", file=str(dest))
    dest.parent.mkdir(parents=True, exist_ok=True)
    source = _sqlite_path(store.url)
    if source is None:
        return _pg_dump(store.url, dest)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source, timeout=60) as conn:
        conn.execute("VACUUM INTO ?", (str(partial),))
    conn.close()
    check_sqlite_file(partial)
    os.replace(partial, dest)
    return dest


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a healthy sigqual SQLite database."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            has_schema = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_info'").fetchone()
        conn.close()
    except sqlite3.DatabaseError as exc:
        raise SigqualError(msgid="error.backup.not_sqlite_database",
                           params={"exc": exc}, file=str(path)) from None
    if result != ("ok",):
        raise SigqualError(msgid="error.backup.database_damaged", params={"value": result[0]}, file=str(path))
    if not has_schema:
        raise SigqualError(msgid="error.backup.sqlite_file_not_sigqual", file=str(path))


def restore(source: Path, url: str, *, force: bool = False) -> Path | None:
    """Put a backup in place of the database at ``url``.

    The current database, if any, is kept beside it as ``<name>.before-restore``; returns
    that path. Refuses to overwrite without ``force``.
    """
    source = Path(source)
    if not source.exists():
        raise SigqualError(msgid="error.backup.backup_file_not_found", file=str(source))
    target = _sqlite_path(url)
    if target is None:
        _pg_restore(source, url)
        return None
    check_sqlite_file(source)
    kept = None
    if target.exists():
        if not force:
            raise SigqualError(msgid="error.backup.database_already_exists_there", file=str(target))
        kept = target.with_name(target.name + ".before-restore")
        with sqlite3.connect(target) as conn:  # fold the WAL in before moving the file
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        os.replace(target, kept)
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".restoring")
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)
    Store.open(url).close()  # migrate an older backup to the current schema
    return kept


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise SigqualError(msgid="error.backup.needed_back_up_restore", params={"name": name})
    return found


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_dump(url: str, dest: Path) -> Path:
    result = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--file", str(dest),
                             _libpq_url(url)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        dest.unlink(missing_ok=True)
        raise SigqualError(msgid="error.backup.pg_dump_failed", params={"value": result.stderr.strip()})
    return dest


def _pg_restore(source: Path, url: str) -> None:
    result = subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                             "--dbname", _libpq_url(url), str(source)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SigqualError(msgid="error.backup.pg_restore_failed",
                           params={"value": result.stderr.strip()}, file=str(source))
