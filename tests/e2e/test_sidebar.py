"""The sidebar in Chromium: switch the language with its button, and name the coder
through the popover, as a new user would on the first page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from .conftest import AppServer, wait_for_app


def test_language_button_and_coder_popover(app_server: AppServer, page) -> None:  # noqa: ANN001
    page.goto(app_server.url)
    wait_for_app(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    # One project: named in the sidebar, no list to pick from, and no select box at all.
    assert "Öppet projekt:" in sidebar.inner_text()
    assert page.locator("[data-testid='stSelectbox']").count() == 0

    sidebar.get_by_role("button", name="In English").click()
    page.get_by_role("heading", name="Project", exact=True).wait_for(timeout=60_000)
    wait_for_app(page)
    assert "Open project:" in sidebar.inner_text()
    sidebar.get_by_role("button", name="På svenska").click()
    page.get_by_role("heading", name="Projekt", exact=True).wait_for(timeout=60_000)
    wait_for_app(page)

    # The coder's name: the popover holds the list, where a new name can be typed. The
    # server runs without a user name in its environment, so none is set yet.
    popover = sidebar.locator("[data-testid='stPopover'] button").first
    assert "Ange ditt namn som kodare" in popover.inner_text()
    popover.click()
    box = page.locator("[data-testid='stPopoverBody'] [data-testid='stSelectbox'] input")
    box.wait_for(timeout=30_000)
    box.click()
    box.fill("Eva Ek")
    page.keyboard.press("Enter")
    sidebar.get_by_role("button", name="Kodare: Eva Ek").wait_for(timeout=60_000)
    wait_for_app(page)
    assert parse_qs(urlparse(page.url).query).get("coder") == ["Eva Ek"]
    assert page.locator("[data-testid='stException']").count() == 0
