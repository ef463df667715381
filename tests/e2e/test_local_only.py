"""The running app opens every page without errors and without any outbound connection."""

from __future__ import annotations

from pathlib import Path

from .conftest import AppServer, wait_for_app


def test_every_page_renders_and_nothing_leaves_the_machine(app_server: AppServer, page,
                                                            tmp_path: Path) -> None:
    page.goto(app_server.url)
    wait_for_app(page)
    links = page.locator("[data-testid='stSidebarNav'] a")
    names = [links.nth(i).inner_text() for i in range(links.count())]
    assert len(names) >= 3
    for i, name in enumerate(names):
        page.locator("[data-testid='stSidebarNav'] a").nth(i).click()
        wait_for_app(page)
        assert page.locator("[data-testid='stException']").count() == 0, name
        page.screenshot(path=str(tmp_path / f"page-{i}.png"), full_page=True)
    assert app_server.outbound() == []
