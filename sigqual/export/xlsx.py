"""Excel export: one worksheet per table, laid out for reading and printing, no formulas.

Counts are stored as numbers so they can be summed; every text cell is stored as a string
cell (with Excel's quote prefix when it looks like a formula), so a transcript quote such as
``=HYPERLINK(...)`` can never be evaluated.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sigqual.errors import ExportError
from sigqual.export._common import (
    FORMULA_TRIGGERS,
    Column,
    cell_text,
    columns,
    dedupe,
    is_number,
    normalise_newlines,
    plain_number,
    rows,
    split_caption,
    validate_tables,
    xml_safe,
)
from sigqual.tables.model import Table

SHEET_NAME_LIMIT = 31
CELL_TEXT_LIMIT = 32767
CAPTION_ROW = 1
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
# Tables with more columns than this are set up to print in landscape.
LANDSCAPE_ABOVE = 4
MIN_WIDTH, MAX_WIDTH = 8, 60
LINE_HEIGHT = 15  # points per text line at the default 11 pt font

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill(fill_type="solid", start_color="E8E8E8", end_color="E8E8E8")
_THIN = Side(style="thin", color="999999")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOP_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP_WRAP_RIGHT = Alignment(wrap_text=True, vertical="top", horizontal="right")


def write(tables: Sequence[Table], *, title: str | None = None) -> bytes:
    """Return an .xlsx workbook with a sheet per table, named after the table's title."""
    checked = validate_tables(tables)
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    workbook.properties.creator = "sigqual"
    workbook.properties.lastModifiedBy = "sigqual"
    if title:
        workbook.properties.title = title
    for name, table in zip(sheet_names(checked), checked, strict=True):
        _fill_sheet(workbook.create_sheet(name), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_names(tables: Sequence[Table]) -> list[str]:
    """Titles made valid as Excel sheet names: no ``[]:*?/\\``, at most 31 characters, unique."""
    cleaned = []
    for table in tables:
        name = _SHEET_FORBIDDEN.sub("-", xml_safe(table.title)).strip().strip("'").strip()
        if not name or name.casefold() == "history":  # Excel reserves "History"
            name = f"Tabell{' ' + name if name else ''}"
        cleaned.append(name[:SHEET_NAME_LIMIT])
    return dedupe(cleaned, limit=SHEET_NAME_LIMIT)


def _fill_sheet(sheet: Worksheet, table: Table) -> None:
    """Caption in A1, header in row 3, data below it, then the notes."""
    caption = split_caption(table)
    caption_cell = sheet.cell(row=CAPTION_ROW, column=1)
    _put_text(caption_cell, caption.text, table, "caption")
    caption_cell.font = Font(bold=True)

    cols = columns(table.frame)
    for position, column in enumerate(cols, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=position)
        _put_text(cell, column.name, table, f"column {position}")
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _GRID
        cell.alignment = _TOP_WRAP_RIGHT if column.numeric else _TOP_WRAP

    body = rows(table.frame)
    for offset, row in enumerate(body):
        for position, (column, value) in enumerate(zip(cols, row, strict=True), start=1):
            cell = sheet.cell(row=FIRST_DATA_ROW + offset, column=position)
            text = cell_text(value)
            if is_number(value) and text:
                cell.value = plain_number(value)
            elif text:
                _put_text(cell, text, table, f"row {offset + 1}, column {position}")
            cell.border = _GRID
            cell.alignment = _TOP_WRAP_RIGHT if column.numeric else _TOP_WRAP

    note_row = FIRST_DATA_ROW + len(body) + 1
    for note in (note for note in table.notes if note.strip()):
        cell = sheet.cell(row=note_row, column=1)
        _put_text(cell, note, table, "note")
        cell.font = Font(italic=True, size=9)
        note_row += 1

    widths = _fit_widths(sheet, cols, body)
    _fit_row_heights(sheet, cols, body, widths)
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1).coordinate
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    if len(cols) > LANDSCAPE_ABOVE:
        sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _put_text(cell: Cell, text: str, table: Table, where: str) -> None:
    """Store text as a string cell, never a formula, and within Excel's cell size limit."""
    clean = xml_safe(normalise_newlines(text))
    if len(clean) > CELL_TEXT_LIMIT:
        raise ExportError(
            msgid="error.export.text_has_characters_excel",
            params={"title": table.title, "where": where, "n_clean": len(clean),
                    "cell_text_limit": CELL_TEXT_LIMIT},
            field="frame",
        )
    cell.value = clean
    cell.data_type = "s"
    if clean.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True


def _fit_widths(sheet: Worksheet, cols: list[Column], body: list[tuple[object, ...]]) -> list[int]:
    """Widen each column to its longest line, between a readable minimum and a cap."""
    widths = []
    for position, column in enumerate(cols, start=1):
        longest = max(
            [_longest_line(column.name)]
            + [_longest_line(cell_text(row[position - 1])) for row in body]
        )
        width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(position)].width = width
        widths.append(width)
    return widths


def _fit_row_heights(
    sheet: Worksheet, cols: list[Column], body: list[tuple[object, ...]], widths: list[int]
) -> None:
    """Give wrapped rows room for every line, since Excel does not re-measure them on open."""
    for offset, row in enumerate(body):
        lines = max(
            _wrapped_lines(cell_text(value), width - 2)
            for value, width in zip(row, widths, strict=True)
        )
        if lines > 1:
            sheet.row_dimensions[FIRST_DATA_ROW + offset].height = lines * LINE_HEIGHT
    header_lines = max(
        _wrapped_lines(column.name, width - 2) for column, width in zip(cols, widths, strict=True)
    )
    if header_lines > 1:
        sheet.row_dimensions[HEADER_ROW].height = header_lines * LINE_HEIGHT


def _longest_line(text: str) -> int:
    """Characters in the longest line of a possibly multi-line cell."""
    return max(len(line) for line in normalise_newlines(text).split("\n"))


def _wrapped_lines(text: str, width: int) -> int:
    """Rough count of display lines once Excel wraps the text at ``width`` characters."""
    return sum(
        max(1, math.ceil(len(line) / max(width, 1)))
        for line in normalise_newlines(text).split("\n")
    )
