"""The registry, its errors, and checks that hold for every format: read back, escaping."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import lxml.html
import openpyxl
import pandas as pd
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from sigqual.errors import ExportError
from sigqual.export import (
    FORMATS as REGISTRY,
)
from sigqual.export import (
    export_tables,
    file_suffix,
    media_type,
)
from sigqual.export._common import cell_text, guard_formula, is_number, split_caption
from sigqual.tables.model import Table

FORMATS = ["docx", "xlsx", "csv", "md", "html"]


@dataclass
class ReadTable:
    """What a reader recovers from an exported file: caption, header and body cells."""

    caption: str | None
    header: list[object]
    rows: list[list[object]]


def read_docx(path: Path, tables: list[Table]) -> list[ReadTable]:
    document = docx.Document(str(path))
    result = []
    for grid in document.tables:
        before = grid._tbl.getprevious()
        assert before is not None and before.tag == qn("w:p"), "caption must sit right above"
        cells = [[cell.text for cell in row.cells] for row in grid.rows]
        result.append(ReadTable(Paragraph(before, grid._parent).text, cells[0], cells[1:]))
    return result


def read_xlsx(path: Path, tables: list[Table]) -> list[ReadTable]:
    workbook = openpyxl.load_workbook(path)
    result = []
    for sheet, table in zip(workbook.worksheets, tables, strict=True):
        width = table.frame.shape[1]
        grid = [
            [sheet.cell(row=row, column=col).value for col in range(1, width + 1)]
            for row in range(3, 4 + len(table.frame))
        ]
        result.append(ReadTable(sheet["A1"].value, grid[0], grid[1:]))
    return result


def read_html(path: Path, tables: list[Table]) -> list[ReadTable]:
    page = lxml.html.fromstring(path.read_bytes())
    result = []
    for grid in page.iter("table"):
        caption = grid.find("caption").text_content()
        header = [cell.text_content() for cell in grid.find("thead").iter("th")]
        body = [[cell.text_content() for cell in row.iter("td")] for row in grid.iter("tr")]
        result.append(ReadTable(caption, header, [row for row in body if row]))
    return result


def read_csv(path: Path, tables: list[Table]) -> list[ReadTable]:
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            files = [archive.read(name) for name in archive.namelist()]
    else:
        files = [data]
    result = []
    for content in files:
        assert content.startswith(b"\xef\xbb\xbf"), "each CSV starts with a UTF-8 BOM"
        grid = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
        result.append(ReadTable(None, grid[0], grid[1:]))
    return result


def read_md_captions(path: Path, tables: list[Table]) -> list[ReadTable]:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [re.match(r"^\*\*(.+?)\*\* (.*)$", line) for line in lines]
    return [ReadTable(f"{m[1]} {m[2]}", [], []) for m in found if m]


READERS: dict[str, Callable[[Path, list[Table]], list[ReadTable]]] = {
    "docx": read_docx,
    "xlsx": read_xlsx,
    "html": read_html,
    "csv": read_csv,
}


def expected_cell(fmt: str, value: object) -> object:
    """The value each format promises to keep for a frame cell."""
    text = cell_text(value)
    if fmt == "xlsx":
        if not text:
            return None
        return value if is_number(value) else text
    if fmt == "csv":
        return text if is_number(value) else guard_formula(text)
    return text


def expected_header(fmt: str, name: str) -> str:
    return guard_formula(name) if fmt == "csv" else name


def test_registry_keys_agree() -> None:
    assert set(REGISTRY) == set(FORMATS)
    assert all(entry.key == key and entry.suffix == "." + key for key, entry in REGISTRY.items())


@pytest.mark.parametrize(
    ("fmt", "count", "suffix", "mime"),
    [
        ("csv", 1, ".csv", "text/csv"),
        ("csv", 2, ".zip", "application/zip"),
        ("docx", 3, ".docx", REGISTRY["docx"].media_type),
        ("xlsx", 1, ".xlsx", REGISTRY["xlsx"].media_type),
        ("md", 2, ".md", "text/markdown"),
        ("HTML", 2, ".html", "text/html"),
        (".md", 1, ".md", "text/markdown"),
    ],
)
def test_suffix_and_media_type(fmt: str, count: int, suffix: str, mime: str) -> None:
    assert file_suffix(fmt, count) == suffix
    assert media_type(fmt, count) == mime


@pytest.mark.parametrize("fmt", ["pdf", "", "docx2", "markdown", "zip"])
def test_unknown_format_is_refused(fmt: str, list_table: Table) -> None:
    with pytest.raises(ExportError) as caught:
        export_tables([list_table], fmt)
    assert caught.value.field == "format"
    assert repr(fmt) in str(caught.value) and "docx, html, md, xlsx" in str(caught.value)


def _bad_inputs() -> list[tuple[str, object, str]]:
    ok = pd.DataFrame({"A": ["x"]})
    multi = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")]))
    return [
        ("empty list", [], "no tables"),
        ("none", None, "no tables"),
        ("single table", Table("4a", "", ok), "Tabell 4a: expected a list"),
        ("not a table", ["Tabell 4a"], "item 1 is a str"),
        ("no columns", [Table("4b", "", pd.DataFrame())], "Tabell 4b: the table has no columns"),
        ("multi header", [Table("4c", "", multi)], "Tabell 4c: multi-level column headers"),
        ("frame type", [Table("4d", "", [["x"]])], "Tabell 4d: the frame is a list"),
        ("caption type", [Table("4e", None, ok)], "Tabell 4e: the caption is not text"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("case", "tables", "message"), _bad_inputs(), ids=lambda v: str(v)[:20])
def test_bad_input_is_a_clear_export_error(
    fmt: str, case: str, tables: object, message: str
) -> None:
    for call in (
        lambda: export_tables(tables, fmt),  # type: ignore[arg-type]
        lambda: REGISTRY[fmt].write(tables),  # type: ignore[arg-type]
    ):
        with pytest.raises(ExportError, match=re.escape(message)):
            call()


@pytest.mark.parametrize(
    ("fmt", "starts_with"),
    [
        ("docx", b"PK\x03\x04"),
        ("xlsx", b"PK\x03\x04"),
        ("csv", b"PK\x03\x04"),
        ("md", "# Utvärdering".encode()),
        ("html", b"<!DOCTYPE html>"),
    ],
)
def test_output_kind(fmt: str, starts_with: bytes, sample_tables: list[Table], title: str) -> None:
    assert export_tables(sample_tables, fmt, title=title).startswith(starts_with)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html", "csv"])
def test_cells_read_back_equal_the_frames(
    fmt: str,
    sample_tables: list[Table],
    title: str,
    write_file: Callable[[bytes, str], Path],
) -> None:
    path = write_file(export_tables(sample_tables, fmt, title=title), "out" + file_suffix(fmt, 2))
    read = READERS[fmt](path, sample_tables)
    assert len(read) == len(sample_tables)
    for table, back in zip(sample_tables, read, strict=True):
        assert back.header == [expected_header(fmt, str(name)) for name in table.frame.columns]
        expected_rows = [
            [expected_cell(fmt, value) for value in row]
            for row in table.frame.itertuples(index=False, name=None)
        ]
        assert back.rows == expected_rows


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html", "md"])
def test_caption_reads_once_with_its_label(
    fmt: str,
    sample_tables: list[Table],
    title: str,
    write_file: Callable[[bytes, str], Path],
) -> None:
    path = write_file(export_tables(sample_tables, fmt, title=title), "out." + fmt)
    reader = read_md_captions if fmt == "md" else READERS[fmt]
    captions = [back.caption for back in reader(path, sample_tables)]
    assert captions == [split_caption(table).text for table in sample_tables]
    assert captions[0] == (
        "Tabell 4a. Framgångsfaktorer och utvecklingsområden tolkade ur ungdomarnas upplevelser"
    )


def _xml_parts(data: bytes) -> str:
    """All XML parts of an Office file joined; binary parts such as thumbnails are skipped."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [name for name in archive.namelist() if name.endswith((".xml", ".rels"))]
        return "".join(archive.read(name).decode("utf-8") for name in names)


