"""*Jämför*: codes (under their themes) against interview groups or any document attribute,
as a table, a heatmap and bars; every cell traced to its quotes; code co-occurrence; chart
downloads; and the exemplifying quotes of chosen factors as a Word file."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ...charts import (
    attribute_label,
    comparison_bars,
    comparison_heatmap,
    cooccurrence_heatmap,
    image_export_problem,
)
from ...codebook import KINDS, Codebook
from ...compare import (
    METRICS,
    MODES,
    Comparison,
    CoOccurrence,
    comparison_matrix,
    cooccurrence,
    known_attributes,
    metric_label,
)
from ...compare.quotes import factor_quotes, quotes_docx, quotes_file_name
from ...errors import SigqualError
from ...export import FORMATS
from ...models import DOCUMENT_FIELDS, Project
from .. import analysis_cache, state
from ..compare_heatmap import cell_panel, heat_controls, hover_template, shown_cell
from ..compare_view import (
    KODA_PATH,
    CompareData,
    CompareFilters,
    QuoteView,
    cell_details,
    chart_files,
    column_summary,
    cooccurrence_codes,
    heatmap_rows,
    picked_cell,
    selection_points,
    theme_block,
    with_cell_picker,
)
from ..downloads import Download
from ..grid_text import grid_layout, text_grid
from ..i18n import choice, labeller, t
from ..kept import kept
from ..lazy_files import lazy_download_button
from ..markup import escape_markdown
from ..resources import get_store
from ..tables_view import phases_in
from ..turn_label import turn_label
from ..widgets import blind, blind_notice, current_project, download_button, show_error, show_flashes

# Quotes drawn per page below the picked cell: each is a box with its link, and drawing
# them is most of a rerun's cost, so a long cell is read a page at a time.
QUOTES_PER_PAGE = 10
_ALL_THEMES = "__all__"


def render() -> None:
    """The Jämför page."""
    store = get_store()
    st.title(t("jamfor.title"))
    st.caption(t("jamfor.intro"))
    show_flashes()
    project = current_project(store)
    if project is None:
        return
    pid = project.id
    # Everything below is cached on the store's revision: a rerun without a write
    # recomputes nothing, and a filter change recomputes only what depends on it.
    rev = analysis_cache.revision()
    codebook = analysis_cache.codebook(rev, pid)
    viewer = analysis_cache.Viewer.of(blind(project), state.coder())
    try:
        base = analysis_cache.project_base(rev, pid, viewer)
    except SigqualError as exc:
        show_error(exc)
        return
    blind_notice(project)
    if base.documents.empty:
        st.info(t("jamfor.no_documents"))
        return
    filters = _filters(pid, codebook, base)
    fkey = analysis_cache.filters_key(filters)
    data = analysis_cache.selection(rev, pid, viewer, fkey, filters)
    if data.documents.empty:
        st.warning(t("jamfor.no_match"))
        return
    lang = state.lang()
    # The attributes to compare by, once per revision rather than from every document.
    names = analysis_cache.derived((rev, pid, viewer, "attributes"),
                                   lambda: tuple(known_attributes(base.documents)))
    by, metric, kinds, rollup = _controls(pid, list(names), lang)
    key = (rev, pid, viewer, fkey, by, tuple(kinds), rollup, lang)
    try:
        comparison = analysis_cache.derived(
            (*key, "comparison"),
            lambda: comparison_matrix(data.codings, data.documents, codebook, by=by, kinds=kinds,
                                      rollup=rollup, lang=lang))
    except SigqualError as exc:
        show_error(exc)
        return
    if comparison.rows.empty:
        st.info(t("jamfor.no_codings"))
        return
    st.caption(t("jamfor.columns_docs", columns=escape_markdown(", ".join(
        f"{label} {n}" for label, n in column_summary(comparison)))))
    _default_cell(pid, comparison)
    _views(pid, key, comparison, data, codebook, metric, lang, rollup)
    _cell(pid, key, comparison, data, codebook, rollup)
    st.divider()
    _cooccurrence(pid, (rev, pid, viewer, fkey), data, codebook, lang)
    st.divider()
    _quotes_export(project, codebook, data, filters)


# -- choices ---------------------------------------------------------------------

def _filters(pid: int, codebook: Codebook, base: analysis_cache.ProjectBase) -> CompareFilters:
    values = base.attribute_values
    group_names = {g.key: g.name for g in codebook.groups}
    groups = [g for g in group_names if g in values.get("group_key", [])]
    groups += [g for g in values.get("group_key", []) if g not in group_names]
    coders = base.coders
    types = values.get("interview_type", [])
    with st.expander(t("jamfor.filters"), icon=":material/filter_alt:"):
        st.caption(t("jamfor.filters_help"))
        c1, c2, c3, c4 = st.columns(4)
        every = t("common.all")
        phases = c1.multiselect(t("jamfor.phases"), phases_in(values), key=kept(f"jamfor-{pid}-phases"),
                                placeholder=every)
        chosen_groups = c2.multiselect(t("jamfor.groups"), groups, key=kept(f"jamfor-{pid}-groups"),
                                       format_func=lambda k: group_names.get(k, k),
                                       placeholder=every)
        chosen_coders = c3.multiselect(t("jamfor.coders"), coders, key=kept(f"jamfor-{pid}-coders"),
                                       placeholder=every)
        chosen_types = c4.multiselect(t("jamfor.types"), types, key=kept(f"jamfor-{pid}-types"),
                                      format_func=labeller("type.", types), placeholder=every)
        free = [k for k in values if k not in DOCUMENT_FIELDS]
        attributes: dict[str, list[str]] = {}
        if free:
            columns = st.columns(4)
            for i, name in enumerate(free):
                attributes[name] = columns[i % 4].multiselect(name, values[name],
                                                              key=kept(f"jamfor-{pid}-a-{name}"),
                                                              placeholder=every)
    return CompareFilters.make(groups=chosen_groups, phases=phases, coders=chosen_coders,
                               interview_types=chosen_types, attributes=attributes)


def _controls(pid: int, names: list[str], lang: str) -> tuple[str, str, list[str], bool]:
    c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
    by = c1.selectbox(t("jamfor.by"), names, key=kept(f"jamfor-{pid}-by"), help=t("jamfor.by_help"),
                      format_func=lambda n: attribute_label(n, lang))
    labels = {m: metric_label(m, lang) for m in METRICS}
    # Shares by default: groups differ in size, so raw counts mislead (counts show on hover).
    metric = c2.segmented_control(t("jamfor.metric"), list(METRICS), required=True,
                                  key=kept(f"jamfor-{pid}-metric", "share"),
                                  format_func=labels.__getitem__, wrap=True)
    c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
    kind_names = {k: choice("kind.", k) for k in KINDS}
    kinds = c1.pills(t("jamfor.kinds"), list(KINDS), selection_mode="multi",
                     key=kept(f"jamfor-{pid}-kinds", list(KINDS)),
                     format_func=kind_names.__getitem__, wrap=True)
    rollup = c2.toggle(t("jamfor.rollup"), key=kept(f"jamfor-{pid}-rollup", True),
                       help=t("jamfor.rollup_help"), wrap=True)
    return by or "group", metric or "share", list(kinds or KINDS), bool(rollup)


# -- table and charts --------------------------------------------------------------

def _views(pid: int, key: tuple, comparison: Comparison, data: CompareData, codebook: Codebook,
           metric: str, lang: str, rollup: bool) -> None:
    # Only the open tab is drawn (the others when they are opened): building the heatmap
    # and the bars for every filter change was most of its cost at a thousand interviews.
    table_tab, heat_tab, bars_tab = st.tabs(
        [t("jamfor.tab.table"), t("jamfor.tab.heatmap"), t("jamfor.tab.bars")],
        key=kept(f"jamfor-{pid}-views"), on_change="rerun")
    title = t("jamfor.chart_title", metric=metric_label(metric, lang),
              by=attribute_label(comparison.by, lang).lower())
    with table_tab:
        if table_tab.open:
            _table(pid, key, comparison, metric)
    with heat_tab:
        if heat_tab.open:
            _heatmap(pid, key, comparison, data, codebook, metric, lang, rollup, title)
    with bars_tab:
        if bars_tab.open:
            _bars(pid, key, comparison, codebook, metric, lang, title)


def _table(pid: int, key: tuple, comparison: Comparison, metric: str) -> None:
    def build() -> pd.DataFrame:
        frame = comparison.table(metric)
        frame.index.name = t("jamfor.cell_code")
        return frame

    frame = analysis_cache.derived((*key, "table", metric), build)
    layout = analysis_cache.derived((*key, "table-layout", metric),
                                    lambda: grid_layout(frame, [], index=True))
    config = {c: st.column_config.NumberColumn(format="percent") for c in frame.columns} \
        if metric == "share" else None
    # The code labels are the (pinned) index; long ones wrap instead of being cut.
    text_grid(frame, columns=[], index=True, column_config=config, key=f"jamfor-{pid}-table",
              fit_height=560, layout=layout)


def _heatmap(pid: int, key: tuple, comparison: Comparison, data: CompareData, codebook: Codebook,
             metric: str, lang: str, rollup: bool, title: str) -> None:
    st.caption(t("jamfor.heatmap_help"))
    view, search, order = heat_controls(pid, len(comparison.rows))
    shown = analysis_cache.derived(
        (*key, "heatmap-rows", view, search, order),
        lambda: heatmap_rows(comparison, view=view, search=search, order=order))
    if shown.rows.empty:
        st.info(t("jamfor.heat.no_rows"))
    else:
        heat_key = (*key, "heatmap", metric, title, view, search, order)
        fig = analysis_cache.derived(
            heat_key, lambda: comparison_heatmap(shown, metric, title=title, lang=lang))
        picker = analysis_cache.derived(
            (*heat_key, "picker"),
            lambda: with_cell_picker(fig, percent=metric == "share",
                                     details=cell_details(shown, hover_template())))
        chart_column, panel_column = st.columns([3, 2])
        with chart_column:
            event = st.plotly_chart(picker,
                                    key=f"jamfor-{pid}-heat", on_select="rerun",
                                    selection_mode="points", config={"displaylogo": False})
            _take_pick(pid, "heat", event, comparison)
            _chart_downloads(fig, f"jamfor-{comparison.by}-{metric}-heatmap", title,
                             key=f"jamfor-{pid}-heat")
        with panel_column:
            cell_panel(pid, key, comparison, data, codebook, rollup)


def _bars(pid: int, key: tuple, comparison: Comparison, codebook: Codebook, metric: str, lang: str,
          title: str) -> None:
    themes = _themes(comparison)
    theme = st.selectbox(t("jamfor.bars_theme"), list(themes), key=kept(f"jamfor-{pid}-bars-theme"),
                         format_func=themes.__getitem__)
    st.caption(t("jamfor.bars_help"))
    codes = theme_block(comparison, None if theme == _ALL_THEMES else theme)
    bars = analysis_cache.derived(
        (*key, "bars", metric, title, tuple(codes)),
        lambda: comparison_bars(comparison, metric, codebook=codebook, codes=codes,
                                title=title, lang=lang))
    event = st.plotly_chart(bars, key=f"jamfor-{pid}-bars", on_select="rerun",
                            selection_mode="points", config={"displaylogo": False})
    _take_pick(pid, "bars", event, comparison, bars)
    _chart_downloads(bars, f"jamfor-{comparison.by}-{metric}-bars", title,
                     key=f"jamfor-{pid}-bars")


def _themes(comparison: Comparison) -> dict[str, str]:
    rows = comparison.rows.dropna(subset=["theme_id"]).drop_duplicates("theme_id")
    themes = {str(r.theme_id): str(r.theme_label) for r in rows.itertuples(index=False)}
    return {**themes, _ALL_THEMES: t("jamfor.all_themes")}


def _take_pick(pid: int, chart: str, event: object, comparison: Comparison,
               fig: go.Figure | None = None) -> None:
    """A new click in a chart moves the cell picker below to that cell.

    Only a selection that changed since the last run counts, so choosing another cell in
    the picker is not undone by a click made earlier.
    """
    points = selection_points(event)
    seen_key = f"jamfor-{pid}-seen-{chart}"
    fingerprint = json.dumps(points, sort_keys=True, default=str)
    if state.get(seen_key) == fingerprint:
        return
    state.put(seen_key, fingerprint)
    if not points:
        return
    reference = fig if fig is not None else go.Figure()
    cell = picked_cell(points, reference, comparison)
    if cell is not None:
        state.put(f"jamfor-{pid}-cell-code", cell[0])
        state.put(f"jamfor-{pid}-cell-column", cell[1])


def _chart_downloads(fig: go.Figure, stem: str, title: str, key: str) -> None:
    """The chart's files; the list (with its frozen copy of the figure) is made once per
    cached figure, since copying a figure costs more than drawing the page."""
    problem = image_export_problem()
    files = analysis_cache.derived(
        ("chart-files", id(fig), stem, title, problem is None),
        lambda: (fig, chart_files(fig, stem, title=title, images=problem is None)))[1]
    labels = {"html": t("jamfor.fmt.html"), "png": t("jamfor.fmt.png"), "svg": t("jamfor.fmt.svg")}
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(t("jamfor.download"))
        for item in files:
            lazy_download_button(item, labels[item.fmt], key=f"{key}-{item.fmt}")
    if problem is not None:
        st.caption(t("jamfor.no_images", reason=escape_markdown(problem)))


# -- quotes behind a cell -------------------------------------------------------------

def _cell(pid: int, key: tuple, comparison: Comparison, data: CompareData, codebook: Codebook,
          rollup: bool) -> None:
    st.subheader(t("jamfor.cell"))
    rows = list(comparison.rows["code_id"])
    labels = dict(zip(comparison.rows["code_id"], comparison.rows["row_label"], strict=True))
    code_key, column_key = f"jamfor-{pid}-cell-code", f"jamfor-{pid}-cell-column"
    if state.get(code_key) not in rows:
        state.put(code_key, _first_filled(comparison))
    if state.get(column_key) not in comparison.columns:
        state.put(column_key, comparison.columns[0])
    c1, c2 = st.columns([3, 2])
    code_id = c1.selectbox(t("jamfor.cell_code"), rows, key=code_key,
                           format_func=lambda c: labels.get(c, c))
    column = c2.selectbox(t("jamfor.cell_column"), list(comparison.columns), key=column_key,
                          format_func=lambda c: comparison.column_labels.get(c, c))
    views = shown_cell(key, comparison, data, codebook, rollup, code_id, column)
    if not views:
        return
    pages = -(-len(views) // QUOTES_PER_PAGE)
    page = 1
    if pages > 1:
        # A new cell opens on its first page: the key names the cell.
        page = st.pagination(pages, key=f"jamfor-{pid}-quotes-page-{code_id}-{column}")
        first = (page - 1) * QUOTES_PER_PAGE + 1
        st.caption(t("jamfor.shown_of", shown=f"{first}–{min(page * QUOTES_PER_PAGE, len(views))}",
                     total=len(views)))
    link = _koda_page()
    start = (page - 1) * QUOTES_PER_PAGE
    for i, view in enumerate(views[start:start + QUOTES_PER_PAGE]):
        _quote(view, i, link)


def _default_cell(pid: int, comparison: Comparison) -> None:
    """Open on a cell with quotes, so the panel beside the heatmap is never empty at first.

    A cell picked before the page last stopped short of drawing its pickers is kept."""
    code_key, column_key = f"jamfor-{pid}-cell-code", f"jamfor-{pid}-cell-column"
    state.keep(code_key)
    state.keep(column_key)
    if state.get(code_key) not in set(comparison.rows["code_id"]):
        state.put(code_key, _first_filled(comparison))
    if state.get(column_key) not in comparison.columns:
        state.put(column_key, comparison.columns[0])


def _first_filled(comparison: Comparison) -> str:
    """The first row with any passage, so the page opens on a cell that has quotes."""
    filled = comparison.cells.loc[comparison.cells["n_segments"] > 0, "code_id"]
    return str(filled.iloc[0]) if len(filled) else str(comparison.rows["code_id"].iloc[0])


def _quote(view: QuoteView, index: int, page: st.Page | None) -> None:
    with st.container(border=True, key=f"jamfor-quote-{index}"):
        parts = [f"**{escape_markdown(view.document)}**"]
        for value in (view.participant, view.group):
            if value:
                parts.append(escape_markdown(value))
        speaker = view.speaker or "?"
        role = choice("role.", view.role) if view.role in ("interviewer", "respondent", "unknown") \
            else view.role
        parts.append(f"{escape_markdown(speaker)} ({escape_markdown(role)})")
        if view.turn is not None:
            parts.append(turn_label(view.turn))
        st.markdown(" · ".join(parts))
        st.markdown(escape_markdown(view.text))
        st.caption(t("jamfor.codes_on", codes=escape_markdown(view.codes),
                     coders=escape_markdown(view.coders)))
        _koda_link(view, page)


def _koda_page() -> st.Page | None:
    """The coding page the quotes link into, once that page is in the menu."""
    from .. import navigation  # the menu imports this module, so look it up at call time

    spec = next((s for s in navigation.PAGES if s.path == KODA_PATH), None)
    if spec is None:
        return None
    return st.Page(spec.render, title=t(spec.title_key), icon=spec.icon, url_path=spec.path)


def _koda_link(view: QuoteView, page: st.Page | None) -> None:
    """A link into the coding page with ?doc=&turn=, or where the passage is."""
    if page is None:
        st.caption(t("jamfor.where", doc=view.document_id,
                     turn=turn_label(view.turn) if view.turn is not None else "–"))
        return
    st.page_link(page, label=t("jamfor.open_koda"), icon=":material/edit_note:",
                 query_params=view.link())


# -- co-occurrence -------------------------------------------------------------------

def _cooccurrence(pid: int, key: tuple, data: CompareData, codebook: Codebook,
                  lang: str) -> None:
    st.subheader(t("jamfor.co.title"))
    st.caption(t("jamfor.co.intro"))
    choices = {"themes": t("jamfor.co.codes.themes"), "factors": t("jamfor.co.codes.factors"),
               "all": t("jamfor.co.codes.all")}
    choices.update({f"theme:{c.id}": t("jamfor.co.codes.theme", theme=c.label)
                    for c in codebook.codes if c.kind == "theme"})
    c1, c2 = st.columns([2, 3], vertical_alignment="bottom")
    which = c1.selectbox(t("jamfor.co.codes"), list(choices), key=kept(f"jamfor-{pid}-co-codes"),
                         format_func=choices.__getitem__)
    mode_names = {"segment": t("jamfor.co.mode.segment"), "turns": t("jamfor.co.mode.turns"),
                  "overlap": t("jamfor.co.mode.overlap")}
    mode_names = {m: mode_names.get(m, m) for m in MODES}
    mode = c2.segmented_control(t("jamfor.co.mode"), list(MODES), required=True,
                                key=kept(f"jamfor-{pid}-co-mode", "segment"),
                                format_func=mode_names.__getitem__, wrap=True) or "segment"
    c1, c2 = st.columns([1, 4], vertical_alignment="bottom")
    window = int(c1.number_input(t("jamfor.co.window"), min_value=0, max_value=50, step=1,
                                 key=kept(f"jamfor-{pid}-co-window", 1),
                                 disabled=mode != "turns"))
    diagonal = c2.toggle(t("jamfor.co.diagonal"), key=kept(f"jamfor-{pid}-co-diagonal", False),
                         wrap=True)
    # The codes in use, once per selection: reading them from 20,000 codings each rerun
    # cost more than drawing the matrix.
    present = analysis_cache.derived((*key, "codes-present"),
                                     lambda: frozenset(str(c) for c in
                                                       data.codings["code_id"].unique()))
    try:
        codes = cooccurrence_codes(codebook, present, which or "themes")
    except SigqualError as exc:
        show_error(exc)
        return
    if len(codes) < 2:
        st.info(t("jamfor.co.none"))
        return
    def build() -> CoOccurrence:
        everything = analysis_cache.project_segments(key[0], pid)
        segments = everything[everything["document_id"].isin(set(data.documents["document_id"]))]
        return cooccurrence(data.codings, codebook, mode=mode, window=window, codes=codes,
                            segments=segments)

    try:
        co = analysis_cache.derived((*key, "cooccurrence", mode, window, tuple(codes)), build)
    except SigqualError as exc:
        show_error(exc)
        return
    if co.skipped:
        st.caption(t("jamfor.co.skipped", n=co.skipped))
    # Like the comparison's tabs, only the open one is drawn; which one is open is kept.
    chart_tab, matrix_tab, pairs_tab = st.tabs(
        [t("jamfor.co.tab.chart"), t("jamfor.co.tab.matrix"), t("jamfor.co.tab.pairs")],
        key=kept(f"jamfor-{pid}-co-views"), on_change="rerun")
    title = f"{t('jamfor.co.title')}: {mode_names[mode]}" + (f" (N = {window})"
                                                           if mode == "turns" else "")
    with chart_tab:
        if chart_tab.open:
            fig = analysis_cache.derived(
                (*key, "cooccurrence-chart", mode, window, tuple(codes), title, diagonal, lang),
                lambda: cooccurrence_heatmap(co, title=title, show_diagonal=diagonal, lang=lang))
            st.plotly_chart(fig, key=f"jamfor-{pid}-co-chart", config={"displaylogo": False})
            _chart_downloads(fig, f"jamfor-samforekomst-{mode}", title, key=f"jamfor-{pid}-co")
    with matrix_tab:
        if matrix_tab.open:
            text_grid(co.labelled(), columns=[], index=True, key=f"jamfor-{pid}-co-matrix")
    with pairs_tab:
        if pairs_tab.open:
            _pairs(pid, co)


def _pairs(pid: int, co: CoOccurrence) -> None:
    """The pairs, most frequent first; the two code labels wrap instead of being cut."""
    pairs = co.pairs()
    a, b = t("jamfor.co.col.a"), t("jamfor.co.col.b")
    shown = pd.DataFrame({a: pairs["label_a"], b: pairs["label_b"],
                          t("jamfor.co.col.n"): pairs["count"]})
    text_grid(shown, columns=[a, b], pinned=[a], hide_index=True, key=f"jamfor-{pid}-co-pairs")


# -- quotes for the report ----------------------------------------------------------

def _quotes_export(project: Project, codebook: Codebook, data: CompareData,
                   filters: CompareFilters) -> None:
    pid = project.id
    st.subheader(t("jamfor.q.title"))
    st.caption(t("jamfor.q.intro"))
    factors = [c for c in codebook.codes if c.kind in ("success_factor", "development_area")]
    others = [c for c in codebook.codes if c.kind not in ("success_factor", "development_area")]
    labels = {c.id: _factor_label(codebook, c.id) for c in codebook.codes}
    group_names = {g.key: g.name for g in codebook.groups}
    c1, c2 = st.columns([3, 2])
    chosen = c1.multiselect(t("jamfor.q.codes"), [c.id for c in factors + others],
                            key=kept(f"jamfor-{pid}-q-codes"), format_func=labels.__getitem__,
                            placeholder=t("jamfor.q.codes_placeholder"))
    groups = c2.multiselect(t("jamfor.q.groups"), list(group_names), key=kept(f"jamfor-{pid}-q-groups"),
                            format_func=lambda k: group_names.get(k, k),
                            placeholder=t("common.all"))
    c1, c2 = st.columns([1, 3], vertical_alignment="bottom")
    every = c2.toggle(t("jamfor.q.all"), key=kept(f"jamfor-{pid}-q-all", False), wrap=True)
    per_factor = c1.number_input(t("jamfor.q.per_factor"), min_value=1, max_value=50, step=1,
                                 key=kept(f"jamfor-{pid}-q-n", 3), disabled=every)
    if not chosen:
        st.caption(t("jamfor.q.pick"))
        return
    try:
        blocks = factor_quotes(data.codings, codebook, chosen, groups=groups or None,
                               per_factor=None if every else int(per_factor))
        data_bytes = quotes_docx(blocks, title=t("jamfor.q.title_doc", project=project.name),
                                 lang=state.lang(), notes=_selection_note(filters, codebook))
    except SigqualError as exc:
        show_error(exc)
        return
    download = Download("docx", data_bytes, quotes_file_name(project.name), FORMATS["docx"].media_type)
    download_button(download, t("jamfor.q.download"), key=f"jamfor-{pid}-q-docx")


def _factor_label(codebook: Codebook, code_id: str) -> str:
    code = codebook.code(code_id)
    theme = codebook.theme_of(code_id)
    kind = choice("kind.", code.kind)
    if theme is not None and theme.id != code.id:
        return f"{code.label} ({kind}, {theme.label})"
    return f"{code.label} ({kind})"


def _selection_note(filters: CompareFilters, codebook: Codebook) -> list[str]:
    """The filters in force, written into the file so a reader knows what it draws on."""
    group_names = {g.key: g.name for g in codebook.groups}
    parts = []
    if filters.phases:
        parts.append(f"{t('jamfor.phases')}: {', '.join(filters.phases)}")
    if filters.groups:
        parts.append(f"{t('jamfor.groups')}: "
                     + ", ".join(group_names.get(g, g) for g in filters.groups))
    if filters.coders:
        parts.append(f"{t('jamfor.coders')}: {', '.join(filters.coders)}")
    if filters.interview_types:
        parts.append(f"{t('jamfor.types')}: "
                     + ", ".join(choice("type.", v) if v in ("individual", "focus_group", "phone")
                                 else v for v in filters.interview_types))
    for name, values in filters.attributes.items():
        parts.append(f"{name}: {', '.join(values)}")
    return [t("jamfor.q.note", what="; ".join(parts))] if parts else []
