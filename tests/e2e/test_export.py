"""The Word analysis report downloaded through a real browser opens in python-docx."""

from __future__ import annotations

from pathlib import Path

from docx import Document as WordDocument

from sigqual.demo import DEMO_NAME

from .conftest import AppServer, wait_for_app


def test_download_the_word_report(app_server: AppServer, page, tmp_path: Path) -> None:  # noqa: ANN001
    page.goto(app_server.url + "/export")
    wait_for_app(page)
    page.get_by_role("button", name="Skapa rapporten").click()
    button = page.get_by_role("button", name="Analysrapport (Word)")
    button.wait_for(timeout=120_000)
    wait_for_app(page)
    page.screenshot(path=str(tmp_path / "export-report.png"), full_page=True)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "huddinge-demo-fiktiv-analysrapport.docx"
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    document = WordDocument(str(target))
    paragraphs = [p.text for p in document.paragraphs]
    assert f"Analysrapport: {DEMO_NAME}" in paragraphs
    captions = [p for p in paragraphs if p.startswith("Tabell ")]
    for key in ("3", "4a", "4e", "5a", "5b"):
        assert any(c.startswith(f"Tabell {key}.") for c in captions), key
    assert len(document.tables) >= 8
    assert app_server.outbound() == []
