"""grid_text: text column widths and a row height that lets long grid texts wrap."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sigqual.ui.grid_text import (
    MAX_LINES,
    WRAP_ABOVE_PX,
    GridLayout,
    grid_height,
    grid_layout,
    lines_needed,
    row_height_for,
    text_columns,
    with_widths,
)

LONG = "Kvalitet framför kvantitet gällande antal medverkande ungdomar"  # 62 characters
LONGER = LONG + " och mer information inför första insatsmötet i varje stadsdel"


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("", 320, 1),
        ("Mötena", 80, 1),
        ("Mötena", 320, 1),
        # 6.5 px a character, 16 px padding: 304 px hold 46 characters
        ("a" * 46, 320, 1),
        ("a" * 47, 320, 2),  # one word longer than the column breaks
        ("a" * 100, 320, 3),
        ("ett två tre", 60, 3),  # 44 px of room: one word a line
        (LONG, 320, 2),
        (LONG, 500, 1),
        (LONGER, 320, 3),
        (f"{LONGER} {LONGER}", 320, 6),
        # At the edge of the room: 46 characters with spaces fit as they stand, 47 with one
        # space break between the words, and 47 whose extra spaces collapse still fit.
        ("a" * 22 + " " + "a" * 23, 320, 1),
        ("a" * 23 + " " + "a" * 23, 320, 2),
        ("a" * 22 + "   " + "a" * 22, 320, 1),
    ],
)
def test_lines_needed(text: str, width: int, lines: int) -> None:
    assert lines_needed(text, width) == lines


@pytest.mark.parametrize(("lines", "height"), [(0, None), (1, None), (2, 68), (3, 76), (9, 76)])
def test_row_height_for(lines: int, height: int | None) -> None:
    assert row_height_for(lines) == height
    if height is not None:
        assert height > WRAP_ABOVE_PX  # Streamlit wraps only above 4rem


@pytest.mark.parametrize(
    ("labels", "max_width", "row_height", "width"),
    [
        (["Mötena", "Uppstarten"], 320, None, 81),  # the header "Kod (rad)" and labels are short
        (["a"], 320, None, 80),  # never narrower than the minimum
        (["a" * 46], 320, None, 315),  # fits: no wrapping
        ([LONG, "Mötena"], 320, 68, 244),  # two lines, in the least width that holds them
        ([LONG], 600, None, 419),  # a wider cap fits it on one line
        ([f"{LONGER} {LONGER}", LONG], 320, 76, 320),  # more than three lines: three shown
        ([None, math.nan, "Mötena"], 320, None, 80),  # empty cells are skipped
        ([], 320, None, 80),
    ],
)
def test_grid_layout_of_a_label_column(labels: list, max_width: int, row_height: int | None,
                                       width: int) -> None:
    frame = pd.DataFrame({"Kod (rad)": pd.Series(labels, dtype=object), "n": range(len(labels))})
    layout = grid_layout(frame, max_width=max_width)
    assert layout == GridLayout(row_height, {"Kod (rad)": width})


def test_grid_layout_of_the_index_and_chosen_columns() -> None:
    frame = pd.DataFrame({"Ungdomarna": [0.5, 0.25], "Not": ["kort", LONG]},
                         index=pd.Index(["Mötena", "· FF " + LONG], name="Kod (rad)"))
    # Only the index: the long note is not measured.
    index = grid_layout(frame, columns=[], index=True)
    assert list(index.widths) == ["_index"] and index.row_height == 68
    assert grid_layout(frame, columns=[]) == GridLayout(None, {})
    both = grid_layout(frame, index=True)
    assert set(both.widths) == {"Not", "_index"} and both.row_height == 68
    # Each column is the narrowest that keeps its texts on the two lines the rows have.
    for name, texts in (("_index", list(frame.index)), ("Not", list(frame["Not"]))):
        width = both.widths[name]
        assert max(lines_needed(t, width) for t in texts) == 2
        assert max(lines_needed(t, width - 1) for t in texts) == 3


def test_a_text_too_long_for_the_lines_keeps_the_widest_column() -> None:
    frame = pd.DataFrame({"Beskrivning": [f"{LONGER} {LONGER}"], "Etikett": [LONG]})
    layout = grid_layout(frame)
    assert layout.row_height == row_height_for(MAX_LINES)
    assert layout.widths["Beskrivning"] == 320  # six lines at the cap: cut at three
    assert lines_needed(LONG, layout.widths["Etikett"]) <= MAX_LINES < lines_needed(
        LONG, layout.widths["Etikett"] - 1)


def test_headers_count_towards_the_width() -> None:
    frame = pd.DataFrame({"k": ["a", "b"]})
    assert grid_layout(frame).widths == {"k": 80}
    assert grid_layout(frame, headers={"k": "En lång kolumnrubrik här"}).widths == {"k": 172}


@pytest.mark.parametrize(
    ("frame", "columns"),
    [
        (pd.DataFrame({"a": ["x"], "n": [1], "f": [0.5]}), ["a"]),
        (pd.DataFrame({"a": pd.Series(["x"], dtype="string"), "b": [True]}), ["a"]),
        (pd.DataFrame({"n": [1]}), []),
    ],
)
def test_text_columns(frame: pd.DataFrame, columns: list[str]) -> None:
    assert text_columns(frame) == columns


def test_with_widths_keeps_labels_and_other_columns() -> None:
    import streamlit as st

    config = {"label": "Etikett", "n": st.column_config.NumberColumn("Antal", format="%d"),
              "description": st.column_config.TextColumn("Beskrivning", help="Vad koden betyder")}
    layout = GridLayout(76, {"label": 200, "description": 320, "theme": 120})
    merged = with_widths(layout, config, pinned=["label"])
    assert merged["label"]["label"] == "Etikett" and merged["label"]["width"] == 200
    assert merged["label"]["pinned"] is True
    assert merged["description"]["help"] == "Vad koden betyder"
    assert merged["description"]["width"] == 320 and not merged["description"]["pinned"]
    assert merged["theme"]["width"] == 120 and merged["theme"]["label"] is None
    assert merged["n"] == config["n"]  # untouched
    assert config["label"] == "Etikett"  # the caller's mapping is not changed


@pytest.mark.parametrize(("row_height", "rows", "most", "height"),
                         [(None, 3, 560, 143), (68, 3, 560, 242), (68, 81, 560, 560), (None, 0, 560, 38)])
def test_grid_height(row_height: int | None, rows: int, most: int, height: int) -> None:
    assert grid_height(GridLayout(row_height), rows, most) == height


def test_row_heights_stay_within_the_lines_allowed() -> None:
    heights = [row_height_for(n) for n in range(2, 10)]
    assert heights and max(h for h in heights if h is not None) == row_height_for(MAX_LINES)
