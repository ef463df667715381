"""*Tabeller*: Tables 3, 4a-4e, 5a and 5b with filters, shown and downloadable in
every export format, all together or one by one."""

from __future__ import annotations

import streamlit as st

from ...codebook import Codebook
from ...errors import SigqualError
from ...models import DOCUMENT_FIELDS, Project
from ...store import Store
from ...tables import Table, TableOptions, available_tables, table4_key
from .. import access, analysis_cache, state
from ..documents import attribute_label
from ..downloads import TABLE_FORMATS, format_name, tables_download_on_demand
from ..i18n import describe_error, labeller, t
from ..markup import escape_markdown
from ..resources import get_store
from ..tables_view import TableChoice, make_tables, phases_in
from ..widgets import blind, blind_notice, current_project, download_button, show_error, show_flashes

FILTER_WIDTH = 260  # pixels: a filter box shows a chosen coder's or group's whole name


def render() -> None:
    """The Tabeller page."""
    store = get_store()
    st.title(t("tables.title"))
    show_flashes()
    project = current_project(store)
    if project is None:
        return
    # Tables and their files are cached on the store's revision, the viewer and the
    # choices: a rerun without a write or a new choice rebuilds and hashes nothing.
    rev = analysis_cache.revision()
    codebook = analysis_cache.codebook(rev, project.id)
    blind_notice(project)
    viewer = analysis_cache.Viewer.of(blind(project), state.coder())
    choice = _choices(store, project, codebook, rev, viewer)
    key = (rev, project.id, viewer, repr(choice), project.name)
    try:
        # While the project is coded blind, the tables count only the user's own codings.
        tables = analysis_cache.derived(
            (*key, "tables"),
            lambda: make_tables(analysis_cache.project_base(rev, project.id, viewer).codings,
                                codebook, project.settings, choice))
    except SigqualError as exc:
        show_error(exc)
        return
    if not tables:
        st.info(t("tables.none_chosen"))
        return
    _download_all(key, tables, project.name)
    fmt = st.segmented_control(t("tables.one_format"), list(TABLE_FORMATS), default="docx",
                               required=True, key="tables-one-format", format_func=format_name, wrap=True)
    for table in tables:
        _show_table(key, table, fmt or "docx", project.name)


def _table_names(codebook: Codebook) -> dict[str, str]:
    names = {"3": t("tables.name.3"), "5a": t("tables.name.5a"), "5b": t("tables.name.5b")}
    for group in codebook.groups:
        key = table4_key(codebook, group.key)
        names[key] = t("tables.name.4", key=key, group=group.name)
    return names


