"""Team mode in a real browser: the login page comes first, a wrong password is refused,
the right one opens the projects the user has a role in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sigqual.demo import DEMO_NAME
from sigqual.store import Store

from .conftest import AppServer, _need_chromium, start_app, wait_for_app

PASSWORD = "evas långa lösen"


@pytest.fixture
def team_server(demo_db: Path, tmp_path: Path) -> Iterator[AppServer]:
    """The sample project on a team server where eva reads it and a second project is hidden."""
    _need_chromium()
    store = Store.open(demo_db)
    try:
        demo = store.find_project(DEMO_NAME)
        assert demo is not None
        store.create_user("eva", PASSWORD, display_name="Eva Ek")
        store.grant(demo.id, "eva", "reader")
        store.create_project("Hemligt projekt", store.codebook(demo.id))
    finally:
        store.close()
    server = start_app(demo_db, tmp_path, {"SIGQUAL_TEAM": "1"})
    yield server
    server.stop()


def _idle(page) -> None:  # noqa: ANN001
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'", timeout=60_000)
    page.wait_for_timeout(300)


def test_log_in_and_see_the_project(team_server: AppServer, page, tmp_path: Path) -> None:  # noqa: ANN001
    page.goto(team_server.url + "/export")
    page.get_by_role("heading", name="Logga in").wait_for(timeout=60_000)
    _idle(page)
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    assert page.get_by_text(DEMO_NAME).count() == 0
    page.screenshot(path=str(tmp_path / "login.png"), full_page=True)

    page.get_by_label("Användarnamn").fill("eva")
    page.get_by_label("Lösenord").fill("fel lösenord")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_text("Inloggningen misslyckades").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stSidebarNav']").count() == 0

    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    wait_for_app(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert "Inloggad som Eva Ek (eva)" in sidebar.inner_text()
    assert DEMO_NAME in sidebar.inner_text()
    # The deep link survives the login: the Export page opens, and eva may export.
    assert page.get_by_role("button", name="Skapa rapporten").count() == 1
    # eva sees one project, named in the sidebar with no list to pick from; never the other.
    assert sidebar.locator("[data-testid='stSelectbox']").count() == 0
    assert "Hemligt projekt" not in sidebar.inner_text()
    page.screenshot(path=str(tmp_path / "signed-in.png"), full_page=True)

    page.get_by_role("link", name="Administration").click()
    wait_for_app(page)
    assert page.get_by_text("Det här kräver rollen administratör").count() == 1
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("heading", name="Logga in").wait_for(timeout=30_000)
    assert team_server.outbound() == []
