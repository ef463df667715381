"""PDF via pypdf's text layer.

Pages are joined with a line break because turns often run across page breaks. Running
headers and footers (a title, "Sida 3 av 12", a bare page number) would otherwise land
inside turns, so lines at the top or bottom of pages that repeat on most pages, digits
aside, and lone page numbers there are dropped. A PDF without any letters in its text
layer is a scan; OCR is out of scope, so the user is told to run it first. Returns text
not yet normalised.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError

from sigqual.errors import ImportError_
from sigqual.ingest.formats._common import Extraction
from sigqual.ingest.segment import split_label

NO_TEXT_LAYER = "no text layer (scanned PDF?), run OCR first"


def read(data: bytes, filename: str, max_chars: int | None = None) -> Extraction:
    """Text of every page plus title, author, subject and page count.

    With ``max_chars`` the extraction stops as soon as the pages hold more text than
    that, so a PDF of compressed text cannot fill memory.
    """
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        _unlock(reader, filename)
    pages = []
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            pages.append(page.extract_text() or "")
        except (PdfReadError, ValueError, KeyError, TypeError) as exc:
            raise ImportError_(
                msgid="error.ingest.could_not_extract_text",
                params={"number": number, "exc": exc}, file=filename
            ) from exc
        total += len(pages[-1])
        if max_chars is not None and total > max_chars:
            raise ImportError_(msgid="error.limit.pdf_chars", file=filename,
                               params={"limit": f"{max_chars:,}", "page": number})
    text = "\n".join(page.strip("\n") for page in strip_running_lines(pages))
    if not any(ch.isalpha() for ch in text):
        raise ImportError_(msgid="error.import.pdf_no_text_layer", file=filename)
    return Extraction(text, _metadata(reader))


_PAGE_NUMBER = re.compile(r"(?:(?:sida|page|s\.)\s*)?\d{1,4}(?:\s*(?:av|of|/)\s*\d{1,4})?|-\s*\d{1,4}\s*-",
                          re.IGNORECASE)
_EDGE_LINES = 2  # how many lines at each end of a page can be a header or footer


def strip_running_lines(pages: list[str]) -> list[str]:
    """The pages without running headers, footers and page numbers at their edges."""
    split = [page.split("\n") for page in pages]

    def edges(lines: list[str]) -> list[int]:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        return sorted(set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]))

    def shape(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split()).casefold())

    # A running line is on at least three pages and three in five; a line that starts
    # with a speaker label ("I: Mm.") is a turn, however often it recurs.
    seen = Counter(key for lines in split
                   for key in {shape(lines[i]) for i in edges(lines) if split_label(lines[i]) is None})
    repeated = {key for key, n in seen.items() if n >= 3 and n * 5 >= len(pages) * 3}
    out = []
    for lines in split:
        drop = {i for i in edges(lines)
                if shape(lines[i]) in repeated or _PAGE_NUMBER.fullmatch(lines[i].strip())}
        out.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return out


def extract(data: bytes, filename: str) -> str:
    """Text layer of a PDF, not yet normalised."""
    return read(data, filename).text


def _unlock(reader: PdfReader, filename: str) -> None:
    """Open PDFs that are encrypted with an empty password (print/copy restrictions)."""
    try:
        unlocked = bool(reader.decrypt(""))
    except (DependencyError, NotImplementedError, PdfReadError) as exc:
        raise ImportError_(
            msgid="error.ingest.pdf_encrypted_cannot_opened", params={"exc": exc}, file=filename
        ) from exc
    if not unlocked:
        raise ImportError_(
            msgid="error.ingest.pdf_password_protected_save", file=filename
        )


def _metadata(reader: PdfReader) -> dict[str, str]:
    metadata = {"pages": str(len(reader.pages))}
    info = reader.metadata
    if info is not None:
        for key, value in (("title", info.title), ("author", info.author),
                           ("subject", info.subject)):  # fmt: skip
            if value and str(value).strip():
                metadata[key] = str(value).strip()
    return metadata
