"""The Administration page: members and roles, user accounts, and the audit log with its
filters, before/after view and both download buttons pressed."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from sigqual.store import Store

from .helpers import CODEBOOK, Served, no_exceptions, texts


@pytest.fixture
def project(ui_store: Store) -> int:
    pid = ui_store.create_project("Studie", CODEBOOK, actor="eva")
    ui_store.update_project_settings(pid, {"tables": {"lang": "en"}}, actor="omar")
    ui_store.create_user("eva", "evas långa lösen", display_name="Eva Ek")
    return pid


def test_single_user_mode_explains_accounts_and_shows_every_tab(open_app: Callable[..., AppTest],
                                                                 project: int) -> None:
    at = open_app("admin")
    no_exceptions(at)
    assert texts(at.title) == ["Administration"]
    assert any("sigqual serve --team" in c for c in texts(at.caption))
    assert [t.label for t in at.tabs] == ["Medlemmar", "Användare", "Ändringslogg"]


def test_grant_and_revoke_a_role(open_app: Callable[..., AppTest], project: int,
                                 ui_store: Store) -> None:
    at = open_app("admin")
    assert "Projektet har inga medlemmar ännu." in texts(at.info)
    at.selectbox(key="admin-grant-user").set_value("eva")
    at.selectbox(key="admin-grant-role").set_value("admin")
    at.button(key="admin-grant").click().run()
    no_exceptions(at)
    assert "eva är nu administratör i projektet." in texts(at.success)
    assert ui_store.members(project) == [("eva", "admin")]
    assert at.dataframe[0].value.to_dict("records") == [
        {"username": "eva", "display_name": "Eva Ek", "role": "administratör"}]
    at.button(key="admin-revoke").click().run()
    assert "eva är inte längre medlem i projektet." in texts(at.success)
    assert ui_store.members(project) == []


def _create(at: AppTest, username: str, password: str, repeated: str, *, admin: bool = False) -> None:
    at.text_input(key="admin-new-username").set_value(username)
    at.text_input(key="admin-new-name").set_value(username.title())
    at.text_input(key="admin-new-password").set_value(password)
    at.text_input(key="admin-new-repeat").set_value(repeated)
    at.checkbox(key="admin-new-is-admin").set_value(admin)
    next(b for b in at.button if b.label == "Skapa kontot").click().run()
    no_exceptions(at)


@pytest.mark.parametrize(
    ("username", "password", "repeated", "message"),
    [("lena", "lenas långa lösen", "lenas långa lösen", None),
     ("lena", "lenas långa lösen", "lenas andra lösen", "fält 'password': de två lösenorden skiljer sig åt"),
     ("lena", "kort", "kort", "ett lösenord behöver minst 10 tecken"),
     ("eva", "evas andra lösen", "evas andra lösen", "användaren 'eva' finns redan"),
     ("två ord", "ett långt lösen", "ett långt lösen", "ett användarnamn måste vara ett ord")],
)
def test_create_an_account(open_app: Callable[..., AppTest], project: int, ui_store: Store,
                           username: str, password: str, repeated: str, message: str | None) -> None:
    at = open_app("admin")
    _create(at, username, password, repeated)
    if message is None:
        assert "Kontot lena skapades." in texts(at.success)
        assert ui_store.authenticate("lena", password) is not None
        assert list(at.dataframe[0].value["username"]) == ["eva", "lena"]
    else:
        assert any(message in e for e in texts(at.error)), texts(at.error)
        assert [u.username for u in ui_store.list_users()] == ["eva"]


def test_disable_enable_and_reset_password(open_app: Callable[..., AppTest], project: int,
                                           ui_store: Store) -> None:
    at = open_app("admin")
    at.selectbox(key="admin-manage-user").set_value("eva").run()
    at.button(key="admin-disable").click().run()
    assert "Kontot eva är avstängt." in texts(at.success)
    assert ui_store.authenticate("eva", "evas långa lösen") is None
    at.button(key="admin-enable").click().run()
    assert ui_store.authenticate("eva", "evas långa lösen") is not None
    at.text_input(key="admin-reset-pw").set_value("ett helt nytt lösen")
    at.text_input(key="admin-reset-repeat").set_value("ett helt nytt lösen")
    next(b for b in at.button if b.label == "Byt lösenord").click().run()
    no_exceptions(at)
    assert "Lösenordet för eva är bytt." in texts(at.success)
    assert ui_store.authenticate("eva", "ett helt nytt lösen") is not None
    assert ui_store.authenticate("eva", "evas långa lösen") is None


def test_audit_log_filters_details_and_downloads(open_app: Callable[..., AppTest], project: int,
                                                 ui_store: Store,
                                                 served: Callable[[object], Served]) -> None:
    at = open_app("admin")
    no_exceptions(at)
    total = len(ui_store.audit_frame(project))
    assert f"{total} av {total} poster. Tider i UTC." in texts(at.caption)
    at.multiselect(key="admin-audit-actors").set_value(["omar"]).run()
    no_exceptions(at)
    assert f"1 av {total} poster. Tider i UTC." in texts(at.caption)
    shown = at.dataframe[-2].value
    assert list(shown["actor"]) == ["omar"] and list(shown["entity"]) == ["project"]
    details = at.dataframe[-1].value
    assert list(details["field"]) == ["settings"]
    assert "\"lang\": \"en\"" in details["after"][0]
    for fmt in ("csv", "xlsx"):
        at.download_button(key=f"admin-audit-{fmt}").click()
    at.run()
    got_csv = served(at.download_button(key="admin-audit-csv"))
    assert got_csv.file_name == "studie-andringslogg.csv"
    rows = list(csv.reader(io.StringIO(got_csv.data.decode("utf-8-sig"))))
    actors = [r[2] for r in rows if len(r) > 2 and r[0].isdigit()]
    assert actors == ["omar"]
    got_xlsx = served(at.download_button(key="admin-audit-xlsx"))
    sheet = load_workbook(io.BytesIO(got_xlsx.data)).worksheets[0]
    assert "omar" in [c.value for row in sheet.iter_rows() for c in row]
    # The whole server also holds the account entries, which belong to no project.
    at.segmented_control(key="admin-audit-scope").set_value("server")
    at.multiselect(key="admin-audit-actors").set_value([])
    at.multiselect(key="admin-audit-entities").set_value(["user"]).run()
    no_exceptions(at)
    assert list(at.dataframe[-2].value["entity"]) == ["user"]


def test_team_mode_a_project_admin_cannot_manage_accounts(open_app: Callable[..., AppTest],
                                                          project: int, ui_store: Store,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGQUAL_TEAM", "1")
    ui_store.grant(project, "eva", "admin")
    at = open_app("admin")
    at.session_state["sigqual.user"] = ui_store.authenticate("eva", "evas långa lösen")
    at.run()
    no_exceptions(at)
    assert [t.label for t in at.tabs] == ["Medlemmar", "Användare", "Ändringslogg"]
    assert "Det här får bara serveradministratörer göra." in texts(at.warning)
    assert not [b for b in at.button if b.label == "Skapa kontot"]
    assert at.button(key="admin-grant")
    assert at.segmented_control(key="admin-audit-scope").options == ["Det här projektet"]


def test_a_server_admin_cannot_disable_themself(open_app: Callable[..., AppTest], project: int,
                                                ui_store: Store,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGQUAL_TEAM", "1")
    ui_store.create_user("root", "roots långa lösen", is_admin=True)
    at = open_app("admin")
    at.session_state["sigqual.user"] = ui_store.authenticate("root", "roots långa lösen")
    at.run()
    at.selectbox(key="admin-manage-user").set_value("root").run()
    assert "Du kan inte stänga av ditt eget konto." in texts(at.caption)
    assert not [b for b in at.button if b.key == "admin-disable"]
