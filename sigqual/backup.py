"""Consistent backups and restores of a project database.

SQLite: ``VACUUM INTO`` copies the database inside one read transaction, so the copy is
a consistent snapshot even while the app keeps writing (WAL lets writers go on).
PostgreSQL: ``pg_dump`` in its custom format, restored with ``pg_restore``; the password
reaches them through ``PGPASSWORD`` in their environment, never on the command line
where any user of the machine can read it (``ps``). Backups are readable by their owner
only (0600), whatever the umask, because they hold every interview.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from .dburl import without_password
from .errors import SigqualError
from .store import Store

PRIVATE_FILE = 0o600


def create_private(path: Path) -> None:
    """Create ``path`` empty and owner-only (fails if it exists), before anything is written."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.close(fd)
    os.chmod(path, PRIVATE_FILE)  # the umask may have taken bits away, never added: be exact


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
    create_private(partial)  # VACUUM INTO accepts an empty file and keeps its mode
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
    if not target.parent.exists():
        target.parent.mkdir(parents=True, mode=0o700)
        os.chmod(target.parent, 0o700)
    tmp = target.with_name(target.name + ".restoring")
    tmp.unlink(missing_ok=True)
    create_private(tmp)
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)
    Store.open(url).close()  # migrate an older backup to the current schema
    return kept


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise SigqualError(msgid="error.backup.needed_back_up_restore", params={"name": name})
    return found


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL for libpq without its password, and an environment carrying the password."""
    clean, password = without_password(make_url(url).set(drivername="postgresql"))
    env = dict(os.environ)
    if password is not None:
        env["PGPASSWORD"] = password
    return clean, env


def _pg_dump(url: str, dest: Path) -> Path:
    target, env = _libpq(url)
    create_private(dest)
    result = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--file", str(dest), target],
                            capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        dest.unlink(missing_ok=True)
        raise SigqualError(msgid="error.backup.pg_dump_failed", params={"value": result.stderr.strip()})
    os.chmod(dest, PRIVATE_FILE)
    return dest


def _pg_restore(source: Path, url: str) -> None:
    target, env = _libpq(url)
    result = subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                             "--dbname", target, str(source)],
                            capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        raise SigqualError(msgid="error.backup.pg_restore_failed",
                           params={"value": result.stderr.strip()}, file=str(source))
