"""PDF via pypdf's text layer.

Pages are joined with a line break because turns often run across page breaks. A PDF
without any letters in its text layer is a scan; OCR is out of scope, so the user is
told to run it first. Returns text not yet normalised.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError

from sigqual.errors import ImportError_
from sigqual.ingest.formats._common import Extraction

NO_TEXT_LAYER = "no text layer (scanned PDF?), run OCR first"


def read(data: bytes, filename: str) -> Extraction:
    """Text of every page plus title, author, subject and page count."""
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        _unlock(reader, filename)
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            pages.append(page.extract_text() or "")
        except (PdfReadError, ValueError, KeyError, TypeError) as exc:
            raise ImportError_(
                f"could not extract the text of page {number}: {exc}", file=filename
            ) from exc
    text = "\n".join(page.strip("\n") for page in pages)
    if not any(ch.isalpha() for ch in text):
        raise ImportError_(NO_TEXT_LAYER, file=filename)
    return Extraction(text, _metadata(reader))


def extract(data: bytes, filename: str) -> str:
    """Text layer of a PDF, not yet normalised."""
    return read(data, filename).text


def _unlock(reader: PdfReader, filename: str) -> None:
    """Open PDFs that are encrypted with an empty password (print/copy restrictions)."""
    try:
        unlocked = bool(reader.decrypt(""))
    except (DependencyError, NotImplementedError, PdfReadError) as exc:
        raise ImportError_(
            f"the PDF is encrypted and cannot be opened ({exc})", file=filename
        ) from exc
    if not unlocked:
        raise ImportError_(
            "the PDF is password-protected; save a copy without password first", file=filename
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
