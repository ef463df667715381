"""The Jämför page's helpers: filters, picking cells in charts, quotes, links, chart files."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from sigqual.agreement import blind_settings, visible_codings
from sigqual.charts import comparison_bars, comparison_heatmap
from sigqual.compare import cell_quotes, comparison_matrix
from sigqual.errors import InputError
from sigqual.ui.compare_view import (
    CompareFilters,
    chart_files,
    column_summary,
    cooccurrence_codes,
    link_params,
    picked_cell,
    project_documents,
    project_segments,
    quote_views,
    select,
    selection_points,
    theme_block,
    with_cell_picker,
)

from ..compare.helpers import CODEBOOK, new_project


@pytest.fixture
def project(store):
    p = new_project(store)
    p.add("u1", 2, group="ungdomar", phase="1", ort="Syd", participant="Ungdom 1")
    p.add("f1", 3, group="foraldrar", phase="1", ort="Nord", participant="Förälder 1")
    p.add("f2", 2, group="foraldrar", phase="2", ort="Syd")
    p.add("a1", 2, group="aktorer", phase="2")
    p.code([
        p.answer("f1", 0, "ff-struktur", "Anna"), p.answer("f1", 0, "ff-struktur", "Bo"),
        p.answer("f1", 1, "uo-info", "Bo"), p.answer("f2", 0, "ff-struktur", "Anna"),
        p.answer("u1", 1, "ff-praktik", "Anna"), p.answer("a1", 0, "k-ovrigt", "Bo"),
        p.answer("a1", 1, "ff-struktur", "Anna", part="first"),
    ])
    return p


def _frames(project):  # noqa: ANN202
    return project.store.codings_frame(project.pid), project_documents(project.store, project.pid)


@pytest.mark.parametrize(
    ("widgets", "documents", "coders"),
    [
        ({}, ["u1", "f1", "f2", "a1"], {"Anna", "Bo"}),
        ({"phases": ["1"]}, ["u1", "f1"], {"Anna", "Bo"}),
        ({"groups": ["foraldrar"], "coders": ["Bo"]}, ["f1", "f2"], {"Bo"}),
        ({"interview_types": []}, ["u1", "f1", "f2", "a1"], {"Anna", "Bo"}),
        ({"attributes": {"ort": ["Syd"], "empty": []}}, ["u1", "f2"], {"Anna"}),
    ],
)
def test_select_filters_documents_and_codings_alike(project, widgets, documents, coders) -> None:
    codings, docs = _frames(project)
    data = select(codings, docs, CompareFilters.make(**widgets))
    assert list(data.documents["document"]) == documents
    assert set(data.codings["document"]) <= set(documents)
    assert set(data.codings["coder"]) == coders


def test_empty_widgets_mean_no_filter() -> None:
    filters = CompareFilters.make(groups=[], phases=None, coders=[], attributes={"ort": []})
    assert filters == CompareFilters()


@pytest.mark.parametrize(
    ("settings", "coder", "visible"),
    [({}, "", {"Anna", "Bo"}), (blind_settings(True), "Bo", {"Bo"}),
     (blind_settings(True), "", set()), (blind_settings(False), "Bo", {"Anna", "Bo"})],
)
def test_blind_projects_show_only_ones_own_codings(project, settings, coder, visible) -> None:
    frame = visible_codings(project.store.codings_frame(project.pid), coder, settings)
    assert set(frame["coder"]) == visible


def _comparison(project, by: str = "group"):  # noqa: ANN202
    codings, docs = _frames(project)
    return comparison_matrix(codings, docs, CODEBOOK, by=by)


@pytest.mark.parametrize("percent", [False, True])
def test_cell_picker_marks_every_cell(project, percent: bool) -> None:
    comparison = _comparison(project)
    metric = "share" if percent else "n_documents"
    fig = comparison_heatmap(comparison, metric)
    picker = with_cell_picker(fig, percent=percent)
    heat, marks = picker.data
    assert heat.hoverinfo == "skip" and marks.type == "scatter"
    table = comparison.table(metric)
    assert len(marks.x) == table.size
    cells = dict(zip(zip(marks.y, marks.x, strict=True), marks.customdata, strict=True))
    value = table.loc["· FF Tydlig struktur", "Föräldrarna"]
    assert cells[("· FF Tydlig struktur", "Föräldrarna")] == (f"{value:.0%}" if percent
                                                              else f"{value:.0f}")
    assert picker.layout.hoverdistance == -1
    assert len(fig.data) == 1  # the downloadable figure is left as it was


def test_cell_picker_needs_a_heatmap() -> None:
    with pytest.raises(InputError, match="no heatmap"):
        with_cell_picker(go.Figure(go.Bar(x=[1], y=["a"])), percent=False)


@pytest.mark.parametrize(
    ("chart", "point", "expected"),
    [
        ("heatmap", {"x": "Föräldrarna", "y": "· FF Tydlig struktur", "curve_number": 1},
         ("ff-struktur", "foraldrar")),
        ("heatmap", {"x": "Aktörerna", "y": "Mötena", "curve_number": 1}, ("t-moten", "aktorer")),
        # A bar names its column by its trace: trace 1 of the bars is the second column.
        ("bars", {"x": 1, "y": "· FF Tydlig struktur", "curve_number": 1},
         ("ff-struktur", "foraldrar")),
        ("bars", {"x": 1, "y": "· FF Tydlig struktur", "curve_number": 2},
         ("ff-struktur", "aktorer")),
        ("heatmap", {"x": "Nobody", "y": "Mötena", "curve_number": 1}, None),
        ("heatmap", {"y": "Mötena"}, None),
    ],
)
def test_picked_cell(project, chart: str, point: dict, expected) -> None:
    comparison = _comparison(project)
    fig = comparison_bars(comparison, codebook=CODEBOOK) if chart == "bars" else go.Figure()
    assert picked_cell([point], fig, comparison) == expected


def test_picked_cell_takes_the_first_point_that_is_a_cell(project) -> None:
    comparison = _comparison(project)
    points = [{"x": "?", "y": "?"}, {"x": "Ungdomarna", "y": "Framtiden"}]
    assert picked_cell(points, go.Figure(), comparison) == ("t-framtid", "ungdomar")


@pytest.mark.parametrize(
    ("event", "points"),
    [
        (None, []),
        ({"selection": {"points": []}}, []),
        ({"selection": {"points": [{"x": "A", "y": "B"}]}}, [{"x": "A", "y": "B"}]),
        ({"selection": None}, []),
    ],
)
def test_selection_points(event, points) -> None:
    assert selection_points(event) == points


def test_quote_views_and_links(project) -> None:
    codings, docs = _frames(project)
    quotes = cell_quotes(codings, docs, CODEBOOK, "t-moten", "foraldrar")
    views = quote_views(quotes, {g.key: g.name for g in CODEBOOK.groups},
                        {c.id: c.label for c in CODEBOOK.codes})
    first = views[0]
    assert (first.document, first.participant, first.group, first.speaker, first.role) == (
        "f1", "Förälder 1", "Föräldrarna", "IP", "respondent")
    assert first.turn == 1 and first.codes == "Tydlig struktur" and first.coders == "Anna, Bo"
    assert first.link() == {"doc": str(project.docs["f1"]), "turn": "2"}  # index 1 is Replik 2
    assert [v.participant for v in views] == ["Förälder 1", "Förälder 1", ""]
    assert first.text == "Svar 1 från f1, med några ord om saken."


@pytest.mark.parametrize(("doc", "turn", "expected"), [
    (7, 3, {"doc": "7", "turn": "4"}), (7, None, {"doc": "7"}), (12, 0, {"doc": "12", "turn": "1"}),
])
def test_link_params(doc: int, turn: int | None, expected: dict) -> None:
    assert link_params(doc, turn) == expected


@pytest.mark.parametrize(("images", "formats"), [(False, ["html"]), (True, ["html", "png", "svg"])])
def test_chart_files_are_made_on_demand(project, images: bool, formats: list[str]) -> None:
    fig = comparison_heatmap(_comparison(project))
    files = chart_files(fig, "Jämför: grupp", title="Dokument per grupp", images=images)
    assert [f.fmt for f in files] == formats
    assert [f.file_name for f in files] == [f"jamfor-grupp.{fmt}" for fmt in formats]
    html = files[0].make()
    assert html.lower().startswith(b"<!doctype html>")
    assert b"<title>Dokument per grupp</title>" in html
    assert b'src="https://cdn.plot.ly' not in html and len(html) > 1_000_000  # plotly.js inlined
    fig.update_layout(title_text="changed later")
    assert b"changed later" not in files[0].make()


def test_chart_image_files_render_when_possible(project) -> None:
    from sigqual.charts import image_export_problem

    if image_export_problem() is not None:
        pytest.skip(image_export_problem())
    fig = comparison_heatmap(_comparison(project))
    _html, png, svg = chart_files(fig, "x", title="x", images=True)
    assert png.make().startswith(b"\x89PNG") and b"<svg" in svg.make()[:400]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("themes", ["t-moten", "t-framtid"]),
        ("factors", ["ff-struktur", "uo-info", "ff-praktik"]),
        ("all", ["t-moten", "ff-struktur", "uo-info", "t-framtid", "ff-praktik", "k-ovrigt"]),
        ("theme:t-moten", ["t-moten", "ff-struktur", "uo-info"]),
        ("theme:t-framtid", ["t-framtid", "ff-praktik"]),
    ],
)
def test_cooccurrence_codes(choice: str, expected: list[str]) -> None:
    present = {"t-moten", "ff-struktur", "uo-info", "t-framtid", "ff-praktik", "k-ovrigt"}
    assert cooccurrence_codes(CODEBOOK, present, choice) == expected


@pytest.mark.parametrize("choice", ["", "theme:nope", "everything"])
def test_cooccurrence_codes_refuses_unknown_choices(choice: str) -> None:
    with pytest.raises(InputError, match="unknown choice of codes"):
        cooccurrence_codes(CODEBOOK, {"t-moten"}, choice)


def test_theme_block_and_column_summary(project) -> None:
    comparison = _comparison(project)
    assert theme_block(comparison, "t-moten") == ["t-moten", "ff-struktur", "uo-info"]
    assert theme_block(comparison, None) == list(comparison.rows["code_id"])
    assert column_summary(comparison) == [("Ungdomarna", 1), ("Föräldrarna", 2), ("Aktörerna", 1)]


def test_project_segments_of_chosen_documents(project) -> None:
    segments = project_segments(project.store, project.pid, [project.docs["f1"]])
    assert set(segments["document"]) == {"f1"} and len(segments) == 6
    assert isinstance(segments, pd.DataFrame)
