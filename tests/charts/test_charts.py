"""Chart builders, group colours and figure downloads."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from sigqual.charts import (
    MISSING_COLOUR,
    column_colours,
    comparison_bars,
    comparison_heatmap,
    cooccurrence_heatmap,
    figure_html,
    figure_image,
    group_colours,
    grouped_bars,
    heatmap,
    image_export_problem,
)
from sigqual.charts import output as chart_output
from sigqual.codebook import PALETTE
from sigqual.compare import MISSING, comparison_matrix, cooccurrence, filter_documents
from sigqual.errors import ExportError, InputError
from sigqual.tables import filter_codings

from ..compare.helpers import CODEBOOK, new_project


@pytest.fixture
def frames(store):
    p = new_project(store)
    p.add("u1", 2, group="ungdomar", phase="1")
    p.add("f1", 2, group="foraldrar", phase="1")
    p.add("a1", 2, group="aktorer", phase="2")
    p.code([p.answer("u1", 0, "ff-struktur", "Anna"), p.answer("f1", 0, "ff-struktur", "Anna"),
            p.answer("f1", 0, "uo-info", "Anna"), p.answer("a1", 1, "uo-info", "Anna")])
    return p.frames()


@pytest.mark.parametrize(
    ("by", "columns", "expected"),
    [
        # groups keep their codebook position even when a group is filtered away
        ("group", ["foraldrar", "aktorer"], [PALETTE[1], PALETTE[2]]),
        ("group", ["aktorer", "okand", MISSING], [PALETTE[2], PALETTE[3], MISSING_COLOUR]),
        # other attributes start after the three group colours
        ("phase", ["1", "2"], [PALETTE[3], PALETTE[4]]),
    ],
)
def test_column_colours(by, columns, expected) -> None:
    colours = column_colours(columns, by=by, codebook=CODEBOOK, missing=MISSING)
    assert [colours[c] for c in columns] == expected


def test_group_colours_by_key_and_name() -> None:
    colours = group_colours(CODEBOOK)
    assert colours["foraldrar"] == colours["Föräldrarna"] == PALETTE[1]


def test_heatmap_rows_top_down_with_values(frames) -> None:
    codings, documents, _ = frames
    result = comparison_matrix(codings, documents, CODEBOOK)
    fig = comparison_heatmap(result, "n_segments", title="Jämförelse")
    trace = fig.data[0]
    assert list(trace.y) == list(result.rows["row_label"])
    assert list(trace.x) == ["Ungdomarna", "Föräldrarna", "Aktörerna"]
    assert np.array_equal(np.asarray(trace.z), result.table("n_segments").to_numpy(dtype=float))
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.title.text == "Jämförelse"
    share = comparison_heatmap(result, "share")
    assert share.data[0].texttemplate == "%{z:.0%}" and share.data[0].zmax == 1


def test_bars_use_group_colours_after_filtering(frames) -> None:
    codings, documents, _ = frames
    kept = filter_documents(documents, groups=["foraldrar", "aktorer"])
    result = comparison_matrix(filter_codings(codings, groups=["foraldrar", "aktorer"]), kept, CODEBOOK)
    fig = comparison_bars(result, "share", codebook=CODEBOOK, codes=["uo-info"])
    assert [t.name for t in fig.data] == ["Föräldrarna", "Aktörerna"]
    assert [t.marker.color for t in fig.data] == [PALETTE[1], PALETTE[2]]
    assert [list(t.x) for t in fig.data] == [[1.0], [1.0]]
    assert fig.layout.legend.title.text == "Grupp"
    with pytest.raises(InputError, match="not in this comparison"):
        comparison_bars(result, codes=["k-ovrigt"])


def test_grouped_bars_from_any_frame() -> None:
    frame = pd.DataFrame({"kod": ["a", "a", "b"], "grupp": ["X", "Y", "X"], "n": [1, 2, 3]})
    fig = grouped_bars(frame, category="kod", series="grupp", value="n", colours={"X": "#000000"})
    assert [(t.name, list(t.y), list(t.x)) for t in fig.data] == [("X", ["a", "b"], [1, 3]),
                                                                  ("Y", ["a"], [2])]
    assert fig.data[0].marker.color == "#000000"
    with pytest.raises(InputError, match="lacks column"):
        grouped_bars(frame, category="kod", series="fas", value="n")
    with pytest.raises(InputError, match="expected a DataFrame"):
        heatmap([[1, 2]])  # type: ignore[arg-type]


def test_cooccurrence_heatmap_blanks_the_diagonal(frames) -> None:
    codings, _, segments = frames
    co = cooccurrence(codings, CODEBOOK, segments=segments)
    z = np.asarray(cooccurrence_heatmap(co).data[0].z, dtype=float)
    assert all(math.isnan(z[i, i]) for i in range(len(z)))
    assert z[0, 1] == 1  # ff-struktur and uo-info share answer 0 of f1
    full = np.asarray(cooccurrence_heatmap(co, show_diagonal=True).data[0].z, dtype=float)
    assert full[0, 0] == 2


def test_html_is_standalone_with_plotly_inlined() -> None:
    data = figure_html(go.Figure(go.Bar(x=["a"], y=[1])), title="Figur <1>")
    html = data.decode("utf-8")
    assert html.lower().startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert "<title>Figur &lt;1&gt;</title>" in html
    # plotly.js itself is inside the file; no script is fetched from anywhere
    assert "* plotly.js v" in html and "<script src" not in html
    assert len(data) > 1_000_000
    with pytest.raises(ExportError, match="expected a plotly Figure"):
        figure_html("not a figure")  # type: ignore[arg-type]


def test_image_without_kaleido_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setattr(chart_output.importlib.util, "find_spec",
                        lambda name: None if name == "kaleido" else object())
    with pytest.raises(ExportError, match="kaleido is not installed"):
        figure_image(go.Figure(), "png")


def test_image_renderer_failure_is_a_clear_error(monkeypatch) -> None:
    if chart_output.importlib.util.find_spec("kaleido") is None:
        pytest.skip("kaleido is not installed; the missing-package path is tested above")

    def fail(*_args, **_kwargs):
        raise RuntimeError("Kaleido requires Google Chrome to be installed.")

    monkeypatch.setattr(pio, "to_image", fail)
    with pytest.raises(ExportError, match="renderer failed: Kaleido requires Google Chrome"):
        figure_image(go.Figure(), "svg")
    with pytest.raises(ExportError, match="unknown image format"):
        figure_image(go.Figure(), "gif")


@pytest.mark.slow
def test_png_and_svg_when_a_renderer_exists() -> None:
    problem = image_export_problem()
    if problem is not None:
        pytest.skip(f"no offline image renderer here: {problem}")
    fig = go.Figure(go.Bar(x=["Föräldrarna"], y=[3]))
    assert figure_image(fig, "png", width=300, height=200).startswith(b"\x89PNG\r\n\x1a\n")
    assert b"<svg" in figure_image(fig, "SVG", width=300, height=200)[:200]
