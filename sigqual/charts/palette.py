"""One colour mapping for interview groups, so a group looks the same in every chart.

A group's colour follows its position in the codebook, never its position in a filtered
chart: hiding youths must not repaint parents. Values of other attributes (phase,
interview type, free attributes) take the palette after the group colours, so they are
not mistaken for a group when possible.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..codebook import PALETTE, Codebook

# Documents without the compared attribute are drawn in a neutral grey.
MISSING_COLOUR = "#9d9d9d"


def group_colours(codebook: Codebook) -> dict[str, str]:
    """Colour of every group, keyed by both its key and its display name."""
    out: dict[str, str] = {}
    for index, group in enumerate(codebook.groups):
        colour = PALETTE[index % len(PALETTE)]
        out[group.key] = colour
        out.setdefault(group.name, colour)
    return out


def column_colours(
    columns: Sequence[str], *, by: str = "group", codebook: Codebook | None = None,
    missing: str | None = None,
) -> dict[str, str]:
    """Colours for comparison columns (keys as in :attr:`Comparison.columns`)."""
    fixed = group_colours(codebook) if (codebook is not None and by in ("group", "group_key")) else {}
    offset = len(codebook.groups) if codebook is not None else 0
    out: dict[str, str] = {}
    free = 0
    for column in columns:
        if missing is not None and column == missing:
            out[column] = MISSING_COLOUR
        elif column in fixed:
            out[column] = fixed[column]
        else:
            out[column] = PALETTE[(offset + free) % len(PALETTE)]
            free += 1
    return out
