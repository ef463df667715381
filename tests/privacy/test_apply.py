"""Consistent replacements and offset maps that keep codings on the same words."""

from __future__ import annotations

import pytest

from sigqual.errors import InputError
from sigqual.privacy import Finding, Pseudonymizer, apply
from sigqual.privacy.mapping import KeyEntry, normalise


def f(text: str, word: str, kind: str = "name", nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Finding(start, start + len(word), kind, word)


@pytest.mark.parametrize(("kind", "a", "b"), [
    ("name", "Anna", "ANNA"),
    ("name", "Anna  Svensson", "anna svensson"),
    ("phone", "070-123 45 67", "0701234567"),
    ("phone", "+46 70 123 45 67", "070-123 45 67"),
    ("pnr", "19811218-9876", "811218-9876"),
    ("email", "Anna@Example.se", "anna@example.se"),
    ("school", "Vårby-skolan", "Vårbyskolan"),
    ("postcode", "141 46 Huddinge", "14146 Huddinge"),
])
def test_variants_share_a_pseudonym(kind: str, a: str, b: str) -> None:
    assert normalise(kind, a) == normalise(kind, b)
    mapping = Pseudonymizer()
    assert mapping.pseudonym(kind, a) == mapping.pseudonym(kind, b)


def test_numbering_is_per_kind_and_stable() -> None:
    m = Pseudonymizer()
    assert [m.pseudonym("name", n) for n in ("Ahmed", "Karin", "Ahmed")] == \
        ["[Namn 1]", "[Namn 2]", "[Namn 1]"]
    assert m.pseudonym("school", "Vårbyskolan") == "[Skola 1]"
    assert m.pseudonym("municipality", "Huddinge") == "[Kommun 1]"
    assert m.pseudonym("age", "femton år") == m.pseudonym("age", "13 år") == "[Ålder]"
    again = Pseudonymizer(m.entries())
    assert again.pseudonym("name", "Karin") == "[Namn 2]"
    assert again.pseudonym("name", "Omar") == "[Namn 3]"


def test_key_with_contradiction_is_refused() -> None:
    with pytest.raises(InputError, match="two pseudonyms"):
        Pseudonymizer([KeyEntry("name", "Anna", "[Namn 1]"), KeyEntry("name", "ANNA", "[Namn 2]")])


def test_apply_replaces_consistently_across_texts() -> None:
    m = Pseudonymizer()
    t1 = "Ahmed och Karin kom."
    t2 = "Sen kom Karin, och Ahmed."
    new1, _ = apply(t1, [f(t1, "Ahmed"), f(t1, "Karin")], m)
    new2, _ = apply(t2, [f(t2, "Karin"), f(t2, "Ahmed")], m)
    assert new1 == "[Namn 1] och [Namn 2] kom."
    assert new2 == "Sen kom [Namn 2], och [Namn 1]."


TEXT = "Jag heter Ahmed Hassan och bor i Huddinge."
# "Ahmed" 10-15, "Hassan" 16-22, "och" 23-26, "Huddinge" 33-41, "." 41-42


@pytest.mark.parametrize(("span", "expected"), [
    ((0, 9), "Jag heter"),                          # before every replacement
    ((23, 32), "och bor i"),                        # between replacements, shifted
    ((10, 15), "[Namn 1]"),                         # exactly a replaced name
    ((11, 13), "[Namn 1]"),                         # wholly inside a replaced name
    ((4, 12), "heter [Namn 1]"),                    # straddles the start of a name
    ((12, 20), "[Namn 1] [Namn 2]"),                # straddles two replacements
    ((16, 28), "[Namn 2] och b"),                   # starts at a name, ends after it
    ((0, 42), "Jag heter [Namn 1] [Namn 2] och bor i [Kommun 1]."),
    ((15, 16), " "),                                # touches both neighbours, keeps clear
    ((41, 42), "."),
])
def test_offset_map_repoints_spans(span: tuple[int, int], expected: str) -> None:
    findings = [f(TEXT, "Ahmed"), f(TEXT, "Hassan"), f(TEXT, "Huddinge", "municipality")]
    new_text, offsets = apply(TEXT, findings, Pseudonymizer())
    start, end = offsets.span(*span)
    assert new_text[start:end] == expected
    assert 0 <= start < end <= len(new_text)


def test_offset_map_without_replacements_is_identity() -> None:
    new_text, offsets = apply(TEXT, [], Pseudonymizer())
    assert new_text == TEXT and not offsets.changed
    assert offsets.span(3, 9) == (3, 9)


@pytest.mark.parametrize(("findings", "message"), [
    ([Finding(10, 15, "name", "Ahmed"), Finding(12, 22, "name", "med Hassan")], "overlap"),
    ([Finding(10, 15, "name", "Karin")], "no longer matches"),
    ([Finding(40, 50, "name", "x")], "outside"),
])
def test_apply_refuses_bad_findings(findings: list[Finding], message: str) -> None:
    with pytest.raises(InputError, match=message):
        apply(TEXT, findings, Pseudonymizer())


def test_apply_with_plain_mapping_and_function() -> None:
    finding = [f(TEXT, "Huddinge", "municipality")]
    assert apply(TEXT, finding, {"Huddinge": "[Kommunen]"})[0].endswith("i [Kommunen].")
    assert apply(TEXT, finding, lambda x: x.kind.upper())[0].endswith("i MUNICIPALITY.")
    with pytest.raises(InputError, match="no replacement"):
        apply(TEXT, finding, {"Botkyrka": "x"})


def test_offset_outside_text_is_refused() -> None:
    _, offsets = apply(TEXT, [f(TEXT, "Ahmed")], Pseudonymizer())
    with pytest.raises(InputError):
        offsets.span(0, len(TEXT) + 1)
    with pytest.raises(InputError):
        offsets.span(5, 5)
