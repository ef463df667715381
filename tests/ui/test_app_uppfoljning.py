"""The Uppföljning page: import with preview and accept, Table 2, figures, joint display."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from sigqual.codebook import load_bundled_codebook
from sigqual.demo import DEMO_NAME
from sigqual.store import Store

from .helpers import Served, no_exceptions, tab_named, texts

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "huddinge-demo" / "uppfoljning"


@pytest.fixture
def demo_app(open_demo: Callable[[str], AppTest]) -> AppTest:
    return open_demo("uppfoljning")


def test_sample_shows_table2_summary_and_downloads(served: Callable[[object], Served], demo_app: AppTest
                                                   ) -> None:
    at = demo_app
    table2 = tab_named(at, "Tabell 2")
    frames = [d.value for d in table2.dataframe]
    assert frames[0]["Ungdom"].tolist() == [f"Ungdom {i}" for i in range(1, 11)]
    assert frames[0].iloc[0, 1:].tolist() == [4, 5, 2, 1]
    assert frames[1].iloc[0, 1] == "2,9" and frames[1].iloc[4, 1] == "4 av 10"
    excel = next(b for b in at.get("download_button") if b.label == "Excel (.xlsx)")
    book = load_workbook(io.BytesIO(served(excel).data))
    assert book.sheetnames[0] == "Tabell 2"
    assert book["Tabell 2"]["D4"].value == "2 *"  # Ungdom 1, police after: marked as small


def test_figures_meetings_target_group_and_joint(demo_app: AppTest) -> None:
    at = demo_app
    assert len(tab_named(at, "Händelser över tid").get("plotly_chart")) == 1
    meetings = tab_named(at, "Möten")
    assert any("möten per ungdom: 6, 5, 5, 4, 4, 4, 3, 2" in m for m in texts(meetings.markdown))
    assert any("max 13" in m for m in texts(meetings.markdown))
    target = tab_named(at, "Målgrupp").dataframe[0].value
    assert ["kön: flicka", "1"] in target.values.tolist()
    joint = tab_named(at, "Utfall och intervjuer")
    by_case = joint.dataframe[0].value
    assert by_case.set_index("Ungdom").loc["Ungdom 2", "Utfall"] == "Ingen ny incident"
    assert any(m.startswith("> ") for m in texts(joint.markdown))  # the quotes of the chosen cell


def test_filter_one_youth(demo_app: AppTest) -> None:
    at = demo_app
    at.multiselect[0].set_value(["Ungdom 5"]).run()
    no_exceptions(at)
    frame = tab_named(at, "Tabell 2").dataframe[0].value
    assert frame.values.tolist() == [["Ungdom 5", 4, 3, 3, 2]]


def test_import_stores_nothing_until_accepted(open_app: Callable[..., AppTest], ui_store: Store) -> None:
    pid = ui_store.create_project("Studie", load_bundled_codebook(), actor="test")
    at = open_app("uppfoljning")
    no_exceptions(at)
    assert any("inga uppföljningsdata" in i for i in texts(at.info))
    data = (SAMPLE / "arenden.csv").read_bytes()
    at.file_uploader[0].set_value(("arenden.csv", data, "text/csv")).run()
    at.button(key="uppf-preview-button").click().run()
    no_exceptions(at)
    assert any("10 rader kan sparas, 0 felaktiga" in m for m in texts(at.markdown))
    assert ui_store.outcome_counts(pid)["cases"] == 0
    at.button(key="uppf-accept").click().run()
    no_exceptions(at)
    assert ui_store.outcome_counts(pid)["cases"] == 10
    assert any("Sparat från arenden.csv" in s for s in texts(at.success))


def test_bad_rows_block_the_store_button(open_app: Callable[..., AppTest], ui_store: Store) -> None:
    pid = ui_store.create_project("Studie", load_bundled_codebook(), actor="test")
    at = open_app("uppfoljning")
    text = "Ärende;Startdatum\nUngdom 1;2013-11-04\nUngdom 2;snart\n"
    at.file_uploader[0].set_value(("arenden.csv", text.encode("cp1252"), "text/csv")).run()
    at.button(key="uppf-preview-button").click().run()
    errors = at.dataframe[0].value
    assert errors.values.tolist() == [["arenden.csv", 3, "Startdatum",
                                       "'snart' är inget datum (skriv 2013-05-02, 2013/05/02, 2/5 2013 "
                                       "eller 20130502)"]]
    assert at.button(key="uppf-accept").disabled
    at.checkbox(key="uppf-skip").check().run()
    at.button(key="uppf-accept").click().run()
    assert ui_store.outcome_case_keys(pid) == ["Ungdom 1"]


def test_protection_setting_is_saved(demo_app: AppTest, ui_store: Store) -> None:
    at = demo_app
    at.radio(key="uppf-mode").set_value("suppress").run()
    at.button(key="uppf-save").click().run()
    no_exceptions(at)
    settings = ui_store.find_project(DEMO_NAME).settings
    assert settings["outcomes"] == {"min_cell": 3, "small_cells": "suppress"}


def test_english(demo_app: AppTest) -> None:
    at = demo_app
    at.session_state["sigqual.lang"] = "en"
    at.run()
    assert any(tab.label == "Table 2" for tab in at.tabs)


def test_personal_case_ids_need_a_key_that_is_saved_before_storing(
        open_app: Callable[..., AppTest], ui_store: Store) -> None:
    from tests.outcomes.test_importing import PNR_A, PNR_B

    pid = ui_store.create_project("Studie", load_bundled_codebook(), actor="test")
    at = open_app("uppfoljning")
    text = f"Ärende;Startdatum\n{PNR_A};2014-01-10\n{PNR_B};2014-02-01\n"
    at.file_uploader[0].set_value(("arenden.csv", text.encode("utf-8"), "text/csv")).run()
    at.toggle(key="uppf-pseudo").set_value(True).run()
    # without a key the personnummer rows are refused, and the page says why
    at.button(key="uppf-preview-button").click().run()
    no_exceptions(at)
    problems = at.dataframe[0].value["Problem"].tolist()
    assert len(problems) == 2 and all("pseudonymnyckel" in p for p in problems)
    at.button(key="uppf-cancel").click().run()
    # a passphrase starts a new key; the grown key must be downloaded before storing
    at.file_uploader[0].set_value(("arenden.csv", text.encode("utf-8"), "text/csv")).run()
    at.toggle(key="uppf-pseudo").set_value(True).run()
    at.text_input(key="uppf-key-pass").input("en lång lösenfras").run()
    at.button(key="uppf-preview-button").click().run()
    no_exceptions(at)
    assert any("2 pseudonymer" in i for i in texts(at.info))
    assert at.get("download_button"), "the updated key is offered"
    assert at.button(key="uppf-accept").disabled
    assert ui_store.outcome_counts(pid)["cases"] == 0
    at.checkbox(key="uppf-key-saved").check().run()
    at.button(key="uppf-accept").click().run()
    no_exceptions(at)
    stored = ui_store.outcome_case_keys(pid)
    assert len(stored) == 2 and not any(PNR_A in k or PNR_B in k for k in stored)
