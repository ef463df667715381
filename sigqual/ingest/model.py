"""Data produced by the transcript importers.

Offsets follow the convention of :mod:`sigqual.text`: Unicode code points into the
normalised document text, end exclusive, so coded segments stay valid across tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["interviewer", "respondent", "unknown"]


@dataclass(frozen=True)
class Turn:
    """One speaker turn; ``start``/``end`` cover only the spoken words.

    The timestamp and the speaker label are outside the span so that coding a whole
    turn never drags transcription markup into a quotation.
    """

    start: int
    end: int
    speaker: str | None
    role: Role
    timestamp: str | None


@dataclass(frozen=True)
class ParsedTranscript:
    """A transcript ready to be stored: normalised text plus its turns."""

    name: str
    filename: str
    text: str
    turns: tuple[Turn, ...]
    source_format: str
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
