"""Passwords stay off command lines and out of output; data files are owner-only."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from sigqual import backup as backup_module
from sigqual.backup import backup, restore
from sigqual.cli import main
from sigqual.codebook import load_bundled_codebook
from sigqual.dburl import mask_url, without_password
from sigqual.privacy.keyfile import save_key
from sigqual.privacy.mapping import Pseudonymizer
from sigqual.store import Store

from ..pg import fresh_pg_database


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


MASKED = [
    ("password", "postgresql://sigqual:hemligt@db.example/sigqual", "postgresql://sigqual:***@db.example/sigqual"),
    ("escaped password", "postgresql+psycopg://anna:p%40ss%2Fw@localhost:5432/sq",
     "postgresql+psycopg://anna:***@localhost:5432/sq"),
    ("password in the query", "postgresql://anna@h/sq?password=hemligt&sslmode=require",
     "postgresql://anna@h/sq?password=%2A%2A%2A&sslmode=require"),
    ("no password", "postgresql://anna@h/sq", "postgresql://anna@h/sq"),
    ("sqlite", "sqlite:////tmp/x/sigqual.db", "sqlite:////tmp/x/sigqual.db"),
    ("unparseable", "weird ://anna:hemligt@host", "weird ://anna:***@host"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "shown"), [c[1:] for c in MASKED], ids=[c[0] for c in MASKED])
def test_printed_urls_hide_the_password(url: str, shown: str) -> None:
    assert mask_url(url) == shown
    assert "hemligt" not in mask_url(url) and "p%40ss" not in mask_url(url)


def test_libpq_gets_the_url_without_password_and_the_password_apart() -> None:
    assert without_password("postgresql://anna:p%40ss@h:5432/sq?sslmode=require") == (
        "postgresql://anna@h:5432/sq?sslmode=require", "p@ss")
    assert without_password("postgresql://anna@h/sq?password=zz") == ("postgresql://anna@h/sq", "zz")


def test_pg_dump_and_restore_never_see_the_password_in_argv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_022: None
) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []
    real_run = subprocess.run

    def spy(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        calls.append((list(args), dict(kwargs.get("env") or {})))  # type: ignore[arg-type]
        return real_run(args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(backup_module.subprocess, "run", spy)
    with fresh_pg_database() as url:
        password = Store.open(url).engine.url.password
        assert password, "the test database URL must carry a password"
        store = Store.open(url)
        store.create_project("Hemlig", load_bundled_codebook())
        dump = backup(store, tmp_path / "pg.dump")
        assert _mode(dump) == 0o600
        restore(dump, url)
        store.close()
    assert [Path(args[0]).name for args, _ in calls] == ["pg_dump", "pg_restore"]
    for args, env in calls:
        assert not any(f":{password}@" in arg for arg in args)
        assert env.get("PGPASSWORD") == password


def test_sqlite_files_and_backups_are_owner_only(tmp_path: Path, umask_022: None) -> None:
    folder = tmp_path / "data" / "sigqual"
    db = folder / "sigqual.db"
    store = Store.open(f"sqlite:///{db}")
    store.create_project("P", load_bundled_codebook())
    assert _mode(folder) == 0o700
    assert _mode(db) == 0o600
    with store.engine.connect() as conn:  # WAL files exist while a connection is open
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchall()
        sidecars = [p for p in (Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()]
        assert sidecars, "WAL mode keeps -wal/-shm files while a connection is open"
        assert [_mode(p) for p in sidecars] == [0o600] * len(sidecars)
    snapshot = backup(store, tmp_path / "snap.db")
    assert _mode(snapshot) == 0o600
    store.close()
    target = tmp_path / "restored" / "sigqual.db"
    restore(snapshot, f"sqlite:///{target}")
    assert _mode(target) == 0o600
    assert _mode(target.parent) == 0o700


def test_an_old_world_readable_database_is_tightened_on_open(tmp_path: Path, umask_022: None) -> None:
    db = tmp_path / "old.db"
    Store.open(f"sqlite:///{db}").close()
    os.chmod(db, 0o644)
    Store.open(f"sqlite:///{db}").close()
    assert _mode(db) == 0o600


def test_key_files_are_owner_only(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "nyckel.sqkey"
    save_key(path, Pseudonymizer(), "lösenord med många ord")
    assert _mode(path) == 0o600


@pytest.mark.parametrize("command", ["init", "demo"])
def test_init_and_demo_print_the_url_without_password(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with fresh_pg_database() as url:
        password = Store.open(url).engine.url.password
        args = ["init", "Hemlig"] if command == "init" else ["demo"]
        assert main([*args, "--db", url]) == 0
        out = capsys.readouterr().out
    assert password and f":{password}@" not in out
    assert ":***@" in out
