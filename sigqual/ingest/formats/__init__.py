"""One reader per file format, registered by extension.

Every entry returns decoded text that is *not yet* normalised; the reader in
:mod:`sigqual.ingest.reader` normalises it exactly once. Entries raise only
:class:`~sigqual.errors.ImportError_`: whatever a library throws at a damaged file is
wrapped here, so no caller ever shows a bare library traceback.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from sigqual.errors import ImportError_
from sigqual.ingest.containers import check_office_xml, format_size
from sigqual.ingest.formats._common import Extraction
from sigqual.ingest.limits import DEFAULT_LIMITS, ImportLimits

Reader = Callable[..., Extraction]
_PLAIN_TEXT = frozenset({".txt", ".md", ".vtt", ".srt"})
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
# A character of decoded text takes at most four bytes (UTF-8, UTF-32 aside).
_MAX_BYTES_PER_CHAR = 4

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

    def read(data: bytes, filename: str, limits: ImportLimits = DEFAULT_LIMITS) -> Extraction:
        _precheck(data, filename, extension, limits)
        try:
            if extension == ".pdf":
                return reader(data, filename, max_chars=limits.text_chars)
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


def _precheck(data: bytes, filename: str, extension: str, limits: ImportLimits) -> None:
    """Refuse what would clearly exceed the limits before a parser holds it in memory."""
    if extension in (".docx", ".odt"):
        check_office_xml(data, filename, limits.office_xml_bytes)
    elif (extension in _PLAIN_TEXT and not data.startswith(_UTF32_BOMS)
          and len(data) > limits.text_chars * _MAX_BYTES_PER_CHAR):
        raise ImportError_(msgid="error.limit.text_bytes", file=filename,
                           params={"size": format_size(len(data)), "limit": f"{limits.text_chars:,}"})


def _deferred(module: str) -> Reader:
    """The ``read`` of ``sigqual.ingest.formats.<module>``, imported on first use: the
    PDF, Word and ODF libraries cost most of a second and the app's first page needs none."""

    def read(data: bytes, filename: str, **options: object) -> Extraction:
        reader: Reader = importlib.import_module(f"{__name__}.{module}").read
        return reader(data, filename, **options)

    return read


READERS: dict[str, Reader] = {
    extension: _guarded(_deferred(module), extension)
    for extension, module in {
        ".txt": "text",
        ".md": "text",
        ".docx": "docx",
        ".odt": "odt",
        ".pdf": "pdf",
        ".rtf": "rtf",
        ".vtt": "subtitles",
        ".srt": "subtitles",
    }.items()
}


def _text_only(reader: Reader) -> Callable[[bytes, str], str]:
    return lambda data, filename: reader(data, filename).text


EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    extension: _text_only(reader) for extension, reader in READERS.items()
}

SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(READERS)

__all__ = ["EXTRACTORS", "READERS", "SUPPORTED_EXTENSIONS", "Extraction", "FORMAT_NAMES"]
