"""Helpers that build OpenDocument content for the ODT tests."""

from __future__ import annotations

from collections.abc import Sequence

from odf import text as odftext
from odf.table import Table, TableCell, TableColumn, TableRow


def odt_paragraph(*parts: object, heading: bool = False) -> odftext.P:
    """A paragraph from strings and odfpy inline elements (S, Tab, LineBreak, Span)."""
    element = odftext.H(outlinelevel=1) if heading else odftext.P()
    for part in parts:
        if isinstance(part, str):
            element.addText(part)
        else:
            element.addElement(part)
    return element


def odt_table(rows: Sequence[Sequence[str]]) -> Table:
    table = Table(name="T1")
    table.addElement(TableColumn(numbercolumnsrepeated=len(rows[0])))
    for row in rows:
        table_row = TableRow()
        for value in row:
            cell = TableCell()
            cell.addElement(odftext.P(text=value))
            table_row.addElement(cell)
        table.addElement(table_row)
    return table
