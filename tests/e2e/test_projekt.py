"""Projekt in Chromium: the document overview first, then editing a document's details
in the grid and saving them, as a user would."""

from __future__ import annotations

from pathlib import Path

from sigqual.demo import DEMO_NAME
from sigqual.store import Store

from .conftest import AppServer, wait_for_app


def _documents(db: Path) -> list:  # noqa: ANN202
    store = Store.open(db)
    try:
        return store.list_documents(store.find_project(DEMO_NAME).id)
    finally:
        store.close()


def test_overview_then_edit_and_save(app_server: AppServer, page, tmp_path: Path) -> None:  # noqa: ANN001
    documents = _documents(app_server.db)
    page.goto(app_server.url)
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    # The first paint is the plain overview: one row per document, no grid.
    table = page.locator("[data-testid='stMarkdownContainer'] table").first
    assert table.locator("tbody tr").count() == len(documents)
    assert table.locator("tbody tr").first.locator("td").first.inner_text() == documents[0].name
    assert page.locator("[data-testid='stDataFrame']").count() == 0

    page.get_by_role("button", name="Redigera uppgifterna").click()
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=60_000)
    wait_for_app(page)
    # First row, first cell; then five steps right to Deltagare and type over it.
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 40, box["y"] + 35 + 17)
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # opens the cell's editor
    page.wait_for_timeout(300)
    page.keyboard.press("Control+A")
    page.keyboard.type("Ungdom 1 och mamma", delay=20)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    page.screenshot(path=str(tmp_path / "edited.png"))
    wait_for_app(page)
    # A look at another tab and at the list loses nothing: the list says what is unsaved.
    page.get_by_role("tab", name="Repliker").click()
    wait_for_app(page)
    page.get_by_role("tab", name="Dokument").click()
    wait_for_app(page)
    page.get_by_role("button", name="Tillbaka till listan").click()
    page.get_by_text("Ändringar i 1 dokument är inte sparade.", exact=False).wait_for(timeout=60_000)
    assert all(d.version == before.version for d, before in zip(_documents(app_server.db), documents,
                                                                 strict=True))
    page.get_by_role("button", name="Redigera uppgifterna").click()
    grid.wait_for(timeout=60_000)
    wait_for_app(page)
    page.get_by_role("button", name="Spara").click()
    page.get_by_text(f"Sparat: {documents[0].name}").wait_for(timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0

    changed = {d.id: d for d in _documents(app_server.db)}
    assert changed[documents[0].id].participant == "Ungdom 1 och mamma"
    assert changed[documents[0].id].version == documents[0].version + 1
    # Nothing else was touched.
    assert all(changed[d.id].participant == d.participant for d in documents[1:])

    # Back to the overview, which shows the saved value.
    page.get_by_role("button", name="Tillbaka till listan").click()
    wait_for_app(page)
    first = page.locator("[data-testid='stMarkdownContainer'] table tbody tr").first
    assert "Ungdom 1 och mamma" in first.inner_text()
