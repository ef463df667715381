"""Consistent pseudonyms: the same original always gets the same bracketed tag.

The mapping is project-wide: "Ahmed" becomes "[Namn 1]" in every interview, and a
later import that reuses the saved key keeps the numbering. Originals are compared
in a normalised form per kind, so "070-123 45 67" and "0701234567" are one number
and "ANNA" and "Anna" one name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import InputError
from .lexicon import fold
from .model import LABELS, UNNUMBERED_KINDS

_TAG = re.compile(r"^\[(?P<label>[^\]\d]+?)(?: (?P<n>\d+))?\]$")


@dataclass(frozen=True)
class KeyEntry:
    """One line of the key: what was replaced, as what."""

    kind: str
    original: str
    pseudonym: str


def normalise(kind: str, original: str) -> str:
    """The comparison form of an original, so spelling variants share one pseudonym."""
    text = " ".join(original.split())
    if kind == "pnr":
        digits = re.sub(r"\D", "", text)
        return digits[2:] if len(digits) == 12 else digits
    if kind == "phone":
        digits = re.sub(r"\D", "", text)
        if text.startswith("+46") or digits.startswith("0046"):
            digits = "0" + digits[2 if text.startswith("+") else 4:]
        return digits.replace("0(0)", "0")
    if kind == "postcode":
        digits = re.sub(r"\D", "", text)
        town = re.sub(r"[\d\s-]+", " ", text.replace("SE", "", 1) if text.startswith("SE") else text)
        return f"{digits} {fold(town.strip())}".strip()
    if kind == "school":
        return fold(text).replace("-", "")
    if kind == "vehicle":
        return text.replace(" ", "").upper()
    return fold(text)


def tag(kind: str, number: int | None) -> str:
    if kind not in LABELS:
        raise InputError(msgid="error.privacy.unknown_kind", params={"kind": kind}, field="kind")
    return f"[{LABELS[kind]}]" if number is None else f"[{LABELS[kind]} {number}]"


class Pseudonymizer:
    """Hands out "[Namn 1]", "[Skola 2]", ... and remembers every choice."""

    def __init__(self, entries: Iterable[KeyEntry] = ()) -> None:
        self._by_key: dict[tuple[str, str], str] = {}
        self._originals: dict[tuple[str, str], str] = {}
        self._next: dict[str, int] = {}
        for entry in entries:
            self._remember(entry.kind, entry.original, entry.pseudonym)

    def _remember(self, kind: str, original: str, pseudonym: str) -> None:
        if kind not in LABELS:
            raise InputError(msgid="error.privacy.unknown_kind_key", params={"kind": kind}, field="kind")
        key = (kind, normalise(kind, original))
        known = self._by_key.get(key)
        if known is not None and known != pseudonym:
            raise InputError(msgid="error.privacy.has_two_pseudonyms_key",
                             params={"original": original, "known": known, "pseudonym": pseudonym})
        self._by_key[key] = pseudonym
        self._originals.setdefault(key, original)
        m = _TAG.match(pseudonym)
        if m and m.group("n"):
            self._next[kind] = max(self._next.get(kind, 1), int(m.group("n")) + 1)

    def pseudonym(self, kind: str, original: str) -> str:
        """The replacement for ``original``, created on first use."""
        key = (kind, normalise(kind, original))
        found = self._by_key.get(key)
        if found is not None:
            return found
        if kind in UNNUMBERED_KINDS:
            value = tag(kind, None)
        else:
            number = self._next.get(kind, 1)
            value = tag(kind, number)
            self._next[kind] = number + 1
        self._by_key[key] = value
        self._originals[key] = original
        return value

    def peek(self, kind: str, original: str) -> str | None:
        """The pseudonym already given to ``original``, without creating one."""
        return self._by_key.get((kind, normalise(kind, original)))

    def entries(self) -> list[KeyEntry]:
        """Every decision in the order it was made (the content of a key file)."""
        return [KeyEntry(kind, self._originals[(kind, norm)], value)
                for (kind, norm), value in self._by_key.items()]

    def originals(self) -> dict[str, str]:
        """Original text -> kind, for finding further mentions in other texts."""
        return {self._originals[key]: key[0] for key in self._by_key}

    def copy(self) -> Pseudonymizer:
        return Pseudonymizer(self.entries())

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, item: object) -> bool:
        if not (isinstance(item, tuple) and len(item) == 2):
            return False
        kind, original = item
        return (kind, normalise(kind, original)) in self._by_key


def pseudonymizer_from_pairs(pairs: Mapping[str, str], kind: str = "name") -> Pseudonymizer:
    """A mapping given by hand (original -> pseudonym) for one kind."""
    return Pseudonymizer(KeyEntry(kind, o, p) for o, p in pairs.items())
