"""Numbers in tables and sentences follow the reader's language."""

from __future__ import annotations

import pytest

from sigqual import i18n


@pytest.mark.parametrize(("value", "lang", "digits", "fixed", "expected"), [
    (2.9, "sv", 1, True, "2,9"),
    (2.9, "en", 1, True, "2.9"),
    (1.0, "sv", 1, True, "1,0"),
    (1.0, "sv", 1, False, "1"),
    (15.5, "en", 1, False, "15.5"),
    (2 / 3, "sv", 2, False, "0,67"),
    (0.05, "sv", 1, False, "0,1"),
    (0.25, "sv", 1, False, "0,3"),  # half up, not half to even
    (1234.5, "en", 1, True, "1,234.5"),
    (3.0, "xx", 1, True, "3,0"),  # an unknown language falls back to Swedish
])
def test_number_uses_the_languages_marks(value: float, lang: str, digits: int, fixed: bool,
                                         expected: str) -> None:
    assert i18n.number(value, lang, digits, fixed=fixed) == expected


def test_swedish_thousands_are_grouped_with_a_space() -> None:
    shown = i18n.number(1234.5, "sv", fixed=True)
    assert shown.replace("\u00a0", " ") == "1 234,5"
