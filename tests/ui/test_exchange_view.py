"""The Export page's helpers: report files, REFI-QDA files and imports, as plain functions."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document as WordDocument
from lxml import etree
from openpyxl import load_workbook

from sigqual.app import ProjectSession, local_actor
from sigqual.errors import SigqualError
from sigqual.ingest import segment
from sigqual.store import Store
from sigqual.ui.exchange_view import (
    ReportChoice,
    build_project_archive,
    build_report,
    code_labels,
    codebook_download,
    import_codebook,
    import_project,
    preview_project,
    upload_kind,
)

from .helpers import CODEBOOK, TRANSCRIPT, zip_bytes


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in WordDocument(io.BytesIO(data)).paragraphs]


@pytest.mark.parametrize(
    ("choice", "title", "quote_heading"),
    [
        (ReportChoice(quotes=True, quotes_per_factor=1, chart="table", lang="sv"),
         "Analysrapport: Huddinge-demo (fiktiv)", "Exempelcitat"),
        (ReportChoice(quotes=False, chart="none", lang="en"),
         "Analysis report: Huddinge-demo (fiktiv)", None),
    ],
)
def test_report_files_open_and_follow_the_choice(demo: tuple[Store, int], choice: ReportChoice,
                                                 title: str, quote_heading: str | None) -> None:
    store, pid = demo
    steps: list[tuple[float, str]] = []
    prepared = build_report(store, pid, choice, progress=lambda s, k: steps.append((s, k)))
    assert [k for _s, k in steps] == ["collect", "docx", "xlsx", "done"]
    shares = [s for s, _k in steps]
    assert shares == sorted(shares) and shares[-1] == 1.0
    assert prepared.docx.file_name == "huddinge-demo-fiktiv-analysrapport.docx"
    assert prepared.xlsx.file_name == "huddinge-demo-fiktiv-tabeller-och-kodningar.xlsx"
    paragraphs = _paragraphs(prepared.docx.data)
    assert title in paragraphs
    assert any(p.startswith("Tabell 5b") or p.startswith("Table 5b") for p in paragraphs)
    has_quotes = any(p.startswith(quote_heading) for p in paragraphs) if quote_heading else False
    assert has_quotes == choice.quotes
    assert prepared.chart == choice.chart
    book = load_workbook(io.BytesIO(prepared.xlsx.data), read_only=True)
    codings_sheet = "Kodningar" if choice.lang == "sv" else "Codings"
    assert codings_sheet in book.sheetnames
    # One row per coding plus caption and header rows.
    assert book[codings_sheet].max_row >= len(store.list_codings(pid))


@pytest.mark.parametrize(
    ("saved", "choice_lang", "expected"),
    [({}, None, "sv"), ({"tables": {"lang": "en"}}, None, "en"), ({"tables": {"lang": "en"}}, "sv", "sv")],
)
def test_report_language_defaults_to_the_project(saved: dict, choice_lang: str | None,
                                                 expected: str) -> None:
    options = ReportChoice(lang=choice_lang).options(saved)
    assert options.table_options is not None
    assert options.table_options.lang == expected


def test_project_archive_imports_back_with_the_same_content(demo: tuple[Store, int]) -> None:
    store, pid = demo
    stages: list[str] = []
    prepared = build_project_archive(ProjectSession(store, local_actor(), pid),
                                     progress=lambda _s, k: stages.append(k))
    assert stages == ["qdpx", "done"]
    assert prepared.download.file_name == "huddinge-demo-fiktiv.qdpx"
    assert prepared.counts["documents"] == len(store.list_documents(pid))
    preview = preview_project(prepared.download.file_name, prepared.download.data,
                              project_name="Kopia")
    report = import_project(store, prepared.download.file_name, prepared.download.data,
                            project_name="Kopia", actor=local_actor("Testare"))
    assert (preview.documents, preview.codings, preview.codes) == (
        report.documents, report.codings, report.codes)
    assert report.project_name == "Kopia"
    assert report.documents == len(store.list_documents(pid))
    assert len(store.list_codings(report.project_id)) == len(store.list_codings(pid))
    assert report.missing_sources == []


def _without_member(data: bytes, suffix: str) -> tuple[bytes, str]:
    """The archive minus its first member whose name ends with ``suffix``."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        dropped = next(n for n in names if n.endswith(suffix))
        return zip_bytes({n: zf.read(n) for n in names if n != dropped}), dropped


