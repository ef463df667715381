"""Attributes read from a transcript's preamble, and lines that must not be taken."""

from __future__ import annotations

import pytest

from sigqual.ingest.preamble import preamble_attributes
from sigqual.ingest.segment import segment

BODY = "I: Hur var mötet?\nIP: Det var bra, tycker jag.\nI: Något mer?\nIP: Nej.\n"


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("date", "Datum: 2014-05-12\n", {"interview_date": "2014-05-12"}),
        ("all three", "Datum: 2014-05-12\nIntervjutyp: Fokusgrupp\nDeltagare: Tre föräldrar, fas 1\n",
         {"interview_date": "2014-05-12", "interview_type": "focus_group",
          "participant": "Tre föräldrar, fas 1"}),
        ("title first and a blank line", "Intervju med förälder\nDatum: 2015-01-30\n\n",
         {"interview_date": "2015-01-30"}),
        ("english keys", "Date: 2016-02-29\nInterview type: phone\n",
         {"interview_date": "2016-02-29", "interview_type": "phone"}),
        ("individual type", "Intervjuform: Enskild intervju\n", {"interview_type": "individual"}),
        ("the first line decides", "Datum: 2014-05-12\nDatum: 2019-01-01\n",
         {"interview_date": "2014-05-12"}),
        # Lines that must NOT be taken.
        ("not a date", "Datum: i våras\n", {}),
        ("impossible date", "Datum: 2014-02-30\n", {}),
        ("swedish short date", "Datum: 12/5 2014\n", {}),
        ("unknown type", "Intervjutyp: Promenadintervju\n", {}),
        ("unknown hyphenated type", "Intervjutyp: telefon-samtal\n", {}),
        ("a sentence as participant", "Deltagare: Vi var fyra som satt och pratade om mötena.\n", {}),
        ("a too long participant", "Deltagare: " + "Anna Berg, " * 9 + "\n", {}),
        ("empty value", "Deltagare:\n", {}),
        ("an unrelated key", "Plats: Huddinge\nTranskribent: Ola\n", {}),
        ("no preamble at all", "", {}),
    ],
)
def test_preamble_case_table(name: str, head: str, expected: dict[str, str]) -> None:
    text = head + BODY
    turns = segment(text)
    assert turns, name
    assert preamble_attributes(text, turns) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Inside the conversation, not before it.
        "I: Hur var mötet?\nIP: Bra.\nDatum: 2014-05-12\nI: Något mer?\nIP: Nej.\n",
        # A numbered participant is a speaker, never a preamble.
        "Deltagare 1: Det var bra.\nDeltagare 2: Ja, det tycker jag med.\nDeltagare 1: Eller hur.\n",
        # A speaker called Deltagare speaking first.
        "Deltagare: Det var bra, men långt.\nIntervjuare: Hur då?\nDeltagare: Jo.\n",
    ],
)
def test_lines_in_the_conversation_are_not_taken(text: str) -> None:
    turns = segment(text)
    assert turns
    assert preamble_attributes(text, turns) == {}


def test_without_turns_only_the_first_paragraph_counts() -> None:
    text = "Datum: 2014-05-12\n\nIntervjutyp: Fokusgrupp\n"
    assert preamble_attributes(text, ()) == {"interview_date": "2014-05-12"}
