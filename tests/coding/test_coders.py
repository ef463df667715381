"""When a typed coder name is probably another spelling of a known coder."""

from __future__ import annotations

import pytest

from sigqual.coding.coders import looks_alike, similar_coders, tidy_name


@pytest.mark.parametrize(
    ("new", "known", "alike"),
    [
        ("Karin", "Karin L", True),      # one is the start of the other at a word break
        ("Karin L", "Karin", True),
        ("karin", "Karin", True),        # case
        ("Karin  L", "Karin L", False),  # the same name once tidied: not a new spelling
        (" Karin L ", "Karin L", False),
        ("Karin", "Karina", True),       # a one-letter slip
        ("Karim", "Karin", True),
        ("Kari", "Karin", True),
        ("Bo", "Bob", False),            # too short to call a slip, and no word break
        ("Eva", "Anna", False),
        ("Anna", "Annika", False),
        ("", "Anna", False),
    ],
)
def test_looks_alike(new: str, known: str, alike: bool) -> None:
    assert looks_alike(new, known) is alike


@pytest.mark.parametrize(
    ("new", "known", "expected"),
    [
        ("Karin", ["Karin L", "Bo", "Karin Lund"], ["Karin L", "Karin Lund"]),
        ("Karin L", ["Karin L", "Karin"], []),   # known exactly: no question
        ("Eva", ["Karin L", "Bo"], []),          # simply new
        ("eva ", ["Eva"], ["Eva"]),
    ],
)
def test_similar_coders(new: str, known: list[str], expected: list[str]) -> None:
    assert similar_coders(new, known) == expected


def test_tidy_name() -> None:
    assert tidy_name("  Karin \t L ") == "Karin L"


@pytest.mark.parametrize(("a", "b"), [("Karin", "Karen"), ("Karin", "Karins"), ("Maria", "Mara")])
def test_one_letter_slips_both_ways(a: str, b: str) -> None:
    assert looks_alike(a, b) and looks_alike(b, a)
