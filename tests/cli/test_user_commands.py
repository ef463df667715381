"""``sigqual user disable|enable|remove|passwd``: state, audit entries, ended sessions, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigqual.cli import main
from sigqual.store import Store

PASSWORD = "annas långa lösen"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SIGQUAL_USER", "driftansvarig")
    path = str(tmp_path / "team.db")
    store = Store.open(path)
    store.create_user("anna", PASSWORD, display_name="Anna A")
    store.create_user("root", PASSWORD + "!", is_admin=True)
    store.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _state(db: str) -> dict[str, tuple[bool, str]]:
    store = Store.open(db)
    try:
        return {u.username: (u.disabled, u.epoch) for u in store.list_users()}
    finally:
        store.close()


def _latest_audit(db: str) -> dict[str, object]:
    store = Store.open(db)
    try:
        return store.audit_frame().iloc[0].to_dict()
    finally:
        store.close()


@pytest.mark.parametrize(
    ("argv", "output", "disabled", "epoch_changes"),
    [
        (["disable", "anna"], "disabled 'anna'; open sessions end at their next request", True, True),
        (["disable", "ANNA"], "disabled 'ANNA'", True, True),
        (["enable", "anna"], "'anna' was already enabled", False, False),
    ],
)
def test_disable_and_enable(capsys, db: str, argv: list[str], output: str, disabled: bool,
                            epoch_changes: bool) -> None:
    before = _state(db)
    code, out, err = run(capsys, "user", *argv, "--db", db)
    assert (code, err) == (0, "") and output in out
    after = _state(db)
    assert after["anna"][0] is disabled
    assert (after["anna"][1] != before["anna"][1]) is epoch_changes
    assert after["root"] == before["root"]


def test_disable_then_enable_is_audited_and_signs_in_again(capsys, db: str) -> None:
    assert run(capsys, "user", "disable", "anna", "--db", db)[0] == 0
    entry = _latest_audit(db)
    assert (entry["actor"], entry["entity"], entry["after"]["disabled"]) == (
        "driftansvarig", "user", True)
    store = Store.open(db)
    assert store.authenticate("anna", PASSWORD) is None
    code, out, _ = run(capsys, "user", "enable", "anna", "--db", db)
    assert code == 0 and "enabled 'anna'" in out
    assert store.authenticate("anna", PASSWORD) is not None
    assert run(capsys, "user", "disable", "anna", "--db", db)[0] == 0
    assert "'anna' was already disabled" in run(capsys, "user", "disable", "anna", "--db", db)[1]
    store.close()


def test_remove_keeps_the_name_in_the_audit_trail(capsys, db: str) -> None:
    code, out, err = run(capsys, "user", "remove", "anna", "--db", db)
    assert (code, err) == (0, "")
    assert "removed 'anna'; codings, memos and the audit log keep the name" in out
    assert list(_state(db)) == ["root"]
    entry = _latest_audit(db)
    assert (entry["actor"], entry["action"], entry["before"]["username"]) == (
        "driftansvarig", "delete", "anna")
    code, out, _ = run(capsys, "user", "list", "--db", db)
    assert code == 0 and "anna" not in out and "root" in out


def test_passwd_ends_the_sessions_signed_in_before(capsys, db: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    before = _state(db)
    monkeypatch.setenv("NYTT_LOSEN", "ett helt nytt lösen")
    code, out, _ = run(capsys, "user", "passwd", "anna", "--password-env", "NYTT_LOSEN", "--db", db)
    assert code == 0 and "sessions signed in before end at their next request" in out
    assert _state(db)["anna"][1] != before["anna"][1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["disable", "zed"], "sigqual: no user 'zed'"),
        (["enable", "zed"], "sigqual: no user 'zed'"),
        (["remove", "zed"], "sigqual: no user 'zed'"),
        (["remove", "root"], "sigqual: cannot remove 'root': it is the last active server administrator"),
        (["disable", "root"], "sigqual: cannot disable 'root': it is the last active server administrator"),
    ],
)
def test_errors_change_nothing(capsys, db: str, argv: list[str], message: str) -> None:
    before = _state(db)
    code, out, err = run(capsys, "user", *argv, "--db", db)
    assert code == 2 and out == ""
    assert err.startswith(message), err
    assert _state(db) == before


def test_the_commands_are_listed_in_the_help(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["user", "--help"])
    out = capsys.readouterr().out
    for action in ("add", "passwd", "grant", "list", "disable", "enable", "remove"):
        assert action in out
