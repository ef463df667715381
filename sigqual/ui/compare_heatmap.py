"""Jämför's heatmap for many codes and the quotes panel beside it.

A heatmap of 80 codes cannot be read, so it can show the themes alone, filter rows by
label and sort them by how much the columns differ; a click on a cell opens the cell's
first quotes in a panel beside the chart, where the user is looking.
"""

from __future__ import annotations

import streamlit as st

from ..codebook import Codebook
from ..compare import Comparison, cell_quotes
from ..errors import SigqualError
from . import analysis_cache, state
from .compare_view import HEAT_ORDERS, HEAT_VIEWS, CompareData, QuoteView, quote_views
from .i18n import t
from .kept import kept
from .markup import escape_markdown
from .widgets import show_error

PANEL_QUOTES = 5
# Above this many rows the heatmap opens on the themes alone.
MANY_ROWS = 60


def hover_template() -> str:
    """The hover text with its placeholders left in, for :func:`cell_details` to fill."""
    return t("jamfor.heat.hover", docs="{docs}", total="{total}", segments="{segments}")


def heat_controls(pid: int, n_rows: int) -> tuple[str, str, str]:
    """Theme rows only, a label filter and the order: a heatmap of 80 codes is unreadable.

    The heatmap's tab is drawn only while open, so each choice is kept for when it reopens.
    """
    c1, c2, c3 = st.columns([2, 2, 2], vertical_alignment="bottom")
    views = {"codes": t("jamfor.heat.view.codes"), "themes": t("jamfor.heat.view.themes")}
    view = c1.segmented_control(
        t("jamfor.heat.view"), list(HEAT_VIEWS), required=True,
        key=kept(f"jamfor-{pid}-heat-view", "themes" if n_rows > MANY_ROWS else "codes"),
        format_func=views.__getitem__, wrap=True)
    search = c2.text_input(t("jamfor.heat.search"), key=kept(f"jamfor-{pid}-heat-search"),
                           placeholder=t("jamfor.heat.search_placeholder"))
    orders = {"codebook": t("jamfor.heat.order.codebook"),
              "difference": t("jamfor.heat.order.difference")}
    order = c3.selectbox(t("jamfor.heat.order"), list(HEAT_ORDERS), key=kept(f"jamfor-{pid}-heat-order"),
                         format_func=orders.__getitem__, help=t("jamfor.heat.order_help"))
    return view or "codes", search or "", order or "codebook"


def cell_panel(pid: int, key: tuple, comparison: Comparison, data: CompareData, codebook: Codebook,
           rollup: bool) -> None:
    """The quotes of the picked cell, beside the heatmap where the click was made."""
    code_id = state.get(f"jamfor-{pid}-cell-code")
    column = state.get(f"jamfor-{pid}-cell-column")
    with st.container(border=True, key=f"jamfor-{pid}-panel"):
        if code_id not in set(comparison.rows["code_id"]) or column not in comparison.columns:
            st.caption(t("jamfor.panel.empty"))
            return
        views = shown_cell(key, comparison, data, codebook, rollup, code_id, column)
        if not views:
            return
        with st.container(height=420, border=False):
            for view in views[:PANEL_QUOTES]:
                st.markdown(escape_markdown(view.text))
                st.caption(" · ".join(escape_markdown(v) for v in (view.document, view.participant,
                                                                    view.group) if v))
        if len(views) > PANEL_QUOTES:
            st.caption(t("jamfor.panel.more", n=len(views) - PANEL_QUOTES))


def shown_cell(key: tuple, comparison: Comparison, data: CompareData, codebook: Codebook,
               rollup: bool, code_id: str, column: str) -> list[QuoteView]:
    """The cell's counts, then its passages; an error or "no quotes" is shown and gives []."""
    cell_summary(comparison, codebook, code_id, column)
    try:
        views = cell_views(key, comparison, data, codebook, rollup, code_id, column)
    except SigqualError as exc:
        show_error(exc)
        return []
    if not views:
        st.caption(t("jamfor.no_quotes"))
    return views


def cell_summary(comparison: Comparison, codebook: Codebook, code_id: str, column: str) -> None:
    counts = comparison.cells[(comparison.cells["code_id"] == code_id)
                              & (comparison.cells["column"] == column)]
    docs = int(counts["n_documents"].iloc[0]) if len(counts) else 0
    segments = int(counts["n_segments"].iloc[0]) if len(counts) else 0
    st.markdown(t("jamfor.cell_summary", code=escape_markdown(codebook.code(code_id).label),
                  column=escape_markdown(comparison.column_labels.get(column, column)),
                  docs=docs, segments=segments))


def cell_views(key: tuple, comparison: Comparison, data: CompareData, codebook: Codebook,
                rollup: bool, code_id: str, column: str) -> list[QuoteView]:
    """The passages behind one cell, built once per revision, selection and cell."""

    def build() -> list[QuoteView]:
        quotes = cell_quotes(data.codings, data.documents, codebook, code_id, column,
                             by=comparison.by, rollup=rollup)
        return quote_views(quotes, {g.key: g.name for g in codebook.groups},
                           {c.id: c.label for c in codebook.codes})

    return analysis_cache.derived((*key, "quotes", code_id, column), build)
