"""Text normalisation shared by every importer.

All offsets in sigqual are Unicode code points, end exclusive, into text that is
NFC-normalised with ``\\n`` line endings (the REFI-QDA convention), so every
importer must pass its text through :func:`normalize_text` exactly once.
"""

from __future__ import annotations

import unicodedata

_BOM = "\ufeff"


def normalize_text(text: str) -> str:
    """Return ``text`` in NFC with ``\\n`` line endings and no byte-order mark."""
    if text.startswith(_BOM):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return unicodedata.normalize("NFC", text)


def word_count(text: str) -> int:
    """Whitespace word count, used for statistics and benchmarks."""
    return len(text.split())
