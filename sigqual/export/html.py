"""HTML export: one self-contained page that opens offline and prints cleanly on A4.

Everything from the tables is escaped, and a Content-Security-Policy forbids scripts and
external loads, so a quote such as ``<script>`` is shown as text and nothing can run.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from sigqual.export._common import (
    cell_text,
    columns,
    dedupe,
    normalise_newlines,
    rows,
    slug,
    split_caption,
    validate_tables,
)
from sigqual.tables.model import Table

DEFAULT_TITLE = "Tabeller"

_STYLE = """\
body { font-family: "Segoe UI", Calibri, Arial, sans-serif; font-size: 11pt; color: #111;
  margin: 2em; }
h1 { font-size: 16pt; }
section { margin: 0 0 2.5em 0; }
table { border-collapse: collapse; width: 100%; }
caption { caption-side: top; text-align: left; font-size: 11pt; padding: 0 0 0.4em 0; }
th, td { border: 1px solid #999; padding: 0.3em 0.5em; vertical-align: top; text-align: left;
  white-space: pre-wrap; }
th { background: #e8e8e8; }
.num { text-align: right; }
.note { font-size: 9pt; margin: 0.4em 0 0 0; }
@page { size: A4; margin: 2cm; }
@media print {
  body { margin: 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  section { break-inside: auto; }
}"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def write(tables: Sequence[Table], *, title: str | None = None) -> bytes:
    """Return a UTF-8 HTML5 document with a captioned table (and notes) per table."""
    checked = validate_tables(tables)
    page_title = title.strip() if title and title.strip() else DEFAULT_TITLE
    anchors = dedupe((slug(table.title) or "tabell" for table in checked), pattern="-{}")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="sv">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(page_title)}</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
    ]
    if title and title.strip():
        parts.append(f"<h1>{escape(title.strip())}</h1>")
    for anchor, table in zip(anchors, checked, strict=True):
        parts.append(table_section(table, anchor))
    parts.extend(["</body>", "</html>", ""])
    return "\n".join(parts).encode("utf-8")


def table_section(table: Table, anchor: str) -> str:
    """A ``<section>`` holding the table with its ``<caption>`` and the notes below it."""
    caption = split_caption(table)
    caption_html = f"<strong>{escape(caption.label)}</strong>"
    if caption.rest:
        caption_html += " " + escape(caption.rest)
    cols = columns(table.frame)
    header = "".join(_cell("th", column.name, column.numeric, ' scope="col"') for column in cols)
    lines = [
        f'<section id="{anchor}">',
        "<table>",
        f"<caption>{caption_html}</caption>",
        "<thead>",
        f"<tr>{header}</tr>",
        "</thead>",
        "<tbody>",
    ]
    for row in rows(table.frame):
        cells = "".join(
            _cell("td", cell_text(value), column.numeric)
            for column, value in zip(cols, row, strict=True)
        )
        lines.append(f"<tr>{cells}</tr>")
    lines.extend(["</tbody>", "</table>"])
    lines.extend(f'<p class="note">{escape(note)}</p>' for note in table.notes if note.strip())
    lines.append("</section>")
    return "\n".join(lines)


def _cell(tag: str, text: str, numeric: bool, extra: str = "") -> str:
    """One escaped cell; line breaks are kept by the ``pre-wrap`` style, not by markup."""
    css = ' class="num"' if numeric else ""
    return f"<{tag}{extra}{css}>{escape(normalise_newlines(text))}</{tag}>"
