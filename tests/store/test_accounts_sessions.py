"""Session epochs: which account changes end the sessions opened before them, and removal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from sigqual.errors import StoreError
from sigqual.store import Store
from sigqual.store import migrations as mig
from sigqual.store.schema import SCHEMA_VERSION, metadata, schema_info

from ..pg import fresh_pg_database
from .helpers import CODEBOOK, add_doc

PASSWORD = "korrekt-häst-batteri"
NEW_PASSWORD = "ett helt annat lösen"


@pytest.fixture
def team(store: Store) -> tuple[Store, int]:
    pid = store.create_project("Team", CODEBOOK)
    store.create_user("anna", PASSWORD, display_name="Anna A")
    store.create_user("root", PASSWORD + "!", is_admin=True)
    store.grant(pid, "anna", "coder")
    return store, pid


def test_get_user_reads_the_current_state(team) -> None:
    store, _ = team
    anna = store.get_user(" ANNA ")
    assert anna is not None and (anna.username, anna.display_name, anna.disabled) == (
        "anna", "Anna A", False)
    assert len(anna.epoch) == 32
    assert anna.epoch != store.get_user("root").epoch
    assert store.authenticate("anna", PASSWORD) == anna
    assert store.get_user("zed") is None
    store.set_user_disabled("anna", True)
    assert store.get_user("anna").disabled is True


# (change, does the earlier session end?)
CHANGES: list[tuple[str, Callable[[Store, int], None], bool]] = [
    ("password reset", lambda s, _p: s.set_password("anna", NEW_PASSWORD), True),
    ("disable", lambda s, _p: s.set_user_disabled("anna", True), True),
    ("disable and enable again", lambda s, _p: (s.set_user_disabled("anna", True),
                                                s.set_user_disabled("anna", False)), True),
    ("remove", lambda s, _p: s.remove_user("anna"), True),
    ("remove and re-create the name", lambda s, _p: (s.remove_user("anna"),
                                                     s.create_user("anna", PASSWORD)), True),
    ("demote", lambda s, p: s.grant(p, "anna", "reader"), False),
    ("revoke the role", lambda s, p: s.revoke(p, "anna"), False),
    ("another user's password", lambda s, _p: s.set_password("root", NEW_PASSWORD), False),
    ("enable an active account", lambda s, _p: s.set_user_disabled("anna", False), False),
]


@pytest.mark.parametrize(("change", "ends"), [(c[1], c[2]) for c in CHANGES],
                         ids=[c[0] for c in CHANGES])
def test_which_changes_end_open_sessions(team, change, ends: bool) -> None:
    store, pid = team
    signed_in = store.authenticate("anna", PASSWORD)
    assert store.session_user("anna", signed_in.epoch) == signed_in
    change(store, pid)
    still = store.session_user("anna", signed_in.epoch)
    assert (still is None) is ends
    if not ends:
        assert still.epoch == signed_in.epoch


def test_a_session_without_an_epoch_is_refused(team) -> None:
    store, _ = team
    assert store.session_user("anna", "") is None
    assert store.session_user("zed", store.get_user("anna").epoch) is None


def test_after_a_reset_only_the_new_password_signs_in(team) -> None:
    store, _ = team
    store.set_password("anna", NEW_PASSWORD, actor="root")
    assert store.authenticate("anna", PASSWORD) is None
    fresh = store.authenticate("anna", NEW_PASSWORD)
    assert fresh is not None and store.session_user("anna", fresh.epoch) == fresh
    entry = store.audit_frame().iloc[0]
    assert (entry["actor"], entry["entity"], entry["after"]["password"]) == ("root", "user", "changed")


@pytest.mark.parametrize(
    ("change", "message"),
    [(lambda s: s.set_password("anna", "kort"), "at least"),
     (lambda s: s.set_password("zed", NEW_PASSWORD), "no user 'zed'"),
     (lambda s: s.set_user_disabled("zed", True), "no user 'zed'"),
     (lambda s: s.remove_user("zed"), "no user 'zed'"),
     (lambda s: s.set_user_disabled("root", True), "last active server administrator"),
     (lambda s: s.remove_user("root"), "last active server administrator")],
)
def test_a_refused_change_keeps_every_epoch(team, change, message: str) -> None:
    store, _ = team
    before = {u.username: u for u in store.list_users()}
    audit_rows = len(store.audit_frame(limit=10_000))
    with pytest.raises(StoreError, match=message):
        change(store)
    assert {u.username: u for u in store.list_users()} == before
    assert len(store.audit_frame(limit=10_000)) == audit_rows


def test_the_last_admin_may_go_once_there_is_another(team) -> None:
    store, _ = team
    store.create_user("bo", PASSWORD, is_admin=True)
    store.set_user_disabled("root", True)
    with pytest.raises(StoreError, match="last active server administrator"):
        store.remove_user("bo")
    store.remove_user("root")
    assert [u.username for u in store.list_users()] == ["anna", "bo"]


def test_removal_keeps_codings_memos_and_the_audit_trail(team) -> None:
    store, pid = team
    doc = add_doc(store, pid)
    store.add_coding(pid, doc, "ff-struktur", 3, 18, coder="anna", actor="anna")
    store.add_memo(pid, "Viktigt stycke.", author="anna", document_id=doc)
    store.remove_user("anna", actor="root")
    assert store.get_user("anna") is None
    assert store.members(pid) == []
    assert [c.coder for c in store.list_codings(pid)] == ["anna"]
    assert [m.author for m in store.list_memos(pid)] == ["anna"]
    log = store.audit_frame(limit=10_000)
    assert "anna" in set(log["actor"])  # her own entries stay
    removal = log.iloc[0]
    assert (removal["actor"], removal["action"], removal["entity"]) == ("root", "delete", "user")
    assert removal["before"]["username"] == "anna" and removal["before"]["roles"] == {"Team": "coder"}
    # The name can be given again; the new account starts without roles.
    store.create_user("anna", NEW_PASSWORD)
    assert store.role_of(pid, "anna") is None


def test_disable_is_audited_with_before_and_after(team) -> None:
    store, _ = team
    store.set_user_disabled("Anna", True, actor="root")
    entry = store.audit_frame().iloc[0]
    assert (entry["before"]["disabled"], entry["after"]["disabled"]) == (False, True)
    assert store.role_of(store.list_projects()[0].id, "anna") is None


def _version2_database(url: str) -> None:
    """A database as version 2 left it: users without the epoch column, stamped 2."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.execute(text("ALTER TABLE users DROP COLUMN session_epoch"))
        conn.execute(schema_info.insert().values(version=2, applied_at=datetime.now(UTC)))
    engine.dispose()
    old = Store.open(url, migrate_schema=False)
    stamp = datetime.now(UTC)
    with old.transaction() as tx:
        for name in ("anna", "bo"):
            tx.conn.execute(text(
                "INSERT INTO users (username, display_name, password_hash, is_admin, disabled, "
                "created_at, updated_at) VALUES (:u, :u, :h, :a, :d, :t, :t)"),
                {"u": name, "h": _hash(PASSWORD), "a": False, "d": False, "t": stamp})
    old.close()


def _hash(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_version2_database_gains_session_epochs(backend: str, tmp_path: Path) -> None:
    def check(url: str) -> None:
        _version2_database(url)
        store = Store.open(url)
        try:
            with store.reading() as conn:
                assert mig.current_version(conn) == SCHEMA_VERSION
            anna, bo = store.list_users()
            assert len(anna.epoch) == 32 and len(bo.epoch) == 32 and anna.epoch != bo.epoch
            signed_in = store.authenticate("anna", PASSWORD)
            assert signed_in is not None and store.session_user("anna", signed_in.epoch)
            store.set_password("anna", NEW_PASSWORD)
            assert store.session_user("anna", signed_in.epoch) is None
            # A second open runs nothing again.
            with store.engine.begin() as conn:
                mig._v4_session_epoch(conn)
            assert store.list_users()[1] == bo
        finally:
            store.close()

    if backend == "sqlite":
        check(f"sqlite:///{tmp_path / 'v2.db'}")
    else:
        with fresh_pg_database() as url:
            check(url)
