"""How turns are numbered for readers: one rule for every page, export and link.

A turn is stored with a 0-based index (``segments.idx``); people count from 1. So
"Replik 8" is the turn stored at index 7 on Koda, Granska, Jämför, in the agreement
report and in a link's ``?turn=8``. This module imports nothing, so any part of the
core can use it.
"""

from __future__ import annotations


def turn_number(index: int) -> int:
    """The number a reader sees for the turn stored at ``index`` (interviewer turns count)."""
    return int(index) + 1


def turn_index(number: int) -> int:
    """The stored index of the turn a reader calls ``number``."""
    return int(number) - 1
