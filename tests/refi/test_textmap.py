"""Offsets survive BOM removal, CRLF folding, NFC and other tools' ways of counting."""

from __future__ import annotations

import codecs

import pytest

from sigqual.refi.textmap import best_reading, decode_source, name_matches, normalise_with_map
from sigqual.text import normalize_text

E_ACUTE = "e\u0301"  # decomposed é: NFC makes it one code point


@pytest.mark.parametrize(
    ("raw", "target"),
    [
        ("I: Hej\nIP: Mötena var bra.\n", "Mötena var bra"),
        ("\ufeffI: Hej\r\nIP: Mötena var bra.\r\n", "Mötena var bra"),
        ("rad ett\r\nrad två\r\nrad tre med åäö\r\n", "rad tre med åäö"),
        ("gammal Mac\rrad två\rmål", "mål"),
        ("emoji 😀😀 före\r\nsen å", "sen å"),
        (f"Caf{E_ACUTE} och kaka\r\nsen mer", "sen mer"),
        (f"a{E_ACUTE}{E_ACUTE}b\u2028c{E_ACUTE} slut", "slut"),
    ],
)
def test_raw_offsets_land_on_the_same_text(raw: str, target: str) -> None:
    norm = normalise_with_map(raw)
    assert norm.text == normalize_text(raw)
    start = raw.index(target)
    end = start + len(target)
    mapped = norm.text[norm.raw_to_norm[start]:norm.raw_to_norm[end]]
    assert mapped == normalize_text(target)


@pytest.mark.parametrize(
    ("raw", "cut", "expected_prefix"),
    [
        # A cut inside a combining sequence maps before the composed character.
        (f"x{E_ACUTE}y", 2, "x"),
        ("a\r\nb", 2, "a"),  # between CR and LF: the line break starts there
    ],
)
def test_cuts_inside_changed_characters(raw: str, cut: int, expected_prefix: str) -> None:
    norm = normalise_with_map(raw)
    assert norm.text[: norm.raw_to_norm[cut]] == expected_prefix


def _spans(raw_body: str, quotes: list[str], unit: str) -> list[tuple[int, int, str]]:
    """(start, end, name) as a tool counting in ``unit`` would export them."""
    out = []
    for quote in quotes:
        i = raw_body.index(quote)
        if unit == "utf16":
            s = len(raw_body[:i].encode("utf-16-le")) // 2
            e = s + len(quote.encode("utf-16-le")) // 2
        elif unit == "lf":
            s = len(raw_body[:i].replace("\r\n", "\n"))
            e = s + len(quote.replace("\r\n", "\n"))
        elif unit == "bom":
            s, e = i + 1, i + 1 + len(quote)
        else:
            s, e = i, i + len(quote)
        out.append((s, e, quote[:20] + "…"))
    return out


@pytest.mark.parametrize(
    ("unit", "reading"),
    [
        ("codepoints", "code points"),
        ("utf16", "UTF-16 code units"),
        ("lf", "offsets into text with \\n line endings"),
        ("bom", "code points counting the BOM"),
    ],
)
def test_best_reading_follows_the_selection_names(unit: str, reading: str) -> None:
    body = ("I: Hur var det? 🎉🎉\r\nIP: Det var jättebra att träffas varje vecka.\r\n"
            "I: Och skolan? 😀\r\nIP: Skolan hjälpte mig mycket med läxorna.\r\n")
    raw = "\ufeff" + body
    quotes = ["Det var jättebra att träffas", "Skolan hjälpte mig mycket"]
    norm = normalise_with_map(raw)
    chosen = best_reading(norm, raw, _spans(body, quotes, unit))
    assert chosen.name == reading
    for (s, e, _n), quote in zip(_spans(body, quotes, unit), quotes, strict=True):
        assert norm.text[chosen.to_norm(s):chosen.to_norm(e)] == quote


def test_without_names_the_spec_reading_wins() -> None:
    raw = "\ufeffrad ett\r\nrad två"
    chosen = best_reading(normalise_with_map(raw), raw, [(0, 3, ""), (5, 8, "Quotation 1:2")])
    assert chosen.name == "code points"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Mötena var bra…", True), ("Mötena var bra...", True), ("Quotation 3:1", False), ("", False)],
)
def test_name_matches(name: str, expected: bool) -> None:
    assert name_matches("IP: Mötena var bra och tydliga", 4, 30, name) is expected


@pytest.mark.parametrize(
    ("data", "text", "problem"),
    [
        ("åäö".encode(), "åäö", False),
        (codecs.BOM_UTF8 + "åäö".encode(), "\ufeffåäö", False),
        (codecs.BOM_UTF16_LE + "åäö 😀".encode("utf-16-le"), "\ufeffåäö 😀", False),
        (codecs.BOM_UTF16_BE + "åäö".encode("utf-16-be"), "\ufeffåäö", False),
        ("åäö".encode("cp1252"), "åäö", True),
    ],
)
def test_decode_source(data: bytes, text: str, problem: bool) -> None:
    decoded, note = decode_source(data)
    assert decoded == text
    assert (note is not None) is problem
