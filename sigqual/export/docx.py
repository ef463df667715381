"""Word export: real Word tables with numbered captions, ready to paste into a report.

Each cell holds exactly the frame's text, so the tables can be read back and checked. Wide
tables (more than four columns) get a landscape A4 section of their own.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table as WordTable
from docx.table import _Cell

from sigqual.export._common import (
    Column,
    cell_text,
    columns,
    normalise_newlines,
    rows,
    split_caption,
    validate_tables,
    xml_safe,
)
from sigqual.tables.model import Table

# Tables with more columns than this are printed on a landscape page.
LANDSCAPE_ABOVE = 4
TABLE_STYLE = "Table Grid"
HEADER_FILL = "E8E8E8"
A4_SHORT, A4_LONG = Mm(210), Mm(297)
MARGIN = Mm(20)
BODY_SIZE = Pt(10)
NOTE_SIZE = Pt(8)
# Longest line (in characters) that still earns a column more width; beyond it text wraps.
_WIDTH_CAP = 60
_WIDTH_FLOOR = 4


def write(tables: Sequence[Table], *, title: str | None = None) -> bytes:
    """Return a .docx with an optional heading and one captioned Word table per table."""
    checked = validate_tables(tables)
    document = Document()
    caption_style = prepare_document(document, title)
    landscape: bool | None = None
    for table in checked:
        wide = table.frame.shape[1] > LANDSCAPE_ABOVE
        if landscape is None:
            orient_section(document.sections[-1], wide)
        elif wide != landscape:
            orient_section(document.add_section(WD_SECTION.NEW_PAGE), wide)
        landscape = wide
        add_table(document, table, caption_style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def prepare_document(document: WordDocument, title: str | None) -> ParagraphStyle | None:
    """Set Swedish proofing, body size, document properties and the optional heading."""
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "sv-SE")
    normal.element.get_or_add_rPr().append(language)

    properties = document.core_properties
    properties.title = title or ""
    properties.author = "sigqual"
    properties.last_modified_by = "sigqual"
    properties.comments = ""

    caption_style: ParagraphStyle | None = None
    if "Caption" in [style.name for style in document.styles]:
        caption_style = document.styles["Caption"]  # type: ignore[assignment]
        caption_style.font.bold = False
        caption_style.font.size = BODY_SIZE
        caption_style.font.color.rgb = RGBColor(0, 0, 0)
        caption_style.paragraph_format.space_before = Pt(12)
        caption_style.paragraph_format.space_after = Pt(4)
        caption_style.paragraph_format.keep_with_next = True
    if title:
        document.add_heading(xml_safe(" ".join(title.split())), level=1)
    return caption_style


def orient_section(section: Section, landscape: bool) -> None:
    """Make the section A4 in the wanted orientation, with the same margins everywhere."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = A4_LONG if landscape else A4_SHORT
    section.page_height = A4_SHORT if landscape else A4_LONG
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def add_table(document: WordDocument, table: Table, caption_style: ParagraphStyle | None) -> None:
    """Caption above, the grid itself, notes below and an empty paragraph as spacing."""
    caption = split_caption(table)
    paragraph = document.add_paragraph(style=caption_style)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(xml_safe(caption.label)).bold = True
    if caption.rest:
        paragraph.add_run(" " + xml_safe(caption.rest)).bold = False

    cols = columns(table.frame)
    body = rows(table.frame)
    grid = document.add_table(rows=1 + len(body), cols=len(cols))
    grid.style = document.styles[TABLE_STYLE]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    word_rows = list(grid.rows)
    for cell, column in zip(word_rows[0].cells, cols, strict=True):
        _fill(cell, column.name, column.numeric, bold=True)
    # Row by row: Table.cell() rebuilds the whole cell grid on every call.
    for word_row, row in zip(word_rows[1:], body, strict=True):
        for cell, column, value in zip(word_row.cells, cols, row, strict=True):
            _fill(cell, cell_text(value), column.numeric)
    _set_widths(grid, cols, body, document.sections[-1])
    _mark_header(grid)

    for note in table.notes:
        if note.strip():
            run = document.add_paragraph().add_run(xml_safe(note))
            run.font.size = NOTE_SIZE
    document.add_paragraph()


def _fill(cell: _Cell, text: str, numeric: bool, *, bold: bool = False) -> None:
    """Write the text as one run; python-docx turns ``\\n`` and tabs into Word breaks."""
    paragraph = cell.paragraphs[0]
    if numeric:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if text:
        run = paragraph.add_run(xml_safe(normalise_newlines(text)))
        if bold:
            run.bold = True


def _set_widths(
    grid: WordTable, cols: list[Column], body: list[tuple[object, ...]], section: Section
) -> None:
    """Share the text width by content length, so quotes get room and counts stay narrow."""
    weights = []
    for position, column in enumerate(cols):
        header_word = max((len(word) for word in column.name.split()), default=0)
        longest = max(
            (_longest_line(cell_text(row[position])) for row in body),
            default=0,
        )
        if column.numeric:
            weight = max(header_word, longest)
        else:
            weight = max(header_word, min(max(longest, _longest_line(column.name)), _WIDTH_CAP))
        weights.append(max(weight, _WIDTH_FLOOR))
    usable = section.page_width - section.left_margin - section.right_margin
    total = sum(weights)
    grid.autofit = False
    for position, weight in enumerate(weights):
        width = int(usable * weight / total)
        grid.columns[position].width = width
        for cell in grid.columns[position].cells:
            cell.width = width


def _longest_line(text: str) -> int:
    """Length of the longest line, the figure that decides how wide a column wants to be."""
    return max((len(line) for line in normalise_newlines(text).split("\n")), default=0)


def _mark_header(grid: WordTable) -> None:
    """Repeat the header row on every page, keep it whole and give it a light fill."""
    header = grid.rows[0]
    row_properties = header._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        flag = OxmlElement(tag)
        flag.set(qn("w:val"), "true")
        row_properties.append(flag)
    for cell in header.cells:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), HEADER_FILL)
        cell._tc.get_or_add_tcPr().append(shading)
