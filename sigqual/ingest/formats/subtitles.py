"""WebVTT (.vtt) and SubRip (.srt) subtitles, as written by Teams, Zoom or Whisper.

Cues become transcript lines ``[hh:mm:ss] Speaker: text`` (``[hh:mm:ss] text`` when
the speaker is unknown) so the generic segmenter turns them into turns. Speakers come
from voice tags (``<v Anna>``, ``<v.loud Anna>``), from ``Anna: text`` at the start of
a cue line, and a ``- text`` line marks a change to an unnamed speaker. A cue without
any marker continues the previous named speaker, because subtitles name a speaker only
when it changes; consecutive cues of the same speaker merge into one turn. Returns
text not yet normalised.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from sigqual.errors import ImportError_
from sigqual.ingest.formats._common import Extraction
from sigqual.ingest.formats.text import decode_text
from sigqual.ingest.segment import MAX_LABEL_CHARS, looks_like_label, split_label

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"^\s*(?P<start>{_TIME})\s*-->\s*{_TIME}")
_SKIPPED_BLOCK = re.compile(r"^(?:WEBVTT|NOTE|STYLE|REGION)(?:\s|$)")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)*(?:[ \t]+([^>]*))?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")
_DASH = re.compile(r"^[-–—]\s+")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_LABEL_CHAR = re.compile(r"[^\w .'’\-]")


@dataclass
class _Segment:
    """Text of one speaker inside a cue; ``marked`` is False when no marker named it."""

    speaker: str | None
    marked: bool
    parts: list[str] = field(default_factory=list)


@dataclass
class _Turn:
    seconds: int
    speaker: str | None
    parts: list[str]


def read(data: bytes, filename: str) -> Extraction:
    """Transcript lines built from the cues of a .vtt or .srt file."""
    source, encoding = decode_text(data, filename)
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    turns: list[_Turn] = []
    cues = 0
    for block in re.split(r"\n[ \t]*\n", source.lstrip("\ufeff")):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines or _SKIPPED_BLOCK.match(lines[0]):
            continue
        timing = next((i for i, line in enumerate(lines) if _TIMING.match(line)), None)
        if timing is None:
            continue
        cues += 1
        seconds = _seconds(_TIMING.match(lines[timing]).group("start"))
        for segment in _segments(lines[timing + 1 :]):
            _add(turns, seconds, segment)
    if cues == 0:
        raise ImportError_(
            msgid="error.ingest.no_subtitle_cues_found",
            file=filename,
        )
    out = []
    for turn in turns:
        words = " ".join(" ".join(turn.parts).split())
        if not words:
            continue
        stamp = _clock(turn.seconds)
        out.append(f"[{stamp}] {turn.speaker}: {words}" if turn.speaker else f"[{stamp}] {words}")
    return Extraction("\n".join(out), {"encoding": encoding})


def extract(data: bytes, filename: str) -> str:
    """Transcript lines ``[hh:mm:ss] Speaker: text`` of a subtitle file, not normalised."""
    return read(data, filename).text


def _seconds(stamp: str) -> int:
    whole = re.split(r"[.,]", stamp)[0]
    total = 0
    for part in whole.split(":"):
        total = total * 60 + int(part)
    return total


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _clean(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def _speaker(name: str) -> str | None:
    """A speaker name the segmenter will accept as a label, or ``None``."""
    name = _PARENTHESES.sub(" ", _clean(name))
    name = " ".join(_NOT_LABEL_CHAR.sub(" ", name).split()[:3])
    if name and not name[0].isupper():
        name = name[0].upper() + name[1:]
    name = name[:MAX_LABEL_CHARS].strip()
    return name if name and looks_like_label(name) else None


def _segments(payload: list[str]) -> list[_Segment]:
    segments = [_Segment(None, marked=False)]
    for line in payload:
        pieces = _VOICE.split(line)
        _add_text(segments, pieces[0])
        for index in range(1, len(pieces), 2):
            segments.append(_Segment(_speaker(pieces[index] or ""), marked=True))
            _add_text(segments, pieces[index + 1])
    return segments


def _add_text(segments: list[_Segment], raw: str) -> None:
    """Add the text that starts a cue line or follows a voice tag."""
    text = _clean(raw).strip()
    if not text:
        return
    dash = _DASH.match(text)
    if dash:
        text = text[dash.end() :]
        segments.append(_Segment(None, marked=True))
    labelled = split_label(text)
    if labelled is not None:
        speaker, text = labelled
        segments.append(_Segment(_speaker(speaker), marked=True))
    segments[-1].parts.append(text)


def _add(turns: list[_Turn], seconds: int, segment: _Segment) -> None:
    if not segment.parts:
        return
    last = turns[-1] if turns else None
    continues = last is not None and last.speaker is not None
    if continues and (not segment.marked or segment.speaker == last.speaker):
        last.parts.extend(segment.parts)
    else:
        turns.append(_Turn(seconds, segment.speaker, list(segment.parts)))
