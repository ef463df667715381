"""Texts that travel as strings (warnings, refusals) still render in the UI's language."""

from __future__ import annotations

import pickle

import pytest

from sigqual.app.session import Reason, denied
from sigqual.decoding import decode
from sigqual.i18n import Message, localise
from sigqual.ingest.formats import subtitles


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "the file is not UTF-8; it was read as Windows-1252"),
    ("sv", "filen är inte UTF-8; den lästes som Windows-1252"),
])
def test_a_decoding_warning_in_each_language(lang: str, expected: str) -> None:
    decoded = decode("Förälder säger: vi måste prata".encode("cp1252"), "a.txt")
    assert decoded.warnings, "a Windows-1252 file must be reported"
    assert localise(decoded.warnings[0], lang).startswith(expected)


@pytest.mark.parametrize(("lang", "word"), [("en", "repaired"), ("sv", "lagades")])
def test_repaired_bytes_are_listed_in_each_language(lang: str, word: str) -> None:
    data = "Förälder – ".encode() + b"\x96 och mer text med \xc3\xa5 och \xc3\xa4"
    decoded = decode(data, "b.txt")
    assert decoded.repairs
    text = localise(decoded.warnings[0], lang)
    assert word in text
    assert ("rad 1" if lang == "sv" else "line 1") in text


def test_a_message_is_its_english_text_and_survives_pickling() -> None:
    message = Message("subtitles.empty", cue=3)
    assert message == "cue 3: no text, skipped"
    copy = pickle.loads(pickle.dumps(message))
    assert copy == message
    assert localise(copy, "sv") == "text 3: ingen text, hoppades över"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "cue 2: no timing line; the text is kept at the previous cue's time"),
    ("sv", "text 2: ingen tidsrad; texten behåller föregående texts tid"),
])
def test_a_subtitle_warning_in_each_language(lang: str, expected: str) -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\nAnna: Hej\n\n2\nBo: Hej hej\n"
    extraction = subtitles.read(data, "c.srt")
    assert extraction.warnings
    assert [localise(w, lang) for w in extraction.warnings] == [expected]


def test_plain_text_is_left_alone() -> None:
    assert localise("just text", "sv") == "just text"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "'anna' needs the role coder in this project to code (now: reader)"),
    ("sv", "'anna' behöver rollen kodare i det här projektet för att koda (nu: läsare)"),
])
def test_a_refusal_renders_in_the_ui_language(lang: str, expected: str) -> None:
    # Role and action names are messages too, so no English word is left in a Swedish refusal.
    reason = Reason("app.denied.role", user="anna", needed=Message("access.role.coder"),
                    action=Message("action.code"), role=Message("access.role.reader"))
    assert str(reason) == "'anna' needs the role coder in this project to code (now: reader)"
    error = denied(reason, "code")
    assert error.field == "code"
    assert error.render(lang).endswith(expected)


def test_the_listed_ids_of_limits_yaml_and_warnings_are_in_the_catalogue() -> None:
    from sigqual import decoding, i18n, safeyaml
    from sigqual.ingest import limits

    ids = [*limits.ERROR_IDS, *safeyaml.ERROR_IDS, *decoding.WARNING_IDS, *subtitles.WARNING_IDS]
    assert ids
    assert [key for key in ids if not i18n.has(key)] == []
