"""Pages lay out their data grids with grid_text: the sample's long code labels wrap (rows
taller than Streamlit's 4rem wrap threshold) in wide, pinned label columns."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from sigqual.demo import DEMO_NAME
from sigqual.store import Store
from sigqual.ui.grid_text import CELL_PADDING_PX, LINE_PX, WRAP_ABOVE_PX, grid_layout, lines_needed

from .helpers import no_exceptions
from .test_app_overens import add_second_coder


def _open(open_app: Callable[..., AppTest], page: str) -> AppTest:
    at = open_app(page)
    no_exceptions(at)
    return at


def _columns(grid: Any) -> dict[str, dict]:
    return json.loads(grid.proto.columns)


def _tab(at: AppTest, label: str) -> Any:
    return next(tab for tab in at.tabs if tab.label == label)


def _assert_wraps(grid: Any, frame: pd.DataFrame, label: str, **layout: Any) -> dict[str, dict]:
    """The grid has the helper's layout for ``frame``, and it wraps the sample's labels."""
    expected = grid_layout(frame, **layout)
    columns = _columns(grid)
    assert expected.widths, "no text column measured"
    assert {name: columns[name]["width"] for name in expected.widths} == expected.widths
    assert (grid.proto.row_height or None) == expected.row_height
    assert grid.proto.row_height > WRAP_ABOVE_PX
    # Every label fits in its column on the lines a row has room for: none is cut.
    labels = [str(v) for v in (frame.index if label == "_index" else frame[label])]
    room = (grid.proto.row_height - CELL_PADDING_PX) // LINE_PX
    assert labels and max(lines_needed(text, columns[label]["width"]) for text in labels) <= room
    return columns


def test_jamfor_table_and_pairs(open_app: Callable[..., AppTest], demo_db: Path,
                                use_db: Callable) -> None:
    use_db(demo_db)
    at = _open(open_app, "jamfor")
    table = at.dataframe[0]
    _assert_wraps(table, table.value, "_index", columns=[], index=True)
    store = Store.open(demo_db)
    try:
        pid = store.find_project(DEMO_NAME).id
    finally:
        store.close()
    at.selectbox(key=f"jamfor-{pid}-co-codes").set_value("factors")  # long labels
    at.session_state[f"jamfor-{pid}-co-views"] = "Vanligaste paren"
    at.run()
    no_exceptions(at)
    pairs = at.dataframe[-1]
    assert list(pairs.value.columns) == ["Kod A", "Kod B", "Antal"]
    columns = _assert_wraps(pairs, pairs.value, "Kod A", columns=["Kod A", "Kod B"])
    assert columns["Kod A"]["pinned"] is True


def test_kodbok_list(open_app: Callable[..., AppTest], demo_db: Path, use_db: Callable) -> None:
    use_db(demo_db)
    grid = _open(open_app, "kodbok").dataframe[0]
    frame = grid.value
    columns = _columns(grid)
    assert columns["label"]["pinned"] is True and columns["colour"]["pinned"] is True
    assert columns["label"]["label"] == "Etikett"  # the headers are kept
    assert columns["description"]["label"] == "Beskrivning"
    assert grid.proto.row_height > WRAP_ABOVE_PX
    room = (grid.proto.row_height - CELL_PADDING_PX) // LINE_PX
    assert max(lines_needed(text, columns["label"]["width"]) for text in frame["label"]) <= room
    assert max(lines_needed(text, columns["label"]["width"]) for text in frame["label"]) > 1
    assert "width" not in columns.get("codings", {}) or columns["codings"]["width"] == "small"


def test_overens_per_code(open_app: Callable[..., AppTest], demo_db: Path, use_db: Callable) -> None:
    add_second_coder(demo_db)
    use_db(demo_db)
    grid = _open(open_app, "overens").dataframe[0]
    columns = _assert_wraps(grid, grid.value, "Kod")
    assert columns["Kod"]["pinned"] is True
    assert columns["Procentuell överensstämmelse"]["type_config"]["type"] == "number"


def test_uppfoljning_tables(open_app: Callable[..., AppTest], demo_db: Path,
                            use_db: Callable) -> None:
    use_db(demo_db)
    at = _open(open_app, "uppfoljning")
    # Table 2's texts are short: one line, Streamlit's own row height.
    table2 = _tab(at, "Tabell 2").dataframe[0]
    assert not table2.proto.HasField("row_height")
    assert _columns(table2)["Ungdom"]["width"] == grid_layout(table2.value).widths["Ungdom"]
    joint = _tab(at, "Utfall och intervjuer").dataframe
    by_group = joint[1]
    columns = _assert_wraps(by_group, by_group.value, "Faktor", columns=["Faktor"])
    assert columns["Faktor"]["pinned"] is True
