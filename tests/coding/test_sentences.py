"""Sentence splitting of speaker turns, with Swedish abbreviations and spoken-language habits."""

from __future__ import annotations

import pytest

from sigqual.coding.sentences import join_runs, split_sentences
from sigqual.errors import InputError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Det var bra. Sen blev det sämre.", ["Det var bra.", "Sen blev det sämre."]),
        ("Vi hade t.ex. möten varje vecka. Det hjälpte.",
         ["Vi hade t.ex. möten varje vecka.", "Det hjälpte."]),
        ("Han var bl.a. på BUP. Sedan på fritids.", ["Han var bl.a. på BUP.", "Sedan på fritids."]),
        ("Vi ses kl. 10 på torsdag. Det passar.", ["Vi ses kl. 10 på torsdag.", "Det passar."]),
        ("Det var ca. 20 personer där. Alla kom.", ["Det var ca. 20 personer där.", "Alla kom."]),
        ("Det gäller fr.o.m. Januari. Sen vet vi inte.",
         ["Det gäller fr.o.m. Januari.", "Sen vet vi inte."]),
        ("Skola, polis osv. Sen kom soc.", ["Skola, polis osv.", "Sen kom soc."]),
        ("Skola, polis osv. och soc.", ["Skola, polis osv. och soc."]),
        ("Jag vet inte... kanske. Eller?", ["Jag vet inte... kanske.", "Eller?"]),
        ("Jag vet inte… Det var svårt.", ["Jag vet inte…", "Det var svårt."]),
        ("Vad ska man säga? man vet ju inte.", ["Vad ska man säga?", "man vet ju inte."]),
        ("Han fyllde 15. Då började det.", ["Han fyllde 15.", "Då började det."]),
        ("Den 3. maj var mötet.", ["Den 3. maj var mötet."]),
        ("Vi pratade med A. Andersson. Hon var bra.", ["Vi pratade med A. Andersson.", "Hon var bra."]),
        ("Hon sa \"Nej!\" Sen gick hon.", ["Hon sa \"Nej!\"", "Sen gick hon."]),
        ("Första raden\nAndra raden utan punkt", ["Första raden", "Andra raden utan punkt"]),
        ("  Bara en mening utan punkt  ", ["Bara en mening utan punkt"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    found = split_sentences(text)
    assert [s.text for s in found] == expected
    assert all(text[s.start:s.end] == s.text for s in found)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (4, 29, ["Ett.", "Två t.ex. tre.", "Fyra!"]),
        (4, 34, ["Ett.", "Två t.ex. tre.", "Fyra!", "Nej."]),
        (4, 8, ["Ett."]),
        (9, 23, ["Två t.ex. tre."]),
    ],
)
def test_offsets_are_into_the_whole_text(start: int, end: int, expected: list[str]) -> None:
    text = "IP: Ett. Två t.ex. tre. Fyra!\nNej."
    found = split_sentences(text, start, end)
    assert [s.text for s in found] == expected
    assert all(start <= s.start < s.end <= end for s in found)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 2), (0, 99)])
def test_bad_span(start: int, end: int) -> None:
    with pytest.raises(InputError, match="outside the text"):
        split_sentences("Kort text.", start, end)


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ({0}, [(0, 4)]),
        ({0, 1}, [(0, 9)]),
        ({0, 2}, [(0, 4), (10, 14)]),
        ({2, 1, 0}, [(0, 14)]),
        (set(), []),
    ],
)
def test_join_runs(chosen: set[int], expected: list[tuple[int, int]]) -> None:
    sentences = split_sentences("Ett. Två. Tre.")
    assert [(s.start, s.end) for s in sentences] == [(0, 4), (5, 9), (10, 14)]
    assert join_runs(sentences, chosen) == expected


def test_join_runs_rejects_unknown_numbers() -> None:
    with pytest.raises(InputError, match="between 1 and 3"):
        join_runs(split_sentences("Ett. Två. Tre."), {3})
