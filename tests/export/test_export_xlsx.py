"""Excel layout: sheet names, caption, header, number cells, notes, widths and no formulas."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.workbook.workbook import Workbook

from sigqual.errors import ExportError
from sigqual.export import xlsx as xlsx_export
from sigqual.export._common import FORMULA_TRIGGERS
from sigqual.tables.model import Table


@pytest.fixture
def workbook(
    sample_tables: list[Table], title: str, write_file: Callable[[bytes, str], Path]
) -> Workbook:
    path = write_file(xlsx_export.write(sample_tables, title=title), "tabeller.xlsx")
    return openpyxl.load_workbook(path)


def test_sheet_names_and_title(workbook: Workbook, title: str) -> None:
    assert workbook.sheetnames == ["Tabell 4a", "Tabell 4a-belägg"]
    assert workbook.properties.title == title
    assert workbook.properties.creator == "sigqual"


@pytest.mark.parametrize(
    ("index", "caption"),
    [
        (
            0,
            "Tabell 4a. Framgångsfaktorer och utvecklingsområden tolkade ur ungdomarnas "
            "upplevelser",
        ),
        (1, "Tabell 4a-belägg. Citat som belägg för ungdomarnas faktorer"),
    ],
)
def test_caption_header_and_frozen_panes(workbook: Workbook, index: int, caption: str) -> None:
    sheet = workbook.worksheets[index]
    assert sheet["A1"].value == caption and sheet["A1"].font.bold
    assert sheet["A2"].value is None
    header = sheet[3]
    assert all(cell.font.bold for cell in header if cell.value is not None)
    assert {cell.fill.fgColor.rgb for cell in header} == {"00E8E8E8"}
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"


def test_numbers_are_numbers_and_text_is_text(workbook: Workbook, evidence_table: Table) -> None:
    sheet = workbook.worksheets[1]
    for offset, row in enumerate(evidence_table.frame.itertuples(index=False, name=None)):
        cells = sheet[4 + offset][: len(row)]
        assert [cell.data_type for cell in cells] == ["s", "s", "n", "n", "s"]
        assert [cell.value for cell in cells][2:4] == list(row[2:4])
        assert all(cell.alignment.wrap_text for cell in cells)


def test_no_cell_is_a_formula(sample_tables: list[Table]) -> None:
    data = xlsx_export.write(sample_tables)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        xml = "".join(archive.read(name).decode("utf-8") for name in sheets)
    assert re.search(r"<f[ >]", xml) is None
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    values = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    triggered = [cell for cell in values if str(cell.value or "").startswith(FORMULA_TRIGGERS)]
    assert len(triggered) == 4
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in triggered)
    assert {cell.value for cell in triggered} >= {'=HYPERLINK("http://example.invalid","klicka")'}


@pytest.mark.parametrize(
    ("value", "data_type", "quote_prefix"),
    [
        ("=SUM(A1:A9)", "s", True),
        ("+1", "s", True),
        ("-minus", "s", True),
        ("@mention", "s", True),
        ("vanlig text", "s", False),
        (-5, "n", False),
        (2.5, "n", False),
    ],
)
def test_cell_kinds(value: object, data_type: str, quote_prefix: bool, tmp_path: Path) -> None:
    table = Table("1", "Tabell 1. Test", pd.DataFrame({"Värde": [value]}, dtype=object))
    path = tmp_path / "typer.xlsx"
    path.write_bytes(xlsx_export.write([table]))
    cell = openpyxl.load_workbook(path).active["A4"]
    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (value, data_type, quote_prefix)


@pytest.mark.parametrize(("index", "rows"), [(0, 4), (1, 5)])
def test_notes_below_the_table(
    workbook: Workbook, sample_tables: list[Table], index: int, rows: int
) -> None:
    sheet = workbook.worksheets[index]
    note_row = 4 + rows + 1
    assert sheet.cell(row=note_row - 1, column=1).value is None
    assert sheet.cell(row=note_row, column=1).value == sample_tables[index].notes[0]
    assert sheet.cell(row=note_row, column=1).font.italic


def test_column_widths_fit_content_within_limits(workbook: Workbook) -> None:
    sheet = workbook.worksheets[1]
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDE"]
    assert all(xlsx_export.MIN_WIDTH <= width <= xlsx_export.MAX_WIDTH for width in widths)
    assert widths[0] == len("ff-aktorerna-ger-stod") + 2
    assert widths[1] == len("Mer och tydligare information inför första insatsmötet") + 2
    assert widths[2] == len("Intervjuer") + 2
    assert sheet.row_dimensions[4].height == 2 * xlsx_export.LINE_HEIGHT


@pytest.mark.parametrize(("index", "orientation"), [(0, None), (1, "landscape")])
def test_wide_sheets_print_landscape(
    workbook: Workbook, index: int, orientation: str | None
) -> None:
    setup = workbook.worksheets[index].page_setup
    assert setup.orientation == orientation
    assert setup.fitToWidth == 1


def test_long_cell_is_refused_with_location() -> None:
    frame = pd.DataFrame({"Kod": ["a", "b"], "Citat": ["kort", "x" * 40_000]})
    with pytest.raises(ExportError, match=r"Tabell 9, row 2, column 2: the text has 40000"):
        xlsx_export.write([Table("9", "Tabell 9. Lång", frame)])
