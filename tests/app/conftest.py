"""The layer's tests run on SQLite and, where configured, on PostgreSQL.

Hashing passwords is slow on purpose, so the accounts and the project are built once
per backend into a template; each test gets a copy (a file copy on SQLite, ``CREATE
DATABASE ... TEMPLATE`` on PostgreSQL) and only sets ``anna``'s role.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sigqual.store import Store

from ..pg import fresh_pg_database, pg_admin_url
from ..store.helpers import CODEBOOK, TEXT, add_doc

PASSWORD = "ett långt lösenord"


@dataclass(frozen=True)
class Team:
    """A project where ``anna`` (the actor under test) and ``bo`` (a coder) both have rows."""

    store: Store
    pid: int
    doc: int
    anna_coding: int
    bo_coding: int
    anna_memo: int
    bo_memo: int


def _build(store: Store) -> None:
    for name, admin in (("anna", False), ("bo", False), ("root", True)):
        store.create_user(name, PASSWORD, is_admin=admin)
    pid = store.create_project("Lager", CODEBOOK)
    doc = add_doc(store, pid)
    store.grant(pid, "bo", "coder")
    end = TEXT.index("\n")
    store.add_coding(pid, doc, "ff-struktur", 3, end, coder="anna")
    store.add_coding(pid, doc, "ff-struktur", 3, end, coder="bo")
    store.add_memo(pid, "Annas tanke", author="anna")
    store.add_memo(pid, "Bos tanke", author="bo")


def _team(store: Store, anna_role: str | None) -> Team:
    """``anna_role`` None: no membership; ``disabled``: a coder whose account is disabled."""
    pid = store.find_project("Lager").id  # type: ignore[union-attr]
    if anna_role == "disabled":
        store.grant(pid, "anna", "coder")
        store.set_user_disabled("anna", True)
    elif anna_role is not None:
        store.grant(pid, "anna", anna_role)
    codings = {c.coder: c.id for c in store.list_codings(pid)}
    memos = {m.author: m.id for m in store.list_memos(pid)}
    doc = store.list_documents(pid)[0].id
    return Team(store, pid, doc, codings["anna"], codings["bo"], memos["anna"], memos["bo"])


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("layer") / "template.db"
    store = Store.open(path)
    _build(store)
    store.close()
    return path


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[str]:
    pg_admin_url()
    with fresh_pg_database() as url:
        store = Store.open(url)
        _build(store)
        store.close()
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def team_of(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str | None], Team]]:
    """A factory: a fresh copy of the team project with anna in the given role."""
    opened: list[Store] = []
    cleanups: list[Callable[[], None]] = []

    def make(role: str | None) -> Team:
        if request.param == "sqlite":
            target = tmp_path / f"team-{len(opened)}.db"
            shutil.copyfile(request.getfixturevalue("_sqlite_template"), target)
            store = Store.open(target)
        else:
            store = Store.open(_pg_copy(request.getfixturevalue("_pg_template"), cleanups))
        opened.append(store)
        return _team(store, role)

    yield make
    for store in opened:
        store.close()
    for cleanup in cleanups:
        cleanup()


def _pg_copy(template_url: str, cleanups: list[Callable[[], None]]) -> str:
    admin = create_engine(pg_admin_url().replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    template = make_url(template_url).database
    name = f"sq_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    cleanups.append(drop)
    return make_url(pg_admin_url()).set(database=name).render_as_string(hide_password=False)
