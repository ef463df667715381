"""The one decoder for text files from users: transcripts, manifests, subtitles, REFI sources.

Order: byte-order marks, BOM-less UTF-16, strict UTF-8. A file that is UTF-8 apart
from a few stray bytes (a Windows-1252 dash pasted into a UTF-8 transcript) keeps its
UTF-8 reading: each stray byte is repaired on its own (its Windows-1252 character, or
U+FFFD) and reported with line and column. Only a file with no UTF-8 sequences at
all is read with an 8-bit code page, chosen among Windows-1252, ISO-8859-1 and Mac
Roman (and DOS 850) by how Swedish the result reads; reading a whole UTF-8 file as
Mac Roman because of one byte garbles every å, ä and ö silently.

Warnings are plain English strings (without the file name, which the caller adds)
with a stable id in :data:`WARNING_IDS`; callers pass them on to the user (the import
report, the CLI).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

from sigqual.errors import ImportError_
from sigqual.i18n import Message, translate

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
LEGACY_ENCODINGS = ("cp1252", "latin-1", "mac_roman", "cp850")
_ENCODING_NAMES = {"cp1252": "Windows-1252", "latin-1": "ISO-8859-1", "mac_roman": "Mac Roman",
                   "cp850": "DOS 850"}
_NORDIC = frozenset("åäöÅÄÖéü")
# Control characters except tab, line feed, vertical tab, form feed, CR and DOS end-of-file.
CONTROL = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_ESCAPED = re.compile("[\udc80-\udcff]")
MAX_CONTROL_RATIO = 0.02
_SAMPLE_BYTES = 2**20
# At most this many stray bytes are named one by one; the rest are counted.
MAX_LISTED_REPAIRS = 5

# Message ids of the warnings below (texts in sigqual/locale).
WARNING_IDS: tuple[str, ...] = (
    "decode.legacy",
    "decode.repaired",
    "decode.repaired_many",
)


class _Listed:
    """The repaired bytes named one by one, in whichever language the warning is shown."""

    def __init__(self, items: list[Message], more: int) -> None:
        self.items, self.more = items, more

    def render(self, lang: str) -> str:
        text = ", ".join(item.render(lang) for item in self.items)
        if self.more > 0:
            text += translate("decode.more", lang, n=self.more)
        return text

    def __str__(self) -> str:
        return self.render("en")

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@dataclass(frozen=True)
class Repair:
    """One stray byte in an otherwise UTF-8 file and what it became."""

    line: int
    column: int
    byte: int
    replacement: str


@dataclass(frozen=True)
class Decoded:
    """Decoded (not yet normalised) text, the encoding used and what the user must hear."""

    text: str
    encoding: str
    repairs: tuple[Repair, ...] = ()
    warnings: tuple[str, ...] = ()


def decode(data: bytes, filename: str, *, keep_bom: bool = False) -> Decoded:
    """Decode ``data``; raise :class:`ImportError_` naming ``filename`` for binary content.

    ``keep_bom`` keeps a leading byte-order mark as U+FEFF (REFI-QDA offsets count it).
    """
    decoded = _decode(data, filename, keep_bom)
    reject_binary(decoded.text, filename)
    return decoded


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """``(text, encoding)`` for callers that need no warnings (manifests, RTF)."""
    decoded = decode(data, filename)
    return decoded.text, decoded.encoding


def _decode(data: bytes, filename: str, keep_bom: bool) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                if encoding == "utf-8-sig":
                    repaired = _mostly_utf8(data[len(bom):])
                    if repaired is not None:
                        if keep_bom:
                            repaired = replace(repaired, text="\ufeff" + repaired.text)
                        return replace(repaired, encoding=encoding)
                raise ImportError_(
                    msgid="error.ingest.file_starts_with_byte",
                    params={"value": encoding.upper(), "value2": encoding.upper(), "start": exc.start},
                    file=filename,
                ) from exc
            return Decoded("\ufeff" + text if keep_bom else text, encoding)
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass  # looked like UTF-16 but is not: the NUL check below explains it
    if b"\x00" in data:
        raise ImportError_(msgid="error.ingest.file_contains_nul_bytes", file=filename)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired
    text, encoding = _decode_legacy(data)
    name = _ENCODING_NAMES.get(encoding, encoding)
    warning = Message("decode.legacy", name=name)
    return Decoded(text, encoding, warnings=(warning,))


def _mostly_utf8(data: bytes) -> Decoded | None:
    """The repaired UTF-8 reading when valid multi-byte characters outnumber stray bytes.

    A file in an 8-bit code page almost never contains a valid UTF-8 sequence, so
    any such sequence is evidence for UTF-8; stray bytes must be a minority of them.
    """
    escaped = data.decode("utf-8", errors="surrogateescape")
    stray = len(_ESCAPED.findall(escaped))
    multibyte = len(_NON_ASCII.findall(escaped)) - stray
    if multibyte > 0 and stray <= multibyte:
        return _repair(escaped)
    return None


def _repair(escaped: str) -> Decoded:
    """Replace each stray byte (a lone surrogate after surrogateescape) on its own."""
    repairs: list[Repair] = []
    pieces: list[str] = []
    line, scanned, done = 1, 0, 0
    for match in _ESCAPED.finditer(escaped):
        position = match.start()
        line += escaped.count("\n", scanned, position)
        scanned = position
        column = position - (escaped.rfind("\n", 0, position) + 1) + 1
        byte = ord(match.group()) - 0xDC00
        try:
            replacement = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            replacement = "\ufffd"
        repairs.append(Repair(line, column, byte, replacement))
        pieces.append(escaped[done:position])
        pieces.append(replacement)
        done = match.end()
    pieces.append(escaped[done:])
    text = "".join(pieces)
    listed = [Message("decode.repair", line=r.line, column=r.column, byte=f"0x{r.byte:02X}",
                      replacement=repr(r.replacement)) for r in repairs[:MAX_LISTED_REPAIRS]]
    more = len(repairs) - MAX_LISTED_REPAIRS
    warning = Message("decode.repaired" if len(repairs) == 1 else "decode.repaired_many",
                      n=len(repairs), listed=_Listed(listed, more))
    return Decoded(text, "utf-8", tuple(repairs), (warning,))


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
    for encoding in LEGACY_ENCODINGS:
        if encoding == "latin-1" and best is not None:
            continue  # Latin-1 only as fallback for bytes Windows-1252 leaves undefined
        try:
            score = swedishness(sample.decode(encoding))
        except UnicodeDecodeError:
            continue
        if best is None or score > best[0]:
            best = (score, encoding)
    assert best is not None  # cp850 and latin-1 decode every byte
    score, encoding = best
    if score < 0:
        from charset_normalizer import from_bytes  # only for text no Swedish code page fits

        guess = from_bytes(sample).best()
        if guess is not None and swedishness(str(guess)) > score:
            encoding = guess.encoding
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def swedishness(text: str) -> int:
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
        elif CONTROL.fullmatch(ch) or (not ch.isalpha() and before and after):
            score -= 3
    return score


def reject_binary(text: str, filename: str) -> None:
    """Refuse text with many control characters: a binary file with a text name."""
    if not text:
        return
    controls = len(CONTROL.findall(text))
    if controls / len(text) > MAX_CONTROL_RATIO:
        raise ImportError_(
            msgid="error.ingest.file_looks_binary_control",
            params={"controls": controls, "n_text": len(text)},
            file=filename,
        )
