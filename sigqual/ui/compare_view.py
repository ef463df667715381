"""From the choices on the Jämför page to frames, picked cells, quotes and chart files.

Streamlit-free so each step can be tested as a function: the page only draws widgets and
hands their values here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ..charts import IMAGE_FORMATS, MEDIA_TYPES, figure_html, figure_image
from ..codebook import FACTOR_KINDS, Codebook
from ..coding.document import turn_number
from ..compare import Comparison, documents_frame, filter_documents, segments_frame
from ..errors import InputError
from ..export import slug
from ..tables import filter_codings
from .lazy_files import LazyFile

# The coding page reads these query parameters: ?doc=<document id>&turn=<turn number>,
# the number the pages show (see sigqual.coding.document.turn_number).
KODA_PATH = "koda"
DOC_PARAM = "doc"
TURN_PARAM = "turn"
CHART_FORMATS: tuple[str, ...] = ("html", *IMAGE_FORMATS)
PICKER_NAME = "cell-picker"


def _restriction(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """A multiselect's value as a filter: nothing chosen means no restriction."""
    return tuple(str(v) for v in values) if values else None


@dataclass(frozen=True)
class CompareFilters:
    """Which documents and codings the comparison counts."""

    groups: tuple[str, ...] | None = None
    phases: tuple[str, ...] | None = None
    coders: tuple[str, ...] | None = None
    interview_types: tuple[str, ...] | None = None
    attributes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def make(cls, *, groups: Sequence[str] | None = None, phases: Sequence[str] | None = None,
             coders: Sequence[str] | None = None, interview_types: Sequence[str] | None = None,
             attributes: Mapping[str, Sequence[str]] | None = None) -> CompareFilters:
        """Build from widget values; empty selections mean "everything"."""
        chosen = {k: tuple(str(x) for x in v) for k, v in (attributes or {}).items() if v}
        return cls(groups=_restriction(groups), phases=_restriction(phases),
                   coders=_restriction(coders), interview_types=_restriction(interview_types),
                   attributes=chosen)


@dataclass(frozen=True)
class CompareData:
    """The filtered documents (the denominators) and the codings inside them."""

    documents: pd.DataFrame
    codings: pd.DataFrame


def select(codings: pd.DataFrame, documents: pd.DataFrame, filters: CompareFilters
           ) -> CompareData:
    """Apply the filters to documents and codings alike, so counts and shares agree."""
    docs = filter_documents(documents, groups=filters.groups, phases=filters.phases,
                            interview_types=filters.interview_types,
                            attributes=dict(filters.attributes) or None)
    chosen = filter_codings(codings, coders=filters.coders)
    chosen = chosen[chosen["document_id"].isin(set(docs["document_id"]))]
    return CompareData(documents=docs.reset_index(drop=True), codings=chosen)


def project_documents(store: Any, project_id: int) -> pd.DataFrame:
    return documents_frame(store.list_documents(project_id))


def project_segments(store: Any, project_id: int, document_ids: Iterable[int]) -> pd.DataFrame:
    """Speaker turns of the chosen documents, for co-occurrence within N turns."""
    wanted = set(document_ids)
    docs = [d for d in store.list_documents(project_id) if d.id in wanted]
    segments = [s for s in store.project_segments(project_id) if s.document_id in wanted]
    return segments_frame(segments, docs)


HEAT_VIEWS = ("codes", "themes")
HEAT_ORDERS = ("codebook", "difference")


def heatmap_rows(comparison: Comparison, *, view: str = "codes", search: str = "",
                 order: str = "codebook") -> Comparison:
    """The comparison narrowed for a readable heatmap when there are many codes.

    ``view="themes"`` keeps the theme rows only (with roll-up they count their codes);
    ``search`` keeps rows whose label contains it (any case); ``order="difference"``
    puts first the rows whose share differs most between the columns (largest minus
    smallest share), so what tells the groups apart is on top.
    """
    if view not in HEAT_VIEWS:
        raise InputError(f"unknown heatmap view '{view}'; choose one of {', '.join(HEAT_VIEWS)}",
                         field="view")
    if order not in HEAT_ORDERS:
        raise InputError(f"unknown order '{order}'; choose one of {', '.join(HEAT_ORDERS)}",
                         field="order")
    rows = comparison.rows
    if view == "themes":
        rows = rows[rows["kind"] == "theme"]
    needle = search.strip().casefold()
    if needle:
        rows = rows[rows["row_label"].astype(str).str.casefold().str.contains(needle, regex=False)]
    if order == "difference":
        wide = comparison.cells.pivot(index="code_id", columns="column", values="share")
        spread = (wide.max(axis=1) - wide.min(axis=1)).reindex(list(rows["code_id"])).fillna(0.0)
        rows = rows.assign(_spread=spread.to_numpy()).sort_values(
            "_spread", ascending=False, kind="stable").drop(columns="_spread")
    cells = comparison.cells[comparison.cells["code_id"].isin(set(rows["code_id"]))]
    return replace(comparison, rows=rows.reset_index(drop=True), cells=cells.reset_index(drop=True))


