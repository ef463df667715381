"""Split a normalised transcript into speaker turns.

Transcribers use many conventions (``I:``, ``**IP:**``, ``[00:12:03] Anna:``), and
ordinary prose is full of colons, so a label is only trusted when it is a known role
label or when the same name-like label recurs. The rules, in order:

* A candidate label sits at the start of a line, optionally after a timestamp
  (``[00:12:03]``, ``(12:03)`` or bare ``00:12:03``) and optionally in bold markdown,
  is at most three words and 40 characters (plus a qualifier in parentheses, as in
  ``Anna (mamma):``), and is followed by a colon and whitespace; or it stands in
  square brackets (``[Intervjuare] ...``) or before a tab (``I<TAB>...``), as some
  transcription services and table exports write it. Bracketed annotations such as
  ``[Paus]`` or ``[Skratt]`` are never speakers.
* Known role labels (interviewer: I, Int, Intervjuare, Moderator, F, Fråga, Q and the
  caller's ``interviewer_labels``; respondent: IP, R, Rn, Respondent, Deltagare n,
  Förälder n, Ungdom n, Svar, A; generic: Talare n, Speaker n, Okänd) are accepted.
  One-letter ones need a second known label line, so a stray ``A: ...`` is prose.
* Other labels must look like names (every word capitalised, particles such as "af"
  allowed), must not be words such as "Obs" or "Datum", and must occur at least twice,
  unless the document puts timestamps before labels on two or more lines.
* Lines before the first turn whose label is a metadata key (Datum, Intervju, Plats,
  Tid, Intervjuperson, Deltagare, Kod, Fil, ...) or a once-used label with a short,
  name-like value ("Intervjuare: Karin Ek") are header lines and belong to no turn.
* A line that starts with a bracketed timestamp (or a bare ``hh:mm:ss``) but has no
  accepted label starts a turn without speaker; if it is empty, its timestamp goes to
  the next turn.
* With no labels and no timestamps, every blank-line separated paragraph is a turn
  (every line when the text has no blank lines).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from sigqual.ingest.model import Role, Turn

DEFAULT_INTERVIEWER_LABELS: tuple[str, ...] = (
    "I",
    "Int",
    "Intervjuare",
    "Intervjuaren",
    "Interviewer",
    "Moderator",
    "Mod",
    "F",
    "Fråga",
    "Q",
)

MAX_LABEL_CHARS = 40

_INTERVIEWER_BASES = frozenset(label.casefold() for label in DEFAULT_INTERVIEWER_LABELS)
_RESPONDENT_BASES = frozenset(
    {
        "ip", "r", "respondent", "respondenten", "deltagare", "deltagaren", "förälder",
        "föräldern", "foralder", "ungdom", "ungdomen", "svar", "a", "intervjuperson",
        "intervjupersonen", "informant", "informanten", "p", "elev", "eleven",
        "vårdnadshavare", "aktör", "aktören",
    }
)  # fmt: skip
# Generic speaker names carry no role; numbered ones ("Talare 2") only with a number.
_GENERIC_NUMBERED = frozenset({"talare", "speaker", "person", "röst", "voice"})
_GENERIC_PLAIN = frozenset({"okänd", "okand", "unknown", "alla", "flera", "samtliga"})
# Keys that describe the interview; in the header they are metadata, not speakers.
HEADER_KEYS = frozenset(
    {
        "datum", "date", "intervju", "interview", "plats", "place", "tid", "time",
        "intervjuperson", "intervjupersoner", "deltagare", "participants", "participant",
        "kod", "code", "fil", "file", "filnamn", "längd", "duration", "transkribent",
        "transkriberad av", "transkription", "inspelning", "recording", "projekt",
        "grupp", "fas", "omgång", "ort", "intervjuform", "intervjutyp", "form", "närvarande",
    }
)  # fmt: skip
# Header keys that can also be speakers later in the document.
_HEADER_ROLE_KEYS = frozenset({"intervjuperson", "deltagare"})
_NON_SPEAKER = (HEADER_KEYS - _HEADER_ROLE_KEYS) | frozenset(
    {
        "obs", "nb", "notera", "not", "note", "anm", "anmärkning", "kommentar", "comment",
        "exempel", "ex", "t.ex", "example", "ps", "citat", "tema", "rubrik",
        "sammanfattning", "summary", "bakgrund", "syfte", "källa", "se", "info", "tips",
        "viktigt", "varning", "slutsats", "resultat", "metod", "bilaga", "tabell", "figur",
        "fotnot", "http", "https", "www", "mejl", "e-post", "tel", "telefon", "adress",
        "ämne", "re", "fw", "fwd",
        # transcription annotations in brackets: "[Paus]", "[Skratt]"
        "paus", "skratt", "skrattar", "ohörbart", "ohörbar", "otydligt", "oklart", "tystnad",
        "suck", "avbrott", "avbryter", "inaudible", "unclear", "laughter", "laughs", "pause",
        "crosstalk", "silence", "överlapp", "samtidigt", "hostar", "gråter",
    }
)  # fmt: skip
_PARTICLES = frozenset({"af", "av", "von", "van", "de", "der", "den", "da", "del", "la", "le",
                        "bin", "ibn", "al", "el"})  # fmt: skip

_TS = r"\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?"
_TS_PREFIX = re.compile(
    rf"[ \t]*(?:\[(?P<br>{_TS})\]|\((?P<pa>{_TS})\)|(?P<bare>{_TS})(?=\s|$))"
    r"[ \t]*(?:[-–—][ \t]+)?"
)
_WORD_TAIL = r"[\w.'’\-]*"
# A role or relation in parentheses may follow the name: "Anna (mamma)", "Förälder 1 (pappa)".
_QUALIFIER = r"(?:[ \t]*\([^()\n:]{1,30}\))?"
_LABEL = rf"[^\W\d_]{_WORD_TAIL}(?:[ \t]+[^\W_]{_WORD_TAIL}){{0,2}}{_QUALIFIER}"
_LABEL_AT_START = re.compile(
    rf"[ \t]*(?:(?P<md>\*\*|__)(?P<bold>{_LABEL})(?::(?P=md)|(?P=md):)|(?P<plain>{_LABEL}):"
    rf"|\[(?P<bracket>{_LABEL})\]:?|(?P<tab>{_LABEL})(?=\t))"
    r"(?=[ \t]|$)"
)
_LABEL_ONLY = re.compile(rf"{_LABEL}")
_QUALIFIER_AT_END = re.compile(r"[ \t]*\([^()]*\)$")
# A label on a line of its own, perhaps with a timestamp after it ("Speaker 1  0:03").
_LABEL_LINE = re.compile(
    rf"[ \t]*(?P<label>{_LABEL})[ \t]*"
    rf"(?:[ \t](?:\[(?P<br>{_TS})\]|\((?P<pa>{_TS})\)|(?P<bare>{_TS})))?[ \t]*$"
)
# Short replies that can stand alone on a line and are never speakers.
_INTERJECTIONS = frozenset({"ja", "nej", "nä", "jo", "okej", "ok", "mm", "mhm", "aha", "jaha", "jaså",
                            "precis", "tack", "hej", "absolut", "visst", "exakt", "nja", "kanske"})
_TS_ONLY = re.compile(rf"[\[(]?{_TS}[\])]?")
_TRAILING_NUMBER = re.compile(r"[ \t]*\d+$")
_SENTENCE_END = tuple(".?!…")
# Labels live near the start of a line; scanning a bounded prefix keeps long lines cheap.
_SCAN_CHARS = 160


@dataclass(frozen=True)
class _Line:
    """A line with whatever looks like a timestamp and a label at its start."""

    start: int
    end: int
    ts: str | None
    ts_strong: bool  # bracketed or hh:mm:ss: a boundary even without a label
    after_ts: int
    label: str | None
    label_end: int
    key: str | None  # the label folded for comparison
    alone: bool = False  # the label has the line to itself; the words start below it


@dataclass(frozen=True)
class _Boundary:
    line_start: int
    content_start: int
    speaker: str | None
    role: Role
    ts: str | None


def _key(label: str) -> str:
    """The label folded for comparison, without a qualifier ("Anna (mamma)" -> "anna")."""
    return " ".join(_QUALIFIER_AT_END.sub("", label).casefold().split()).rstrip(".")


def _base(key: str) -> str:
    return _TRAILING_NUMBER.sub("", key)


@lru_cache(maxsize=4096)
def _known_role(key: str, interviewer_keys: frozenset[str]) -> Role | None:
    """Role of a conventional label, or ``None`` when the label is not a known one."""
    base = _base(key)
    if key in interviewer_keys or base in interviewer_keys:
        return "interviewer"
    if base in _RESPONDENT_BASES:
        return "respondent"
    if (base in _GENERIC_NUMBERED and base != key) or key in _GENERIC_PLAIN:
        return "unknown"
    return None


def _name_shaped(label: str) -> bool:
    words = _QUALIFIER_AT_END.sub("", label).split()
    if not words:
        return False
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.casefold() in _PARTICLES for w in words[1:])


def looks_like_label(value: str) -> bool:
    """True when ``value`` alone could be a speaker label (used for table transcripts)."""
    value = value.strip().rstrip(":").strip()
    if not value or len(value) > MAX_LABEL_CHARS or not _LABEL_ONLY.fullmatch(value):
        return False
    key = _key(value)
    if key in _NON_SPEAKER:
        return False
    return _known_role(key, _INTERVIEWER_BASES) is not None or _name_shaped(value)


def looks_like_timestamp(value: str) -> bool:
    """True for ``00:12:03``, ``[12:03]``, ``(00:12:03.5)`` and the like."""
    return _TS_ONLY.fullmatch(value.strip()) is not None


def _raw_label(match: re.Match[str]) -> str:
    return next(match.group(g) for g in ("bold", "plain", "bracket", "tab") if match.group(g))


def split_label(line: str) -> tuple[str, str] | None:
    """Split ``"Anna: text"`` into ``("Anna", "text")`` when the start is label-shaped."""
    match = _LABEL_AT_START.match(line[:_SCAN_CHARS])
    if not match:
        return None
    label = " ".join(_raw_label(match).split())
    if not looks_like_label(label):
        return None
    return label, line[match.end() :].strip()


def _scan(text: str, start: int, end: int) -> _Line:
    head = text[start : min(end, start + _SCAN_CHARS)]
    pos = 0
    ts = None
    strong = False
    ts_match = _TS_PREFIX.match(head)
    if ts_match:
        ts = ts_match.group("br") or ts_match.group("pa") or ts_match.group("bare")
        strong = ts_match.group("bare") is None or ts.count(":") == 2
        pos = ts_match.end()
    label = None
    label_end = start + pos
    label_match = _LABEL_AT_START.match(head, pos)
    if label_match:
        raw = _raw_label(label_match)
        if len(raw) <= MAX_LABEL_CHARS:
            label = " ".join(raw.split())
            label_end = start + label_match.end()
    alone = False
    if label is None and end - start <= _SCAN_CHARS:
        line_match = _LABEL_LINE.fullmatch(head, pos)
        raw = line_match.group("label") if line_match else ""
        if line_match and len(raw) <= MAX_LABEL_CHARS and not raw.endswith(_SENTENCE_END) \
                and _key(raw) not in _INTERJECTIONS:
            label, label_end, alone = " ".join(raw.split()), end, True
            after = line_match.group("br") or line_match.group("pa") or line_match.group("bare")
            if ts is None and after is not None:
                ts, strong = after, True
    key = _key(label) if label else None
    return _Line(start, end, ts, strong, start + pos, label, label_end, key, alone)


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        spans.append((start, end))
        start = end + 1
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _metadata_like(value: str) -> bool:
    """A short, name-like or numeric value such as "Karin Ek" or "Förälder 2, fas 1"."""
    words = value.split()
    if not words or len(words) > 6 or value.endswith(_SENTENCE_END):
        return False
    if any(ch.isdigit() for ch in value) or "," in value:
        return True
    return len(words) >= 2 and _name_shaped(value)


def _header_like(text: str, line: _Line, counts: Counter[str], *, is_last: bool) -> bool:
    """A once-used, spelled-out label with a name-like value, e.g. "Intervjuare: Karin Ek".

    Abbreviations (I, IP, R1) and timestamped lines are transcript conventions, so they
    never count as header lines.
    """
    if is_last or line.label is None or line.ts is not None or len(line.label) < 3:
        return False
    if counts[line.key] != 1:
        return False
    value = text[line.label_end : line.end].strip()
    return _metadata_like(value)


@dataclass(frozen=True)
class _Evidence:
    """Document-wide facts that decide whether a label is trusted."""

    counts: Counter[str]
    ts_label_lines: int
    interviewer_keys: frozenset[str]
    # Lines with a trusted label; None while these are being counted.
    speaker_lines: int | None = None


def _accepted_role(line: _Line, evidence: _Evidence) -> Role | None:
    """Role for an accepted speaker label, ``None`` when the label is not a speaker."""
    if line.label is None or line.key is None:
        return None
    key = line.key
    if key in _NON_SPEAKER:
        return None
    role = _known_role(key, evidence.interviewer_keys)
    if role is not None:
        lone = evidence.speaker_lines is not None and evidence.speaker_lines < 2
        return None if len(_base(key)) == 1 and lone else role
    if not _name_shaped(line.label):
        return None
    if evidence.counts[key] >= 2 or (line.ts is not None and evidence.ts_label_lines >= 2):
        return "respondent"
    return None


def _placed(text: str, lines: list[_Line]) -> list[_Line]:
    """Keep a label that stands alone on its line only where a turn can start.

    That is at the top or after a blank line, with the words on the next line and not
    continuing a sentence ("Mötet\nvar bra"). A document without blank lines (a Word file
    with one paragraph per line) must show the pattern throughout: at least two labels,
    each used twice or more, on a fifth or more of its lines.
    """
    blank = [_blank(text, line) for line in lines]
    spaced = any(blank[i] for i in range(1, len(lines) - 1)) if len(lines) > 2 else False
    keep: set[int] = set()
    for index, line in enumerate(lines):
        if not line.alone:
            continue
        first = index == 0 or blank[index - 1] or not spaced
        below = text[lines[index + 1].start:lines[index + 1].end].lstrip() if index + 1 < len(lines) else ""
        if first and below and not below[0].islower():
            keep.add(index)
    if keep and not spaced:
        counts = Counter(lines[i].key for i in keep)
        filled = sum(1 for b in blank if not b)
        if len(counts) < 2 or min(counts.values()) < 2 or len(keep) * 5 < filled:
            keep = set()
    out = []
    for index, line in enumerate(lines):
        if line.alone and index not in keep:
            line = replace(line, label=None, key=None, label_end=line.after_ts, alone=False,
                           ts=line.ts if line.after_ts > line.start else None)
        out.append(line)
    return out


def _boundaries(text: str, lines: list[_Line], interviewer_keys: frozenset[str]) -> list[_Boundary]:
    lines = _placed(text, lines)
    evidence = _Evidence(
        counts=Counter(line.key for line in lines if line.key),
        ts_label_lines=sum(1 for ln in lines if ln.ts is not None and ln.label is not None),
        interviewer_keys=interviewer_keys,
    )
    speaker_lines = sum(1 for line in lines if _accepted_role(line, evidence) is not None)
    evidence = replace(evidence, speaker_lines=speaker_lines)

    found: list[tuple[int, _Boundary]] = []
    for index, line in enumerate(lines):
        role = _accepted_role(line, evidence)
        if role is not None:
            found.append((index, _Boundary(line.start, line.label_end, line.label, role, line.ts)))
        elif line.ts is not None and line.ts_strong:
            found.append((index, _Boundary(line.start, line.after_ts, None, "unknown", line.ts)))

    # Drop header lines: everything before the first boundary that is not metadata.
    for position, (index, _) in enumerate(found):
        line = lines[index]
        if _is_header_key(line):
            continue
        if _header_like(text, line, evidence.counts, is_last=position == len(found) - 1):
            continue
        return [b for _, b in found[position:]]
    return []


def _blank(text: str, line: _Line) -> bool:
    return not text[line.start : line.end].strip()


def _is_header_key(line: _Line) -> bool:
    return line.key is not None and line.key in HEADER_KEYS


def _paragraph_turns(text: str, lines: list[_Line]) -> tuple[Turn, ...]:
    """One turn per blank-line separated paragraph, or per line if there are no blank lines.

    A leading paragraph holding metadata lines (a title plus "Datum: ...") is a header;
    without blank lines only the metadata lines at the top are.
    """
    first = 0
    while first < len(lines) and _blank(text, lines[first]):
        first += 1
    last = len(lines)
    while last > first and _blank(text, lines[last - 1]):
        last -= 1
    body = lines[first:last]
    has_blank = any(_blank(text, line) for line in body)
    if has_blank:
        end_of_first = next(i for i, line in enumerate(body) if _blank(text, line))
        if any(_is_header_key(line) for line in body[:end_of_first]):
            body = body[end_of_first:]
    else:
        while body and _is_header_key(body[0]):
            body = body[1:]
    spans: list[tuple[int, int]] = []
    run: list[_Line] = []
    for line in [*body, None]:
        if line is None or _blank(text, line) or (run and not has_blank):
            if run:
                spans.append(_trim(text, run[0].start, run[-1].end))
            run = []
        if line is not None and not _blank(text, line):
            run.append(line)
    return tuple(Turn(s, e, None, "unknown", None) for s, e in spans if s < e)


def segment(
    text: str, *, interviewer_labels: Iterable[str] = DEFAULT_INTERVIEWER_LABELS
) -> tuple[Turn, ...]:
    """Detect speaker turns in normalised ``text`` (see the module doc for the rules).

    ``interviewer_labels`` adds labels (such as the interviewer's first name) to the
    built-in interviewer labels; matching ignores case and a trailing number.
    """
    interviewer_keys = _INTERVIEWER_BASES | frozenset(_key(label) for label in interviewer_labels)
    lines = [_scan(text, start, end) for start, end in _lines(text)]
    boundaries = _boundaries(text, lines, interviewer_keys)
    if not boundaries:
        return _paragraph_turns(text, lines)

    turns: list[Turn] = []
    pending_ts: str | None = None
    for index, boundary in enumerate(boundaries):
        stop = boundaries[index + 1].line_start if index + 1 < len(boundaries) else len(text)
        start, end = _trim(text, boundary.content_start, stop)
        if start >= end:
            if boundary.speaker is None and boundary.ts is not None:
                pending_ts = boundary.ts
            continue
        ts = boundary.ts if boundary.ts is not None else pending_ts
        turns.append(Turn(start, end, boundary.speaker, boundary.role, ts))
        pending_ts = None
    return tuple(turns)
