"""*Projekt*: create or open a project, import transcripts, edit the document list,
read a document's speaker turns, delete a document."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from ...app import create_demo, create_project
from ...codebook import Codebook
from ...demo import DEMO_NAME
from ...errors import SigqualError
from ...importing import ImportedFile, ImportReport
from ...models import DOCUMENT_FIELDS, INTERVIEW_TYPES, Document, Project
from ...store import Store
from .. import access, state
from ..documents import (
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
from ..i18n import choice, labeller, localise, t
from ..markup import escape_markdown
from ..resources import get_store
from ..uploads import (
    MANIFEST_TYPES,
    UPLOAD_TYPES,
    CodebookChoice,
    codebook_choices,
    import_uploads,
    read_codebook_choice,
)
from ..widgets import current_project, show_error, show_errors, show_flashes

_SNAPSHOT = "project.editor_snapshot"
_NEW_ATTRIBUTES = "project.new_attributes"
_PENDING_DELETE = "project.pending_delete"
_FOUND = "project.preamble_found"  # [(document id, name, attributes found)] of the last import
TURNS_PER_PAGE = 40


def render() -> None:
    """The Projekt page."""
    store = get_store()
    st.title(t("project.title"))
    show_flashes()
    project = current_project(store) if store.list_projects() else None
    if project is None:
        _start_section(store)
        return
    st.subheader(escape_markdown(project.name))
    docs_tab, turns_tab, import_tab, new_tab = st.tabs(
        [t("project.tab.documents"), t("project.tab.turns"), t("project.tab.import"),
         t("project.tab.new")])
    # The import runs first so the document list below already shows what it added.
    with import_tab:
        _import_section(store, project)
        _preamble_offer(store, project)
    documents = store.list_documents(project.id)
    with docs_tab:
        _documents_section(store, project, documents)
    with turns_tab:
        _turns_section(store, documents)
    with new_tab:
        _start_section(store)


# -- create / open -------------------------------------------------------------

def _start_section(store: Store) -> None:
    """Create a project (bundled or uploaded codebook) or the sample project."""
    if not access.may_create_projects(store):
        st.info(access.denial("server"), icon=":material/lock:")
        return
    if store.find_project(DEMO_NAME) is None:
        st.markdown(t("project.demo.intro"))
        if st.button(t("project.demo.button"), icon=":material/auto_awesome:", key="make-demo", wrap=True):
            try:
                with st.spinner(t("project.demo.building")):
                    pid = create_demo(store, access.actor())
            except SigqualError as exc:
                show_error(exc)
            else:
                state.set_project(pid)
                state.flash("success", t("project.demo.done", name=DEMO_NAME))
                st.rerun()
    st.markdown(f"#### {t('project.new.heading')}")
    choices = codebook_choices()
    choice_labels = {c.key: t(c.label_key, name=c.name) for c in choices}
    with st.form("new-project"):
        name = st.text_input(t("project.new.name"), max_chars=120)
        choice = st.selectbox(t("project.new.codebook"), choices,
                              format_func=lambda c: choice_labels[c.key])
        upload = st.file_uploader(t("project.new.upload"), type=["yaml", "yml"],
                                  key=state.versioned_key("new-codebook"),
                                  help=t("project.new.upload_help"))
        submitted = st.form_submit_button(t("project.new.create"), type="primary", wrap=True)
    if submitted:
        _create_project(store, name, choice, upload)


def _create_project(store: Store, name: str, choice: CodebookChoice,
                    upload: UploadedFile | None) -> None:
    if not name.strip():
        st.error(t("project.new.need_name"))
        return
    try:
        data = (upload.name, upload.getvalue()) if upload is not None else None
        codebook: Codebook = read_codebook_choice(choice, data)
        # whoever creates a project administers it (granted in the same transaction)
        pid = create_project(store, access.actor(), name, codebook).pid
    except SigqualError as exc:
        show_error(exc)
        return
    state.set_project(pid)
    state.reset("new-codebook")
    state.flash("success", t("project.new.created", name=name.strip()))
    st.rerun()


# -- import --------------------------------------------------------------------

def _import_section(store: Store, project: Project) -> None:
    if not access.require("import", project.id, stop=False):
        return
    codebook = store.codebook(project.id)
    files = st.file_uploader(
        t("import.files"), type=list(UPLOAD_TYPES), accept_multiple_files=True,
        key=state.versioned_key("import-files"), help=t("import.files_help"))
    with st.expander(t("import.options"), expanded=False):
        manifest = st.file_uploader(t("import.manifest"), type=list(MANIFEST_TYPES),
                                    key=state.versioned_key("import-manifest"),
                                    help=t("import.manifest_help"))
        pattern = st.text_input(t("import.pattern"), key="import-pattern",
                                placeholder="{group}-{phase}-{participant}",
                                help=t("import.pattern_help"))
        none = t("common.none")
        groups = {"": none, **{g.key: f"{g.name} ({g.key})" for g in codebook.groups}}
        left, middle, right = st.columns(3)
        group = left.selectbox(t("import.group"), list(groups), key="import-group",
                               format_func=lambda k: groups.get(k, k))
        phase = middle.selectbox(t("import.phase"), ["", "1", "2"], key="import-phase",
                                 format_func=lambda p: p or none, accept_new_options=True)
        kind = right.selectbox(t("import.type"), ["", *INTERVIEW_TYPES], key="import-type",
                               format_func=labeller("type.", INTERVIEW_TYPES, empty="common.none"))
    if not st.button(t("import.button"), type="primary", disabled=not files,
                     icon=":material/upload_file:", key="import-run", wrap=True):
        return
    uploads = [(f.name, f.getvalue()) for f in files or []]
    manifest_data = (manifest.name, manifest.getvalue()) if manifest is not None else None
    defaults = {k: v for k, v in (("group", group), ("phase", phase), ("interview_type", kind))
                if v}
    bar = st.progress(0.0, text=t("import.reading"))
    report = import_uploads(
        access.session(project.id, store), uploads, manifest=manifest_data, pattern=pattern or None,
        defaults=defaults,
        progress=lambda share, name: bar.progress(
            min(share, 1.0), text=t("import.stored", name=escape_markdown(name))))
    # The bar only told how far the reading got; the outcome is said in words below.
    bar.empty()
    _import_result(report)
    if report.imported:
        state.reset("import-files")
        state.reset("import-manifest")
    found = [(f.document_id, f.name, f.found) for f in report.files if f.found]
    if found:
        state.put(_FOUND, found)
    else:
        state.drop(_FOUND)


def _import_result(report: ImportReport) -> None:
    """How many files went in and how many failed, then each file's turns and speakers."""
    done, failed = len(report.imported), report.failed
    total = done + failed
    if done and not failed:
        st.success(t("import.result.all", n=done, total=total))
    elif done:
        st.warning(t("import.result.some", n=done, total=total, failed=failed))
    elif failed:
        st.error(t("import.result.none", total=total, failed=failed))
    else:
        st.warning(t("import.nothing"))
    if report.files:
        st.dataframe(import_table(report.files), hide_index=True)
    if report.errors:
        st.error(t("import.error_count", n=len(report.errors)))
        show_errors(report.errors)
    if report.warnings:
        st.warning(t("import.warning_count", n=len(report.warnings)) + "\n\n"
                   + "\n".join(f"- {escape_markdown(localise(w))}" for w in report.warnings))


