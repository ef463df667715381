"""Pieces shared by the format readers."""

from __future__ import annotations

from typing import NamedTuple

from sigqual.ingest.segment import looks_like_label, looks_like_timestamp


class Extraction(NamedTuple):
    """Raw (not yet normalised) text, document metadata such as title and author, and
    warnings the user must see (repaired bytes, dropped subtitle cues)."""

    text: str
    metadata: dict[str, str]
    warnings: tuple[str, ...] = ()


def table_row_lines(cells: list[str]) -> list[str]:
    """Turn one table row into transcript lines.

    Transcription services often deliver a table with columns (time,) speaker, text;
    joining those into ``[time] Speaker: text`` lets the segmenter see the turn. Any
    other row keeps one line per cell paragraph.
    """
    filled = [cell.strip() for cell in cells if cell.strip()]
    if len(filled) >= 3 and looks_like_timestamp(filled[0]) and _single_label(filled[1]):
        stamp = filled[0].strip("[]()")
        return [f"[{stamp}] {filled[1].rstrip(':').strip()}: " + "\n".join(filled[2:])]
    if len(filled) >= 2 and _single_label(filled[0]):
        return [f"{filled[0].rstrip(':').strip()}: " + "\n".join(filled[1:])]
    return [line for cell in filled for line in cell.split("\n")]


def _single_label(cell: str) -> bool:
    return "\n" not in cell and looks_like_label(cell)
