"""Plain text and Markdown: find the encoding so that å, ä and ö survive.

Order: byte-order marks, strict UTF-8, BOM-less UTF-16, then the 8-bit code pages a
Swedish office produces (Windows-1252, Latin-1, Mac Roman, DOS 850), chosen by how
Swedish the result reads. Generic detectors guess Central European code pages for
short Swedish texts, so charset-normalizer is only asked when none of those fit.
Returns text that is decoded but not yet normalised.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from sigqual.errors import ImportError_
from sigqual.ingest.formats._common import Extraction

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY = ("cp1252", "latin-1", "mac_roman", "cp850")
_NORDIC = frozenset("åäöÅÄÖéü")
# Control characters except tab, line feed, vertical tab, form feed, CR and DOS end-of-file.
_CONTROL = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
MAX_CONTROL_RATIO = 0.02
_SAMPLE_BYTES = 2**20


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`ImportError_` for binary content."""
    text, encoding = _decode(data, filename)
    _reject_binary(text, filename)
    return text, encoding


def read(data: bytes, filename: str) -> Extraction:
    """Decode a ``.txt`` or ``.md`` file; the encoding is kept as metadata."""
    text, encoding = decode_text(data, filename)
    return Extraction(text, {"encoding": encoding})


def extract(data: bytes, filename: str) -> str:
    """Decoded, not yet normalised text of a plain-text file."""
    return read(data, filename).text


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ImportError_(
                    msgid="error.ingest.file_starts_with_byte",
                    params={"value": encoding.upper(), "value2": encoding.upper(), "start": exc.start},
                    file=filename,
                ) from exc
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass  # looked like UTF-16 but is not: the NUL check below explains it
    if b"\x00" in data:
        raise ImportError_(
            msgid="error.ingest.file_contains_nul_bytes", file=filename
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data)


def _bomless_utf16(data: bytes) -> str | None:
    """Spot UTF-16 without BOM: Latin-script text has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    zeros_even = data[0::2].count(0) / half
    zeros_odd = data[1::2].count(0) / half
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Pick the 8-bit code page whose decoding reads most like Swedish.

    The choice is made on the first megabyte; 8-bit encodings can be cut anywhere.
    """
    sample = data[:_SAMPLE_BYTES]
    best: tuple[int, str] | None = None
    for encoding in _LEGACY:
        if encoding == "latin-1" and best is not None:
            continue  # Latin-1 only as fallback for bytes Windows-1252 leaves undefined
        try:
            score = _swedishness(sample.decode(encoding))
        except UnicodeDecodeError:
            continue
        if best is None or score > best[0]:
            best = (score, encoding)
    assert best is not None  # cp850 and latin-1 decode every byte
    score, encoding = best
    if score < 0:
        guess = from_bytes(sample).best()
        if guess is not None and _swedishness(str(guess)) > score:
            encoding = guess.encoding
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _swedishness(text: str) -> int:
    """+1 for each Nordic letter next to a letter, -3 for each symbol stuck inside a word.

    Decoding with the wrong code page turns "Förälder" into "F”r„lder" (symbols inside
    words) or "FšrŠlder" (letters, but not Nordic ones). Only non-ASCII characters
    differ between the candidate code pages, so only they are scored.
    """
    score = 0
    for match in _NON_ASCII.finditer(text):
        ch = match.group()
        i = match.start()
        before = text[i - 1].isalpha() if i > 0 else False
        after = text[i + 1].isalpha() if i + 1 < len(text) else False
        if ch in _NORDIC:
            score += 1 if before or after else 0
        elif _CONTROL.fullmatch(ch) or (not ch.isalpha() and before and after):
            score -= 3
    return score


def _reject_binary(text: str, filename: str) -> None:
    if not text:
        return
    controls = len(_CONTROL.findall(text))
    if controls / len(text) > MAX_CONTROL_RATIO:
        raise ImportError_(
            msgid="error.ingest.file_looks_binary_control",
            params={"controls": controls, "n_text": len(text)},
            file=filename,
        )
