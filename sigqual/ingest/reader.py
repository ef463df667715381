"""Turn one file into a :class:`ParsedTranscript`, or a clear :class:`ImportError_`.

The checks run cheapest first (size, emptiness, extension, magic bytes) so that a
wrong file is refused before a library spends time on it, and the message says what
the file really is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from sigqual.errors import ImportError_
from sigqual.i18n import Message
from sigqual.ingest.containers import describe, format_size, sniff
from sigqual.ingest.formats import FORMAT_NAMES, READERS, SUPPORTED_EXTENSIONS
from sigqual.ingest.limits import DEFAULT_LIMITS, ImportLimits
from sigqual.ingest.model import ParsedTranscript
from sigqual.ingest.segment import DEFAULT_INTERVIEWER_LABELS, segment
from sigqual.text import normalize_text

DEFAULT_MAX_BYTES = DEFAULT_LIMITS.file_bytes
_TEXT_EXTENSIONS = frozenset({".txt", ".md", ".vtt", ".srt"})
_HINTS = {
    ".doc": "old Word format: open it in Word or LibreOffice and save it as .docx",
    ".docm": "save it as .docx",
    ".dotx": "save it as .docx",
    ".pages": "export it from Pages as .docx",
    ".mp3": "audio must be transcribed first",
    ".m4a": "audio must be transcribed first",
    ".wav": "audio must be transcribed first",
    ".mp4": "video must be transcribed first",
}
# What a file of each extension must look like, as returned by sniff().
_EXPECTED_KIND = {".pdf": "pdf", ".rtf": "rtf"}
_RENAME_TO = {"pdf": ".pdf", "rtf": ".rtf"}


def check_extension(filename: str) -> str:
    """Return the supported extension of ``filename`` or raise naming the supported ones."""
    extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if extension in READERS:
        return extension
    supported = ", ".join(SUPPORTED_EXTENSIONS)
    if extension in _HINTS:
        raise ImportError_(msgid="error.import.extension_hint", file=filename, params={
            "extension": extension, "hint": _HINTS[extension], "supported": supported})
    if extension:
        raise ImportError_(msgid="error.import.extension", file=filename,
                           params={"extension": extension, "supported": supported})
    raise ImportError_(msgid="error.import.no_extension", file=filename, params={"supported": supported})


def check_size(size: int, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse files over ``max_bytes`` before anyone reads them."""
    if size > max_bytes:
        raise ImportError_(msgid="error.import.too_big", file=filename,
                           params={"size": format_size(size), "limit": format_size(max_bytes)})


def read_limited(path: Path, max_bytes: int, name: str | None = None) -> bytes:
    """Read at most ``max_bytes`` of ``path``; refuse the file if there is more.

    The size is checked with ``stat`` first and again while reading (a file can grow,
    a FIFO has no size), so no more than ``max_bytes + 1`` bytes are ever held.
    """
    path = Path(path)
    label = name or str(path)
    try:
        check_size(path.stat().st_size, label, max_bytes)
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise ImportError_(msgid="error.file.missing", file=label) from exc
    except IsADirectoryError as exc:
        raise ImportError_(msgid="error.file.folder", file=label) from exc
    except OSError as exc:
        raise ImportError_(msgid="error.file.unreadable", params={"reason": exc.strerror or exc},
                           file=label) from exc
    if len(data) > max_bytes:
        raise ImportError_(msgid="error.limit.file_bytes", params={"limit": format_size(max_bytes)},
                           file=label)
    return data


def check_extracted(text: str, n_turns: int | None, filename: str,
                    limits: ImportLimits = DEFAULT_LIMITS) -> None:
    """Refuse a file whose extracted text or turn count is over the limits."""
    if len(text) > limits.text_chars:
        raise ImportError_(msgid="error.limit.text_chars", file=filename,
                           params={"n": f"{len(text):,}", "limit": f"{limits.text_chars:,}"})
    if n_turns is not None and n_turns > limits.turns:
        raise ImportError_(msgid="error.limit.turns", file=filename,
                           params={"n": f"{n_turns:,}", "limit": f"{limits.turns:,}"})


def _check_content(data: bytes, filename: str, extension: str) -> None:
    """Catch renamed files: content that is clearly another format than the extension."""
    kind = sniff(data)
    label = FORMAT_NAMES[extension]
    expected = _EXPECTED_KIND.get(extension)
    if expected is not None and kind != expected:
        if expected == "pdf":
            reason = "the file does not start with %PDF"
        else:
            reason = "the file does not start with {\\rtf"
        if kind is not None:
            reason += f"; it is {describe(kind)}"
        raise ImportError_(msgid="error.ingest.not", params={"label": label, "reason": reason}, file=filename)
    if extension in _TEXT_EXTENSIONS and kind is not None:
        rename = f"; rename it to {_RENAME_TO[kind]}" if kind in _RENAME_TO else ""
        raise ImportError_(msgid="error.ingest.not_file_2",
                           params={"label": label, "value": describe(kind), "rename": rename}, file=filename)


def parse_bytes(
    data: bytes,
    filename: str,
    *,
    max_bytes: int | None = None,
    interviewer_labels: Iterable[str] = DEFAULT_INTERVIEWER_LABELS,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ParsedTranscript:
    """Extract, normalise and segment the file ``filename`` whose content is ``data``.

    ``filename`` only provides the extension, the transcript name (its stem) and the
    file named in errors; nothing is read from disk. ``max_bytes`` overrides
    ``limits.file_bytes``.
    """
    if max_bytes is not None:
        limits = replace(limits, file_bytes=max_bytes)
    check_size(len(data), filename, limits.file_bytes)
    if not data:
        raise ImportError_(msgid="error.import.empty", file=filename)
    extension = check_extension(filename)
    _check_content(data, filename, extension)
    extraction = READERS[extension](data, filename, limits)
    check_extracted(extraction.text, None, filename, limits)
    text = normalize_text(extraction.text)
    check_extracted(text, None, filename, limits)
    if not text.strip():
        raise ImportError_(msgid="error.import.no_text", file=filename)
    n_lines = text.count("\n") + 1
    if n_lines > limits.lines:
        raise ImportError_(msgid="error.limit.lines",
                           params={"n": f"{n_lines:,}", "limit": f"{limits.lines:,}"}, file=filename)
    turns = segment(text, interviewer_labels=interviewer_labels)
    check_extracted(text, len(turns), filename, limits)
    if not turns:
        raise ImportError_(msgid="error.import.no_turns", file=filename)
    return ParsedTranscript(
        name=PurePosixPath(filename.replace("\\", "/")).stem,
        filename=filename,
        text=text,
        turns=turns,
        source_format=extension.lstrip("."),
        metadata=dict(extraction.metadata),
        warnings=tuple(Message("import.warning.in_file", file=filename, warning=warning)
                       for warning in extraction.warnings),
    )


def parse_file(
    path: Path,
    *,
    max_bytes: int | None = None,
    interviewer_labels: Iterable[str] = DEFAULT_INTERVIEWER_LABELS,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ParsedTranscript:
    """Read ``path`` from disk (refusing oversized files unread) and parse it."""
    path = Path(path)
    if max_bytes is not None:
        limits = replace(limits, file_bytes=max_bytes)
    data = read_limited(path, limits.file_bytes, str(path))
    return parse_bytes(data, path.name, interviewer_labels=interviewer_labels, limits=limits)
