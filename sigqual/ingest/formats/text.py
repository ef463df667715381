"""Plain text and Markdown: decoded by :mod:`sigqual.decoding` so that å, ä and ö survive.

Returns text that is decoded but not yet normalised; repaired bytes and a guessed
8-bit code page travel as warnings to the import report.
"""

from __future__ import annotations

from sigqual.decoding import decode, decode_text
from sigqual.ingest.formats._common import Extraction

__all__ = ["decode_text", "extract", "read"]


def read(data: bytes, filename: str) -> Extraction:
    """Decode a ``.txt`` or ``.md`` file; the encoding is kept as metadata."""
    decoded = decode(data, filename)
    return Extraction(decoded.text, {"encoding": decoded.encoding}, decoded.warnings)


def extract(data: bytes, filename: str) -> str:
    """Decoded, not yet normalised text of a plain-text file."""
    return read(data, filename).text
