"""Commands act as the local user, or with ``--as`` as a team account and its current role."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigqual.cli import main
from sigqual.store import Store

PASSWORD = "ett långt lösenord"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "team.db")
    store = Store.open(path)
    for name in ("anna", "eva"):
        store.create_user(name, PASSWORD)
    store.close()
    return path


def test_init_as_an_account_makes_it_the_projects_admin(db: str, capsys: pytest.CaptureFixture) -> None:
    store = Store.open(db)
    other = store.create_project("Annat", store_codebook())
    store.grant(other, "anna", "coder")  # a coder somewhere may create projects
    assert main(["init", "Studie", "--db", db, "--as", "anna"]) == 0
    pid = store.find_project("Studie").id  # type: ignore[union-attr]
    assert store.role_of(pid, "anna") == "admin"
    assert main(["init", "Lokalt", "--db", db]) == 0  # the local user: no account, no role
    assert store.members(store.find_project("Lokalt").id) == []  # type: ignore[union-attr]
    store.close()


@pytest.mark.parametrize(("role", "allowed"), [("reader", False), ("coder", True), (None, False)])
def test_import_as_an_account_needs_the_coder_role(db: str, tmp_path: Path, role: str | None,
                                                  allowed: bool, capsys: pytest.CaptureFixture) -> None:
    store = Store.open(db)
    pid = store.create_project("Studie", store_codebook())
    if role:
        store.grant(pid, "eva", role)
    transcript = tmp_path / "for-01.txt"
    transcript.write_text("I: Hur var det?\nIP: Bra.\n", encoding="utf-8")
    code = main(["import", str(transcript), "--db", db, "--project", "Studie", "--as", "eva"])
    err = capsys.readouterr().err
    assert (code == 0) is allowed, err
    assert len(store.list_documents(pid)) == (1 if allowed else 0)
    if not allowed:
        assert "needs the role coder" in err
        audit = store.audit_frame(pid)
        assert list(audit[audit["action"] == "denied"]["actor"]) == ["eva"]
    store.close()


def store_codebook():  # noqa: ANN201
    from sigqual.codebook import load_bundled_codebook

    return load_bundled_codebook()
