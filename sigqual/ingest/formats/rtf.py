"""Rich Text Format via striprtf.

striprtf honours ``\\ansicpg`` and font charsets for ``\\'e5`` escapes and decodes
``\\uN`` escapes; it leaves characters outside the BMP as UTF-16 surrogate halves,
which are joined here. Returns text not yet normalised.
"""

from __future__ import annotations

from striprtf.striprtf import rtf_to_text

from sigqual.decoding import decode_text
from sigqual.errors import ImportError_
from sigqual.ingest.formats._common import Extraction


def read(data: bytes, filename: str) -> Extraction:
    """Plain text of an RTF document."""
    source, _ = decode_text(data, filename)
    if not source.lstrip().startswith("{\\rtf"):
        raise ImportError_(
            msgid="error.ingest.not_rtf_document_file", file=filename
        )
    text = rtf_to_text(source, errors="replace")
    # Pair up surrogate halves from \u escapes (emoji and other astral characters).
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return Extraction(text, {})


def extract(data: bytes, filename: str) -> str:
    """Plain text of an RTF document, not yet normalised."""
    return read(data, filename).text
