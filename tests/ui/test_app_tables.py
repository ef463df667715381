"""The Tabeller page on the sample project: tables, filters and every download button."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from sigqual.demo import DEMO_NAME, DEMO_TABLE_SETTINGS
from sigqual.store import Store
from sigqual.ui.downloads import TABLE_FORMATS, format_name, tables_download
from sigqual.ui.tables_view import TableChoice, make_tables

from .deferred import deferred  # noqa: F401 - fixture
from .helpers import Served, no_exceptions, texts, zip_members

KEYS = ["3", "4a", "4b", "4c", "4d", "4e", "5a", "5b"]
# What the page preselects from the sample project's settings.
PHASE_1 = DEMO_TABLE_SETTINGS["table4_phases"]


@pytest.fixture
def demo_app(open_demo: Callable[[str], AppTest]) -> AppTest:
    return open_demo("tabeller")


def _expected(keys: list[str], **choice: object):  # noqa: ANN202
    """The tables the page should show, built straight from the core."""
    store = Store.open(Path(_db_path()))
    try:
        project = store.find_project(DEMO_NAME)
        assert project is not None
        return make_tables(store.codings_frame(project.id), store.codebook(project.id),
                           project.settings, TableChoice.make(keys=keys, **choice))
    finally:
        store.close()


def _db_path() -> str:
    import os

    return os.environ["SIGQUAL_DATABASE_URL"].removeprefix("sqlite:///")


def _word_columns(data: bytes) -> list[dict[str, list[str]]]:
    """Each Word table as {header: non-empty cells below it}."""
    out = []
    for table in WordDocument(io.BytesIO(data)).tables:
        header = [c.text for c in table.rows[0].cells]
        body = [[c.text for c in row.cells] for row in table.rows[1:]]
        out.append({h: [r[i] for r in body if r[i]] for i, h in enumerate(header)})
    return out


def _frame_columns(frame: pd.DataFrame) -> dict[str, list[str]]:
    return {str(c): [str(v) for v in frame[c] if str(v)] for c in frame.columns}


def _shown(at: AppTest) -> list[dict[str, list[str]]]:
    return [_frame_columns(d.value) for d in at.table]


def _listed(tables: list) -> list[dict[str, list[str]]]:  # noqa: ANN001
    """What the page draws: tables without rows get a note instead of a grid."""
    return [_frame_columns(tb.frame) for tb in tables if not tb.frame.empty]


def _check_download(got: Served, fmt: str, tables: list) -> None:  # noqa: ANN001
    """The served file holds exactly the tables shown, in the promised format."""
    expected = tables_download(tables, fmt, project_name=DEMO_NAME)
    assert (got.file_name, got.mime) == (expected.file_name, expected.mime)
    if fmt == "docx":
        assert _word_columns(got.data) == [_frame_columns(tb.frame) for tb in tables]
    elif fmt == "xlsx":
        book = load_workbook(io.BytesIO(got.data))
        assert len(book.worksheets) == len(tables)
        first = [c.value for row in book.worksheets[0].iter_rows() for c in row if c.value]
        assert all(label in first for label in tables[0].frame.iloc[0] if label)
    else:
        assert got.data == expected.data
        if fmt == "csv" and len(tables) > 1:
            assert len(zip_members(got.data)) == len(tables)


def test_every_table_is_shown_with_its_caption(demo_app: AppTest) -> None:
    at = demo_app
    assert at.pills[0].value == KEYS
    expected = _expected(KEYS, phases4=PHASE_1)
    captions = [m for m in texts(at.markdown) if m.startswith("**Tabell ")]
    assert captions == [f"**{tb.caption}**" for tb in expected]
    assert _shown(at) == _listed(expected) and len(at.table) == len(KEYS)


def test_table_4_defaults_to_phase_one_from_the_project_settings(demo_app: AppTest) -> None:
    assert demo_app.multiselect(key="tables-1-p4").value == PHASE_1
    assert demo_app.multiselect(key="tables-1-p5").value == []
    shown_4c = demo_app.table[3].value
    assert "Användandet av SAVRY" not in shown_4c.to_numpy().ravel()
    shown_5b = demo_app.table[7].value
    assert "Användandet av SAVRY" in shown_5b["Aktörerna"].tolist()


def test_press_every_download_button(demo_app: AppTest,
                                     deferred: Callable[[object], Served],  # noqa: F811
                                     reference: dict) -> None:
    """Every file is written when its button is pressed, from the tables on the page."""
    at = demo_app
    tables = _expected(KEYS, phases4=PHASE_1)
    all_buttons = [at.download_button(key=f"tables-all-{fmt}") for fmt in TABLE_FORMATS]
    assert [b.label for b in all_buttons] == [
        "Word (.docx)", "Excel (.xlsx)", "CSV (.csv)", "Markdown (.md)", "HTML (.html)"]
    # Press all buttons of a row at once: one rerun per format keeps the test quick.
    for button in all_buttons:
        button.click()
    at.run()
    no_exceptions(at)
    for fmt in TABLE_FORMATS:
        _check_download(deferred(at.download_button(key=f"tables-all-{fmt}")), fmt, tables)
    for fmt in TABLE_FORMATS:
        at.segmented_control(key="tables-one-format").set_value(fmt).run()
        for table in tables:
            button = at.download_button(key=f"tables-one-{table.key}")
            assert button.label == f"Tabell {table.key} som {format_name(fmt)}"
            button.click()
        at.run()
        no_exceptions(at)
        for table in tables:
            _check_download(deferred(at.download_button(key=f"tables-one-{table.key}")), fmt,
                            [table])
    # Tabell 5b as Word equals the reference study, group by group.
    at.segmented_control(key="tables-one-format").set_value("docx").run()
    (word,) = _word_columns(deferred(at.download_button(key="tables-one-5b")).data)
    names = {g["key"]: g["name"] for g in reference["groups"]}
    assert word == {names[key]: labels for key, labels in reference["table5b"].items()}


@pytest.mark.parametrize(
    ("widget", "value", "choice"),
    [
        ("p4", ["2"], {"phases4": ["2"]}),
        ("p5", ["1"], {"phases5": ["1"]}),
        ("groups", ["aktorer"], {"groups": ["aktorer"]}),
        ("coders", ["Forskare A"], {"coders": ["Forskare A"]}),
        ("types", ["phone"], {"interview_types": ["phone"]}),
    ],
)
def test_filters(demo_app: AppTest, widget: str, value: list[str], choice: dict) -> None:
    at = demo_app
    at.multiselect(key=f"tables-1-{widget}").set_value(value).run()
    no_exceptions(at)
    settings_phase4 = {"phases4": PHASE_1} if widget != "p4" else {}
    expected = _expected(KEYS, **{**settings_phase4, **choice})
    assert _shown(at) == _listed(expected)
    empty = sum(tb.frame.empty for tb in expected)
    assert texts(at.caption).count("Inga rader med det här urvalet.") == empty


def test_free_attribute_filter(demo_app: AppTest) -> None:
    at = demo_app
    at.multiselect(key="tables-1-a-relation").set_value(["mamma"]).run()
    no_exceptions(at)
    expected = _expected(KEYS, phases4=PHASE_1, attributes={"relation": ["mamma"]})
    assert _shown(at) == _listed(expected)


def test_choose_tables_language_evidence_and_minimum(demo_app: AppTest) -> None:
    at = demo_app
    at.pills[0].set_value(["5b", "3"]).run()
    at.selectbox(key="tables-1-lang").set_value("en")
    at.toggle(key="tables-1-evidence").set_value(True)
    at.number_input(key="tables-1-min").set_value(2).run()
    no_exceptions(at)
    captions = [m for m in texts(at.markdown) if m.startswith("**Table ")]
    assert [c.split(".")[0] for c in captions] == ["**Table 3", "**Table 5b"]
    expected = _expected(["3", "5b"], phases4=PHASE_1, lang="en", evidence=True, min_segments=2)
    for frame, table in zip([d.value for d in at.table], expected, strict=True):
        assert "Example quote" in frame.columns
        assert len(frame) == len(table.frame)
    assert at.pills[0].value == ["5b", "3"]


def test_no_table_chosen(demo_app: AppTest) -> None:
    at = demo_app
    at.pills[0].set_value([]).run()
    assert "Välj minst en tabell." in texts(at.info)
    assert len(at.download_button) == 0


def test_save_as_project_default(demo_app: AppTest) -> None:
    at = demo_app
    at.multiselect(key="tables-1-p4").set_value([]).run()
    at.number_input(key="tables-1-min").set_value(3).run()
    at.button(key="tables-save").click().run()
    no_exceptions(at)
    assert "Sparat som standard." in texts(at.success)
    store = Store.open(Path(_db_path()))
    try:
        saved = store.find_project(DEMO_NAME).settings["tables"]
    finally:
        store.close()
    assert (saved["table4_phases"], saved["min_segments"]) == ([], 3)
