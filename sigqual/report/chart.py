"""The group comparison chart: success factors and development areas per group.

Drawn with Plotly and rendered to PNG by kaleido, which drives a local Chrome or
Chromium (never downloaded at run time). Where no browser is installed the report
falls back to a Word table with text bars, so it always has the comparison.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..charts import figure_image, grouped_bars
from ..codebook import PALETTE
from ..errors import ExportError
from ..i18n import bind, translate
from .content import NamedTable

CHART_MODES = ("auto", "image", "table", "none")
BAR = "█"
# Success factors green, development areas orange: the palette's own pair.
SERIES_COLOURS = (PALETTE[2], PALETTE[1])
WIDTH, HEIGHT = 1000, 520


def comparison_figure(counts: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal grouped bars: groups down, one bar per kind."""
    group_col, *series = list(counts.columns)
    long = counts.melt(id_vars=[group_col], value_vars=series, var_name="kind", value_name="n")
    fig = grouped_bars(long, category=group_col, series="kind", value="n",
                       colours=dict(zip(series, SERIES_COLOURS, strict=False)),
                       value_name=translate("report.number", lang))
    fig.update_layout(width=WIDTH, height=HEIGHT, legend={"title": {"text": ""}, "orientation": "h",
                                                          "yanchor": "bottom", "y": 1.02, "x": 0},
                      margin={"l": 10, "r": 20, "t": 40, "b": 40})
    fig.update_xaxes(dtick=1 if counts[series].to_numpy().max(initial=0) <= 12 else None)
    return fig


def chart_png(counts: pd.DataFrame, lang: str) -> bytes:
    """PNG bytes of the chart; :class:`ExportError` when no renderer works here."""
    return figure_image(comparison_figure(counts, lang), "png", width=WIDTH, height=HEIGHT, scale=2)


def chart_table(counts: pd.DataFrame, lang: str) -> NamedTable:
    """The same comparison as a table whose cells show a bar of blocks and the count."""
    group_col, *series = list(counts.columns)
    frame = counts.copy()
    for column in series:
        frame[column] = [f"{BAR * int(n)} {int(n)}" for n in counts[column]]
    tr = bind(lang)
    return NamedTable(tr("report.figure").rstrip("."), tr("report.chart_table"), frame[[group_col, *series]])


def render(counts: pd.DataFrame, lang: str, mode: str) -> bytes | NamedTable | None:
    """PNG bytes, the fallback table, or None, as ``mode`` asks."""
    if mode not in CHART_MODES:
        raise ExportError(msgid="error.report.unknown_chart_mode_choose",
                          params={"mode": repr(mode), "chart_modes": ', '.join(CHART_MODES)},
                          field="chart")
    if mode == "none" or counts.empty:
        return None
    if mode == "table":
        return chart_table(counts, lang)
    try:
        return chart_png(counts, lang)
    except ExportError:
        if mode == "image":
            raise
        return chart_table(counts, lang)