def cell_details(comparison: Comparison, template: str) -> list[list[str]]:
    """Hover text per heatmap cell (rows and columns as in ``comparison.table``).

    ``template`` is filled with ``docs`` (documents with the code), ``total`` (documents
    in the column) and ``segments`` (coded passages), so a share shows its counts.
    """
    by_cell = {(str(r.code_id), str(r.column)): (int(r.n_documents), int(r.n_segments))
               for r in comparison.cells.itertuples(index=False)}
    out = []
    for code in comparison.rows["code_id"]:
        line = []
        for column in comparison.columns:
            docs, segments = by_cell.get((str(code), str(column)), (0, 0))
            line.append(template.format(docs=docs, total=comparison.column_documents[column],
                                        segments=segments))
        out.append(line)
    return out


def with_cell_picker(fig: go.Figure, *, percent: bool,
                     details: Sequence[Sequence[str]] | None = None) -> go.Figure:
    """A copy of a heatmap with an invisible marker on every cell.

    Streamlit reports no selection for heatmap traces, but it does for markers: a click
    anywhere in a cell selects that cell's marker (the nearest one, as cells tile the
    plot), and the selected marker draws a frame around the cell.
    """
    out = go.Figure(fig)
    heat = next((t for t in out.data if t.type == "heatmap"), None)
    if heat is None:
        raise InputError("the figure has no heatmap to pick cells from", field="figure")
    xs, ys, values, texts = [], [], [], []
    for row, y in enumerate(heat.y):
        for column, x in enumerate(heat.x):
            value = heat.z[row][column]
            xs.append(x)
            ys.append(y)
            values.append(value)
            text = _value_text(value, percent)
            if details is not None:
                text = f"{text} ({details[row][column]})"
            texts.append(text)
    out.update_traces(hoverinfo="skip", hovertemplate=None, selector={"type": "heatmap"})
    out.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers", customdata=texts, showlegend=False, name="",
        marker={"symbol": "square-open", "size": 18, "color": "#222222", "opacity": 0,
                "line": {"width": 3}},
        selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": 0}},
        hovertemplate="%{y}<br>%{x}: %{customdata}<extra></extra>",
    ))
    out.update_layout(hovermode="closest", hoverdistance=-1, clickmode="event+select",
                      dragmode=False)
    # Fixed ranges: the markers must not make the axes pad around the cells.
    out.update_xaxes(autorange=False, range=[-0.5, len(heat.x) - 0.5])
    out.update_yaxes(autorange=False, range=[len(heat.y) - 0.5, -0.5])
    return out


def _value_text(value: object, percent: bool) -> str:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return "–"
    number = float(value)  # type: ignore[arg-type]
    return f"{number:.0%}" if percent else f"{number:.0f}"


def picked_cell(points: Sequence[Mapping[str, Any]], fig: go.Figure, comparison: Comparison
                ) -> tuple[str, str] | None:
    """(code id, column key) of the first point selected in a comparison chart, if any.

    Points on a bar chart name the column by their trace (one trace per column); points
    on the heatmap's picker carry both labels as x and y.
    """
    for point in points:
        row_label = point.get("y")
        number = point.get("curve_number")
        trace = fig.data[number] if isinstance(number, int) and 0 <= number < len(fig.data) else None
        if trace is not None and trace.type == "bar":
            column_label = trace.name
        else:
            column_label = point.get("x")
        if row_label is None or column_label is None:
            continue
        try:
            return comparison.locate(str(row_label), str(column_label))
        except InputError:
            continue
    return None


def selection_points(event: Any) -> list[dict[str, Any]]:
    """The points of a ``st.plotly_chart`` selection event (empty when nothing is picked)."""
    if not event:
        return []
    selection = event.get("selection") if isinstance(event, Mapping) else getattr(
        event, "selection", None)
    if not selection:
        return []
    points = selection.get("points") if isinstance(selection, Mapping) else getattr(
        selection, "points", None)
    return [dict(p) for p in points or []]


