"""WebVTT (.vtt) and SubRip (.srt) subtitles, as written by Teams, Zoom or Whisper.

Cues become transcript lines ``[hh:mm:ss] Speaker: text`` (``[hh:mm:ss] text`` when
the speaker is unknown) so the generic segmenter turns them into turns. Speakers come
from voice tags (``<v Anna>``, ``<v.loud Anna>``), from ``Anna: text`` at the start of
a cue line, and a ``- text`` line marks a change to an unnamed speaker. A cue without
any marker continues the previous named speaker, because subtitles name a speaker only
when it changes; consecutive cues of the same speaker merge into one turn. Returns
text not yet normalised.

Damaged cues are never dropped in silence: a timing line that is malformed but still
names a start time is read leniently, a cue whose start cannot be read keeps its text
at the previous cue's time, and a cue without text is skipped; each case becomes a
warning naming the cue number and the reason.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from sigqual.decoding import decode
from sigqual.errors import ImportError_
from sigqual.i18n import Message
from sigqual.ingest.formats._common import Extraction
from sigqual.ingest.segment import MAX_LABEL_CHARS, looks_like_label, split_label

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"^\s*(?P<start>{_TIME})\s*-->\s*{_TIME}")
_ARROW = re.compile(r"-+>|[–—]>|→")
_LOOSE_TIME = re.compile(r"(?<!\d)(\d{1,2})[:.;](\d{1,2})(?:[:.;](\d{1,2}))?(?:[.,:](\d{1,3}))?(?!\d)")
_INDEX = re.compile(r"^\s*\d+\s*$")
_EXCERPT = 40
# Message ids of the warnings below (texts in sigqual/locale).
WARNING_IDS: tuple[str, ...] = (
    "subtitles.malformed_timing",
    "subtitles.no_start",
    "subtitles.no_timing",
    "subtitles.empty",
    "subtitles.empty_with",
    "subtitles.problem",
)
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
    decoded = decode(data, filename)
    source, encoding, warnings_of_decoding = decoded.text, decoded.encoding, decoded.warnings
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    turns: list[_Turn] = []
    warnings: list[str] = []
    cues = timed = 0
    seconds = 0
    for block in re.split(r"\n[ \t]*\n", source.lstrip("\ufeff")):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines or _SKIPPED_BLOCK.match(lines[0]):
            continue
        cues += 1
        start, payload, problem = _timing(lines)
        if start is not None:
            seconds = start
            timed += 1
        segments = _segments(payload)
        if not any(" ".join(part.strip() for part in seg.parts) for seg in segments):
            warnings.append(Message("subtitles.empty_with", cue=cues, problem=problem) if problem
                            else Message("subtitles.empty", cue=cues))
            continue
        if problem:
            warnings.append(Message("subtitles.problem", cue=cues, problem=problem))
        for segment in segments:
            _add(turns, seconds, segment)
    if timed == 0:
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
    return Extraction("\n".join(out), {"encoding": encoding}, (*warnings_of_decoding, *warnings))


def extract(data: bytes, filename: str) -> str:
    """Transcript lines ``[hh:mm:ss] Speaker: text`` of a subtitle file, not normalised."""
    return read(data, filename).text


def _timing(lines: list[str]) -> tuple[int | None, list[str], Message | None]:
    """``(start seconds or None, text lines, problem or None)`` of one cue block."""
    for index, line in enumerate(lines):
        match = _TIMING.match(line)
        if match:
            return _seconds(match.group("start")), lines[index + 1 :], None
    for index, line in enumerate(lines):
        arrow = _ARROW.search(line)
        if arrow is None:
            continue
        quoted = _short(line)
        loose = _LOOSE_TIME.search(line[: arrow.start()])
        if loose is not None:
            seconds = _loose_seconds(loose)
            return (seconds, lines[index + 1 :],
                    Message("subtitles.malformed_timing", timing=quoted, start=_clock(seconds)))
        return (None, lines[index + 1 :],
                Message("subtitles.no_start", timing=quoted))
    payload = lines[1:] if _INDEX.match(lines[0]) else lines
    return None, payload, Message("subtitles.no_timing")


def _short(line: str) -> str:
    line = line.strip()
    return repr(line if len(line) <= _EXCERPT else line[: _EXCERPT - 1] + "…")


def _loose_seconds(match: re.Match[str]) -> int:
    """Seconds from ``h:mm:ss``, ``mm:ss`` or separators mistyped as ``.`` or ``;``."""
    first, second, third = match.group(1), match.group(2), match.group(3)
    if third is None:
        return int(first) * 60 + int(second)
    return int(first) * 3600 + int(second) * 60 + int(third)


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
