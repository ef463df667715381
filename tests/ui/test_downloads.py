"""The files behind the download buttons are real files of the promised format."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from sigqual.codebook import parse_codebook
from sigqual.errors import ExportError
from sigqual.tables import Table
from sigqual.ui.downloads import (
    TABLE_FORMATS,
    codebook_downloads,
    format_name,
    tables_download,
    tables_download_on_demand,
    tables_file_stem,
)

from .helpers import CODEBOOK, zip_members

T4 = Table("4b", "Tabell 4b. Framgångsfaktorer och utvecklingsområden tolkade ur "
           "föräldrarnas upplevelser.",
           pd.DataFrame({"Framgångsfaktorer": ["Möjlighet till praktik", "Paus från kompisar"],
                         "Utvecklingsområden": ["Saknad av BUP-aktör", ""]}))
T5 = Table("5b", "Tabell 5b. Utvecklingsområden, sammanfattning av intervjugruppernas "
           "erfarenheter.", pd.DataFrame({"Föräldrarna": ["Tidpunkt för insatsen"]}))


def _check(fmt: str, data: bytes, tables: list[Table]) -> None:
    """Open the bytes with the library a user's program would use."""
    if fmt == "docx":
        doc = WordDocument(io.BytesIO(data))
        assert len(doc.tables) == len(tables)
        cells = {c.text for tb in doc.tables for row in tb.rows for c in row.cells}
        assert "Möjlighet till praktik" in cells
    elif fmt == "xlsx":
        book = load_workbook(io.BytesIO(data))
        assert len(book.sheetnames) == len(tables)
        values = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row}
        assert "Saknad av BUP-aktör" in values
    elif fmt == "csv" and len(tables) > 1:
        assert zip_members(data) == [f"tabell-{tb.key}.csv" for tb in tables]
    else:
        text = data.decode("utf-8-sig")
        assert "Möjlighet till praktik" in text
        if fmt in ("md", "html"):
            assert "Tabell 4b" in text


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
@pytest.mark.parametrize(
    ("tables", "name"),
    [([T4], "huddinge-demo-fiktiv-tabell-4b"), ([T4, T5], "huddinge-demo-fiktiv-tabeller")],
)
def test_tables_download(fmt: str, tables: list[Table], name: str) -> None:
    download = tables_download(tables, fmt, project_name="Huddinge-demo (fiktiv)")
    expected_suffix = ".zip" if fmt == "csv" and len(tables) > 1 else f".{fmt}"
    assert download.file_name == name + expected_suffix
    assert download.fmt == fmt
    assert download.mime == {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "application/zip" if len(tables) > 1 else "text/csv",
        "md": "text/markdown", "html": "text/html"}[fmt]
    _check(fmt, download.data, tables)



@pytest.mark.parametrize("fmt", TABLE_FORMATS)
@pytest.mark.parametrize("tables", [[T4], [T4, T5]])
def test_a_file_made_on_demand_is_the_same_file(fmt: str, tables: list[Table]) -> None:
    """Same name, type and bytes as the file made at once, but written only when asked for."""
    now = tables_download(tables, fmt, project_name="Huddinge-demo (fiktiv)")
    later = tables_download_on_demand(tables, fmt, project_name="Huddinge-demo (fiktiv)")
    assert callable(later.data)
    assert (later.fmt, later.file_name, later.mime) == (now.fmt, now.file_name, now.mime)
    made = later.data()
    if fmt in ("docx", "xlsx") or (fmt == "csv" and len(tables) > 1):  # zips carry a time
        _check(fmt, made, tables)
    else:
        assert made == now.data


def test_no_tables_on_demand_is_refused() -> None:
    with pytest.raises(ExportError):
        tables_download_on_demand([], "docx", project_name="x")

@pytest.mark.parametrize(
    ("project", "tables", "stem"),
    [("Min utvärdering 2025", [T5], "min-utvardering-2025-tabell-5b"),
     ("Åäö", [T4, T5], "aao-tabeller"),
     ("!!!", [T4], "sigqual-tabell-4b")],
)
def test_file_stems(project: str, tables: list[Table], stem: str) -> None:
    assert tables_file_stem(project, tables) == stem


def test_no_tables_is_an_error() -> None:
    with pytest.raises(ExportError, match="no tables"):
        tables_download([], "docx", project_name="x")


@pytest.mark.parametrize(
    ("fmt", "label"),
    [("docx", "Word (.docx)"), ("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv)"),
     ("md", "Markdown (.md)"), ("html", "HTML (.html)")],
)
def test_format_names(fmt: str, label: str) -> None:
    assert format_name(fmt) == label


def test_codebook_downloads_round_trip() -> None:
    yaml_file, csv_file = codebook_downloads(CODEBOOK)
    assert (yaml_file.file_name, yaml_file.mime) == ("liten-testkodbok.yaml", "application/yaml")
    assert parse_codebook(yaml_file.data.decode("utf-8"), "x.yaml") == CODEBOOK
    assert (csv_file.file_name, csv_file.mime) == ("liten-testkodbok.csv", "text/csv")
    text = csv_file.data.decode("utf-8")
    assert text.startswith("\ufeffid,label,kind")
    assert "ff-struktur,Tydlig struktur,success_factor" in text
