"""Dates as Swedish registers and spreadsheets write them.

ISO (2013-05-02), with slashes or dots (2013/05/02), compact (20130502), Swedish day
first (2/5 2013, 2/5-2013, 02.05.2013) and spreadsheet date cells. Day-first is the
Swedish convention, so ``2/5 2013`` is the 2nd of May; anything else is refused with the
value shown, never guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ..i18n import Message

_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[ /.-]+|\s*-\s*)(\d{4})$")


class DateError(ValueError):
    """A cell that is not a date; ``reason`` is a :class:`Message`, so the UI shows it in its language."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_date(value: object) -> date:
    """A ``date`` from a cell; raises :class:`DateError` with a short reason."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(str(value or "").split())
    if not text:
        raise DateError(Message("outcomes.date.empty"))
    for pattern, order in ((_YMD, "ymd"), (_COMPACT, "ymd"), (_DMY, "dmy")):
        m = pattern.match(text)
        if m:
            a, b, c = (int(g) for g in m.groups())
            year, month, day = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return date(year, month, day)
            except ValueError:
                raise DateError(Message("outcomes.date.not_real", value=text)) from None
    raise DateError(Message("outcomes.date.unreadable", value=text))
