"""Markdown export: GitHub-flavoured pipe tables for pasting into wikis, issues and notes.

Cell text is backslash-escaped so a transcript quote can neither break the table (``|``,
line breaks) nor turn into markup or raw HTML (``*``, ``<script>``) when rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sigqual.export._common import (
    cell_text,
    columns,
    normalise_newlines,
    rows,
    split_caption,
    validate_tables,
)
from sigqual.tables.model import Table

# ASCII punctuation that means something inline in GFM; CommonMark allows escaping any of it.
_SPECIAL = re.compile(r"([\\`*_\[\]|<>&~])")


def write(tables: Sequence[Table], *, title: str | None = None) -> bytes:
    """Return a UTF-8 Markdown document with a caption line and pipe table per table."""
    checked = validate_tables(tables)
    blocks: list[str] = []
    if title:
        blocks.append("# " + escape_inline(title))
    blocks.extend(table_block(table) for table in checked)
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def table_block(table: Table) -> str:
    """Caption line, blank line, pipe table and the notes as separate paragraphs."""
    caption = split_caption(table)
    heading = f"**{escape_inline(caption.label)}**"
    if caption.rest:
        heading += " " + escape_inline(caption.rest)
    cols = columns(table.frame)
    lines = [
        _row(escape_cell(column.name) for column in cols),
        _row("---:" if column.numeric else "---" for column in cols),
    ]
    lines.extend(_row(escape_cell(cell_text(value)) for value in row) for row in rows(table.frame))
    parts = [heading, "\n".join(lines)]
    parts.extend(escape_inline(note) for note in table.notes if note.strip())
    return "\n\n".join(parts)


def escape_inline(text: str) -> str:
    """Escape text for a single Markdown line; line breaks become spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def escape_cell(text: str) -> str:
    """Escape text for one table cell; a line break becomes ``<br>`` to stay in the cell."""
    lines = normalise_newlines(text).split("\n")
    return "<br>".join(_SPECIAL.sub(r"\\\1", line) for line in lines)


def _row(cells: Iterable[str]) -> str:
    """Join cells into a pipe-table row with a space of padding around each cell."""
    return "| " + " | ".join(cells) + " |"
