"""Plotly figures built from DataFrames: heatmaps, grouped bars and co-occurrence.

Every builder takes a frame (or a comparison built from frames) and returns a
``plotly.graph_objects.Figure``; nothing here talks to the store or to Streamlit, so the
same figure goes to the page, to the HTML download and to a report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..codebook import Codebook
from ..compare import MISSING, MODES, Comparison, CoOccurrence, metric_label
from ..errors import InputError
from ..i18n import ENUMS, choice
from .palette import column_colours

ROW_HEIGHT = 24
MIN_HEIGHT = 320
_FONT = {"family": "Arial, Helvetica, sans-serif", "size": 12}


def heatmap(
    frame: pd.DataFrame, *, title: str = "", value_name: str = "", percent: bool = False,
    colorscale: str = "Blues",
) -> go.Figure:
    """A labelled heatmap of a wide frame: index as rows (top to bottom), columns across."""
    _require_frame(frame)
    values = frame.to_numpy(dtype=float, na_value=np.nan)
    text_format = "%{z:.0%}" if percent else "%{z:.0f}"
    hover_value = "%{z:.0%}" if percent else "%{z}"
    fig = go.Figure(go.Heatmap(
        z=values, x=[str(c) for c in frame.columns], y=[str(i) for i in frame.index],
        colorscale=colorscale, zmin=0, zmax=1 if percent else None, texttemplate=text_format,
        xgap=1, ygap=1,
        colorbar={"title": {"text": value_name}, "tickformat": ".0%" if percent else ""},
        hovertemplate=f"%{{y}}<br>%{{x}}: {hover_value}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", automargin=True, type="category")
    fig.update_xaxes(side="top", automargin=True, type="category")
    _layout(fig, title, rows=len(frame.index))
    return fig


def grouped_bars(
    frame: pd.DataFrame, *, category: str, series: str, value: str,
    colours: Mapping[str, str] | None = None, title: str = "", value_name: str = "",
    series_name: str | None = None, percent: bool = False,
) -> go.Figure:
    """Horizontal bars: one bar per series value within each category, in frame order."""
    _require_frame(frame)
    missing = [c for c in (category, series, value) if c not in frame.columns]
    if missing:
        raise InputError(f"the frame lacks column(s) {', '.join(missing)}", field="frame")
    categories = list(dict.fromkeys(frame[category].astype(str)))
    fig = go.Figure()
    for name in dict.fromkeys(frame[series].astype(str)):
        part = frame[frame[series].astype(str) == name]
        fig.add_trace(go.Bar(
            name=name, orientation="h", x=part[value].astype(float), y=part[category].astype(str),
            marker_color=(colours or {}).get(name),
            hovertemplate=f"%{{y}}<br>{name}: " + ("%{x:.0%}" if percent else "%{x}")
            + "<extra></extra>",
        ))
    fig.update_layout(barmode="group",
                      legend={"title": {"text": series if series_name is None else series_name},
                              "traceorder": "normal"})
    fig.update_yaxes(categoryorder="array", categoryarray=categories, autorange="reversed",
                     automargin=True, type="category")
    fig.update_xaxes(title={"text": value_name}, tickformat=".0%" if percent else "",
                     rangemode="tozero")
    series_count = max(frame[series].nunique(), 1)
    _layout(fig, title, rows=0)
    fig.update_layout(height=max(MIN_HEIGHT, len(categories) * (10 * series_count + 24) + 160))
    return fig


def comparison_heatmap(comparison: Comparison, metric: str = "share", *, title: str = "",
                       lang: str = "sv") -> go.Figure:
    """The comparison matrix as a heatmap (codes grouped under themes, columns across)."""
    return heatmap(comparison.table(metric), title=title, value_name=metric_label(metric, lang),
                   percent=metric == "share")


def comparison_bars(
    comparison: Comparison, metric: str = "share", *, codebook: Codebook | None = None,
    codes: Iterable[str] | None = None, title: str = "", lang: str = "sv",
) -> go.Figure:
    """Grouped bars per code, one colour per column (groups keep their codebook colour)."""
    long = comparison.long(metric)
    if codes is not None:
        wanted = list(dict.fromkeys(codes))
        unknown = [c for c in wanted if c not in set(comparison.rows["code_id"])]
        if unknown:
            raise InputError(msgid="error.charts.code_not_comparison",
                             params={"unknown": ', '.join(unknown)}, field="codes")
        long = long[long["code_id"].isin(wanted)]
    by_key = column_colours(list(comparison.columns), by=comparison.by, codebook=codebook,
                            missing=MISSING)
    colours = {comparison.column_labels[k]: v for k, v in by_key.items()}
    return grouped_bars(long, category="row_label", series="column_label", value="value",
                        colours=colours, title=title, value_name=metric_label(metric, lang),
                        series_name=attribute_label(comparison.by, lang), percent=metric == "share")


def cooccurrence_heatmap(co: CoOccurrence, *, title: str = "", show_diagonal: bool = False,
                         lang: str = "sv") -> go.Figure:
    """Co-occurrence counts; the diagonal (units per code) is blank unless asked for."""
    frame = co.labelled().astype(float)
    if not show_diagonal:
        values = frame.to_numpy(copy=True)
        np.fill_diagonal(values, np.nan)
        frame = pd.DataFrame(values, index=frame.index, columns=frame.columns)
    unit = choice("compare.unit.", co.mode, lang, window=co.window) if co.mode in MODES else co.mode
    fig = heatmap(frame, title=title, value_name=unit, colorscale="Oranges")
    fig.update_xaxes(tickangle=-45, side="bottom")
    return fig


def attribute_label(name: str, lang: str = "sv") -> str:
    """Display name of a compared attribute (legend titles); free attributes keep their name."""
    return choice("compare.attribute.", name, lang) if name in ENUMS["compare.attribute."] else name


def _require_frame(frame: object) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"expected a DataFrame, got {type(frame).__name__}", field="frame")


def _layout(fig: go.Figure, title: str, *, rows: int) -> None:
    fig.update_layout(
        title={"text": title} if title else None, font=_FONT, template="plotly_white",
        height=max(MIN_HEIGHT, ROW_HEIGHT * rows + 160), margin={"l": 10, "r": 10, "t": 80, "b": 40},
    )
