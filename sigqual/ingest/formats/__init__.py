"""One reader per file format, registered by extension.

Every entry returns decoded text that is *not yet* normalised; the reader in
:mod:`sigqual.ingest.reader` normalises it exactly once. Entries raise only
:class:`~sigqual.errors.ImportError_`: whatever a library throws at a damaged file is
wrapped here, so no caller ever shows a bare library traceback.
"""

from __future__ import annotations

from collections.abc import Callable

from sigqual.errors import ImportError_
from sigqual.ingest.formats import docx, odt, pdf, rtf, subtitles, text
from sigqual.ingest.formats._common import Extraction

Reader = Callable[[bytes, str], Extraction]

# With the article, ready for messages such as "not an RTF document".
FORMAT_NAMES = {
    ".txt": "a text file",
    ".md": "a Markdown file",
    ".docx": "a Word document (.docx)",
    ".odt": "an OpenDocument text (.odt)",
    ".pdf": "a PDF",
    ".rtf": "an RTF document",
    ".vtt": "a WebVTT subtitle file",
    ".srt": "a SubRip subtitle file",
}


def _guarded(reader: Reader, extension: str) -> Reader:
    """Wrap ``reader`` so that library exceptions become :class:`ImportError_`."""

    def read(data: bytes, filename: str) -> Extraction:
        try:
            return reader(data, filename)
        except ImportError_ as exc:
            if exc.file is None:
                exc.file = filename
            raise
        except Exception as exc:  # libraries raise anything on malformed files
            raise ImportError_(
                msgid="error.ingest.could_not_read_file",
                params={"value": FORMAT_NAMES[extension], "name": type(exc).__name__, "exc": exc},
                file=filename,
            ) from exc

    return read


READERS: dict[str, Reader] = {
    extension: _guarded(module.read, extension)
    for extension, module in {
        ".txt": text,
        ".md": text,
        ".docx": docx,
        ".odt": odt,
        ".pdf": pdf,
        ".rtf": rtf,
        ".vtt": subtitles,
        ".srt": subtitles,
    }.items()
}


def _text_only(reader: Reader) -> Callable[[bytes, str], str]:
    return lambda data, filename: reader(data, filename).text


EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    extension: _text_only(reader) for extension, reader in READERS.items()
}

SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(READERS)

__all__ = ["EXTRACTORS", "READERS", "SUPPORTED_EXTENSIONS", "Extraction", "FORMAT_NAMES"]
