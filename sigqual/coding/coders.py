"""Telling coders apart: a new spelling of a known name is probably the same person.

A coder is a name typed in the sidebar, and every coding is stored under it, so
"Karin" and "Karin L" become two coders in the agreement figures unless the app asks
first. These rules decide when it asks: the same letters in another case or with other
spacing, one name the start of the other at a word break, or a one-letter slip.
"""

from __future__ import annotations

from collections.abc import Iterable

# Names at least this long may differ by a slip ("Karim" for "Karin") and still be asked about.
_SLIP_LENGTH = 4


def tidy_name(name: str) -> str:
    """The name as it is stored: trimmed, inner runs of spaces made one."""
    return " ".join(name.split())


def _folded(name: str) -> str:
    return tidy_name(name).casefold()


def looks_alike(new: str, known: str) -> bool:
    """True when ``new`` is probably another spelling of ``known`` (but not the same text)."""
    a, b = _folded(new), _folded(known)
    if not a or not b or tidy_name(new) == tidy_name(known):
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and long_[len(short)] in " .-":
        return True
    return min(len(a), len(b)) >= _SLIP_LENGTH and _one_slip(a, b)


def _one_slip(a: str, b: str) -> bool:
    """True when one letter replaced, added or dropped turns ``a`` into ``b``."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:] if len(a) < len(b) else a[i + 1:] == b[i:]


def similar_coders(new: str, known: Iterable[str]) -> list[str]:
    """Known names that ``new`` resembles; empty when it is known exactly or is new."""
    names = list(dict.fromkeys(known))
    if tidy_name(new) in (tidy_name(n) for n in names):
        return []
    return [n for n in names if looks_alike(new, n)]
