"""The shell: navigation, language switch, project picker, data location, footer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sigqual.demo import DEMO_NAME
from sigqual.store import Store
from sigqual.ui import navigation

from .helpers import CODEBOOK, no_exceptions, texts

PAGES = [("projekt", "Projekt", "Project"), ("kodbok", "Kodbok", "Codebook"),
         ("tabeller", "Tabeller", "Tables")]


def test_navigation_is_one_list() -> None:
    assert navigation.page_paths() == ["projekt", "koda", "granska", "kodbok", "jamfor", "overens",
                                       "tabeller", "uppfoljning", "export", "avidentifiera", "admin"]
    assert all(callable(spec.render) for spec in navigation.PAGES)
    with pytest.raises(ValueError, match="unknown page 'nosuch'"):
        navigation.pages("nosuch")


def test_app_file_opens_on_projekt_with_an_empty_database(open_app: Callable[..., AppTest],
                                                          tmp_path: Path) -> None:
    at = open_app()
    no_exceptions(at)
    assert texts(at.title) == ["Projekt"]
    assert at.button(key="make-demo").label == "Skapa exempelprojektet"
    assert "Inga projekt ännu." in texts(at.sidebar.caption)
    assert f"Data: {tmp_path / 'ui.db'}" in texts(at.sidebar.caption)
    assert any(c.startswith("Inget lämnar den här datorn") for c in texts(at.caption))


@pytest.mark.parametrize(("path", "sv", "en"), PAGES)
def test_every_page_opens_without_a_project(open_app: Callable[..., AppTest], path: str, sv: str,
                                            en: str) -> None:
    at = open_app(path)
    no_exceptions(at)
    assert texts(at.title) == [sv]
    if path != "projekt":
        assert texts(at.info) == ["Inget projekt är öppet. Skapa eller öppna ett på sidan Projekt."]
    at.button(key="lang-switch").click().run()
    no_exceptions(at)
    assert texts(at.title) == [en]
    assert any(c.startswith("Nothing leaves this computer") for c in texts(at.caption))


@pytest.mark.parametrize(("path", "sv", "en"), PAGES)
def test_every_page_opens_on_the_sample_project(open_app: Callable[..., AppTest], demo_db: Path,
                                                use_db: Callable[[Path], str], path: str, sv: str,
                                                en: str) -> None:
    use_db(demo_db)
    at = open_app(path)
    no_exceptions(at)
    assert texts(at.title) == [sv]
    # One project: no list to pick from, the sidebar names it.
    assert not [s for s in at.sidebar.selectbox if s.key == "_project_widget"]
    assert f"**Öppet projekt:** {DEMO_NAME}" in texts(at.sidebar.markdown)
    assert at.button(key="lang-switch").label == "In English"
    at.button(key="lang-switch").click().run()
    no_exceptions(at)
    assert texts(at.title) == [en]
    assert f"**Open project:** {DEMO_NAME}" in texts(at.sidebar.markdown)
    assert at.button(key="lang-switch").label == "På svenska"
    # The language stays when moving on: the next run keeps English.
    at.run()
    assert texts(at.title) == [en]


def test_switching_project_in_the_sidebar(open_app: Callable[..., AppTest],
                                          ui_store: Store) -> None:
    first = ui_store.create_project("Alfa", CODEBOOK)
    second = ui_store.create_project("Beta", CODEBOOK)
    at = open_app("kodbok")
    picker = at.selectbox(key="_project_widget")
    assert picker.value == first
    assert [picker.format_func(o) for o in (first, second)] == ["Alfa", "Beta"]
    picker.set_value(second).run()
    no_exceptions(at)
    assert at.session_state["sigqual.project_id"] == second
    assert "**Öppet projekt:** Beta" in texts(at.sidebar.markdown)


def test_coder_name_is_kept_and_defaults_to_the_os_user(open_app: Callable[..., AppTest]) -> None:
    at = open_app()
    box = at.selectbox(key="_coder_widget")
    assert box.value == "Testare"
    box.options.append("Eva")  # typed: the browser sends the new option's text
    box.set_value("Eva").run()
    assert at.session_state["sigqual.coder"] == "Eva"


def test_database_that_cannot_be_opened(open_app: Callable[..., AppTest],
                                        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("inte en mapp")
    monkeypatch.setenv("SIGQUAL_DATABASE_URL", f"sqlite:///{blocker}/under/x.db")
    at = open_app()
    no_exceptions(at)
    errors = texts(at.error)
    assert errors and "kan inte öppnas" in errors[0]
    assert len(errors) == 2
