"""A register extract (semicolon CSV, Swedish headers, Windows-1252) imported through the
Uppföljning page in a real browser: preview first, stored only when accepted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sigqual.codebook import load_bundled_codebook
from sigqual.store import Store

from .conftest import ROOT, AppServer, _need_chromium, start_app, wait_for_app

SAMPLE = ROOT / "corpora" / "huddinge-demo" / "uppfoljning"


@pytest.fixture
def empty_project(tmp_path: Path) -> Iterator[tuple[AppServer, Path]]:
    _need_chromium()
    db = tmp_path / "uppf.db"
    store = Store.open(db)
    store.create_project("Studie", load_bundled_codebook(), actor="test")
    store.close()
    server = start_app(db, tmp_path)
    yield server, db
    server.stop()


def _upload(page, path: Path, kind_label: str) -> None:  # noqa: ANN001
    page.get_by_role("tab", name="Importera").click()
    page.get_by_text(kind_label, exact=True).click()
    wait_for_app(page)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text(path.name).first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Förhandsgranska").click()
    wait_for_app(page)


def test_import_a_semicolon_extract_with_swedish_headers(empty_project, page, tmp_path: Path) -> None:  # noqa: ANN001
    server, db = empty_project
    cases = tmp_path / "arenden.csv"
    cases.write_bytes((SAMPLE / "arenden.csv").read_text(encoding="utf-8").encode("cp1252"))
    page.goto(server.url + "/uppfoljning")
    wait_for_app(page)
    _upload(page, cases, "Ärenden (ungdomar)")
    page.get_by_text("10 rader kan sparas, 0 felaktiga").wait_for(timeout=30_000)
    store = Store.open(db)
    pid = store.find_project("Studie").id
    assert store.outcome_counts(pid)["cases"] == 0  # nothing stored before accepting
    page.get_by_role("button", name="Spara").click()
    wait_for_app(page)
    page.get_by_text("Sparat från arenden.csv").wait_for(timeout=30_000)
    assert store.outcome_counts(pid)["cases"] == 10

    _upload(page, SAMPLE / "handelser.csv", "Händelser (registerutdrag)")
    page.get_by_text("70 rader kan sparas").wait_for(timeout=30_000)
    page.get_by_role("button", name="Spara").click()
    wait_for_app(page)
    page.get_by_text("Sparat från handelser.csv").wait_for(timeout=30_000)
    assert store.outcome_counts(pid)["events"] == 70
    page.get_by_role("tab", name="Tabell 2").click()
    page.get_by_text("Antal inkomna incidenter innan samt efter").wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "uppfoljning.png"), full_page=True)
    store.close()
    assert server.outbound() == []
