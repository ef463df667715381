"""Figures 3a-j (incidents per month for each youth) and Figure 4 (meeting participants).

Pure builders: frames in, Plotly figures out. Start and end of the intervention are
drawn as vertical lines, so "before" and "after" can be read off each timeline.
"""

from __future__ import annotations

import math
import string

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..i18n import ByLanguage
from . import tables as T
from . import vocabulary as vocab

TYPE_COLOURS = {
    vocab.POLICE: "#1f4e79", vocab.CONCERN: "#e08a2c", vocab.CONVICTION: "#a32a2a",
    vocab.WAIVED: "#7b5ea7", vocab.PLACEMENT: "#4f7f3a",
}
_HOVER = "%{x|%Y-%m}: %{y}<extra>%{fullData.name}</extra>"
_OTHER = ("#6c757d", "#17becf", "#bcbd22", "#8c564b")
WORDS = ByLanguage({
    "month": "outcomes.figures.words.month",
    "count": "outcomes.figures.words.count",
    "start": "outcomes.figures.words.start",
    "end": "outcomes.figures.words.end",
    "fig3": "outcomes.figures.words.fig3",
    "meeting": "outcomes.figures.words.meeting",
    "fig4": "outcomes.figures.words.fig4",
    "participants": "outcomes.figures.words.participants",
    "mean": "outcomes.figures.words.mean",
})


def figure_letter(position: int) -> str:
    """3a, 3b, ... 3z, 3aa: the report numbers the per-youth figures by letter."""
    letters = string.ascii_lowercase
    return letters[position] if position < 26 else letters[position // 26 - 1] + letters[position % 26]


def monthly_counts(events: pd.DataFrame, case: str) -> pd.DataFrame:
    """Events of one case per calendar month and type (months as first days)."""
    rows = events[events["case"] == case]
    if rows.empty:
        return pd.DataFrame(columns=["month", "type", "count"])
    months = pd.to_datetime(rows["date"]).dt.to_period("M").dt.to_timestamp()
    counted = rows.assign(month=months).groupby(["month", "type"]).size().rename("count").reset_index()
    return counted


def _colour(kind: str, others: dict[str, str]) -> str:
    if kind in TYPE_COLOURS:
        return TYPE_COLOURS[kind]
    return others.setdefault(kind, _OTHER[len(others) % len(_OTHER)])


def _case_row(cases: pd.DataFrame, case: str) -> pd.Series:
    found = cases[cases["case"] == case]
    if found.empty:
        raise KeyError(case)
    return found.iloc[0]


def _add_timeline(fig: go.Figure, cases: pd.DataFrame, events: pd.DataFrame, case: str, lang: str, *,
                  row: int | None = None, col: int | None = None, legend: bool = True,
                  others: dict[str, str] | None = None) -> list[dict]:
    """The case's bars; its start and end lines drawn alone, or returned as shapes in a grid."""
    words = WORDS.get(lang, WORDS["sv"])
    others = {} if others is None else others
    counted = monthly_counts(events, case)
    where = {"row": row, "col": col} if row is not None else {}
    for kind in list(dict.fromkeys(counted["type"])):
        part = counted[counted["type"] == kind]
        fig.add_trace(go.Bar(x=part["month"], y=part["count"], name=vocab.type_label(kind, lang),
                             marker_color=_colour(kind, others), legendgroup=kind,
                             showlegend=legend, hovertemplate=_HOVER),
                      **where)
    info = _case_row(cases, case)
    marks = [(name, pd.Timestamp(info.get(name)).timestamp() * 1000, colour, dash)
             for name, colour, dash in (("start", "#198754", "solid"), ("end", "#dc3545", "dash"))
             if info.get(name) is not None and not pd.isna(info.get(name))]
    if row is None:
        for name, x, colour, dash in marks:
            fig.add_vline(x=x, line_color=colour, line_dash=dash, annotation_text=words[name])
        return []
    # In a grid, lines are returned as shapes for the caller to add at once: Plotly's
    # add_vline re-checks every panel of the grid on each call.
    axes = fig.get_subplot(row, col)
    xref = axes.xaxis.plotly_name.replace("axis", "")
    yref = axes.yaxis.plotly_name.replace("axis", "")
    return [{"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "xref": xref, "yref": f"{yref} domain",
             "line": {"color": colour, "dash": dash}} for _name, x, colour, dash in marks]


def timeline_figure(cases: pd.DataFrame, events: pd.DataFrame, case: str, *, lang: str = "sv",
                    letter: str | None = None) -> go.Figure:
    """One youth's events per month, stacked by type, with start and end marked."""
    words = WORDS.get(lang, WORDS["sv"])
    if letter is None:
        letter = figure_letter(list(cases["case"]).index(case))
    fig = go.Figure()
    _add_timeline(fig, cases, events, case, lang)
    fig.update_layout(barmode="stack", title=words["fig3"].format(letter=letter, case=case),
                      xaxis_title=words["month"], yaxis_title=words["count"], template="plotly_white",
                      height=360, margin={"l": 50, "r": 20, "t": 60, "b": 40})
    fig.update_yaxes(dtick=1, rangemode="tozero")
    return fig


def timeline_grid(cases: pd.DataFrame, events: pd.DataFrame, *, lang: str = "sv", columns: int = 2
                  ) -> go.Figure:
    """Figures 3a-j as small multiples on one shared time axis."""
    keys = list(cases["case"])
    rows = max(1, math.ceil(len(keys) / columns))
    titles = [f"3{figure_letter(i)}. {k}" for i, k in enumerate(keys)]
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles, shared_xaxes=True,
                        vertical_spacing=min(0.08, 0.5 / rows))
    seen: set[str] = set()
    others: dict[str, str] = {}
    lines: list[dict] = []
    for i, case in enumerate(keys):
        present = set(events.loc[events["case"] == case, "type"])
        lines += _add_timeline(fig, cases, events, case, lang, row=i // columns + 1, col=i % columns + 1,
                               legend=False, others=others)
        seen |= present
    fig.update_layout(shapes=list(fig.layout.shapes) + lines)
    for trace in fig.data:  # one legend entry per type
        if trace.legendgroup in seen:
            trace.showlegend = True
            seen.discard(trace.legendgroup)
    fig.update_layout(barmode="stack", template="plotly_white", height=max(300, 210 * rows),
                      margin={"l": 40, "r": 20, "t": 50, "b": 30})
    fig.update_yaxes(rangemode="tozero")
    return fig


def meetings_figure(attendance: pd.DataFrame, *, lang: str = "sv") -> go.Figure:
    """Figure 4: professionals per meeting for each youth, with the overall mean marked."""
    words = WORDS.get(lang, WORDS["sv"])
    table = T.meetings(attendance)
    fig = go.Figure()
    for n in sorted(set(table["meeting"])):
        part = table[table["meeting"] == n]
        fig.add_trace(go.Bar(x=part["case"], y=part["participants"], name=words["meeting"].format(n=n),
                             hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>"))
    stats = T.Stat.of(table["participants"])
    if stats.mean is not None:
        fig.add_hline(y=stats.mean, line_dash="dot", line_color="#333",
                      annotation_text=words["mean"].format(mean=stats.mean))
    fig.update_layout(barmode="group", title=words["fig4"], yaxis_title=words["participants"],
                      template="plotly_white", height=420, margin={"l": 50, "r": 20, "t": 60, "b": 40})
    return fig