@dataclass(frozen=True)
class QuoteView:
    """One passage behind a cell, as the page lists it."""

    document_id: int
    document: str
    participant: str
    group: str
    speaker: str
    role: str
    turn: int | None
    text: str
    codes: str
    coders: str

    def link(self) -> dict[str, str]:
        """Query parameters that open the passage on the coding page."""
        return link_params(self.document_id, self.turn)


def link_params(document_id: int, turn: int | None) -> dict[str, str]:
    """``{"doc": "12", "turn": "4"}`` for the turn stored at index 3 (the link carries the
    number the pages show); the turn is left out for a passage spanning turns."""
    params = {DOC_PARAM: str(int(document_id))}
    if turn is not None:
        params[TURN_PARAM] = str(turn_number(turn))
    return params


def quote_views(quotes: pd.DataFrame, group_names: Mapping[str, str],
                code_labels: Mapping[str, str]) -> list[QuoteView]:
    """The rows of :func:`sigqual.compare.cell_quotes` with display names filled in."""
    views = []
    for row in quotes.to_dict("records"):
        codes = [c.strip() for c in str(row.get("code_ids") or "").split(",") if c.strip()]
        turn = row.get("segment_idx")
        views.append(QuoteView(
            document_id=int(row["document_id"]), document=_text(row.get("document")),
            participant=_text(row.get("participant")),
            group=group_names.get(_text(row.get("group")), _text(row.get("group"))),
            speaker=_text(row.get("speaker")), role=_text(row.get("role")),
            turn=None if turn is None or pd.isna(turn) else int(turn),
            text=_text(row.get("quote")),
            codes=", ".join(code_labels.get(c, c) for c in codes),
            coders=_text(row.get("coders")),
        ))
    return views


def _text(value: object) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def chart_files(fig: go.Figure, stem: str, *, title: str, images: bool) -> list[LazyFile]:
    """Interactive HTML always; PNG and SVG when ``images`` (a renderer exists here)."""
    # The page may go on changing its own figure, so the files keep a copy: a plain dict,
    # made into a figure again only when a file is asked for (copying a figure with its
    # template costs more than drawing it).
    frozen = fig.to_dict()
    name = slug(stem) or "diagram"
    files = [LazyFile("html", f"{name}.html", MEDIA_TYPES["html"],
                       lambda: figure_html(go.Figure(frozen), title=title))]
    if images:
        for fmt in IMAGE_FORMATS:
            files.append(LazyFile(fmt, f"{name}.{fmt}", MEDIA_TYPES[fmt],
                                   lambda f=fmt: figure_image(go.Figure(frozen), f)))
    return files


def theme_block(comparison: Comparison, theme_id: str | None) -> list[str]:
    """Code ids of one theme's block (the theme row and the codes below it)."""
    rows = comparison.rows
    if theme_id is None:
        return list(rows["code_id"])
    return list(rows.loc[rows["theme_id"] == theme_id, "code_id"])


def column_summary(comparison: Comparison) -> list[tuple[str, int]]:
    """(column label, number of documents) in column order: the denominators of shares."""
    return [(comparison.column_labels[c], comparison.column_documents[c])
            for c in comparison.columns]


CO_CHOICES = ("themes", "factors", "all")


def cooccurrence_codes(codebook: Codebook, present: Iterable[str], choice: str) -> list[str]:
    """The codes a co-occurrence matrix shows, in codebook order, among those in use.

    ``themes``, ``factors`` (success factors and development areas), ``all``, or
    ``theme:<id>`` for one theme and the codes below it: a matrix of every code is too
    large to read.
    """
    used = set(present)
    if choice == "themes":
        wanted = [c.id for c in codebook.codes if c.kind == "theme"]
    elif choice == "factors":
        wanted = [c.id for c in codebook.codes if c.kind in FACTOR_KINDS]
    elif choice == "all":
        wanted = [c.id for c in codebook.codes]
    elif choice.startswith("theme:") and codebook.get(choice[len("theme:"):]) is not None:
        theme = choice[len("theme:"):]
        wanted = [theme, *(c.id for c in codebook.descendants(theme))]
    else:
        raise InputError(msgid="error.ui.unknown_choice_codes_choose",
                         params={"choice": choice, "co_choices": ', '.join(CO_CHOICES)}, field="codes")
    return [c for c in wanted if c in used]
