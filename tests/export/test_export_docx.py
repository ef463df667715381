"""Word layout: caption style and bold label, header row, alignment, sections, widths, notes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from sigqual.export import docx as docx_export
from sigqual.tables.model import Table


@pytest.fixture
def document(
    sample_tables: list[Table], title: str, write_file: Callable[[bytes, str], Path]
) -> docx.document.Document:
    path = write_file(docx_export.write(sample_tables, title=title), "tabeller.docx")
    return docx.Document(str(path))


def _block_after(grid: docx.table.Table, steps: int = 1) -> Paragraph:
    element = grid._tbl
    for _ in range(steps):
        element = element.getnext()
    assert element.tag == qn("w:p")
    return Paragraph(element, grid._parent)


def test_title_heading_and_properties(document: docx.document.Document, title: str) -> None:
    first = document.paragraphs[0]
    assert (first.text, first.style.name) == (title, "Heading 1")
    assert document.core_properties.title == title
    assert document.core_properties.author == "sigqual"


def test_without_title_there_is_no_heading(list_table: Table, tmp_path: Path) -> None:
    path = tmp_path / "utan-titel.docx"
    path.write_bytes(docx_export.write([list_table]))
    first = docx.Document(str(path)).paragraphs[0]
    assert first.style.name == "Caption"


@pytest.mark.parametrize(
    ("index", "label", "rest"),
    [
        (
            0,
            "Tabell 4a.",
            " Framgångsfaktorer och utvecklingsområden tolkade ur ungdomarnas upplevelser",
        ),
        (1, "Tabell 4a-belägg.", " Citat som belägg för ungdomarnas faktorer"),
    ],
)
def test_caption_above_with_bold_label(
    document: docx.document.Document, index: int, label: str, rest: str
) -> None:
    caption = Paragraph(document.tables[index]._tbl.getprevious(), document)
    assert caption.style.name == "Caption"
    assert [(run.text, bool(run.bold)) for run in caption.runs] == [(label, True), (rest, False)]
    assert caption.paragraph_format.keep_with_next is True


@pytest.mark.parametrize("index", [0, 1])
def test_header_row_bold_repeated_and_grid_style(
    document: docx.document.Document, index: int
) -> None:
    grid = document.tables[index]
    assert grid.style.name == "Table Grid"
    header = grid.rows[0]
    row_properties = header._tr.trPr
    assert row_properties.find(qn("w:tblHeader")) is not None
    runs = [run for cell in header.cells for run in cell.paragraphs[0].runs]
    assert runs and all(run.bold for run in runs)
    body_runs = [
        run for row in grid.rows[1:] for cell in row.cells for run in cell.paragraphs[0].runs
    ]
    assert not any(run.bold for run in body_runs)


def test_numeric_columns_are_right_aligned(document: docx.document.Document) -> None:
    grid = document.tables[1]
    for row in grid.rows:
        alignments = [cell.paragraphs[0].alignment for cell in row.cells]
        right = [alignment == WD_ALIGN_PARAGRAPH.RIGHT for alignment in alignments]
        assert right == [False, False, True, True, False]


def test_wide_table_gets_a_landscape_section(document: docx.document.Document) -> None:
    sections = document.sections
    assert [section.orientation for section in sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
    ]
    portrait, landscape = sections
    assert portrait.page_height > portrait.page_width
    assert landscape.page_width > landscape.page_height
    assert round(landscape.page_width.mm) == 297


@pytest.mark.parametrize(
    ("widths", "orientations"),
    [
        ([2, 2], [WD_ORIENT.PORTRAIT]),
        ([5, 6], [WD_ORIENT.LANDSCAPE]),
        ([2, 5, 3], [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]),
        ([4, 5, 5, 1], [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]),
    ],
)
def test_sections_follow_table_width(
    widths: list[int], orientations: list[WD_ORIENT], tmp_path: Path
) -> None:
    tables = [
        Table(key=str(n), caption="", frame=pd.DataFrame([["x"] * width]))
        for n, width in enumerate(widths, start=1)
    ]
    path = tmp_path / "sektioner.docx"
    path.write_bytes(docx_export.write(tables))
    document = docx.Document(str(path))
    assert [section.orientation for section in document.sections] == orientations
    assert len(document.tables) == len(widths)


@pytest.mark.parametrize("index", [0, 1])
def test_columns_fit_the_page(document: docx.document.Document, index: int) -> None:
    grid = document.tables[index]
    section = document.sections[index]
    usable = section.page_width - section.left_margin - section.right_margin
    widths = [column.width for column in grid.columns]
    assert sum(widths) <= usable
    assert sum(widths) > usable * 0.98
    assert all(cell.width == widths[n] for row in grid.rows for n, cell in enumerate(row.cells))


def test_quote_column_is_wider_than_counts(document: docx.document.Document) -> None:
    widths = [column.width for column in document.tables[1].columns]
    assert widths[4] > widths[2] and widths[4] > widths[3]


@pytest.mark.parametrize(
    ("index", "note"),
    [(0, "Källa: intervjuer med ungdomarna, fas 1."), (1, "Intervjuer = antal intervjuer")],
)
def test_notes_are_small_paragraphs_below(
    document: docx.document.Document, index: int, note: str
) -> None:
    paragraph = _block_after(document.tables[index])
    assert paragraph.text.startswith(note)
    assert all(run.font.size == Pt(8) for run in paragraph.runs)


def test_control_characters_are_dropped_not_fatal(tmp_path: Path) -> None:
    table = Table("4a", "Tabell 4a. Test", pd.DataFrame({"Citat": ["sida\x0c två\x00 slut"]}))
    path = tmp_path / "kontroll.docx"
    path.write_bytes(docx_export.write([table]))
    assert docx.Document(str(path)).tables[0].cell(1, 0).text == "sida två slut"
