"""The Jämför page on the sample project: matrix, filters, cells and their quotes,
co-occurrence, the Koda link, blind coding and every download button."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from docx import Document as WordDocument
from streamlit.testing.v1 import AppTest

from sigqual.agreement import blind_settings
from sigqual.charts import image_export_problem
from sigqual.compare import cell_quotes, comparison_matrix, cooccurrence
from sigqual.compare.quotes import factor_quotes
from sigqual.demo import DEMO_CODER, DEMO_NAME
from sigqual.store import NewCoding, Store
from sigqual.ui import navigation
from sigqual.ui.compare_view import (
    CompareFilters,
    cooccurrence_codes,
    project_documents,
    project_segments,
    select,
)
from sigqual.ui.pages.jamfor import QUOTES_PER_PAGE

from .deferred import deferred  # noqa: F401 - fixture
from .helpers import Served, no_exceptions, texts


def _store() -> Store:
    return Store.open(os.environ["SIGQUAL_DATABASE_URL"])


def _core(**filters: object):  # noqa: ANN202 - (store, pid, codebook, data)
    store = _store()
    project = store.find_project(DEMO_NAME)
    assert project is not None
    codings = store.codings_frame(project.id)
    data = select(codings, project_documents(store, project.id), CompareFilters.make(**filters))
    return store, project.id, store.codebook(project.id), data


@pytest.fixture
def demo_app(open_demo: Callable[[str], AppTest]) -> AppTest:
    return open_demo("jamfor")


@pytest.fixture
def pid(demo_app: AppTest) -> int:
    store = _store()
    try:
        return store.find_project(DEMO_NAME).id
    finally:
        store.close()


def _open_tab(at: AppTest, pid: int, label: str) -> AppTest:
    """Open one of the comparison's tabs (Tabell, Värmekarta, Stapeldiagram) as a click does;
    only the open tab is drawn."""
    at.session_state[f"jamfor-{pid}-views"] = label
    at.run()
    no_exceptions(at)
    return at


def _open_co_tab(at: AppTest, pid: int, label: str) -> AppTest:
    """Open one of the co-occurrence's tabs (Diagram, Matris, Vanligaste paren)."""
    at.session_state[f"jamfor-{pid}-co-views"] = label
    at.run()
    no_exceptions(at)
    return at


def _expected_table(metric: str, by: str = "group", kinds=None, **filters):  # noqa: ANN001, ANN202
    store, _pid, codebook, data = _core(**filters)
    try:
        comparison = comparison_matrix(data.codings, data.documents, codebook, by=by, kinds=kinds)
    finally:
        store.close()
    table = comparison.table(metric)
    table.index.name = "Kod (rad)"
    return comparison, table


def test_opens_on_groups_as_columns_and_codes_under_themes(demo_app: AppTest, pid: int) -> None:
    comparison, table = _expected_table("share")
    shown = demo_app.dataframe[0].value
    pd.testing.assert_frame_equal(shown, table, check_dtype=False)
    assert list(shown.columns) == ["Ungdomarna", "Föräldrarna", "Aktörerna", "Projektgrupp",
                                   "Styrgrupp"]
    assert "Dokument per kolumn: Ungdomarna 3, Föräldrarna 10, Aktörerna 14, Projektgrupp 1, " \
           "Styrgrupp 1" in texts(demo_app.caption)
    # a theme row, then its factors indented below it
    assert shown.index[1] == "Mötena" and shown.index[2].startswith("· FF ")
    # Only the open tabs are drawn: the table, and the co-occurrence chart further down.
    assert len(demo_app.get("plotly_chart")) == 1
    for tab in ("Värmekarta", "Stapeldiagram"):
        _open_tab(demo_app, pid, tab)
        assert len(demo_app.get("plotly_chart")) == 2
        assert len(demo_app.dataframe) == 0
    for tab in ("Matris", "Vanligaste paren"):
        _open_co_tab(demo_app, pid, tab)
        assert len(demo_app.get("plotly_chart")) == 1  # the bars; no co-occurrence chart
        assert len(demo_app.dataframe) == 1