def import_table(files: list[ImportedFile]) -> pd.DataFrame:
    """One row per imported file: turns, speakers and the interviewer/respondent split."""
    return pd.DataFrame(
        [[f.name, f.turns, f.speakers, f.interviewer_turns, f.respondent_turns,
          f.turns - f.interviewer_turns - f.respondent_turns] for f in files],
        columns=[t("import.document"), t("import.col.turns"), t("import.col.speakers"),
                 t("import.col.interviewer"), t("import.col.respondent"), t("import.col.no_role")])


def _found_text(found: dict[str, str]) -> str:
    """``Datum 2014-05-12 · Intervjutyp Fokusgrupp`` for one file's preamble findings."""
    names = {"interview_date": t("docs.col.date"), "interview_type": t("docs.col.type"),
             "participant": t("docs.col.participant")}
    values = {k: choice("type.", v) if k == "interview_type" else v for k, v in found.items()}
    return " · ".join(f"{names.get(k, k)}: {v}" for k, v in values.items())


def _preamble_offer(store: Store, project: Project) -> None:
    """Offer the attributes found in the transcripts' preambles; fill only empty fields."""
    found = state.get(_FOUND)
    if not found:
        return
    st.markdown(f"#### {t('import.preamble.title')}")
    st.caption(t("import.preamble.help"))
    with st.form("import-preamble"):
        chosen = [doc_id for doc_id, name, values in found
                  if st.checkbox(escape_markdown(f"{name} — {_found_text(values)}"), value=True,
                                 key=f"import-preamble-{doc_id}", wrap=True)]
        left, right = st.columns(2)
        take = left.form_submit_button(t("import.preamble.fill"), type="primary", wrap=True)
        skip = right.form_submit_button(t("import.preamble.skip"), wrap=True)
    if not (take or skip):
        return
    state.drop(_FOUND)
    if skip:
        st.rerun()
    session = access.session(project.id, store)
    filled = 0
    try:
        for doc_id, _, values in found:
            if doc_id in chosen and session.fill_empty_attributes(doc_id, values):
                filled += 1
    except SigqualError as exc:
        show_error(exc)
        return
    state.flash("success", t("import.preamble.done", n=filled))
    st.rerun()


