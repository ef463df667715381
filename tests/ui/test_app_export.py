"""The Export page: the analysis report, REFI-QDA files and imports, with every download
button pressed and every served file opened."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from docx import Document as WordDocument
from lxml import etree
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from sigqual.app import ProjectSession, local_actor
from sigqual.demo import DEMO_NAME
from sigqual.ingest import segment
from sigqual.store import Store
from sigqual.ui.exchange_view import build_project_archive, codebook_download

from .helpers import CODEBOOK, TRANSCRIPT, Served, no_exceptions, texts, zip_bytes


@pytest.fixture
def demo_app(open_demo: Callable[[str], AppTest]) -> AppTest:
    return open_demo("export")


def test_without_a_project_only_the_import_is_offered(open_app: Callable[..., AppTest]) -> None:
    at = open_app("export")
    no_exceptions(at)
    assert texts(at.title) == ["Export"]
    assert [tab.label for tab in at.tabs] == [
        "Analysrapport", "REFI-QDA (NVivo, ATLAS.ti, MAXQDA)", "Importera projekt (.qdpx/.qdc)"]
    assert texts(at.info).count("Inget projekt är öppet. Skapa eller öppna ett på sidan Projekt.") == 2
    assert len(at.main.button) == 0 and len(at.download_button) == 0
    assert at.file_uploader[0].label == "REFI-QDA-fil"


def test_report_buttons_serve_the_word_report_and_the_workbook(
        demo_app: AppTest, served: Callable[[object], Served], demo: tuple[Store, int]) -> None:
    at = demo_app
    pid = demo[1]
    assert len(at.download_button(key="export-qdc").proto.url) > 0
    assert not [b for b in at.download_button if b.key.startswith("export-report")]
    at.toggle(key=f"export-{pid}-quotes").set_value(True)
    at.selectbox(key=f"export-{pid}-chart").set_value("table").run()
    # The number of quotes can be set once quotes are on.
    at.number_input(key=f"export-{pid}-per-factor").set_value(1)
    at.button(key="export-report-build").click().run()
    no_exceptions(at)
    assert "Rapporten är klar att ladda ner." in texts(at.success)
    buttons = [at.download_button(key="export-report-docx"), at.download_button(key="export-report-xlsx")]
    assert [b.label for b in buttons] == ["Analysrapport (Word)", "Tabeller och kodningar (Excel)"]
    for button in buttons:
        button.click()
    at.run()
    no_exceptions(at)
    word = served(at.download_button(key="export-report-docx"))
    assert word.file_name == "huddinge-demo-fiktiv-analysrapport.docx"
    paragraphs = [p.text for p in WordDocument(io.BytesIO(word.data)).paragraphs]
    assert f"Analysrapport: {DEMO_NAME}" in paragraphs
    assert any(p.startswith("Exempelcitat") for p in paragraphs)
    book = served(at.download_button(key="export-report-xlsx"))
    assert book.file_name == "huddinge-demo-fiktiv-tabeller-och-kodningar.xlsx"
    assert "Kodningar" in load_workbook(io.BytesIO(book.data), read_only=True).sheetnames
    # Changing an option marks the prepared files as made with other choices.
    at.toggle(key=f"export-{pid}-quotes").set_value(False).run()
    assert "Ändrade du valen? Skapa rapporten igen för att få med dem." in texts(at.caption)


def test_refi_buttons_serve_the_project_and_the_codebook(
        demo_app: AppTest, served: Callable[[object], Served], demo: tuple[Store, int]) -> None:
    at = demo_app
    at.button(key="export-qdpx-build").click().run()
    no_exceptions(at)
    store, pid = demo
    documents = len(store.list_documents(pid))
    assert any(c.startswith(f"Innehåll: {documents} dokument") for c in texts(at.caption))
    at.download_button(key="export-qdpx").click()
    at.download_button(key="export-qdc").click()
    at.run()
    no_exceptions(at)
    archive = served(at.download_button(key="export-qdpx"))
    assert archive.file_name == "huddinge-demo-fiktiv.qdpx"
    with zipfile.ZipFile(io.BytesIO(archive.data)) as zf:
        names = zf.namelist()
    assert "project.qde" in names
    assert len([n for n in names if n.startswith("sources/")]) == documents
    qdc = served(at.download_button(key="export-qdc"))
    assert qdc.file_name == "huddinge-demo-fiktiv-kodbok.qdc"
    assert etree.QName(etree.fromstring(qdc.data)).localname == "CodeBook"


def _damaged_archive(store: Store, pid: int) -> bytes:
    """The sample project's archive with one source file missing."""
    data = build_project_archive(ProjectSession(store, local_actor(), pid)).download.data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        dropped = next(n for n in names if n.startswith("sources/"))
        return zip_bytes({n: zf.read(n) for n in names if n != dropped})


