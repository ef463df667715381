"""Blind coding on the analysis pages: Tabeller, Kodbok's quotes and Export show a coder
only their own codings, and the whole-project archive stays with administrators."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.agreement import blind_settings
from sigqual.demo import DEMO_NAME
from sigqual.store import NewCoding, Store

from .helpers import CODEBOOK, no_exceptions, texts

THEME, THEME_LABEL = "tema-uppstarten", "Uppstarten"


@pytest.fixture
def blind_demo(demo_db: Path, use_db: Callable, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """The sample project coded blind, with one coding by 'Granskare' who is using the app;
    returns the project id and the quote Granskare coded."""
    store = Store.open(demo_db)
    try:
        project = store.find_project(DEMO_NAME)
        store.update_project_settings(project.id, blind_settings(True))
        first = next(c for c in store.list_codings(project.id) if c.code_key == THEME)
        store.add_codings(project.id, [NewCoding(first.document_id, THEME, first.start, first.end,
                                                 "Granskare")])
        quote = store.get_document(first.document_id).text[first.start:first.end]
    finally:
        store.close()
    use_db(demo_db)
    monkeypatch.setenv("SIGQUAL_USER", "Granskare")
    return project.id, quote


def _notice(at: AppTest) -> bool:
    return any("kodas blint" in m and "Granskare" in m for m in texts(at.info))


def test_tables_count_only_the_coders_own_codings(open_app: Callable[..., AppTest],
                                                  blind_demo: tuple[int, str]) -> None:
    at = open_app("tabeller")
    no_exceptions(at)
    assert _notice(at)
    shown = [cell for table in at.table for cell in table.value.astype(str).to_numpy().ravel()]
    shown += [cell for frame in at.dataframe for cell in frame.value.astype(str).to_numpy().ravel()]
    assert THEME_LABEL in " ".join(shown)
    # Every other theme of the sample project is coded by the sample coder only.
    assert "Anledningar till brotten" not in " ".join(shown) and "Mötena" not in " ".join(shown)


def test_codebook_quotes_are_the_coders_own(open_app: Callable[..., AppTest],
                                            blind_demo: tuple[int, str]) -> None:
    _pid, quote = blind_demo
    at = open_app("kodbok")
    at.selectbox(key="codebook-quotes-code").set_value(THEME).run()
    no_exceptions(at)
    assert _notice(at)
    shown = [m for m in texts(at.markdown) if m.startswith("> ") and "\n> — " in m]
    assert len(shown) == 1 and quote.split()[0] in shown[0]
    assert "Granskare" in shown[0]


def test_export_report_is_the_coders_own(open_app: Callable[..., AppTest],
                                          blind_demo: tuple[int, str]) -> None:
    at = open_app("export")
    no_exceptions(at)
    assert any("bara på dina egna kodningar (Granskare)" in m for m in texts(at.info))
    # Outside team mode the single user is the administrator and may export everything.
    assert any(b.key == "export-qdpx-build" for b in at.button)


def test_a_blind_team_coder_cannot_export_the_whole_project(
        open_app: Callable[..., AppTest], ui_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGQUAL_TEAM", "1")
    ui_store.create_user("omar", "omars långa lösen", display_name="Omar")
    pid = ui_store.create_project("Alfa", CODEBOOK)
    ui_store.grant(pid, "omar", "coder")
    ui_store.update_project_settings(pid, blind_settings(True))
    at = open_app("export")
    at.text_input(key="login-username").set_value("omar")
    at.text_input(key="login-password").set_value("omars långa lösen")
    next(b for b in at.button if b.label == "Logga in").click().run()
    no_exceptions(at)
    assert not any(b.key == "export-qdpx-build" for b in at.button)
    assert any("kan bara exporteras av en administratör" in m for m in texts(at.info))


def test_a_malformed_blind_setting_counts_as_blind(open_app: Callable[..., AppTest], ui_store: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pid = ui_store.create_project("Alfa", CODEBOOK)
    ui_store.update_project_settings(pid, {"blind": "ja"})
    monkeypatch.setenv("SIGQUAL_USER", "Granskare")
    at = open_app("export")
    no_exceptions(at)
    assert any("'blind' måste vara true eller false" in e for e in texts(at.error))
    assert any("bara på dina egna kodningar (Granskare)" in m for m in texts(at.info))