def _group_name(codebook: Codebook, key: str) -> str:
    """The group's display name in the editor; unknown keys stay visible as they are."""
    try:
        return codebook.group(key).name
    except SigqualError:
        return key


# -- document list -------------------------------------------------------------

def _snapshot(project: Project, documents: list[Document]) -> pd.DataFrame:
    """The frame the editor shows, kept until saved so a stale version is detected."""
    extra = state.get(_NEW_ATTRIBUTES, {}).get(project.id, [])
    current = {d.id for d in documents}
    snap = state.get(_SNAPSHOT)
    keys = free_attribute_keys(documents, extra)
    wanted = [NAME_COLUMN, *DOCUMENT_FIELDS, *(free_column(k) for k in keys), VERSION_COLUMN]
    if (snap is None or snap["project"] != project.id or set(snap["frame"].index) != current
            or list(snap["frame"].columns) != wanted):
        snap = {"project": project.id, "frame": documents_frame(documents, keys)}
        state.put(_SNAPSHOT, snap)
        state.reset("doc-editor")
    return snap["frame"]


def _refresh_snapshot() -> None:
    state.drop(_SNAPSHOT)
    state.reset("doc-editor")


def _documents_section(store: Store, project: Project, documents: list[Document]) -> None:
    if not documents:
        st.info(t("docs.empty"))
        return
    codebook = store.codebook(project.id)
    frame = _snapshot(project, documents)
    st.caption(t("docs.help"))
    group_options = sorted(set(codebook.group_keys) | {g for g in frame["group_key"] if g})
    config = {
        NAME_COLUMN: st.column_config.TextColumn(t("docs.col.name"), required=True, width="medium"),
        "group_key": st.column_config.SelectboxColumn(
            t("common.group"), options=group_options,
            format_func=lambda k: _group_name(codebook, k)),
        "phase": st.column_config.TextColumn(t("docs.col.phase"), max_chars=20),
        "interview_date": st.column_config.TextColumn(
            t("docs.col.date"), validate=r"^(\d{4}-\d{2}-\d{2})?$", help=t("docs.date_help")),
        "interview_type": st.column_config.SelectboxColumn(
            t("docs.col.type"), options=list(INTERVIEW_TYPES),
            format_func=labeller("type.", INTERVIEW_TYPES)),
        "participant": st.column_config.TextColumn(t("docs.col.participant")),
    }
    for column in frame.columns:
        if column.startswith("attr:"):
            config[column] = st.column_config.TextColumn(attribute_label(column[len("attr:"):]))
    shown = [c for c in frame.columns if c != VERSION_COLUMN]
    editable = access.allowed("import", project.id)
    edited = st.data_editor(frame, column_config=config, column_order=shown, hide_index=True,
                            num_rows="fixed", key=state.versioned_key("doc-editor"),
                            disabled=not editable)
    with st.container(horizontal=True):
        save = st.button(t("docs.save"), type="primary", icon=":material/save:", key="docs-save",
                         disabled=not editable, wrap=True)
        reload = st.button(t("docs.reload"), icon=":material/refresh:", key="docs-reload", wrap=True)
    if save:
        _save(store, frame, edited)
    if reload:
        _refresh_snapshot()
        st.rerun()
    if editable:
        _new_attribute(project, documents)
    _delete_section(store, documents)


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
            snap = state.get(_SNAPSHOT)
            state.put(_SNAPSHOT, {**snap, "frame": apply_saved(snap["frame"], result.saved)})
        return
    state.flash("success", saved)
    _refresh_snapshot()
    st.rerun()


