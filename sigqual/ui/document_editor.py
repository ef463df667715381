"""Projekt › Dokument in edit mode: the document attributes as an editable grid.

Kept out of the page module because the grid needs pandas, pyarrow and the grid's
front-end code, which the read-only overview (what the first page shows) does not:
this module is imported only when the user switches editing on.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..codebook import Codebook
from ..errors import SigqualError
from ..models import DOCUMENT_FIELDS, INTERVIEW_TYPES, Document, Project
from ..store import Store
from . import access, state
from .documents import (
    EDITOR_HELD,
    NAME_COLUMN,
    VERSION_COLUMN,
    apply_saved,
    attribute_label,
    check_attribute_name,
    diff_documents,
    documents_frame,
    free_attribute_keys,
    free_column,
    save_document_edits,
)
from .i18n import labeller, t
from .markup import escape_markdown
from .widgets import show_error, show_errors

SNAPSHOT = "project.editor_snapshot"
NEW_ATTRIBUTES = "project.new_attributes"
# The grid's unsaved edits, kept while the grid is not drawn (another tab, the list view):
# {"key": the grid's widget key, "base": the frame it was drawn from, "edited": its latest frame}
HELD = EDITOR_HELD


def group_name(codebook: Codebook, key: str) -> str:
    """The group's display name; unknown keys stay visible as they are."""
    try:
        return codebook.group(key).name
    except SigqualError:
        return key


def _snapshot(project: Project, documents: list[Document]) -> pd.DataFrame:
    """The frame the editor shows, kept until saved so a stale version is detected."""
    extra = state.get(NEW_ATTRIBUTES, {}).get(project.id, [])
    current = {d.id for d in documents}
    snap = state.get(SNAPSHOT)
    keys = free_attribute_keys(documents, extra)
    wanted = [NAME_COLUMN, *DOCUMENT_FIELDS, *(free_column(k) for k in keys), VERSION_COLUMN]
    if (snap is None or snap["project"] != project.id or set(snap["frame"].index) != current
            or list(snap["frame"].columns) != wanted):
        snap = {"project": project.id, "frame": documents_frame(documents, keys)}
        state.put(SNAPSHOT, snap)
        state.reset("doc-editor")
    return snap["frame"]


def refresh_snapshot() -> None:
    """Forget the shown versions and any unsaved edit: the next edit starts from what is stored."""
    state.drop(SNAPSHOT)
    state.drop(HELD)
    state.reset("doc-editor")


def unsaved() -> int:
    """How many documents have edits in the grid that are not saved yet."""
    held, snap = state.get(HELD), state.get(SNAPSHOT)
    if held is None or snap is None or held["edited"].equals(snap["frame"]):
        return 0  # the common case, checked at once; the diff looks at every cell
    return len(diff_documents(snap["frame"], held["edited"]))


def _grid_data(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """What to draw the grid from: the stored values, or the edits made before it was closed.

    Streamlit forgets a grid's edits once a run does not draw it (the user looked at
    another tab, or at the list), and they cannot be handed back as widget state. So the
    grid is drawn again from the frame it last returned; the saved versions stay in the
    snapshot, so saving still detects someone else's change.
    """
    held = state.get(HELD)
    if held is None or held["key"] != key:
        held = {"key": key, "base": frame, "edited": frame}
    elif key not in st.session_state:  # drawn before, then not: start from its last edits
        held = {**held, "base": held["edited"]}
    state.put(HELD, held)
    return held["base"]


def edit_documents(store: Store, project: Project, documents: list[Document],
                   codebook: Codebook) -> None:
    """The editable grid with Spara / Läs in på nytt and a new attribute column."""
    frame = _snapshot(project, documents)
    st.caption(t("docs.help"))
    group_options = sorted(set(codebook.group_keys) | {g for g in frame["group_key"] if g})
    config = {
        NAME_COLUMN: st.column_config.TextColumn(t("docs.col.name"), required=True, width="medium",
                                                 pinned=True),
        "group_key": st.column_config.SelectboxColumn(
            t("common.group"), options=group_options,
            format_func=lambda k: group_name(codebook, k)),
        "phase": st.column_config.TextColumn(t("docs.col.phase"), max_chars=20),
        "interview_date": st.column_config.TextColumn(
            t("docs.col.date"), validate=r"^(\d{4}-\d{2}-\d{2})?$", help=t("docs.date_help")),
        "interview_type": st.column_config.SelectboxColumn(
            t("docs.col.type"), options=list(INTERVIEW_TYPES),
            format_func=labeller("type.", INTERVIEW_TYPES)),
        "participant": st.column_config.TextColumn(t("docs.col.participant"), width="medium"),
    }
    for column in frame.columns:
        if column.startswith("attr:"):
            config[column] = st.column_config.TextColumn(attribute_label(column[len("attr:"):]))
    shown = [c for c in frame.columns if c != VERSION_COLUMN]
    key = state.versioned_key("doc-editor")
    edited = st.data_editor(_grid_data(frame, key), column_config=config, column_order=shown,
                            hide_index=True, num_rows="fixed", key=key)
    state.put(HELD, {**state.get(HELD), "edited": edited})
    with st.container(horizontal=True):
        save = st.button(t("docs.save"), type="primary", icon=":material/save:", key="docs-save",
                         wrap=True)
        reload = st.button(t("docs.reload"), icon=":material/refresh:", key="docs-reload", wrap=True)
        _new_attribute(project, documents)
    if save:
        _save(store, frame, edited)
    if reload:
        refresh_snapshot()
        st.rerun()


def _save(store: Store, frame: pd.DataFrame, edited: pd.DataFrame) -> None:
    edits = diff_documents(frame, edited)
    if not edits:
        st.info(t("docs.no_changes"))
        return
    result = save_document_edits(access.session(store=store), edits)
    if result.conflicts:
        st.warning(t("docs.conflicts", n=len(result.conflicts)), icon=":material/sync_problem:")
        show_errors(result.conflicts)
    show_errors(result.errors)
    saved = t("docs.saved", names=", ".join(result.saved_names))
    if result.conflicts or result.errors:
        # Keep the user's other edits on screen; Reload fetches the newer versions.
        if result.saved:
            st.success(escape_markdown(saved))
            snap = state.get(SNAPSHOT)
            state.put(SNAPSHOT, {**snap, "frame": apply_saved(snap["frame"], result.saved)})
        return
    state.flash("success", saved)
    refresh_snapshot()
    st.rerun()


def _new_attribute(project: Project, documents: list[Document]) -> None:
    with st.popover(t("docs.add_attribute"), icon=":material/add_column_right:", wrap=True):
        with st.form("new-attribute", clear_on_submit=True):
            name = st.text_input(t("docs.attribute_name"), help=t("docs.attribute_help"))
            added = st.form_submit_button(t("docs.attribute_add"), wrap=True)
        if added:
            extra: dict[int, list[str]] = dict(state.get(NEW_ATTRIBUTES, {}))
            current = extra.get(project.id, [])
            try:
                checked = check_attribute_name(name, free_attribute_keys(documents, current))
            except SigqualError as exc:
                show_error(exc)
                return
            extra[project.id] = [*current, checked]
            state.put(NEW_ATTRIBUTES, extra)
            st.rerun()
