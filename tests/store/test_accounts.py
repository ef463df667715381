"""Accounts, password hashing and project roles."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sigqual.errors import StoreError
from sigqual.store import Store, role_allows
from sigqual.store.schema import users

from .helpers import CODEBOOK

PASSWORD = "korrekt-häst-batteri"


@pytest.fixture
def team(store: Store) -> tuple[Store, int]:
    pid = store.create_project("Team", CODEBOOK)
    store.create_user("anna", PASSWORD, display_name="Anna A")
    store.create_user("root", PASSWORD + "!", is_admin=True)
    return store, pid


def test_passwords_are_hashed_with_argon2(team) -> None:
    store, _ = team
    with store.reading() as conn:
        stored = conn.execute(select(users.c.password_hash).where(users.c.username == "anna")).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("username", "password", "ok"),
    [("anna", PASSWORD, True), ("ANNA ", PASSWORD, True), ("anna", PASSWORD.upper(), False),
     ("bo", PASSWORD, False), ("anna", "", False)],
)
def test_authenticate(team, username, password, ok) -> None:
    store, _ = team
    user = store.authenticate(username, password)
    assert (user is not None) == ok
    if ok:
        assert user.username == "anna" and user.display_name == "Anna A"


def test_disabled_user_cannot_log_in(team) -> None:
    store, _ = team
    store.set_user_disabled("anna", True)
    assert store.authenticate("anna", PASSWORD) is None


@pytest.mark.parametrize(("password", "message"), [("kort", "at least"), ("aaaaaaaaaaaa", "too simple")])
def test_weak_passwords_are_refused(store: Store, password: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        store.create_user("bo", password)
    assert store.list_users() == []


def test_roles_per_project(team) -> None:
    store, pid = team
    assert store.role_of(pid, "anna") is None
    store.grant(pid, "anna", "reader")
    store.grant(pid, "anna", "coder")
    assert store.role_of(pid, "anna") == "coder"
    assert store.members(pid) == [("anna", "coder")]
    assert store.role_of(pid, "root") == "admin"
    store.revoke(pid, "anna")
    assert store.role_of(pid, "anna") is None


@pytest.mark.parametrize(
    ("role", "needed", "allowed"),
    [("admin", "coder", True), ("coder", "coder", True), ("reader", "coder", False),
     (None, "reader", False), ("coder", "admin", False)],
)
def test_role_order(role, needed, allowed) -> None:
    assert role_allows(role, needed) is allowed


def test_grant_errors(team) -> None:
    store, pid = team
    with pytest.raises(StoreError, match="role must be one of"):
        store.grant(pid, "anna", "owner")
    with pytest.raises(StoreError, match="no user 'zed'"):
        store.grant(pid, "zed", "coder")
    with pytest.raises(StoreError, match="already exists"):
        store.create_user("anna", PASSWORD)
