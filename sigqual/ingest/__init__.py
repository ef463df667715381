"""Transcript import: files of eight formats to normalised text with speaker turns."""

from sigqual.ingest.formats import EXTRACTORS, SUPPORTED_EXTENSIONS
from sigqual.ingest.limits import DEFAULT_LIMITS, ImportLimits
from sigqual.ingest.model import ParsedTranscript, Turn
from sigqual.ingest.reader import DEFAULT_MAX_BYTES, parse_bytes, parse_file
from sigqual.ingest.segment import DEFAULT_INTERVIEWER_LABELS, segment

__all__ = [
    "DEFAULT_INTERVIEWER_LABELS",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_BYTES",
    "EXTRACTORS",
    "ImportLimits",
    "SUPPORTED_EXTENSIONS",
    "ParsedTranscript",
    "Turn",
    "parse_bytes",
    "parse_file",
    "segment",
]