def _choices(store: Store, project: Project, codebook: Codebook, rev: analysis_cache.Revision,
             viewer: analysis_cache.Viewer) -> TableChoice:
    """The selection and filter widgets; keys carry the project id so that switching
    projects never offers values that belong to another project."""
    pid = project.id
    saved = TableOptions.from_settings(project.settings)
    keys = available_tables(codebook)
    names = _table_names(codebook)
    chosen = st.pills(t("tables.which"), keys, selection_mode="multi", default=keys,
                      key=f"tables-{pid}-keys", format_func=lambda k: names.get(k, k),
                      help=t("tables.which_help"), wrap=True)
    values = analysis_cache.project_base(rev, pid, viewer).attribute_values
    phases = phases_in(values)
    group_names = {g.key: g.name for g in codebook.groups}
    with st.expander(t("tables.filters"), expanded=False, icon=":material/filter_alt:"):
        st.caption(t("tables.filters_help"))
        every = t("common.all")  # an empty filter takes everything
        # Boxes of one width in a row that wraps, so a chosen value is never squeezed.
        row = st.container(horizontal=True)
        width = FILTER_WIDTH
        phases3 = row.multiselect(t("tables.phases3"), phases, key=f"tables-{pid}-p3", placeholder=every,
                                  default=_known(saved.table3_phases, phases), width=width)
        phases4 = row.multiselect(t("tables.phases4"), phases, key=f"tables-{pid}-p4", placeholder=every,
                                  default=_known(saved.table4_phases, phases), width=width)
        phases5 = row.multiselect(t("tables.phases5"), phases, key=f"tables-{pid}-p5", placeholder=every,
                                  default=_known(saved.summary_phases, phases), width=width)
        groups = row.multiselect(t("tables.groups"), list(group_names), key=f"tables-{pid}-groups",
                                 placeholder=every, format_func=lambda k: group_names.get(k, k),
                                 width=width)
        known = analysis_cache.derived((rev, pid, "coders"), lambda: tuple(store.list_coders(pid)))
        known = list(known)
        # A blind coder's tables hold their own codings whatever coders the project saved.
        coders = row.multiselect(t("tables.coders"), known, key=f"tables-{pid}-coders", placeholder=every,
                                 default=[] if blind(project) else _known(saved.coders, known), width=width)
        types = row.multiselect(t("tables.types"), values.get("interview_type", []),
                                key=f"tables-{pid}-types", placeholder=every, width=width,
                                format_func=labeller("type.", values.get("interview_type", [])))
        free = [k for k in values if k not in DOCUMENT_FIELDS]
        attributes: dict[str, list[str]] = {}
        for name in free:
            attributes[name] = row.multiselect(attribute_label(name), values[name], width=width,
                                               key=f"tables-{pid}-a-{name}", placeholder=every)
    c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
    min_segments = c1.number_input(t("tables.min_segments"), min_value=1, step=1,
                                   value=max(1, int(saved.min_segments)), key=f"tables-{pid}-min",
                                   help=t("tables.min_segments_help"))
    lang = c2.selectbox(t("tables.lang"), ["sv", "en"], key=f"tables-{pid}-lang",
                        index=1 if saved.lang == "en" else 0,
                        format_func=labeller("lang.", ["sv", "en"]))
    evidence = c3.toggle(t("tables.evidence"), value=saved.evidence, key=f"tables-{pid}-evidence",
                         help=t("tables.evidence_help"), wrap=True)
    choice = TableChoice.make(
        keys=chosen, phases3=phases3, phases4=phases4, phases5=phases5, groups=groups,
        coders=coders, interview_types=types, attributes=attributes,
        min_segments=int(min_segments), evidence=evidence, lang=lang)
    if st.button(t("tables.save_defaults"), icon=":material/bookmark:", key="tables-save",
                 help=t("tables.save_defaults_help"), disabled=not access.allowed("settings", pid),
                 wrap=True):
        try:
            access.session(pid, store).set_table_defaults(
                {**project.settings.get("tables", {}), **choice.settings()})
        except SigqualError as exc:
            show_error(exc)
        else:
            st.success(t("tables.saved_defaults"))
    return choice


def _known(wanted: tuple[str, ...] | None, options: list[str]) -> list[str]:
    return [p for p in wanted or () if p in options]


def _download_all(cache_key: tuple, tables: list[Table], project_name: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('tables.download_all', n=len(tables))}**")
        with st.container(horizontal=True):
            for fmt in TABLE_FORMATS:
                _button(cache_key, tables, fmt, project_name, format_name(fmt),
                        key=f"tables-all-{fmt}")


def _button(cache_key: tuple, tables: list[Table], fmt: str, project_name: str, label: str,
            key: str) -> None:
    """A button whose file is written when it is pressed, from the cached tables."""
    try:
        download = tables_download_on_demand(tables, fmt, project_name=project_name)
    except SigqualError as exc:
        st.caption(escape_markdown(describe_error(exc)))
        return
    download_button(download, label, key=key)


def _show_table(cache_key: tuple, table: Table, fmt: str, project_name: str) -> None:
    st.divider()
    st.markdown(f"**{escape_markdown(table.caption)}**")
    if table.frame.empty:
        st.caption(t("tables.empty_table"))
    else:
        # A plain table, not the data grid: the grid cuts long labels at its column
        # widths, while this one wraps them and scrolls sideways when it is too wide.
        st.table(table.frame, hide_index=True)
    for note in table.notes:
        st.caption(escape_markdown(note))
    _button(cache_key, [table], fmt, project_name, t("tables.download_one", table=table.title,
                                          fmt=format_name(fmt)), key=f"tables-one-{table.key}")