@pytest.mark.parametrize(
    ("metric", "by"),
    [("n_segments", "group"), ("share", "group"), ("n_documents", "phase"),
     ("share", "interview_type"), ("n_segments", "relation")],
)
def test_metric_and_columns(demo_app: AppTest, pid: int, metric: str, by: str) -> None:
    at = demo_app
    at.selectbox(key=f"jamfor-{pid}-by").set_value(by)
    at.segmented_control(key=f"jamfor-{pid}-metric").set_value(metric).run()
    no_exceptions(at)
    _comparison, table = _expected_table(metric, by=by)
    pd.testing.assert_frame_equal(at.dataframe[0].value, table, check_dtype=False)


@pytest.mark.parametrize(
    ("widget", "value", "filters"),
    [
        ("phases", ["2"], {"phases": ["2"]}),
        ("groups", ["aktorer", "foraldrar"], {"groups": ["aktorer", "foraldrar"]}),
        ("coders", [DEMO_CODER], {"coders": [DEMO_CODER]}),
        ("types", ["phone"], {"interview_types": ["phone"]}),
        ("a-verksamhet", ["polis", "skola"], {"attributes": {"verksamhet": ["polis", "skola"]}}),
    ],
)
def test_filters(demo_app: AppTest, pid: int, widget: str, value: list[str], filters: dict) -> None:
    at = demo_app
    at.multiselect(key=f"jamfor-{pid}-{widget}").set_value(value).run()
    no_exceptions(at)
    _comparison, table = _expected_table("share", **filters)
    pd.testing.assert_frame_equal(at.dataframe[0].value, table, check_dtype=False)


def test_kinds_of_code(demo_app: AppTest, pid: int) -> None:
    at = demo_app
    at.pills(key=f"jamfor-{pid}-kinds").set_value(["development_area"]).run()
    no_exceptions(at)
    shown = at.dataframe[0].value
    assert len(shown) and all(label.startswith("· UO ") for label in shown.index)


def test_a_filter_that_matches_nothing(demo_app: AppTest, pid: int) -> None:
    at = demo_app
    at.multiselect(key=f"jamfor-{pid}-phases").set_value(["2"])
    at.multiselect(key=f"jamfor-{pid}-groups").set_value(["projektgrupp"]).run()
    assert "Inga dokument matchar filtren." in texts(at.warning)


def _quote_headers(at: AppTest) -> list[str]:
    return [m for m in texts(at.markdown) if " · Replik " in m]


@pytest.mark.parametrize(
    ("code", "column"),
    [("tema-motena", "aktorer"), ("ff-tydliga-och-effektiva-motesstrukturer", "foraldrar"),
     ("tema-uppstarten", "projektgrupp")],
)
def test_choose_a_cell_and_see_its_quotes(demo_app: AppTest, pid: int, code: str,
                                          column: str) -> None:
    at = demo_app
    at.selectbox(key=f"jamfor-{pid}-cell-code").set_value(code)
    at.selectbox(key=f"jamfor-{pid}-cell-column").set_value(column).run()
    no_exceptions(at)
    store, _pid, codebook, data = _core()
    try:
        quotes = cell_quotes(data.codings, data.documents, codebook, code, column)
        comparison = comparison_matrix(data.codings, data.documents, codebook)
    finally:
        store.close()
    cell = comparison.cells[(comparison.cells["code_id"] == code)
                            & (comparison.cells["column"] == column)].iloc[0]
    summary = f"**{codebook.code(code).label}** · {comparison.column_labels[column]}: " \
              f"{cell['n_documents']} dokument, {cell['n_segments']} passager."
    assert summary in texts(at.markdown)
    headers = _quote_headers(at)
    assert len(headers) == min(len(quotes), QUOTES_PER_PAGE) and len(quotes) == cell["n_segments"]
    first = quotes.iloc[0]
    assert headers[0].startswith(f"**{first['document']}** · {first['participant']}")
    assert headers[0].endswith(f"Replik {first['segment_idx'] + 1}")  # as Koda numbers it
    assert " ".join(first["quote"].split()) in [" ".join(m.split()) for m in texts(at.markdown)]
    assert at.page_link[0].proto.query_string == \
        f"doc={first['document_id']}&turn={first['segment_idx'] + 1}"


