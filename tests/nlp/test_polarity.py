"""Polarity: praise versus lack, wish and problem, with negation."""

from __future__ import annotations

import pytest

from sigqual.nlp.polarity import polarity

CASES = [
    # praise
    ("Det har varit jättebra med proven.", 1),
    ("Det kom precis i rätt läge.", 1),
    ("Samordnaren är fantastisk, det funkar smidigt.", 1),
    ("Det är inte dåligt alls, faktiskt.", 1),
    ("Tack vare mötena har han fått hjälp.", 1),
    # lack, wish, problem
    ("Det skulle ha kommit tidigare, nu var det för sent.", -1),
    ("Det saknas någon från psykiatrin.", -1),
    ("Man borde ha frågat oss innan.", -1),
    ("Det hade behövts en rektor i gruppen.", -1),
    ("Jag önskar att de hade lyssnat.", -1),
    ("Det fungerar inte.", -1),
    ("Det var inte bra alls.", -1),
    ("Det är inte tillräckligt med ett år.", -1),
    ("Ingen sa nånting innan.", -1),
]


@pytest.mark.parametrize(("text", "sign"), CASES)
def test_polarity_sign(text: str, sign: int) -> None:
    score = polarity(text).score
    assert score * sign > 0.1, score
    assert -1.0 <= score <= 1.0


@pytest.mark.parametrize("text", ["Han går i nian.", "Vi träffades på tisdagen."])
def test_neutral_text_has_no_polarity(text: str) -> None:
    assert polarity(text).score == 0.0


def test_cues_are_token_spans() -> None:
    result = polarity("Det borde ha kommit tidigare.")
    assert result.cues
    assert all(0 <= start < end for start, end, _w in result.cues)
