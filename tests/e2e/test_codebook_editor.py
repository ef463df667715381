"""The Kodbok editor in a real browser: rename, recolour, merge and delete on a copy of
the sample project, with every change read back from the database and after a reload."""

from __future__ import annotations

import re
from pathlib import Path

from sigqual.codebook import Code
from sigqual.store import Store

from .conftest import AppServer, wait_for_app

THEME, RENAMED = "tema-anledningar-till-brotten", "Orsaker till brotten"


def _open_editor(page, url: str) -> None:  # noqa: ANN001
    page.goto(url + "/kodbok")
    wait_for_app(page)
    page.get_by_text("Redigera kodboken", exact=True).click()
    wait_for_app(page)
    # The toggle opens the Redigera tab; clicking it as well is what a user does when the
    # browser kept the tab that was open before, and it makes the editor visible for sure.
    page.get_by_role("tab", name="Redigera", exact=True).click()
    page.locator("[data-testid='stSelectbox']").filter(has_text="Kod (tema").first.wait_for(
        state="visible")


def _choose(page, label: str, option: str) -> None:  # noqa: ANN001
    """Pick ``option`` in the selectbox called ``label`` by typing it, as a user would."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.wait_for(state="visible")
    box.locator("input").click()
    box.locator("input").fill(option)
    page.locator("[role='option']").filter(has_text=option).first.click()
    wait_for_app(page)


def _action(page, name: str) -> None:  # noqa: ANN001
    page.locator("[data-testid='stRadio']").get_by_text(name, exact=True).click()
    wait_for_app(page)


def _codebook_and_codings(db: Path) -> tuple[dict[str, Code], int]:
    """What the database holds now, read as another process would."""
    store = Store.open(db)
    try:
        pid = store.list_projects()[0].id
        codes = {c.id: c for c in store.codebook(pid).codes}
        return codes, len(store.list_codings(pid))
    finally:
        store.close()


def test_rename_and_recolour_survive_a_reload(app_server: AppServer, page,  # noqa: ANN001
                                              tmp_path: Path) -> None:
    codes, codings = _codebook_and_codings(app_server.db)
    assert codes[THEME].colour is not None
    _open_editor(page, app_server.url)
    page.screenshot(path=str(tmp_path / "editor.png"), full_page=True)
    form = page.locator("[data-testid='stForm']").first
    label = form.get_by_label("Etikett", exact=True)
    assert label.input_value() == "Anledningar till brotten"
    label.fill(RENAMED)
    form.get_by_text("Egen färg", exact=True).click()
    form.get_by_role("button", name="Spara ändringarna").click()
    wait_for_app(page)
    page.get_by_text(f"Ändringarna i {RENAMED} är sparade.").wait_for()
    page.screenshot(path=str(tmp_path / "saved.png"), full_page=True)
    saved, after = _codebook_and_codings(app_server.db)
    # Unticking "Egen färg" took the theme's own colour away.
    assert (saved[THEME].label, saved[THEME].colour) == (RENAMED, None)
    assert after == codings

    page.reload()
    wait_for_app(page)
    page.get_by_role("tab", name="Teman och faktorer").click()
    page.get_by_text(
        re.compile(rf"^{RENAMED} — \d+ kodningar i \d+ dokument · underkoder \d+$")).first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0


def test_merge_then_delete_keeps_what_the_user_kept(app_server: AppServer, page,  # noqa: ANN001
                                                    tmp_path: Path) -> None:
    codes, codings = _codebook_and_codings(app_server.db)
    labels = {cid: code.label for cid, code in codes.items()}
    source, target = "uo-saknad-av-bup-aktor", "uo-en-del-aktorers-relevans-pa-motena"
    _open_editor(page, app_server.url)
    _choose(page, "Kod (tema", labels[source])
    _action(page, "Slå ihop")
    _choose(page, "Slå ihop", labels[target])
    page.get_by_text(re.compile(r"kodningar i \d+ dokument flyttas från")).wait_for()
    page.screenshot(path=str(tmp_path / "merge-preview.png"), full_page=True)
    page.get_by_role("button", name="Slå ihop").click()
    wait_for_app(page)
    page.get_by_text(f"{labels[source]} är ihopslagen med {labels[target]}").wait_for()
    merged, after = _codebook_and_codings(app_server.db)
    assert source not in merged and after == codings

    _action(page, "Ta bort")
    delete = page.get_by_role("button", name="Ta bort koden")
    assert delete.is_disabled()
    page.get_by_text(re.compile(rf"^Ja, ta bort {re.escape(labels[target])} och dess")).click()
    wait_for_app(page)
    page.screenshot(path=str(tmp_path / "delete-confirm.png"), full_page=True)
    delete.click()
    gone = re.compile(rf"^{re.escape(labels[target])} är borttagen; \d+ kodningar")
    page.get_by_text(gone).wait_for()
    remaining, left = _codebook_and_codings(app_server.db)
    assert target not in remaining and left < codings
    assert page.locator("[data-testid='stException']").count() == 0