def test_the_page_opens_on_a_cell_with_quotes(demo_app: AppTest, pid: int) -> None:
    at = demo_app
    assert at.selectbox(key=f"jamfor-{pid}-cell-code").value == "tema-anledningar-till-brotten"
    assert at.selectbox(key=f"jamfor-{pid}-cell-column").value == "ungdomar"
    # six passages by the sample coder and one the second coder bounded differently
    assert len(_quote_headers(at)) == 7



def test_a_long_cell_is_read_a_page_at_a_time(demo_app: AppTest, pid: int) -> None:
    """Every passage of a cell is reachable, a page at a time, in the order of cell_quotes."""
    store, _pid, codebook, data = _core()
    try:
        comparison = comparison_matrix(data.codings, data.documents, codebook)
        cell = comparison.cells.sort_values("n_segments", ascending=False, kind="stable").iloc[0]
        quotes = cell_quotes(data.codings, data.documents, codebook, cell["code_id"],
                             cell["column"])
    finally:
        store.close()
    assert len(quotes) > QUOTES_PER_PAGE, "the sample has a cell longer than a page"
    at = demo_app
    at.selectbox(key=f"jamfor-{pid}-cell-code").set_value(cell["code_id"])
    at.selectbox(key=f"jamfor-{pid}-cell-column").set_value(cell["column"]).run()
    no_exceptions(at)
    pages = -(-len(quotes) // QUOTES_PER_PAGE)
    (pager,) = [p for p in at.get("pagination") if p.key.startswith(f"jamfor-{pid}-quotes-page-")]
    assert pager.num_pages == pages
    seen = []
    for page in range(1, pages + 1):
        pager.select(page)
        at.run()
        no_exceptions(at)
        (pager,) = [p for p in at.get("pagination")
                    if p.key.startswith(f"jamfor-{pid}-quotes-page-")]
        last = min(page * QUOTES_PER_PAGE, len(quotes))
        assert f"Visar {(page - 1) * QUOTES_PER_PAGE + 1}–{last} av {len(quotes)} citat." in \
            texts(at.caption)
        seen += [link.proto.query_string for link in at.page_link]
    assert seen == [f"doc={row.document_id}&turn={row.segment_idx + 1}"
                    for row in quotes.itertuples()]

def _first_cell_quotes() -> pd.DataFrame:
    store, _pid, codebook, data = _core()
    try:
        return cell_quotes(data.codings, data.documents, codebook,
                           "tema-anledningar-till-brotten", "ungdomar")
    finally:
        store.close()


def test_quotes_link_into_the_coding_page(demo_app: AppTest) -> None:
    quotes = _first_cell_quotes()
    links = list(demo_app.page_link)
    assert [link.value for link in links] == ["Öppna i Koda"] * len(quotes)
    assert [link.proto.query_string for link in links] == [
        f"doc={row.document_id}&turn={row.segment_idx + 1}" for row in quotes.itertuples()]
    assert {link.proto.page for link in links} == {"koda"}


def test_without_a_coding_page_the_place_is_named(monkeypatch: pytest.MonkeyPatch,
                                                  open_app: Callable[..., AppTest], demo_db: Path,
                                                  use_db: Callable) -> None:
    monkeypatch.setattr(navigation, "PAGES",
                        tuple(s for s in navigation.PAGES if s.path != "koda"))
    use_db(demo_db)
    at = open_app("jamfor")
    no_exceptions(at)
    quotes = _first_cell_quotes()
    assert not list(at.page_link)
    places = [c for c in texts(at.caption) if c.startswith("Dokument-id ")]
    assert places == [f"Dokument-id {row.document_id}, Replik {row.segment_idx + 1}"
                      for row in quotes.itertuples()]


@pytest.mark.parametrize(
    ("mode", "window", "which"),
    [("segment", 1, "themes"), ("turns", 2, "themes"), ("overlap", 1, "factors"),
     ("turns", 0, "theme:tema-motena")],
)
def test_cooccurrence(demo_app: AppTest, pid: int, mode: str, window: int, which: str) -> None:
    at = demo_app
    at.selectbox(key=f"jamfor-{pid}-co-codes").set_value(which)
    at.segmented_control(key=f"jamfor-{pid}-co-mode").set_value(mode).run()
    window_input = at.number_input(key=f"jamfor-{pid}-co-window")
    assert window_input.disabled == (mode != "turns")
    if mode == "turns":
        window_input.set_value(window).run()
    no_exceptions(at)
    store, project_id, codebook, data = _core()
    try:
        codes = cooccurrence_codes(codebook, set(data.codings["code_id"]), which)
        segments = project_segments(store, project_id, data.documents["document_id"])
        co = cooccurrence(data.codings, codebook, mode=mode, window=window, codes=codes,
                          segments=segments)
    finally:
        store.close()
    # the page's frames in order: the comparison, then the co-occurrence's open tab
    matrix = _open_co_tab(at, pid, "Matris").dataframe[1].value
    pd.testing.assert_frame_equal(matrix, co.labelled(), check_dtype=False)
    pairs = _open_co_tab(at, pid, "Vanligaste paren").dataframe[1].value
    assert list(pairs.columns) == ["Kod A", "Kod B", "Antal"]
    assert list(pairs["Antal"]) == list(co.pairs()["count"])


def test_blind_project_shows_only_ones_own_codings(demo_db: Path, use_db: Callable,
                                                   open_app: Callable[..., AppTest],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(demo_db)
    project = store.find_project(DEMO_NAME)
    store.update_project_settings(project.id, blind_settings(True))
    first = store.list_codings(project.id)[0]
    store.add_codings(project.id, [NewCoding(first.document_id, "tema-uppstarten", first.start,
                                             first.end, "Granskare")])
    store.close()
    use_db(demo_db)
    monkeypatch.setenv("SIGQUAL_USER", "Granskare")
    at = open_app("jamfor")
    no_exceptions(at)
    assert any("kodas blint" in m for m in texts(at.info))
    shown = at.dataframe[0].value
    # Shares by default: one document in one column carries the reviewer's one coding.
    assert list(shown.index) == ["Uppstarten"] and (shown.fillna(0).to_numpy() > 0).sum() == 1
    assert at.multiselect(key=f"jamfor-{project.id}-coders").options == ["Granskare"]


def test_press_every_download_button(served: Callable[[object], Served],
                                     deferred: Callable[[object], Served],  # noqa: F811
                                     demo_app: AppTest, pid: int) -> None:
    at = demo_app
    images = image_export_problem() is None
    titles = {"heat": "Andel av dokumenten per grupp", "bars": "Andel av dokumenten per grupp",
              "co": "Samförekomst av koder: Samma tur"}
    for chart, tab in (("heat", "Värmekarta"), ("bars", "Stapeldiagram"), ("co", "Värmekarta")):
        _open_tab(at, pid, tab)
        html = deferred(at.download_button(key=f"jamfor-{pid}-{chart}-html"))
        assert html.mime == "text/html" and html.file_name.endswith(".html")
        assert html.data.lower().startswith(b"<!doctype html>")
        assert f"<title>{titles[chart]}</title>".encode() in html.data
        if images:
            png = deferred(at.download_button(key=f"jamfor-{pid}-{chart}-png"))
            svg = deferred(at.download_button(key=f"jamfor-{pid}-{chart}-svg"))
            assert png.data.startswith(b"\x89PNG") and png.mime == "image/png"
            assert b"<svg" in svg.data[:500] and svg.mime == "image/svg+xml"
        else:
            assert len([b for b in at.download_button if b.key.startswith(f"jamfor-{pid}-{chart}-")]) == 1
    # Exemplifying quotes for two factors, two per factor, from parents only.
    codes = ["ff-tydliga-och-effektiva-motesstrukturer", "uo-en-del-aktorers-relevans-pa-motena"]
    at.multiselect(key=f"jamfor-{pid}-q-codes").set_value(codes)
    at.multiselect(key=f"jamfor-{pid}-q-groups").set_value(["foraldrar"])
    at.number_input(key=f"jamfor-{pid}-q-n").set_value(2).run()
    no_exceptions(at)
    got = served(at.download_button(key=f"jamfor-{pid}-q-docx"))
    assert got.file_name == "huddinge-demo-fiktiv-exempelcitat.docx"
    paragraphs = [p.text for p in WordDocument(io.BytesIO(got.data)).paragraphs]
    assert paragraphs[0] == f"Exempelcitat: {DEMO_NAME}"
    store, _pid, codebook, data = _core()
    try:
        blocks = factor_quotes(data.codings, codebook, codes, groups=["foraldrar"], per_factor=2)
    finally:
        store.close()
    expected = [f"{q.text} ({q.source})" for b in blocks for q in b.quotes]
    assert [p for p in paragraphs if p.endswith(", Föräldrarna)")] == expected
    assert len(expected) == 4


def test_quotes_export_asks_for_factors(demo_app: AppTest, pid: int) -> None:
    assert "Välj minst en faktor." in texts(demo_app.caption)
    assert not [b for b in demo_app.download_button if b.key == f"jamfor-{pid}-q-docx"]


def test_english(demo_app: AppTest, pid: int) -> None:
    at = demo_app
    at.button(key="lang-switch").click().run()
    no_exceptions(at)
    assert at.title[0].value == "Compare groups"
    assert at.selectbox(key=f"jamfor-{pid}-by").format_func("phase") == "Phase"


def test_projects_without_documents_or_codings(open_app: Callable[..., AppTest],
                                               ui_store: Store) -> None:
    from .helpers import CODEBOOK, TRANSCRIPT

    empty = ui_store.create_project("Tom", CODEBOOK)
    at = open_app("jamfor")
    no_exceptions(at)
    assert "Projektet har inga dokument ännu." in texts(at.info)
    ui_store.add_document(empty, name="f1", text=TRANSCRIPT, turns=[], attributes={"group": "foraldrar"})
    at.run()
    no_exceptions(at)
    assert "Inga kodningar i urvalet." in texts(at.info)
    assert not list(at.dataframe)


# -- the heatmap with many codes, and the quotes beside it ---------------------------

def _heat_spec(at: AppTest) -> dict:
    """The heatmap trace of the cell-picker chart as the browser would receive it."""
    import json

    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        heat = [trace for trace in spec["data"] if trace.get("type") == "heatmap"]
        if heat:
            return {"heat": heat[0], "traces": spec["data"]}
    raise AssertionError("no heatmap on the page")


def test_heatmap_shows_shares_with_counts_on_hover(demo_app: AppTest, pid: int) -> None:
    comparison, table = _expected_table("share")
    spec = _heat_spec(_open_tab(demo_app, pid, "Värmekarta"))
    themes = comparison.rows[comparison.rows["kind"] == "theme"]
    # The sample has more codes than a readable heatmap: it opens on the themes alone.
    assert len(comparison.rows) > 60
    assert spec["heat"]["y"] == list(themes["row_label"])
    picker = next(t for t in spec["traces"] if t.get("type") == "scatter")
    theme_cells = comparison.cells[comparison.cells["code_id"].isin(set(themes["code_id"]))]
    cell = theme_cells[theme_cells["n_documents"] > 0].iloc[0]
    row_label = comparison.rows.set_index("code_id").loc[cell["code_id"], "row_label"]
    column_label = comparison.column_labels[cell["column"]]
    at_cell = [text for x, y, text in zip(picker["x"], picker["y"], picker["customdata"],
                                          strict=True) if x == column_label and y == row_label]
    total = comparison.column_documents[cell["column"]]
    assert at_cell == [f"{cell['share']:.0%} ({cell['n_documents']} av {total} dokument, "
                       f"{cell['n_segments']} passager)"]


@pytest.mark.parametrize(("view", "search", "order"), [
    ("themes", "", "codebook"), ("codes", "möte", "codebook"), ("codes", "", "difference"),
    ("themes", "", "difference"),
])
def test_heatmap_rows_for_many_codes(demo_app: AppTest, pid: int, view: str, search: str,
                                     order: str) -> None:
    at = _open_tab(demo_app, pid, "Värmekarta")
    at.segmented_control(key=f"jamfor-{pid}-heat-view").set_value(view)
    at.text_input(key=f"jamfor-{pid}-heat-search").input(search)
    at.selectbox(key=f"jamfor-{pid}-heat-order").set_value(order).run()
    no_exceptions(at)
    comparison, table = _expected_table("share")
    rows = comparison.rows
    if view == "themes":
        rows = rows[rows["kind"] == "theme"]
    if search:
        rows = rows[rows["row_label"].str.casefold().str.contains(search)]
    labels = list(rows["row_label"])
    assert labels, "the case must leave rows to show"
    shown = _heat_spec(at)["heat"]["y"]
    assert sorted(shown) == sorted(labels)
    if order == "codebook":
        assert shown == labels
    else:
        spread = (table.max(axis=1) - table.min(axis=1)).loc[shown].fillna(0).tolist()
        assert spread == sorted(spread, reverse=True)
        assert spread[0] > spread[-1]
    # The table tab keeps every row: narrowing is the heatmap's alone.
    assert len(_open_tab(at, pid, "Tabell").dataframe[0].value) == len(table)


def test_a_filter_matching_nothing_says_so(demo_app: AppTest, pid: int) -> None:
    _open_tab(demo_app, pid, "Värmekarta")
    demo_app.text_input(key=f"jamfor-{pid}-heat-search").input("zzzz-ingen-kod").run()
    no_exceptions(demo_app)
    assert "Inga koder matchar filtret." in texts(demo_app.info)


@pytest.mark.parametrize(("code", "column"), [("tema-motena", "aktorer"),
                                              ("tema-uppstarten", "projektgrupp")])
def test_the_picked_cell_opens_its_quotes_beside_the_heatmap(demo_app: AppTest, pid: int,
                                                             code: str, column: str) -> None:
    at = _open_tab(demo_app, pid, "Värmekarta")
    at.selectbox(key=f"jamfor-{pid}-cell-code").set_value(code)
    at.selectbox(key=f"jamfor-{pid}-cell-column").set_value(column).run()
    no_exceptions(at)
    store, _pid, codebook, data = _core()
    try:
        quotes = cell_quotes(data.codings, data.documents, codebook, code, column)
    finally:
        store.close()
    assert len(quotes) > 0
    summaries = [m for m in texts(at.markdown) if m.startswith(f"**{codebook.code(code).label}** · ")]
    assert len(summaries) == 2  # in the panel and above the full list
    sources = [c for c in texts(at.caption)
               if c.startswith(f"{quotes.iloc[0]['document']} · ")]
    assert sources, "the panel names where its first quote comes from"
    more = [c for c in texts(at.caption) if c.startswith("… och ")]
    assert more == ([f"… och {len(quotes) - 5} till i listan under diagrammen."]
                    if len(quotes) > 5 else [])