@pytest.mark.parametrize(
    ("fmt", "unpack", "escaped"),
    [
        ("docx", _xml_parts, "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("xlsx", _xml_parts, "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("html", lambda data: data.decode("utf-8"), "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("md", lambda data: data.decode("utf-8"), r"\<script\>alert(1)\</script\>"),
    ],
)
def test_markup_in_quotes_is_never_raw(
    fmt: str, unpack: Callable[[bytes], str], escaped: str, sample_tables: list[Table]
) -> None:
    text = unpack(export_tables(sample_tables, fmt))
    # In Markdown a backslash before "<" makes it literal text, so only a bare "<" counts.
    assert re.search(r"(?<!\\)</?script", text, flags=re.IGNORECASE) is None
    assert escaped in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic_apart_from_timestamps(
    fmt: str, sample_tables: list[Table]
) -> None:
    if fmt in ("docx", "xlsx"):
        first = _xml_parts(export_tables(sample_tables, fmt))
        second = _xml_parts(export_tables(sample_tables, fmt))
        stamp = re.compile(r"<dcterms:(created|modified)[^<]*</dcterms:\1>")
        assert stamp.sub("", first) == stamp.sub("", second)
    else:
        assert export_tables(sample_tables, fmt) == export_tables(sample_tables, fmt)
