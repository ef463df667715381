"""Dates as Swedish registers and spreadsheets write them.

ISO (2013-05-02), with slashes or dots (2013/05/02), compact (20130502), Swedish day
first (2/5 2013, 2/5-2013, 02.05.2013) and spreadsheet date cells. Day-first is the
Swedish convention, so ``2/5 2013`` is the 2nd of May; anything else is refused with the
value shown, never guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[ /.-]+|\s*-\s*)(\d{4})$")


def parse_date(value: object) -> date:
    """A ``date`` from a cell; raises ``ValueError`` with a short reason."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(str(value or "").split())
    if not text:
        raise ValueError("the date is empty")
    for pattern, order in ((_YMD, "ymd"), (_COMPACT, "ymd"), (_DMY, "dmy")):
        m = pattern.match(text)
        if m:
            a, b, c = (int(g) for g in m.groups())
            year, month, day = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError(f"'{text}' is not a real date") from None
    raise ValueError(f"'{text}' is not a date (write 2013-05-02, 2013/05/02, 2/5 2013 or 20130502)")
