"""Data grids whose long texts can be read: column widths and a row height that wraps.

``st.dataframe`` draws on a canvas, so a code label longer than its column is cut off where
no overflow check can see it. Streamlit wraps a cell's text only when the rows are taller
than 4rem (64 px), so a grid with long texts gets wider text columns (up to a cap) and,
when a text still needs more than one line, rows tall enough for two or three lines.
:func:`grid_layout` makes that choice from the frame alone (no Streamlit), and
:func:`text_grid` draws every such grid the same way on every page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

# Glide's cells use a 14 px sans-serif font: Swedish labels measure about 5.8 px a
# character in Chromium; 6.5 leaves room for capitals and wide letters. 8 px padding
# either side of the text.
CHAR_PX = 6.5
CELL_PADDING_PX = 16
LINE_PX = 20
# Streamlit wraps text only above this row height (4rem).
WRAP_ABOVE_PX = 64
MAX_LINES = 3
MIN_WIDTH_PX = 80
MAX_WIDTH_PX = 320
INDEX = "_index"


@dataclass(frozen=True)
class GridLayout:
    """Row height (None: Streamlit's one-line default) and a width per text column (px)."""

    row_height: int | None
    widths: dict[str, int] = field(default_factory=dict)


def text_px(text: str) -> int:
    """The width a text takes in a grid cell, estimated from its length."""
    return math.ceil(len(text) * CHAR_PX)


def lines_needed(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` px wide (words kept whole)."""
    room = max(width - CELL_PADDING_PX, 1)
    # Words and the single spaces between them never take more than the whole text, so a
    # text that fits as it stands is one line; most cells of a grid are, and a layout asks
    # about every cell many times.
    if len(text) * CHAR_PX <= room:
        return 1
    lines, used = 1, 0.0
    for word in text.split():
        size = len(word) * CHAR_PX
        wanted = used + CHAR_PX + size if used else size
        if used and wanted > room:
            lines, used = lines + 1, size
        else:
            used = wanted
        while used > room:  # a word longer than the column breaks over more lines
            lines, used = lines + 1, used - room
    return lines


def row_height_for(lines: int) -> int | None:
    """None for one line; else the lines' height, always above the wrap threshold."""
    if lines <= 1:
        return None
    lines = min(lines, MAX_LINES)
    return max(CELL_PADDING_PX + LINE_PX * lines, WRAP_ABOVE_PX + 4)


def text_columns(frame: pd.DataFrame) -> list[str]:
    """The columns holding text (object or string dtype)."""
    return [str(c) for c in frame.columns
            if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])]


def grid_layout(frame: pd.DataFrame, columns: Iterable[str] | None = None, *, index: bool = False,
                headers: Mapping[str, str] | None = None,
                max_width: int = MAX_WIDTH_PX) -> GridLayout:
    """Widths for the text ``columns`` (all text columns by default; ``index`` adds the row
    labels as ``"_index"``) and the row height their longest text needs at those widths.

    A column is as wide as its longest text or header, between ``MIN_WIDTH_PX`` and
    ``max_width``; a text wider than that wraps onto at most ``MAX_LINES`` lines. Every row
    of a grid has the same height, so once some text wraps onto N lines, each column is
    narrowed to the least width at which its texts still fit on N lines (never narrower
    than its header): on a narrow screen more of the other columns stay in view.
    """
    headers = headers or {}
    chosen = list(columns) if columns is not None else text_columns(frame)
    values: dict[str, tuple[str, list[str]]] = {
        c: (headers.get(c, c), _texts(frame[c])) for c in chosen}
    if index:
        values[INDEX] = (headers.get(INDEX, str(frame.index.name or "")), _texts(frame.index))
    natural: dict[str, int] = {}
    lines = 1
    for name, (header, texts) in values.items():
        longest = max((text_px(s) for s in [header, *texts]), default=0) + CELL_PADDING_PX
        natural[name] = min(max(longest, MIN_WIDTH_PX), max_width)
        lines = max(lines, _most_lines(texts, natural[name]))
    lines = min(lines, MAX_LINES)
    if lines == 1:
        return GridLayout(None, natural)
    widths = {name: _narrowest(texts, lines, floor=text_px(header) + CELL_PADDING_PX,
                               widest=natural[name])
              for name, (header, texts) in values.items()}
    return GridLayout(row_height_for(lines), widths)


def _most_lines(texts: list[str], width: int) -> int:
    return max((lines_needed(s, width) for s in texts), default=1)


def _fits(texts: list[str], width: int, lines: int) -> bool:
    """True when every text wraps to at most ``lines`` lines at ``width`` px (stops at the
    first that does not)."""
    return all(lines_needed(s, width) <= lines for s in texts)


def _narrowest(texts: list[str], lines: int, *, floor: int, widest: int) -> int:
    """The least width (px) at which every text fits on ``lines`` lines, or ``widest``."""
    texts = sorted(texts, key=len, reverse=True)  # the long ones fail first
    low = max(floor, MIN_WIDTH_PX)
    if low >= widest or not _fits(texts, widest, lines):
        return widest
    high = widest  # fits; search the least width that still fits
    while low < high:
        middle = (low + high) // 2
        if _fits(texts, middle, lines):
            high = middle
        else:
            low = middle + 1
    return high


def _texts(values: Iterable[Any]) -> list[str]:
    return [str(v) for v in values if not (v is None or (isinstance(v, float) and math.isnan(v)))]


def with_widths(layout: GridLayout, config: Mapping[str, Any] | None = None,
                pinned: Iterable[str] = ()) -> dict[str, Any]:
    """``config`` with each measured text column's width set (its label, help and kind
    kept) and the ``pinned`` columns pinned to the left."""
    import streamlit as st

    merged: dict[str, Any] = dict(config or {})
    pin = set(pinned)
    for name in {*layout.widths, *pin}:
        current = merged.get(name)
        if current is None or isinstance(current, str):
            current = st.column_config.TextColumn(current)
        entry = dict(current)
        if name in layout.widths:
            entry["width"] = layout.widths[name]
        if name in pin:
            entry["pinned"] = True
        merged[name] = entry
    return merged


def text_grid(frame: pd.DataFrame, *, shown: Any = None, columns: Iterable[str] | None = None,
              index: bool = False, column_config: Mapping[str, Any] | None = None,
              pinned: Iterable[str] = (), headers: Mapping[str, str] | None = None,
              max_width: int = MAX_WIDTH_PX, fit_height: int | None = None,
              layout: GridLayout | None = None, **kwargs: Any) -> GridLayout:
    """``st.dataframe`` of ``frame`` (or of ``shown``, e.g. its Styler) laid out so its long
    texts wrap instead of being cut; ``fit_height`` makes the grid as tall as its rows, up
    to that many px. Returns the layout used.

    A caller that keeps ``frame`` between reruns may keep its ``layout`` too (from
    :func:`grid_layout` with the same choices) rather than have every cell measured again.
    """
    import streamlit as st

    if layout is None:
        layout = grid_layout(frame, columns, index=index, headers=headers, max_width=max_width)
    if fit_height is not None:
        kwargs["height"] = grid_height(layout, len(frame), fit_height)
    st.dataframe(frame if shown is None else shown,
                 column_config=with_widths(layout, column_config, pinned),
                 row_height=layout.row_height, **kwargs)
    return layout


def grid_height(layout: GridLayout, rows: int, most: int) -> int:
    """A grid's height showing ``rows`` rows of the layout's height (header 38 px, a plain
    row 35 px), at most ``most`` px."""
    return min(38 + (layout.row_height or 35) * rows, most)
