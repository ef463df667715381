"""Team mode (SIGQUAL_TEAM=1): the login gate, who the app says is acting, which projects
a user sees, and role checks on the pages (a reader cannot code or administer)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.app import ProjectSession, local_actor
from sigqual.errors import InputError
from sigqual.ingest import segment
from sigqual.store import Store
from sigqual.ui.access import role_for
from sigqual.ui.exchange_view import build_project_archive

from .helpers import CODEBOOK, choose_project, no_exceptions, open_project_tab, texts

PASSWORDS = {"eva": "evas långa lösen", "omar": "omars långa lösen", "root": "roots långa lösen",
             "lena": "lenas långa lösen"}


@pytest.fixture
def team(monkeypatch: pytest.MonkeyPatch, ui_store: Store) -> dict[str, int]:
    """Three projects; eva reads Alfa, omar codes Alfa and administers Beta, root is server admin."""
    monkeypatch.setenv("SIGQUAL_TEAM", "1")
    for name, password in PASSWORDS.items():
        ui_store.create_user(name, password, display_name=name.title(), is_admin=name == "root")
    ids = {name: ui_store.create_project(name, CODEBOOK) for name in ("Alfa", "Beta", "Gamma")}
    ui_store.grant(ids["Alfa"], "eva", "reader")
    ui_store.grant(ids["Alfa"], "omar", "coder")
    ui_store.grant(ids["Beta"], "omar", "admin")
    return ids


def _login(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login-username").set_value(username)
    at.text_input(key="login-password").set_value(password)
    next(b for b in at.button if b.label == "Logga in").click().run()
    no_exceptions(at)
    return at


def _signed_in(open_app: Callable[..., AppTest], username: str, page: str = "projekt") -> AppTest:
    return _login(open_app(page), username, PASSWORDS[username])


def test_the_login_page_comes_first_and_shows_nothing_else(open_app: Callable[..., AppTest],
                                                           team: dict[str, int]) -> None:
    at = open_app("export")
    no_exceptions(at)
    assert texts(at.title) == ["Logga in"]
    assert len(at.tabs) == 0 and len(at.download_button) == 0
    assert not at.sidebar.selectbox and [b.key for b in at.sidebar.button] == ["lang-switch"]
    assert not any("Alfa" in m for m in texts(at.markdown))


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [("eva", "fel lösenord!", "Inloggningen misslyckades"),
     ("ingen", "evas långa lösen", "Inloggningen misslyckades"),
     ("lena", "lenas långa lösen", "Inloggningen misslyckades"),  # disabled below
     ("eva", "", "Fyll i användarnamn och lösenord.")],
)
def test_login_failure(open_app: Callable[..., AppTest], team: dict[str, int], ui_store: Store,
                       username: str, password: str, message: str) -> None:
    ui_store.set_user_disabled("lena", True)
    at = _login(open_app(), username, password)
    assert texts(at.title) == ["Logga in"]
    assert any(e.startswith(message) for e in texts(at.error))
    assert at.session_state["sigqual.user"] is None


def test_login_success_shows_only_the_users_projects(open_app: Callable[..., AppTest],
                                                      team: dict[str, int]) -> None:
    at = _signed_in(open_app, "omar", "kodbok")
    assert texts(at.title) == ["Kodbok"]
    picker = at.selectbox(key="_project_widget")
    assert [picker.format_func(o) for o in picker.options] == ["Alfa", "Beta"]
    assert "Inloggad som **Omar** (omar)" in texts(at.sidebar.markdown)
    # The account replaces the typed coder name: changes are audited as this user.
    assert not [w for w in at.sidebar.text_input if w.key == "_coder_widget"]


def test_a_server_admin_sees_every_project(open_app: Callable[..., AppTest],
                                           team: dict[str, int]) -> None:
    at = _signed_in(open_app, "root")
    picker = at.selectbox(key="_project_widget")
    assert [picker.format_func(o) for o in picker.options] == ["Alfa", "Beta", "Gamma"]
    assert "serveradministratör" in texts(at.sidebar.caption)


def test_sign_out_and_an_account_disabled_while_signed_in(open_app: Callable[..., AppTest],
                                                          team: dict[str, int],
                                                          ui_store: Store) -> None:
    at = _signed_in(open_app, "eva")
    at.sidebar.button(key="login-logout").click().run()
    assert texts(at.title) == ["Logga in"]
    at = _login(at, "eva", PASSWORDS["eva"])
    assert texts(at.title) == ["Projekt"]
    ui_store.set_user_disabled("eva", True)
    at.run()
    assert texts(at.title) == ["Logga in"]
    assert "Din inloggning har avslutats: kontot är avstängt eller borttaget." in texts(at.warning)


def test_no_accounts_means_no_way_in(open_app: Callable[..., AppTest], ui_store: Store,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGQUAL_TEAM", "1")
    at = open_app()
    assert any("Servern har inga konton ännu" in e for e in texts(at.error))
    assert len(at.text_input) == 0


def test_actions_are_audited_as_the_signed_in_user(open_app: Callable[..., AppTest],
                                                   team: dict[str, int], ui_store: Store) -> None:
    at = _signed_in(open_app, "omar", "admin")
    choose_project(at, team["Beta"])
    at.selectbox(key="admin-grant-user").set_value("eva")
    at.selectbox(key="admin-grant-role").set_value("coder")
    at.button(key="admin-grant").click().run()
    no_exceptions(at)
    assert ui_store.role_of(team["Beta"], "eva") == "coder"
    latest = ui_store.audit_frame(team["Beta"]).iloc[0]
    assert (latest["actor"], latest["entity"], latest["after"]["role"]) == ("omar", "membership", "coder")


# -- role enforcement ----------------------------------------------------------

def _probe(needed: str, project: str | None) -> None:
    """A page of another engineer: checks a permission, then would do the work."""
    import os

    import streamlit as st

    from sigqual.store import Store as _Store
    from sigqual.ui import access, state

    store = _Store.open(os.environ["SIGQUAL_DATABASE_URL"])
    user = next(u for u in store.list_users() if u.username == st.session_state["who"])
    state.set_user(user)
    pid = store.find_project(project).id if project else None
    state.set_project(pid)
    st.session_state["allowed"] = access.allowed(needed)
    access.require(needed)
    st.markdown("work done")


@pytest.mark.parametrize(
    ("who", "needed", "project", "ok", "message"),
    [
        ("eva", "read", "Alfa", True, ""),
        ("eva", "export", "Alfa", True, ""),
        ("eva", "code", "Alfa", False, "Det här kräver rollen **kodare** i projektet Alfa. Du är läsare."),
        ("eva", "memo", "Alfa", False, "rollen **kodare**"),
        ("eva", "codebook", "Alfa", False, "rollen **administratör**"),
        ("eva", "read", "Beta", False, "Du är inte medlem."),
        ("omar", "code", "Alfa", True, ""),
        ("omar", "codebook", "Alfa", False, "rollen **administratör** i projektet Alfa. Du är kodare."),
        ("omar", "members", "Beta", True, ""),
        ("omar", "server", "Beta", False, "Det här får bara serveradministratörer göra."),
        ("root", "codebook", "Gamma", True, ""),
        ("root", "server", None, True, ""),
    ],
)
def test_role_checks(team: dict[str, int], who: str, needed: str, project: str | None, ok: bool,
                     message: str) -> None:
    at = AppTest.from_function(_probe, kwargs={"needed": needed, "project": project})
    at.session_state["who"] = who
    at.run()
    no_exceptions(at)
    assert at.session_state["allowed"] is ok
    assert ("work done" in texts(at.markdown)) is ok
    if not ok:
        assert any(message in w for w in texts(at.warning)), texts(at.warning)


def test_unknown_permission_is_a_programming_error() -> None:
    assert [role_for(n) for n in ("read", "code", "members", "coder", "server")] == [
        "reader", "coder", "admin", "coder", "server"]
    with pytest.raises(InputError, match="unknown permission 'fly'"):
        role_for("fly")


def test_a_reader_may_export_but_not_import_pseudonymise_or_administer(
        open_app: Callable[..., AppTest], team: dict[str, int]) -> None:
    at = _signed_in(open_app, "eva", "export")
    assert at.button(key="export-report-build")
    assert at.download_button(key="export-qdc")
    at.file_uploader[0].set_value(("p.qdpx", b"PK\x05\x06" + b"\0" * 18, "application/zip")).run()
    assert "Du får inte skapa projekt på den här servern. Be en administratör." in texts(at.warning)
    for page, title in (("avidentifiera", "Avidentifiera"), ("admin", "Administration")):
        other = _signed_in(open_app, "eva", page)
        assert texts(other.title) == [title]
        assert any("Du är läsare" in w for w in texts(other.warning))
        assert len(other.tabs) == 0 and [b.key for b in other.button] == ["lang-switch", "login-logout"]


def test_a_coder_reviews_but_only_an_admin_rewrites(open_app: Callable[..., AppTest],
                                                    team: dict[str, int], ui_store: Store) -> None:
    text = "I: Vad heter du?\nIP: Jag heter Ahmed.\n"
    ui_store.add_document(team["Alfa"], name="d", text=text, turns=segment(text),
                          attributes={"group": "foraldrar"})
    at = _signed_in(open_app, "omar", "avidentifiera")
    next(b for b in at.button if b.label == "Sök efter personuppgifter").click().run()
    no_exceptions(at)
    assert any(" fynd: " in m for m in texts(at.markdown))
    assert any("rollen **administratör**" in w for w in texts(at.warning))
    assert not [b for b in at.button if b.key == "avid-apply"]


def test_whoever_imports_a_project_administers_it(open_app: Callable[..., AppTest],
                                                  team: dict[str, int], ui_store: Store) -> None:
    text = "I: Hur var mötena?\nIP: Bra.\n"
    ui_store.add_document(team["Alfa"], name="d", text=text, turns=segment(text),
                          attributes={"group": "foraldrar"})
    archive = build_project_archive(ProjectSession(ui_store, local_actor(), team["Alfa"])).download
    at = _signed_in(open_app, "omar", "export")
    at.file_uploader[0].set_value((archive.file_name, archive.data, "application/zip")).run()
    at.text_input(key="export-import-name").set_value("Omars kopia").run()
    at.button(key="export-import-run").click().run()
    no_exceptions(at)
    created = ui_store.find_project("Omars kopia")
    assert created is not None
    assert ui_store.role_of(created.id, "omar") == "admin"
    assert ui_store.role_of(created.id, "eva") is None
    picker = at.selectbox(key="_project_widget")
    assert [picker.format_func(o) for o in picker.options] == ["Alfa", "Beta", "Omars kopia"]
    assert picker.value == created.id
    # A coder may not load a codebook into a project: that changes the codebook.
    choose_project(at, team["Alfa"])
    qdc = b'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'
    at.file_uploader[0].set_value(("k.qdc", qdc, "application/xml")).run()
    assert any("rollen **administratör** i projektet Alfa. Du är kodare." in w
               for w in texts(at.warning))
    assert not [b for b in at.button if b.key == "export-qdc-run"]


def test_a_reader_cannot_import_or_edit_documents(open_app: Callable[..., AppTest],
                                                  team: dict[str, int]) -> None:
    at = _signed_in(open_app, "eva", "projekt")
    # The document list is shown, without the switch to editing or the delete button.
    assert any("<table>" in m.value for m in at.markdown) or texts(at.info)
    assert not any(b.key == "docs-edit" for b in at.button) and not at.data_editor
    assert not any(b.key == "docs-delete" for b in at.button)
    open_project_tab(at, "Importera")
    assert any("Du är läsare" in w for w in texts(at.warning))
    assert not at.file_uploader
    open_project_tab(at, "Nytt projekt")
    assert not any(b.key == "make-demo" for b in at.button)


def test_whoever_creates_a_project_administers_it(open_app: Callable[..., AppTest],
                                                  team: dict[str, int], ui_store: Store) -> None:
    at = _signed_in(open_app, "omar", "projekt")
    if at.tabs:
        open_project_tab(at, "Nytt projekt")
    next(x for x in at.text_input if x.label == "Projektets namn").set_value("Delta")
    next(b for b in at.button if b.label == "Skapa projekt").click().run()
    no_exceptions(at)
    delta = ui_store.find_project("Delta")
    assert delta is not None and ui_store.role_of(delta.id, "omar") == "admin"


# -- sessions end or downgrade at their next request -------------------------------

NEW_PASSWORD = "ett helt nytt lösen"
ENDED = "Din inloggning har avslutats: kontot är avstängt eller borttaget."
REAUTH = ("Din inloggning har avslutats eftersom lösenordet har bytts eller kontot har ändrats "
          "av en administratör. Logga in igen.")


def _reset_password(admin: AppTest, who: str) -> None:
    admin.selectbox(key="admin-manage-user").set_value(who).run()
    admin.text_input(key="admin-reset-pw").set_value(NEW_PASSWORD)
    admin.text_input(key="admin-reset-repeat").set_value(NEW_PASSWORD)
    next(b for b in admin.button if b.label == "Byt lösenord").click().run()


def _disable(admin: AppTest, who: str) -> None:
    admin.selectbox(key="admin-manage-user").set_value(who).run()
    admin.button(key="admin-disable").click().run()


def _remove(admin: AppTest, who: str) -> None:
    admin.selectbox(key="admin-manage-user").set_value(who).run()
    assert admin.button(key="admin-remove").disabled
    admin.checkbox(key="admin-remove-confirm").check().run()
    admin.button(key="admin-remove").click().run()


@pytest.mark.parametrize(
    ("change", "message", "password_after"),
    [(_reset_password, REAUTH, NEW_PASSWORD), (_disable, ENDED, None), (_remove, ENDED, None)],
    ids=["password reset", "disable", "removal"],
)
def test_an_admin_in_another_session_ends_a_signed_in_session(
        open_app: Callable[..., AppTest], team: dict[str, int], ui_store: Store,
        change: Callable[[AppTest, str], None], message: str, password_after: str | None) -> None:
    eva = _signed_in(open_app, "eva", "projekt")
    choose_project(eva, team["Alfa"])
    assert texts(eva.title) == ["Projekt"]
    root = _signed_in(open_app, "root", "admin")
    change(root, "eva")
    no_exceptions(root)
    eva.run()
    no_exceptions(eva)
    assert texts(eva.title) == ["Logga in"]
    assert message in texts(eva.warning)
    assert eva.session_state["sigqual.user"] is None
    assert not any("Alfa" in m for m in texts(eva.markdown))
    # The message is shown once; the old password no longer signs in.
    _login(eva, "eva", PASSWORDS["eva"])
    assert texts(eva.title) == ["Logga in"] and message not in texts(eva.warning)
    if password_after is not None:
        assert texts(_login(eva, "eva", password_after).title) == ["Projekt"]
    # The admin's own session was untouched.
    root.run()
    assert texts(root.title) == ["Administration"]


def test_an_admin_who_resets_their_own_password_stays_signed_in(
        open_app: Callable[..., AppTest], team: dict[str, int], ui_store: Store) -> None:
    elsewhere = _signed_in(open_app, "root", "projekt")
    root = _signed_in(open_app, "root", "admin")
    _reset_password(root, "root")
    no_exceptions(root)
    assert "Lösenordet för root är bytt." in texts(root.success)
    root.run()
    assert texts(root.title) == ["Administration"]
    elsewhere.run()  # the same account's other browser was signed in with the old password
    assert texts(elsewhere.title) == ["Logga in"] and REAUTH in texts(elsewhere.warning)


def test_a_demoted_user_sees_the_new_role_at_the_next_rerun(
        open_app: Callable[..., AppTest], team: dict[str, int], ui_store: Store) -> None:
    omar = _signed_in(open_app, "omar", "projekt")
    choose_project(omar, team["Alfa"])
    open_project_tab(omar, "Importera")
    assert not any("Du är läsare" in w for w in texts(omar.warning))
    root = _signed_in(open_app, "root", "admin")
    choose_project(root, team["Alfa"])
    root.selectbox(key="admin-grant-user").set_value("omar")
    root.selectbox(key="admin-grant-role").set_value("reader")
    root.button(key="admin-grant").click().run()
    no_exceptions(root)
    omar.run()
    no_exceptions(omar)
    assert texts(omar.title) == ["Projekt"]  # still signed in, with less power
    assert any("Du är läsare" in w for w in texts(omar.warning))
    open_project_tab(omar, "Dokument")
    assert not any(b.key == "docs-delete" for b in omar.button)


def _callback_writer() -> None:
    """A page whose buttons write in callbacks, which Streamlit runs before the gate."""
    import streamlit as st

    from sigqual.ui import login, state
    from sigqual.ui.resources import get_store

    def write(what: str) -> None:
        st.session_state.setdefault("written", []).append(what)

    def checked_by_hand() -> None:
        if login.current_account(get_store()) is not None:
            write("by hand")

    state.init()
    if not login.gate(get_store()):
        return
    st.button("Skriv", key="write", on_click=login.guard(write), args=("guarded",))
    st.button("Skriv själv", key="write-by-hand", on_click=checked_by_hand)


@pytest.mark.parametrize("button", ["write", "write-by-hand"])
@pytest.mark.parametrize(
    ("change", "message"),
    [(lambda s: s.set_password("eva", NEW_PASSWORD, actor="root"), REAUTH),
     (lambda s: s.set_user_disabled("eva", True, actor="root"), ENDED),
     (lambda s: s.remove_user("eva", actor="root"), ENDED)],
    ids=["password reset", "disable", "removal"],
)
def test_a_callback_after_the_session_ended_writes_nothing(
        team: dict[str, int], ui_store: Store, button: str, change: Callable[[Store], None],
        message: str) -> None:
    at = AppTest.from_function(_callback_writer)
    at.session_state["sigqual.user"] = ui_store.authenticate("eva", PASSWORDS["eva"])
    at.run()
    at.button(key=button).click().run()
    assert len(at.session_state["written"]) == 1
    change(ui_store)
    at.button(key=button).click().run()
    no_exceptions(at)
    assert len(at.session_state["written"]) == 1
    assert texts(at.title) == ["Logga in"] and message in texts(at.warning)


def test_a_busy_server_refuses_a_sign_in_at_once(open_app: Callable[..., AppTest],
                                                  team: dict[str, int],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from sigqual.throttle import LoginThrottle

    full = LoginThrottle(max_concurrent=1, slot_wait_s=0.01)
    assert full._slots.acquire(timeout=1)  # another sign-in holds the only slot
    monkeypatch.setattr("sigqual.ui.login.LOGIN_THROTTLE", full)
    at = _login(open_app(), "eva", PASSWORDS["eva"])
    assert texts(at.title) == ["Logga in"]
    assert ("Servern kontrollerar många inloggningar just nu. Försök igen om en stund."
            in texts(at.error))
    assert full.wait_seconds("eva") == 0
    full._slots.release()
    assert texts(_login(at, "eva", PASSWORDS["eva"]).title) == ["Projekt"]