def _new_attribute(project: Project, documents: list[Document]) -> None:
    with st.popover(t("docs.add_attribute"), icon=":material/add_column_right:", wrap=True):
        with st.form("new-attribute", clear_on_submit=True):
            name = st.text_input(t("docs.attribute_name"), help=t("docs.attribute_help"))
            added = st.form_submit_button(t("docs.attribute_add"), wrap=True)
        if added:
            extra: dict[int, list[str]] = dict(state.get(_NEW_ATTRIBUTES, {}))
            current = extra.get(project.id, [])
            try:
                checked = check_attribute_name(name, free_attribute_keys(documents, current))
            except SigqualError as exc:
                show_error(exc)
                return
            extra[project.id] = [*current, checked]
            state.put(_NEW_ATTRIBUTES, extra)
            st.rerun()


def _delete_section(store: Store, documents: list[Document]) -> None:
    if not access.allowed("settings", documents[0].project_id):
        return
    names = {d.id: d.name for d in documents}
    with st.expander(t("docs.delete.heading"), icon=":material/delete:"):
        doc_id = st.selectbox(t("docs.delete.which"), list(names), key="docs-delete-doc",
                              format_func=names.__getitem__)
        pending = state.get(_PENDING_DELETE)
        if pending != doc_id:
            if st.button(t("docs.delete.button"), key="docs-delete", wrap=True):
                state.put(_PENDING_DELETE, doc_id)
                st.rerun()
            return
        codings = len(store.list_codings(documents[0].project_id, document_id=doc_id))
        st.warning(t("docs.delete.confirm", name=escape_markdown(names[doc_id]), n=codings))
        with st.container(horizontal=True):
            yes = st.button(t("docs.delete.yes"), type="primary", key="docs-delete-yes", wrap=True)
            no = st.button(t("docs.delete.no"), key="docs-delete-no", wrap=True)
        if yes:
            state.drop(_PENDING_DELETE)
            try:
                removed = access.session(documents[0].project_id, store).delete_document(doc_id)
            except SigqualError as exc:
                show_error(exc)
                return
            _refresh_snapshot()
            state.flash("success", t("docs.delete.done", name=names[doc_id], n=removed))
            st.rerun()
        if no:
            state.drop(_PENDING_DELETE)
            st.rerun()


# -- speaker turns ---------------------------------------------------------------

def _turns_section(store: Store, documents: list[Document]) -> None:
    if not documents:
        st.info(t("docs.empty"))
        return
    names = {d.id: d.name for d in documents}
    doc_id = st.selectbox(t("turns.document"), list(names), key="turns-doc",
                          format_func=names.__getitem__)
    document = store.get_document(doc_id)
    segments = store.segments(doc_id)
    hide = st.toggle(t("turns.hide_interviewer"), key="turns-hide", wrap=True)
    shown = [s for s in segments if not (hide and s.is_interviewer)]
    interviewer = sum(s.is_interviewer for s in segments)
    st.caption(t("turns.summary", n=len(segments), interviewer=interviewer,
                 respondent=len(segments) - interviewer))
    if not shown:
        st.info(t("turns.none"))
        return
    pages = max(1, -(-len(shown) // TURNS_PER_PAGE))
    page = st.pagination(pages, key=f"turns-page-{doc_id}-{hide}") if pages > 1 else 1
    for segment in shown[(page - 1) * TURNS_PER_PAGE: page * TURNS_PER_PAGE]:
        text = document.text[segment.start:segment.end]
        speaker = segment.speaker or t("turns.unknown_speaker")
        role = choice("role.", segment.role)
        stamp = f" · {escape_markdown(segment.timestamp)}" if segment.timestamp else ""
        avatar = ":material/mic:" if segment.is_interviewer else ":material/person:"
        header = f"**{escape_markdown(speaker)}** · {escape_markdown(role)}{stamp}"
        with st.chat_message("interviewer" if segment.is_interviewer else "respondent",
                             avatar=avatar):
            if segment.is_interviewer:
                # Smaller, grey text: the interviewer's questions stay readable but recede.
                st.caption(f"{header}  \n{escape_markdown(text)}")
            else:
                st.markdown(header)
                st.markdown(escape_markdown(text))
