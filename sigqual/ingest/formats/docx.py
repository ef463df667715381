"""Word documents (.docx) via python-docx.

Body paragraphs and tables are read in document order, one paragraph per line, so the
segmenter sees the transcriber's line structure. Tracked insertions are included and
deletions left out, matching what Word shows. Returns text not yet normalised.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime

import docx
from docx.document import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from sigqual.ingest.containers import open_office_zip
from sigqual.ingest.formats._common import Extraction, table_row_lines

_RUN_PARTS = (
    ".//w:r[not(ancestor::w:moveFrom)]/*"
    "[self::w:t or self::w:tab or self::w:ptab or self::w:br or self::w:cr"
    " or self::w:noBreakHyphen]"
)
_PART_TEXT = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}


def read(data: bytes, filename: str) -> Extraction:
    """Text and core properties (title, author, ...) of a .docx file."""
    open_office_zip(data, filename, "docx").close()
    document = docx.Document(io.BytesIO(data))
    lines = list(_block_lines(document))
    return Extraction("\n".join(lines), _core_properties(document))


def extract(data: bytes, filename: str) -> str:
    """Paragraph-per-line text of a .docx file, not yet normalised."""
    return read(data, filename).text


def _paragraph_text(paragraph: Paragraph) -> str:
    parts = []
    for element in paragraph._p.xpath(_RUN_PARTS):
        local = element.tag.rsplit("}", 1)[-1]
        parts.append((element.text or "") if local == "t" else _PART_TEXT[local])
    return "".join(parts)


def _block_lines(container: Document | _Cell) -> Iterator[str]:
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield _paragraph_text(block)
        else:
            yield from _table_lines(block)


def _table_lines(table: Table) -> Iterator[str]:
    seen = set()
    for row in table.rows:
        cells = []
        for cell in row.cells:
            # Merged cells come back once per grid column and vertical merges repeat
            # the top cell; the underlying element identifies the real cell.
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            cells.append("\n".join(_block_lines(cell)))
        yield from table_row_lines(cells)


def _core_properties(document: Document) -> dict[str, str]:
    props = document.core_properties
    values: dict[str, str | datetime | None] = {
        "title": props.title,
        "author": props.author,
        "subject": props.subject,
        "keywords": props.keywords,
        "last_modified_by": props.last_modified_by,
        "created": props.created,
        "modified": props.modified,
    }
    metadata = {}
    for key, value in values.items():
        if isinstance(value, datetime):
            metadata[key] = value.isoformat()
        elif value and value.strip():
            metadata[key] = value.strip()
    return metadata
