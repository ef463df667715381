"""Jämför in Chromium: click a heatmap cell and a bar, see the quotes behind them, and
follow a quote into the coding page."""

from __future__ import annotations

import re
from pathlib import Path

from sigqual.compare import comparison_matrix, documents_frame
from sigqual.demo import DEMO_NAME
from sigqual.store import Store
from sigqual.ui.pages.jamfor import QUOTES_PER_PAGE

from .conftest import AppServer, wait_for_app


def _comparison(db: Path):  # noqa: ANN202
    store = Store.open(db)
    try:
        pid = store.find_project(DEMO_NAME).id
        return comparison_matrix(store.codings_frame(pid), documents_frame(store.list_documents(pid)),
                                 store.codebook(pid))
    finally:
        store.close()


def _document_name(db: Path, document_id: int) -> str:
    store = Store.open(db)
    try:
        return store.get_document(document_id).name
    finally:
        store.close()


def _summary(page) -> str:  # noqa: ANN001
    return page.locator("[data-testid='stMarkdown']").filter(has_text="passager.").first.inner_text()


def test_pick_a_cell_in_the_heatmap_and_a_bar(app_server: AppServer, page, tmp_path: Path) -> None:
    comparison = _comparison(app_server.db)
    page.goto(app_server.url + "/jamfor")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert _summary(page).startswith("Anledningar till brotten · Ungdomarna")

    page.get_by_role("tab", name="Värmekarta").click()
    page.wait_for_timeout(1000)
    # The sample has more codes than the heatmap shows at first (themes only): ask for all.
    page.get_by_text("Alla koder", exact=True).click()
    page.wait_for_timeout(1000)
    wait_for_app(page)
    grid = page.locator("[data-testid='stPlotlyChart'] .nsewdrag").first.bounding_box()
    rows = list(comparison.rows["row_label"])
    row, column = rows.index("Mötena"), list(comparison.columns).index("aktorer")
    cell = comparison.cells[(comparison.cells["code_id"] == "tema-motena")
                            & (comparison.cells["column"] == "aktorer")].iloc[0]
    # Off the cell's centre on purpose: anywhere inside a cell picks it.
    page.mouse.click(grid["x"] + (column + 0.25) * grid["width"] / len(comparison.columns),
                     grid["y"] + (row + 0.6) * grid["height"] / len(rows))
    page.wait_for_timeout(1500)
    wait_for_app(page)
    assert _summary(page) == (f"Mötena · Aktörerna: {cell['n_documents']} dokument, "
                              f"{cell['n_segments']} passager.")
    links = page.get_by_role("link", name="Öppna i Koda")
    assert links.count() == min(int(cell["n_segments"]), QUOTES_PER_PAGE)
    page.screenshot(path=str(tmp_path / "jamfor-heatmap.png"), full_page=True)

    page.get_by_role("tab", name="Stapeldiagram").click()
    page.get_by_role("combobox", name="Tema i stapeldiagrammet").click()
    page.get_by_role("option", name="Mötena", exact=True).click()
    page.wait_for_timeout(1000)
    wait_for_app(page)
    # Only the open tab is drawn: the bars are the first chart, the co-occurrence the second.
    # One trace per column, in column order; a trace's first bar is the theme's own row.
    traces = page.locator("[data-testid='stPlotlyChart']").nth(0).locator("g.trace.bars")
    block = comparison.cells[comparison.cells["code_id"] == "tema-motena"]
    top = block.sort_values("n_documents", ascending=False).iloc[0]
    column = list(comparison.columns).index(top["column"])
    widest = traces.nth(column).locator("g.point path").first.bounding_box()
    page.mouse.click(widest["x"] + widest["width"] * 0.7, widest["y"] + widest["height"] / 2)
    page.wait_for_timeout(1500)
    wait_for_app(page)
    assert _summary(page).startswith(f"Mötena · {comparison.column_labels[top['column']]}: "
                                     f"{top['n_documents']} dokument")
    page.screenshot(path=str(tmp_path / "jamfor-bars.png"), full_page=True)

    # The first quote opens its document on the coding page (which reads ?doc=&turn=).
    # A quote's link opens its document on the coding page (which reads ?doc=&turn=).
    link = page.get_by_role("link", name="Öppna i Koda").locator("visible=true").first
    found = re.search(r"koda\?doc=(\d+)&turn=(\d+)$", link.get_attribute("href") or "")
    assert found, link.get_attribute("href")
    document = _document_name(app_server.db, int(found.group(1)))
    link.click()
    page.wait_for_url(re.compile(r"/koda"), timeout=30_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text(document, exact=False).count() > 0
    page.screenshot(path=str(tmp_path / "koda-from-jamfor.png"), full_page=True)
    assert app_server.outbound() == []