def test_missing_source_files_are_reported_and_the_rest_imported(demo: tuple[Store, int]) -> None:
    store, pid = demo
    archive = build_project_archive(ProjectSession(store, local_actor(), pid)).download.data
    damaged, dropped = _without_member(archive, ".txt")
    preview = preview_project("saknas.qdpx", damaged)
    total = len(store.list_documents(pid))
    assert preview.documents == total - 1
    assert len(preview.missing_sources) == 1
    assert dropped.rsplit("/", 1)[-1] in preview.missing_sources[0]
    before = len(store.list_projects())
    report = import_project(store, "saknas.qdpx", damaged, project_name="Delvis")
    assert len(store.list_projects()) == before + 1
    assert report.documents == total - 1
    assert report.missing_sources == list(preview.missing_sources)


def test_preview_stores_nothing_and_a_broken_file_changes_nothing(demo: tuple[Store, int]) -> None:
    store, pid = demo
    archive = build_project_archive(ProjectSession(store, local_actor(), pid)).download.data
    before = [p.name for p in store.list_projects()]
    preview_project("hel.qdpx", archive)
    assert [p.name for p in store.list_projects()] == before
    with pytest.raises(SigqualError) as caught:
        import_project(store, "trasig.qdpx", archive[: len(archive) // 2])
    assert "trasig.qdpx" in str(caught.value)
    assert [p.name for p in store.list_projects()] == before


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("p.qdpx", zip_bytes({"project.qde": b"<Project/>"}), "project"),
        ("p.qde", b'<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0"/>', "project"),
        ("k.qdc", b'\xef\xbb\xbf<?xml version="1.0"?><CodeBook origin="x"><Codes/></CodeBook>',
         "codebook"),
        ("p.qdpx", b"inte en zip", "error:p.qdpx: the file is not a .qdpx file"),
        ("rapport.pdf", b"%PDF-1.7", "error:rapport.pdf: the file is not a REFI-QDA file"),
        ("x.qdc", b"<html><body>hej</body></html>", "error:x.qdc: the file is not a .qdc file"),
    ],
)
def test_upload_kind_is_decided_by_the_content(name: str, data: bytes, expected: str) -> None:
    if expected.startswith("error:"):
        with pytest.raises(SigqualError) as caught:
            upload_kind(name, data)
        assert str(caught.value).startswith(expected.removeprefix("error:"))
    else:
        assert upload_kind(name, data) == expected


def test_codebook_file_loads_into_another_project(demo: tuple[Store, int]) -> None:
    store, pid = demo
    qdc = codebook_download(store, pid)
    assert qdc.file_name == "huddinge-demo-fiktiv-kodbok.qdc"
    root = etree.fromstring(qdc.data)
    assert etree.QName(root).localname == "CodeBook"
    other = store.create_project("Liten", CODEBOOK)
    doc = store.add_document(other, name="d", text=TRANSCRIPT, turns=segment(TRANSCRIPT),
                             attributes={"group": "foraldrar"})
    store.add_coding(other, doc, "ff-struktur", 0, 10, coder="Eva")
    report = import_codebook(ProjectSession(store, local_actor("Testare"), other), qdc.file_name, qdc.data)
    demo_codes = store.codebook(pid).codes
    demo_labels = {c.label for c in demo_codes}
    merged = store.codebook(other)
    # Every code of the file is matched (by label: "Mötena") or added.
    assert len(report.added) + len(report.updated) + len(report.unchanged) == len(demo_codes)
    assert report.updated == ["t-moten"]
    assert demo_labels <= {c.label for c in merged.codes}
    # Codes the file does not hold stay, and so do their codings.
    assert merged.get("ff-struktur") is not None
    assert len(store.list_codings(other)) == 1
    labels = code_labels(store, other, report.added[:2])
    assert labels, "nothing to check"
    assert all(label.endswith(f"({cid})") for label, cid in zip(labels, report.added, strict=False))
    assert code_labels(store, other, ["finns-inte"]) == ["finns-inte"]


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [(None, "Huddinge-demo (fiktiv) (2)"), ("Ny studie", "Ny studie"),
     ("Huddinge-demo (fiktiv)", "error:a project named 'Huddinge-demo (fiktiv)' already exists")],
)
def test_preview_names_the_project_as_the_import_will(demo: tuple[Store, int], chosen: str | None,
                                                       expected: str) -> None:
    store, pid = demo
    data = build_project_archive(ProjectSession(store, local_actor(), pid)).download.data
    if expected.startswith("error:"):
        with pytest.raises(SigqualError) as caught:
            preview_project("p.qdpx", data, project_name=chosen, store=store)
        assert str(caught.value).startswith("p.qdpx: " + expected.removeprefix("error:"))
        return
    assert preview_project("p.qdpx", data, project_name=chosen, store=store).project_name == expected
    assert import_project(store, "p.qdpx", data, project_name=chosen).project_name == expected
