"""Document attributes written in a transcript's preamble ("Datum: 2014-05-12").

Transcribers often put the interview's date, type and participant on the first lines.
The segmenter already keeps those lines out of every turn; this module reads them so
the import can offer them as the document's attributes. Only values that are clearly
attributes are taken: a real ISO date, a known interview type, a short participant
description. Anything else (a sentence, a line inside the conversation, a numbered
speaker such as "Deltagare 1:") is left alone, because a wrong attribute silently
misfiles an interview in every table by group or date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from .model import Turn

# Preamble keys (lower case, without the colon) and the attribute each one fills.
_KEYS = {
    "datum": "interview_date", "date": "interview_date", "intervjudatum": "interview_date",
    "interview date": "interview_date",
    "intervjutyp": "interview_type", "intervjuform": "interview_type", "typ av intervju": "interview_type",
    "interview type": "interview_type",
    "deltagare": "participant", "intervjuperson": "participant", "intervjupersoner": "participant",
    "participant": "participant", "participants": "participant",
}  # fmt: skip
_TYPES = {
    "individuell": "individual", "individuell intervju": "individual", "enskild": "individual",
    "enskild intervju": "individual", "individual": "individual",
    "fokusgrupp": "focus_group", "fokusgruppsintervju": "focus_group", "gruppintervju": "focus_group",
    "focus group": "focus_group", "focus_group": "focus_group",
    "telefon": "phone", "telefonintervju": "phone", "phone": "phone", "telephone": "phone",
}  # fmt: skip
# How far into a document without turns a preamble may reach.
_MAX_LINES = 12
_MAX_PARTICIPANT = 80
_LINE = re.compile(r"^\s*([^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,2})\s*:\s*(.*?)\s*$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: str) -> str | None:
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _interview_type(value: str) -> str | None:
    return _TYPES.get(" ".join(value.lower().replace("-", " ").split()))


def _participant(value: str) -> str | None:
    """A short description ("Förälder 2, mamma"), never a spoken sentence."""
    if not value or len(value) > _MAX_PARTICIPANT or value.endswith((".", "?", "!", "…")):
        return None
    if len(value.split()) > 8:
        return None
    return value


_READERS = {"interview_date": _date, "interview_type": _interview_type, "participant": _participant}


def preamble_attributes(text: str, turns: Sequence[Turn]) -> dict[str, str]:
    """Attributes from the lines before the first turn (``interview_date`` as ISO date,
    ``interview_type`` as one of ``INTERVIEW_TYPES``, ``participant`` as written).

    Without turns the first lines up to the first blank line are read. The first
    line naming an attribute decides it; a later line cannot overwrite it.
    """
    head = text[: turns[0].start] if turns else text
    lines = head.split("\n")
    if not turns:
        lines = lines[:_MAX_LINES]
    found: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            if found and not turns:
                break
            continue
        match = _LINE.match(line)
        if match is None:
            continue
        field = _KEYS.get(match.group(1).lower())
        if field is None or field in found:
            continue
        value = _READERS[field](match.group(2))
        if value is not None:
            found[field] = value
    return found
