"""Carry REFI-QDA character offsets through sigqual's text normalisation.

REFI-QDA selections count Unicode code points in the source file, but sigqual stores
text without a byte-order mark, with ``\\n`` line endings and in NFC. A selection in a
CRLF file exported by a Windows tool would land a few characters early per line if
its offsets were used as they are, so every offset is mapped through the same steps
that :func:`sigqual.text.normalize_text` takes.

Tools also disagree on what they count (the BOM, UTF-16 code units, text that was
already normalised), so :func:`best_reading` picks the reading under which the
selections' names (most tools name a selection after its first words) match the text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..decoding import decode
from ..errors import ImportError_
from ..text import normalize_text

_BOM = "\ufeff"
_LINE_BREAKS = ("\u2028", "\u2029")
# Selection names are often cut short by the exporting tool and end in an ellipsis.
_ELLIPSES = ("…", "...")
_NAME_PREFIX = 24


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text plus where each boundary of the raw text ended up in it.

    ``raw_to_norm[i]`` is the normalised position of the boundary before raw
    character ``i`` (``i == len(raw)`` is the end); ``lf_to_norm`` does the same for
    the text after only the BOM and line endings were changed (before NFC).
    """

    text: str
    raw_to_norm: tuple[int, ...]
    lf_to_norm: tuple[int, ...]
    bom: bool


def normalise_with_map(raw: str) -> NormalisedText:
    """Normalise ``raw`` exactly like :func:`normalize_text` and keep an offset map."""
    bom = raw.startswith(_BOM)
    lf_chars: list[str] = []
    raw_to_lf: list[int] = []
    i = 0
    if bom:
        raw_to_lf.append(0)
        i = 1
    while i < len(raw):
        ch = raw[i]
        raw_to_lf.append(len(lf_chars))
        if ch == "\r" and i + 1 < len(raw) and raw[i + 1] == "\n":
            # The CR and the LF become one "\n"; the boundary between them maps onto it.
            raw_to_lf.append(len(lf_chars))
            lf_chars.append("\n")
            i += 2
            continue
        lf_chars.append("\n" if ch == "\r" or ch in _LINE_BREAKS else ch)
        i += 1
    raw_to_lf.append(len(lf_chars))
    lf_text = "".join(lf_chars)
    text, lf_to_norm = _nfc_with_map(lf_text)
    if text != normalize_text(raw):  # pragma: no cover - guards the chunking argument below
        raise AssertionError("offset-tracking normalisation diverged from normalize_text")
    return NormalisedText(
        text=text,
        raw_to_norm=tuple(lf_to_norm[p] for p in raw_to_lf),
        lf_to_norm=tuple(lf_to_norm),
        bom=bom,
    )


def _nfc_with_map(text: str) -> tuple[str, list[int]]:
    """NFC chunk by chunk, cutting before ASCII characters.

    No canonical composition has an ASCII character as its second part and ASCII has
    combining class 0, so NFC never reaches across such a cut; most chunks are
    already normal and map one to one.
    """
    out: list[str] = []
    mapping: list[int] = []
    size = 0
    start = 0
    n = len(text)
    while start < n:
        end = start + 1
        while end < n and ord(text[end]) >= 0x80:
            end += 1
        chunk = text[start:end]
        normal = unicodedata.normalize("NFC", chunk)
        if normal == chunk:
            mapping.extend(range(size, size + len(chunk)))
        else:
            last = 0
            for k in range(len(chunk)):
                # A cut inside a composed character maps to the position before it: the
                # longest common prefix of the normalised part and the normalised chunk.
                part = unicodedata.normalize("NFC", chunk[:k])
                here = 0
                while here < min(len(part), len(normal)) and part[here] == normal[here]:
                    here += 1
                last = max(last, here)
                mapping.append(size + last)
        out.append(normal)
        size += len(normal)
        start = end
    mapping.append(size)
    return "".join(out), mapping


def utf16_to_codepoints(text: str) -> list[int]:
    """For each UTF-16 code unit boundary of ``text``, the code point index (or -1)."""
    units: list[int] = []
    for index, ch in enumerate(text):
        units.append(index)
        if ord(ch) > 0xFFFF:
            units.append(-1)  # the middle of a surrogate pair is no character boundary
    units.append(len(text))
    return units


@dataclass(frozen=True)
class Reading:
    """One way of counting offsets, with the function that maps them to sigqual's."""

    name: str
    to_norm: Callable[[int], int | None]


def readings(norm: NormalisedText, raw: str) -> list[Reading]:
    """The plausible ways a tool may have counted, the spec's own reading first."""
    shift = 1 if norm.bom else 0
    table = norm.raw_to_norm

    def codepoints(offset: int) -> int | None:
        return table[offset + shift] if 0 <= offset and offset + shift < len(table) else None

    found = [Reading("code points", codepoints)]
    if norm.bom:
        found.append(Reading("code points counting the BOM",
                             lambda o: table[o] if 0 <= o < len(table) else None))
    body = raw[shift:]
    if any(ord(ch) > 0xFFFF for ch in body):
        units = utf16_to_codepoints(body)

        def utf16(offset: int) -> int | None:
            if not 0 <= offset < len(units) or units[offset] < 0:
                return None
            return table[units[offset] + shift]

        found.append(Reading("UTF-16 code units", utf16))
    if "\r\n" in body:
        lf = norm.lf_to_norm
        found.append(Reading("offsets into text with \\n line endings",
                             lambda o: lf[o] if 0 <= o < len(lf) else None))
    return found


def name_matches(text: str, start: int, end: int, name: str) -> bool:
    """True when a selection's name reads like the start of the selected text."""
    label = " ".join(name.split())
    for mark in _ELLIPSES:
        if label.endswith(mark):
            label = label[: -len(mark)].rstrip()
    if len(label) < 3:
        return False
    selected = " ".join(text[start:end].split())
    prefix = label[:_NAME_PREFIX]
    return selected.startswith(prefix)


def best_reading(
    norm: NormalisedText, raw: str, spans: Sequence[tuple[int, int, str]]
) -> Reading:
    """The reading under which most selection names match their text.

    ``spans`` are (start, end, name) as exported. Without evidence (no names, or a
    tie) the spec's reading wins: code points of the file, BOM not counted.
    """
    options = readings(norm, raw)
    if len(options) == 1:
        return options[0]
    best, best_score = options[0], -1
    for option in options:
        score = 0
        for start, end, name in spans:
            s, e = option.to_norm(start), option.to_norm(end)
            if s is not None and e is not None and s < e and name_matches(norm.text, s, e, name):
                score += 1
        if score > best_score:
            best, best_score = option, score
    return best


def decode_source(data: bytes) -> tuple[str, str | None]:
    """Source bytes to text, keeping a leading BOM as U+FEFF so offsets can count it.

    REFI-QDA asks for UTF-8; the shared decoder (:mod:`sigqual.decoding`) also reads
    UTF-16, repairs a few stray bytes and guesses an 8-bit code page; the second value
    says what it did, for the import report.
    """
    try:
        decoded = decode(data, "source", keep_bom=True)
    except ImportError_ as exc:
        return data.decode("cp1252", errors="replace"), f"{exc.message}; read as Windows-1252"
    return decoded.text, "; ".join(decoded.warnings) or None