def test_import_a_project_shows_the_preview_then_the_result(
        demo_app: AppTest, demo: tuple[Store, int], ui_store: Store) -> None:
    at = demo_app
    store, pid = demo
    data = _damaged_archive(store, pid)
    before = len(ui_store.list_projects())
    at.file_uploader[0].set_value(("fran-nvivo.qdpx", data, "application/zip")).run()
    no_exceptions(at)
    total = len(store.list_documents(pid))
    assert f"Nytt projekt: **{DEMO_NAME} (2)**" in [m.value.replace("\\", "") for m in at.markdown]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Dokument"] == str(total - 1)
    assert any("1 källfiler saknas i arkivet" in w for w in texts(at.warning))
    at.text_input(key="export-import-name").set_value("Från NVivo").run()
    assert "Nytt projekt: **Från NVivo**" in texts(at.markdown)
    at.button(key="export-import-run").click().run()
    no_exceptions(at)
    projects = ui_store.list_projects()
    assert len(projects) == before + 1
    created = ui_store.find_project("Från NVivo")
    assert created is not None
    assert at.session_state["sigqual.project_id"] == created.id
    assert "Projektet Från NVivo skapades och är nu öppet." in texts(at.success)
    assert "Senaste import: Från NVivo" in [t.strip("*") for t in texts(at.markdown)]
    assert any("1 källfiler saknas" in w for w in texts(at.warning))
    assert len(ui_store.list_documents(created.id)) == total - 1
    at.button(key="export-import-dismiss").click().run()
    assert not any("Senaste import" in m for m in texts(at.markdown))


def test_import_a_codebook_into_the_open_project(open_app: Callable[..., AppTest],
                                                 ui_store: Store, demo: tuple[Store, int]) -> None:
    pid = ui_store.create_project("Liten", CODEBOOK)
    ui_store.add_document(pid, name="d", text=TRANSCRIPT, turns=segment(TRANSCRIPT),
                          attributes={"group": "foraldrar"})
    qdc = codebook_download(*demo)
    at = open_app("export")
    at.file_uploader[0].set_value((qdc.file_name, qdc.data, "application/xml")).run()
    no_exceptions(at)
    assert "Kodboken läses in i projektet **Liten**." in texts(at.markdown)
    at.button(key="export-qdc-run").click().run()
    no_exceptions(at)
    added = len(ui_store.codebook(pid).codes) - len(CODEBOOK.codes)
    assert added > 0
    assert f"Kodboken är inläst: {added} koder tillagda, 1 uppdaterade, 0 oförändrade." in texts(at.success)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("trasig.qdpx", b"PK\x03\x04 bara en bit", "trasig.qdpx: .qdpx-arkivet är skadat"),
     ("fel.qdc", b"hej hej", "fel.qdc: filen är inte en .qdc-fil")],
)
def test_a_bad_file_is_named_and_nothing_changes(open_app: Callable[..., AppTest], ui_store: Store,
                                                 name: str, data: bytes, message: str) -> None:
    ui_store.create_project("Liten", CODEBOOK)
    at = open_app("export")
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    no_exceptions(at)
    assert any(e.startswith(message) for e in texts(at.error)), texts(at.error)
    assert [p.name for p in ui_store.list_projects()] == ["Liten"]
    assert not [b for b in at.button if b.key and b.key.startswith("export-import-run")]


def test_the_page_follows_the_language_switch(demo_app: AppTest) -> None:
    at = demo_app
    at.button(key="lang-switch").click().run()
    no_exceptions(at)
    assert [tab.label for tab in at.tabs][:3] == [
        "Analysis report", "REFI-QDA (NVivo, ATLAS.ti, MAXQDA)", "Import project (.qdpx/.qdc)"]
    assert at.button(key="export-report-build").label == "Create the report"
