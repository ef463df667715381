from __future__ import annotations

import codecs

import pytest

from sigqual.errors import ImportError_
from sigqual.ingest.formats import EXTRACTORS
from sigqual.ingest.formats.text import decode_text

SAMPLE = "Förälder på gården i Älvsjö"
LONGER = "Intervjuare: Hur var mötena?\nFörälder 2: Det var bra – vi fick ”hjälp”, 50 €.\n"

ENCODINGS = [
    ("utf-8", SAMPLE.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", SAMPLE.encode("utf-8-sig"), "utf-8-sig"),
    ("utf-16 LE with BOM", SAMPLE.encode("utf-16"), "utf-16"),
    ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
    ("utf-16 LE without BOM", SAMPLE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16 BE without BOM", SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ("utf-32 with BOM", SAMPLE.encode("utf-32"), "utf-32"),
    ("cp1252", SAMPLE.encode("cp1252"), "cp1252"),
    ("latin-1", SAMPLE.encode("latin-1"), "cp1252"),  # identical bytes for these letters
    ("mac roman", SAMPLE.encode("mac_roman"), "mac_roman"),
    ("dos 850", SAMPLE.encode("cp850"), "cp850"),
]


@pytest.mark.parametrize(("data", "encoding"), [c[1:] for c in ENCODINGS],
                         ids=[c[0] for c in ENCODINGS])  # fmt: skip
def test_swedish_letters_survive(data: bytes, encoding: str) -> None:
    assert decode_text(data, "t.txt") == (SAMPLE, encoding)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-16"])
def test_windows_punctuation_is_not_mistaken_for_another_code_page(encoding: str) -> None:
    # Smart quotes, dash and euro sign are bytes 0x80-0x9F in Windows-1252, where
    # Central European and DOS code pages put letters.
    assert decode_text(LONGER.encode(encoding), "t.txt")[0] == LONGER


def test_latin1_control_range_falls_back_to_latin1() -> None:
    # 0x81 is undefined in Windows-1252; Latin-1 still decodes it, the rest survives.
    data = (SAMPLE * 3).encode("latin-1") + b" \x81"
    assert decode_text(data, "t.txt") == (SAMPLE * 3 + " \x81", "latin-1")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"abc\x00def", "contains NUL bytes"),
        (bytes(range(1, 32)) * 20 + b"some text", "looks binary"),
        (codecs.BOM_UTF8 + b"\xff\xfe broken", "not valid UTF-8-SIG"),
    ],
    ids=["nul bytes", "control characters", "broken utf-8 after BOM"],
)
def test_binary_content_is_rejected(data: bytes, message: str) -> None:
    with pytest.raises(ImportError_) as info:
        decode_text(data, "junk.txt")
    assert info.value.file == "junk.txt"
    assert message in info.value.message


@pytest.mark.parametrize("extension", [".txt", ".md"])
def test_extractor_returns_decoded_text(extension: str) -> None:
    data = "# Rubrik\r\n\r\n**I:** Hej på dig".encode("cp1252")
    assert EXTRACTORS[extension](data, "x" + extension) == "# Rubrik\r\n\r\n**I:** Hej på dig"
