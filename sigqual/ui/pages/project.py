"""*Projekt*: create or open a project, import transcripts, edit the document list,
read a document's speaker turns, delete a document."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from ...app import create_demo, create_project
from ...codebook import Codebook
from ...demo import DEMO_NAME
from ...errors import SigqualError
from ...models import INTERVIEW_TYPES, Document, Project
from ...store import Store
from .. import access, analysis_cache, state
from ..documents import EDITOR_HELD, attribute_label, free_attribute_keys, matches, overview_rows
from ..i18n import choice, labeller, localise, t
from ..markup import escape_markdown, html_table
from ..resources import get_store
from ..widgets import current_project, show_error, show_errors, show_flashes

if TYPE_CHECKING:
    import pandas as pd

    from ...importing import ImportedFile, ImportReport
    from ..uploads import CodebookChoice

TABS_KEY = "project-tabs"
_EDITING = "project.editing"
_FILTER = "docs-filter"
_PENDING_DELETE = "project.pending_delete"
_FOUND = "project.preamble_found"  # [(document id, name, attributes found)] of the last import
TURNS_PER_PAGE = 40
DOCUMENTS_PER_PAGE = 50


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
    # Only the open tab is drawn: the first page shows the document list and nothing else,
    # so it paints without the upload, grid and chat code the other tabs need.
    docs_tab, turns_tab, import_tab, new_tab = st.tabs(
        [t("project.tab.documents"), t("project.tab.turns"), t("project.tab.import"),
         t("project.tab.new")], key=TABS_KEY, on_change="rerun")
    if docs_tab.open:
        with docs_tab:
            _documents_section(store, project)
    if turns_tab.open:
        with turns_tab:
            _turns_section(store, project)
    if import_tab.open:
        with import_tab:
            _import_section(store, project)
            _preamble_offer(store, project)
    if new_tab.open:
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
    from ..uploads import codebook_choices  # the transcript readers load with this tab only

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
    from ..uploads import read_codebook_choice

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
    # The transcript readers (and their decoders) load with this tab, not with the first page.
    from ..uploads import MANIFEST_TYPES, UPLOAD_TYPES, import_uploads

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
    import pandas as pd

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


# -- document list -------------------------------------------------------------

def _documents(store: Store, project_id: int) -> list[Document]:
    """The project's documents, read once per store revision: with a thousand interviews
    reading them (texts included) was half of every rerun of this page."""
    return analysis_cache.derived((analysis_cache.revision(), project_id, "documents"),
                                  lambda: store.list_documents(project_id))


def _documents_section(store: Store, project: Project) -> None:
    """The documents as a paged, filterable list; the editable grid only in edit mode."""
    documents = _documents(store, project.id)
    if not documents:
        st.info(t("docs.empty"))
        return
    codebook = analysis_cache.codebook(analysis_cache.revision(), project.id)
    editing = False
    if access.allowed("import", project.id):
        editing = bool(state.get(_EDITING))
        # A button, not a toggle: the first page then needs no widget code beyond the core.
        label, icon = ((t("docs.view"), ":material/view_list:") if editing
                       else (t("docs.edit"), ":material/edit:"))
        st.button(label, key="docs-edit", icon=icon, help=t("docs.edit_help"), on_click=state.put,
                  args=(_EDITING, not editing), wrap=True)
    if not editing:
        if state.get(EDITOR_HELD) is not None:  # the grid was open, so pandas is loaded
            from ..document_editor import unsaved

            if n := unsaved():
                st.warning(t("docs.unsaved", n=n), icon=":material/edit_note:")
        _document_overview(store, project, documents, codebook)
        return
    from ..document_editor import edit_documents

    edit_documents(store, project, documents, codebook)
    # Removing a document is managing the list, like editing it: not on the first paint.
    _delete_section(store, documents)


def _document_overview(store: Store, project: Project, documents: list[Document],
                       codebook: Codebook) -> None:
    """Every document's attributes, turns and codings, readable at any width."""
    counts = analysis_cache.derived((analysis_cache.revision(), project.id, "document-counts"),
                                    lambda: store.document_counts(project.id))
    st.caption(t("docs.summary", n=len(documents), turns=sum(n for n, _ in counts.values()),
                 codings=sum(n for _, n in counts.values())))
    names = {g.key: g.name for g in codebook.groups}
    query = ""
    if len(documents) > DOCUMENTS_PER_PAGE:  # a list that fits one page needs no search
        state.keep(_FILTER)
        query = st.text_input(t("docs.filter"), key=_FILTER,
                              placeholder=t("docs.filter_placeholder"))
    shown = [d for d in documents if matches(d, query, names)]
    if not shown:
        st.info(t("docs.filter_none"))
        return
    pages = max(1, -(-len(shown) // DOCUMENTS_PER_PAGE))
    page = st.pagination(pages, key=f"docs-page-{query.strip().casefold()}") if pages > 1 else 1
    keys = free_attribute_keys(documents)
    headers = [t("docs.col.name"), t("common.group"), t("docs.col.turns"), t("docs.col.codings"),
               t("docs.col.phase"), t("docs.col.date"), t("docs.col.type"),
               t("docs.col.participant"), *(attribute_label(k) for k in keys)]
    rows = overview_rows(shown[(page - 1) * DOCUMENTS_PER_PAGE: page * DOCUMENTS_PER_PAGE], keys,
                         counts, lambda k: names.get(k, k), lambda v: choice("type.", v))
    # The counts, phase and date on one line; long names and attributes wrap.
    st.markdown(html_table(headers, rows, nowrap=[2, 3, 4, 5]), unsafe_allow_html=True)
    if pages > 1:
        st.caption(t("docs.page_of", first=(page - 1) * DOCUMENTS_PER_PAGE + 1,
                     last=min(page * DOCUMENTS_PER_PAGE, len(shown)), n=len(shown)))


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
            from ..document_editor import refresh_snapshot

            refresh_snapshot()
            state.flash("success", t("docs.delete.done", name=names[doc_id], n=removed))
            st.rerun()
        if no:
            state.drop(_PENDING_DELETE)
            st.rerun()


# -- speaker turns ---------------------------------------------------------------

def _turns_section(store: Store, project: Project) -> None:
    documents = _documents(store, project.id)
    if not documents:
        st.info(t("docs.empty"))
        return
    names = {d.id: d.name for d in documents}
    state.keep("turns-doc")
    doc_id = st.selectbox(t("turns.document"), list(names), key="turns-doc",
                          format_func=names.__getitem__)
    document = store.get_document(doc_id)
    segments = store.segments(doc_id)
    state.keep("turns-hide")
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
