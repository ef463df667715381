"""Compound splitting: real compounds split, ordinary and lexicalised words kept."""

from __future__ import annotations

import pytest

from sigqual.nlp.compounds import compound_parts, split_compound, verb_of_noun

SPLITS = [
    ("insatsgruppsmötena", ("insatsgrupp", "möte")),
    ("projektgruppsmedlemmarna", ("projektgrupp", "medlem")),
    ("narkotikaprovtagning", ("narkotika", "provtagning")),
    ("drogtester", ("drog", "test")),
    ("urinprov", ("urin", "prov")),
    ("kontaktpersoner", ("kontakt", "person")),
    ("skolgården", ("skola", "gård")),
    ("fritidsgården", ("fritid", "gård")),
    ("föräldramötet", ("förälder", "möte")),
    ("möteskontor", ("möte", "kontor")),
    ("arbetsroll", ("arbete", "roll")),
    ("ansvarsfördelning", ("ansvar", "fördelning")),
    ("brottsbakgrund", ("brott", "bakgrund")),
    ("projekttid", ("projekt", "tid")),
    ("handlingsplanen", ("handling", "plan")),
    ("BUP-aktör", ("bup", "aktör")),
]


@pytest.mark.parametrize(("word", "parts"), SPLITS)
def test_compounds_split(word: str, parts: tuple[str, ...]) -> None:
    assert split_compound(word) == parts


# Ordinary words that look like compounds ("kon+takt", "pol+isen", "fri+tid", "an+svar")
# and derivations ("möjlig+het") must stay whole.
WHOLE = [
    "förälder", "föräldrarna", "samordnare", "kontakt", "polisen", "fritid", "ansvar",
    "ungdomarna", "uppföljning", "möjlighet", "uppmärksamhet", "meningslöst", "samarbete",
    "information", "kunskap", "tidpunkt", "verksamheten", "möte", "hej",
]


@pytest.mark.parametrize("word", WHOLE)
def test_words_that_must_not_be_split(word: str) -> None:
    assert split_compound(word) == ()


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("insatsgruppsmötena", ("insatsgrupp", "möte", "insats", "grupp")),
        ("projektgruppsmedlemmarna", ("projektgrupp", "medlem", "projekt", "grupp")),
        ("kontakt", ()),
    ],
)
def test_parts_are_found_recursively(word: str, expected: tuple[str, ...]) -> None:
    assert compound_parts(word) == expected


@pytest.mark.parametrize(
    ("noun", "verb"),
    [("ljugande", "ljuga"), ("tjatande", "tjata"), ("beteende", None), ("ande", None)],
)
def test_nominalised_verbs(noun: str, verb: str | None) -> None:
    assert verb_of_noun(noun) == verb
