"""Backups are consistent while the app writes, and restores bring them back."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sigqual.backup import backup, check_sqlite_file, restore
from sigqual.errors import SigqualError
from sigqual.store import Store

from ..faults.test_concurrency import WORKER, _prepare
from ..pg import fresh_pg_database


@pytest.mark.slow
@pytest.mark.xdist_group("faults")
def test_backup_while_writing_is_consistent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    pid, doc_id = _prepare(url)
    writer = subprocess.Popen([sys.executable, str(WORKER), url, str(pid), str(doc_id), "anna", "0",
                               "1500"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    counts = []
    for i, _line in enumerate(writer.stdout):
        if i in (50, 400, 900):
            snap = backup(Store.open(url), tmp_path / f"snap-{i}.db")
            check_sqlite_file(snap)
            copy = Store.open(snap)
            starts = sorted(c.start for c in copy.list_codings(pid))
            # a snapshot holds a gap-free prefix of what the writer committed
            assert starts == list(range(len(starts))) and len(starts) >= i + 1
            counts.append(len(starts))
            copy.close()
    assert writer.wait(timeout=300) == 0
    assert counts == sorted(counts)


def test_restore_replaces_and_keeps_the_old_database(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    url = f"sqlite:///{live}"
    pid, doc_id = _prepare(url)
    store = Store.open(url)
    store.add_coding(pid, doc_id, "ff-struktur", 0, 4, coder="anna")
    snap = backup(store, tmp_path / "snap.db")
    store.add_coding(pid, doc_id, "ff-struktur", 5, 9, coder="anna")
    store.close()
    with pytest.raises(SigqualError, match="already exists"):
        restore(snap, url)
    kept = restore(snap, url, force=True)
    assert kept is not None and kept.exists()
    assert [c.start for c in Store.open(url).list_codings(pid)] == [0]
    assert sorted(c.start for c in Store.open(kept).list_codings(pid)) == [0, 5]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "not a sigqual database"), (b"hello world" * 100, "not a SQLite database")],
)
def test_restore_refuses_files_that_are_not_backups(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    if not content:
        sqlite3.connect(bad).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(SigqualError, match=message):
        restore(bad, f"sqlite:///{tmp_path / 'target.db'}")
    assert not (tmp_path / "target.db").exists()


def test_backup_refuses_to_overwrite(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "a.db")
    (tmp_path / "taken.db").write_bytes(b"x")
    with pytest.raises(SigqualError, match="already exists"):
        backup(store, tmp_path / "taken.db")


def test_postgresql_backup_and_restore(tmp_path: Path) -> None:
    with fresh_pg_database() as url:
        pid, doc_id = _prepare(url)
        store = Store.open(url)
        store.add_coding(pid, doc_id, "ff-struktur", 0, 4, coder="anna")
        dump = backup(store, tmp_path / "pg.dump")
        store.add_coding(pid, doc_id, "ff-struktur", 5, 9, coder="anna")
        store.close()
        restore(dump, url)
        assert [c.start for c in Store.open(url).list_codings(pid)] == [0]
