"""OpenDocument text (.odt) via odfpy.

Paragraphs, headings, list items and table cells come out in document order, one per
line. Inline markup is expanded the way an editor shows it: ``<text:s text:c="3"/>``
is three spaces, ``<text:tab/>`` a tab, ``<text:line-break/>`` a new line. Footnotes,
comments and the tracked-changes log (which holds deleted text) are left out.
Returns text not yet normalised.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from odf.element import Element, Node
from odf.namespaces import DCNS, METANS, OFFICENS, TABLENS, TEXTNS
from odf.opendocument import load

from sigqual.ingest.containers import open_office_zip
from sigqual.ingest.formats._common import Extraction, table_row_lines

_PARAGRAPHS = {(TEXTNS, "p"), (TEXTNS, "h")}
_TABLE = (TABLENS, "table")
_ROW = (TABLENS, "table-row")
_ROW_GROUPS = {
    (TABLENS, "table-header-rows"),
    (TABLENS, "table-rows"),
    (TABLENS, "table-row-group"),
}
_CELL = (TABLENS, "table-cell")
_SKIPPED_BLOCKS = {
    (TEXTNS, "tracked-changes"),
    (TEXTNS, "sequence-decls"),
    (TEXTNS, "variable-decls"),
    (TEXTNS, "user-field-decls"),
    (OFFICENS, "forms"),
}
_SKIPPED_INLINE = {
    (TEXTNS, "note"),
    (OFFICENS, "annotation"),
    (TEXTNS, "tracked-changes"),
    ("urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", "frame"),
}
# A forged space count must not blow up memory; no editor writes more than a line's worth.
_MAX_SPACES = 1000
_INLINE_TEXT = {(TEXTNS, "tab"): "\t", (TEXTNS, "line-break"): "\n"}
_META_FIELDS = {
    (DCNS, "title"): "title",
    (DCNS, "creator"): "author",
    (METANS, "initial-creator"): "initial_author",
    (DCNS, "subject"): "subject",
    (METANS, "keyword"): "keywords",
    (METANS, "creation-date"): "created",
    (DCNS, "date"): "modified",
}


def read(data: bytes, filename: str) -> Extraction:
    """Text and metadata (title, author, dates) of an .odt file."""
    open_office_zip(data, filename, "odt").close()
    document = load(io.BytesIO(data))
    lines = list(_block_lines(document.text))
    return Extraction("\n".join(lines), _metadata(document.meta))


def extract(data: bytes, filename: str) -> str:
    """Paragraph-per-line text of an .odt file, not yet normalised."""
    return read(data, filename).text


def _elements(node: Element) -> Iterator[Element]:
    return (child for child in node.childNodes if child.nodeType == Node.ELEMENT_NODE)


def _block_lines(node: Element) -> Iterator[str]:
    for child in _elements(node):
        if child.qname in _PARAGRAPHS:
            yield _inline_text(child)
        elif child.qname == _TABLE:
            yield from _table_lines(child)
        elif child.qname not in _SKIPPED_BLOCKS:
            # Lists, list items, sections and index bodies only wrap paragraphs.
            yield from _block_lines(child)


def _rows(node: Element) -> Iterator[Element]:
    for child in _elements(node):
        if child.qname == _ROW:
            yield child
        elif child.qname in _ROW_GROUPS:
            yield from _rows(child)


def _table_lines(table: Element) -> Iterator[str]:
    for row in _rows(table):
        cells = ["\n".join(_block_lines(cell)) for cell in _elements(row) if cell.qname == _CELL]
        yield from table_row_lines(cells)


def _inline_text(node: Element) -> str:
    parts: list[str] = []
    _collect_inline(node, parts)
    return "".join(parts)


def _collect_inline(node: Element, parts: list[str]) -> None:
    for child in node.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType != Node.ELEMENT_NODE or child.qname in _SKIPPED_INLINE:
            continue
        elif child.qname == (TEXTNS, "s"):
            count = int(child.getAttrNS(TEXTNS, "c") or 1)
            parts.append(" " * max(1, min(count, _MAX_SPACES)))
        elif child.qname in _INLINE_TEXT:
            parts.append(_INLINE_TEXT[child.qname])
        else:
            _collect_inline(child, parts)


def _metadata(meta: Element) -> dict[str, str]:
    metadata = {}
    for child in _elements(meta):
        key = _META_FIELDS.get(child.qname)
        if key is None:
            continue
        value = _inline_text(child).strip()
        if value:
            metadata[key] = f"{metadata[key]}, {value}" if key in metadata else value
    return metadata
