"""Errors with message ids: English ``str()`` for the CLI, any UI language on request."""

from __future__ import annotations

import pytest

from sigqual.codebook import parse_codebook
from sigqual.errors import CodebookError, ImportError_, SigqualError
from sigqual.i18n import describe_error
from sigqual.ingest.reader import parse_bytes

EMPTY = ImportError_(msgid="error.import.empty", file="tom.txt")
MANIFEST = ImportError_(msgid="error.manifest.empty_cell", file="m.csv", line=3, field="file")
BARE_LINE = SigqualError(msgid="error.manifest.row_width", params={"n": 4, "header": 3}, line=7)
PLAIN = SigqualError("something odd", field="x")


@pytest.mark.parametrize(
    ("error", "english", "swedish"),
    [
        (EMPTY, "tom.txt: file is empty", "tom.txt: filen är tom"),
        (MANIFEST, "m.csv:3 field 'file': the file cell is empty",
         "m.csv:3 fält 'file': filcellen är tom"),
        (BARE_LINE, "line 7: the row has 4 fields but the header has 3",
         "rad 7: raden har 4 fält men rubrikraden har 3"),
        (PLAIN, "field 'x': something odd", "fält 'x': something odd"),
        (SigqualError("plain", segment="s1"), "segment s1: plain", "segment s1: plain"),
    ],
)
def test_render_in_each_language(error: SigqualError, english: str, swedish: str) -> None:
    assert str(error) == english
    assert error.render("en") == english
    assert error.render("sv") == swedish
    assert describe_error(error, "sv") == swedish


def test_message_is_the_english_text_and_params_are_kept() -> None:
    assert BARE_LINE.message == "the row has 4 fields but the header has 3"
    assert BARE_LINE.params == {"n": 4, "header": 3}
    assert BARE_LINE.msgid == "error.manifest.row_width"


def test_an_explicit_message_wins_for_english() -> None:
    err = SigqualError("custom English", msgid="error.import.empty")
    assert str(err) == "custom English"
    assert err.render("sv") == "filen är tom"


def test_other_exceptions_fall_back_to_their_text() -> None:
    assert describe_error(ValueError("boom"), "sv") == "boom"


def test_a_real_import_error_reaches_swedish() -> None:
    with pytest.raises(ImportError_) as info:
        parse_bytes(b"", "tom.txt")
    assert str(info.value) == "tom.txt: file is empty"
    assert info.value.render("sv") == "tom.txt: filen är tom"


def test_codebook_problems_render_every_detail_in_the_language() -> None:
    text = ("name: K\ngroups:\n  - {key: g, name: G}\ncodes:\n"
            "  - {id: a, label: A, kind: tema}\n  - {id: b, label: B, colour: red}\n")
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, "k.yaml")
    english = str(info.value)
    assert english.startswith("k.yaml:5 field 'kind': kind 'tema' is not one of ")
    assert "\n  - line 6: colour 'red' is not a hex colour like #1f77b4" in english
    swedish = info.value.render("sv")
    assert swedish.startswith("k.yaml:5 fält 'kind': typen 'tema' är inte en av ")
    assert "\n  - rad 6: färgen 'red' är inte en hexfärg som #1f77b4" in swedish
