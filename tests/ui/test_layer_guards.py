"""No write gets past the application layer: not from a reader, not from a disabled or a
demoted account, whether the page was drawn before the change (stale) or the click is forged.

Streamlit runs a button's callback before the page script, so a widget's ``disabled=`` is
no check. AppTest refuses to click a disabled button, so where the page disables one the
test checks that, and then makes the same call through the layer as the same account.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.app import Actor, PermissionDenied, ProjectSession
from sigqual.ingest import segment
from sigqual.store import Store

from .helpers import choose_project, no_exceptions
from .test_team_mode import _signed_in, team  # noqa: F401  (the team fixture)

TEXT = "I: Hur var mötena?\nIP: Mötena var tydliga och bra.\nI: Något mer?\nIP: Nej.\n"

# How an account can lose its right to write after the page was drawn.
CHANGES: dict[str, Callable[[Store, int, str], None]] = {
    "demoted": lambda store, pid, who: store.grant(pid, who, "reader"),
    "revoked": lambda store, pid, who: store.revoke(pid, who),
    "disabled": lambda store, pid, who: store.set_user_disabled(who, True),
}


def _document(store: Store, pid: int) -> int:
    return store.add_document(pid, name="d", text=TEXT, turns=segment(TEXT),
                              attributes={"group": "foraldrar"})


def _refused(store: Store, pid: int, who: str) -> bool:
    audit = store.audit_frame(pid)
    denied = audit[(audit["action"] == "denied") & (audit["actor"] == who)]
    return len(denied) > 0


def _open_turn(at: AppTest, store: Store, doc: int) -> int:
    seg = store.segments(doc)[1]
    at.button(key=f"koda-turn-{seg.id}").click().run()
    at.selectbox(key=f"koda-pick-{seg.id}").set_value("uo-info").run()
    no_exceptions(at)
    return seg.id


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_stale_coding_page_cannot_code(open_app: Callable[..., AppTest], team: dict[str, int],  # noqa: F811
                                         ui_store: Store, change: str) -> None:
    pid = team["Alfa"]
    doc = _document(ui_store, pid)
    at = _signed_in(open_app, "omar", "koda")
    choose_project(at, pid)
    _open_turn(at, ui_store, doc)
    assert not at.button(key="koda-code").disabled  # drawn while omar could code
    CHANGES[change](ui_store, pid, "omar")
    at.button(key="koda-code").click().run()
    assert ui_store.list_codings(pid) == []
    assert _refused(ui_store, pid, "omar")


def test_a_reader_cannot_code(open_app: Callable[..., AppTest], team: dict[str, int],  # noqa: F811
                              ui_store: Store) -> None:
    pid = team["Alfa"]
    doc = _document(ui_store, pid)
    at = _signed_in(open_app, "eva", "koda")
    choose_project(at, pid)
    _open_turn(at, ui_store, doc)
    assert at.button(key="koda-code").disabled
    with pytest.raises(PermissionDenied, match="needs the role coder"):
        ProjectSession(ui_store, Actor("eva", team=True), pid).add_coding(doc, "uo-info", 3, 8)
    assert ui_store.list_codings(pid) == []
    assert _refused(ui_store, pid, "eva")


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_stale_page_cannot_delete_a_memo(open_app: Callable[..., AppTest], team: dict[str, int],  # noqa: F811
                                           ui_store: Store, change: str) -> None:
    pid = team["Alfa"]
    doc = _document(ui_store, pid)
    memo = ui_store.add_memo(pid, "Omars tanke", author="omar", document_id=doc)
    at = _signed_in(open_app, "omar", "koda")
    choose_project(at, pid)
    at.toggle(key="koda-memos-open").set_value(True).run()
    assert not at.button(key=f"koda-memo-del-{memo}").disabled
    CHANGES[change](ui_store, pid, "omar")
    at.button(key=f"koda-memo-del-{memo}").click().run()
    assert [m.id for m in ui_store.list_memos(pid)] == [memo]
    assert _refused(ui_store, pid, "omar")


def test_a_coder_cannot_delete_someone_elses_memo(open_app: Callable[..., AppTest],
                                                  team: dict[str, int], ui_store: Store) -> None:  # noqa: F811
    pid = team["Alfa"]
    doc = _document(ui_store, pid)
    memo = ui_store.add_memo(pid, "Evas tanke", author="eva", document_id=doc)
    at = _signed_in(open_app, "omar", "koda")
    choose_project(at, pid)
    at.toggle(key="koda-memos-open").set_value(True).run()
    assert at.button(key=f"koda-memo-del-{memo}").disabled
    with pytest.raises(PermissionDenied, match="only its author"):
        ProjectSession(ui_store, Actor("omar", team=True), pid).delete_memo(memo)
    assert [m.id for m in ui_store.list_memos(pid)] == [memo]
    assert _refused(ui_store, pid, "omar")


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_stale_admin_page_cannot_change_settings(open_app: Callable[..., AppTest],
                                                   team: dict[str, int], ui_store: Store,  # noqa: F811
                                                   change: str) -> None:
    pid = team["Beta"]  # omar administers Beta
    _document(ui_store, pid)
    for page, key in (("tabeller", "tables-save"), ("overens", f"overens-{pid}-blind")):
        at = _signed_in(open_app, "omar", page)
        choose_project(at, pid)
        no_exceptions(at)
        assert not at.button(key=key).disabled
        before = ui_store.get_project(pid)
        CHANGES[change](ui_store, pid, "omar")
        at.button(key=key).click().run()
        after = ui_store.get_project(pid)
        # These buttons act in the page script, which now draws them disabled or not at
        # all, so the write may never reach the layer; either way nothing changed.
        assert (after.settings, after.version) == (before.settings, before.version)
        # Undo the change for the next page.
        ui_store.set_user_disabled("omar", False)
        ui_store.grant(pid, "omar", "admin")


def test_a_coder_may_not_save_table_defaults(open_app: Callable[..., AppTest], team: dict[str, int],  # noqa: F811
                                             ui_store: Store) -> None:
    pid = team["Alfa"]  # omar codes Alfa
    _document(ui_store, pid)
    at = _signed_in(open_app, "omar", "tabeller")
    choose_project(at, pid)
    assert at.button(key="tables-save").disabled
    before = ui_store.get_project(pid).settings
    with pytest.raises(PermissionDenied, match="needs the role admin"):
        ProjectSession(ui_store, Actor("omar", team=True), pid).set_table_defaults({"lang": "en"})
    assert ui_store.get_project(pid).settings == before
    assert _refused(ui_store, pid, "omar")
