"""The value every table builder returns and every exporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Table:
    """A finished report table: a key such as ``"4a"``, its caption and its cells.

    ``frame`` holds strings (or numbers for evidence columns); an empty string is an
    empty cell. Report-layout tables list labels top-aligned per column, as printed.
    """

    key: str
    caption: str
    frame: pd.DataFrame
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        """Short name for sheet tabs and file names: ``Tabell 4a`` (``Table 4a`` in English).

        Taken from the caption's own prefix so an English caption is not given a
        Swedish label; falls back to ``Tabell <key>``.
        """
        caption = self.caption.strip() if isinstance(self.caption, str) else ""
        head, sep, _rest = caption.partition(". ")
        words = head.split()
        if sep and len(words) == 2 and words[0] in ("Tabell", "Table") and words[1] == self.key:
            return head
        return f"Tabell {self.key}"
