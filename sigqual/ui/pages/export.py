"""*Export*: the Word analysis report and the Excel workbook, the whole project as
REFI-QDA (.qdpx), the codebook as .qdc, and importing .qdpx/.qdc files made by
NVivo, ATLAS.ti, MAXQDA, QualCoder or Taguette."""

from __future__ import annotations

import hashlib

import streamlit as st

from ...errors import SigqualError
from ...models import Project
from ...refi import UNKNOWN_CODER, CodebookImportReport, RefiImportReport
from ...report import CHART_MODES
from ...store import Store
from .. import access, state
from ..exchange_view import (
    IMPORT_TYPES,
    QUOTES_RANGE,
    PreparedQdpx,
    PreparedReport,
    ProjectPreview,
    ReportChoice,
    build_project_archive,
    build_report,
    code_labels,
    codebook_download,
    import_codebook,
    import_project,
    preview_project,
    upload_kind,
)
from ..i18n import labeller, t
from ..markup import escape_markdown
from ..resources import get_store
from ..widgets import blind, download_button, show_error, show_flashes

_PREPARED = "export.prepared"
_IMPORTED = "export.imported"
_CHART_KEYS = {"auto": "export.chart.auto", "image": "export.chart.image",
               "table": "export.chart.table", "none": "export.chart.none"}
_STAGE_KEYS = {"collect": "export.stage.collect", "docx": "export.stage.docx",
               "xlsx": "export.stage.xlsx", "qdpx": "export.stage.qdpx",
               "import": "export.stage.import", "done": "export.stage.done"}


def render() -> None:
    """The Export page."""
    store = get_store()
    st.title(t("export.title"))
    show_flashes()
    project = _open_project(store)
    report_tab, refi_tab, import_tab = st.tabs(
        [t("export.tab.report"), t("export.tab.refi"), t("export.tab.import")])
    with report_tab:
        if _may_export(project):
            _report_section(store, project)
    with refi_tab:
        if _may_export(project):
            _refi_section(store, project)
    with import_tab:
        _import_section(store, project)


def _open_project(store: Store) -> Project | None:
    pid = state.project_id()
    if pid is None:
        return None
    try:
        return store.get_project(pid)
    except SigqualError:
        state.set_project(None)
        return None


def _may_export(project: Project | None) -> bool:
    if project is None:
        st.info(t("common.no_project"), icon=":material/info:")
        return False
    return access.require("export", project.id, stop=False)


def _prepared(kind: str, pid: int) -> object | None:
    return state.get(_PREPARED, {}).get((kind, pid))


def _keep(kind: str, pid: int, value: object) -> None:
    """One prepared file set per kind and project: a new one replaces the old."""
    prepared = dict(state.get(_PREPARED, {}))
    prepared[(kind, pid)] = value
    state.put(_PREPARED, prepared)


def _progress_bar() -> tuple[object, object]:
    bar = st.progress(0.0, text=t("export.stage.collect"))

    def update(share: float, stage: str) -> None:
        bar.progress(min(max(share, 0.0), 1.0), text=t(_STAGE_KEYS[stage]))

    return bar, update


# -- report --------------------------------------------------------------------

def _report_section(store: Store, project: Project) -> None:
    st.markdown(t("export.report.intro"))
    pid = project.id
    saved_lang = (project.settings.get("tables") or {}).get("lang", "sv")
    # A wrapping row of fixed widths: in a narrow window a box moves to the next line
    # instead of shrinking until its value no longer shows.
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    quotes = row.toggle(t("export.report.quotes"), key=f"export-{pid}-quotes",
                        help=t("export.report.quotes_help"), wrap=True)
    per_factor = row.number_input(t("export.report.per_factor"), min_value=QUOTES_RANGE[0],
                                  max_value=QUOTES_RANGE[1], value=2, step=1, width=150,
                                  disabled=not quotes, key=f"export-{pid}-per-factor")
    chart_labels = {mode: t(key) for mode, key in _CHART_KEYS.items()}
    chart = row.selectbox(t("export.report.chart"), list(CHART_MODES), key=f"export-{pid}-chart",
                          format_func=chart_labels.__getitem__, width=340)
    lang = row.selectbox(t("export.report.lang"), ["sv", "en"], key=f"export-{pid}-lang",
                         index=1 if saved_lang == "en" else 0, width=170,
                         format_func=labeller("lang.", ["sv", "en"]))
    coder = None
    if blind(project):
        coder = state.coder()
        if not coder:
            st.info(t("export.report.blind_no_coder"), icon=":material/visibility_off:")
            return
        st.info(t("export.report.blind", coder=escape_markdown(coder)),
                icon=":material/visibility_off:")
    choice = ReportChoice(quotes=bool(quotes), quotes_per_factor=int(per_factor),
                          chart=str(chart), lang=str(lang), coder=coder)
    if st.button(t("export.report.build"), type="primary", icon=":material/description:",
                 key="export-report-build", wrap=True):
        bar, update = _progress_bar()
        try:
            prepared = build_report(store, pid, choice, progress=update)
        except SigqualError as exc:
            bar.empty()
            show_error(exc)
            return
        _keep("report", pid, (choice, prepared))
    kept = _prepared("report", pid)
    if kept is None:
        return
    made_with, prepared = kept
    assert isinstance(prepared, PreparedReport)
    st.success(t("export.report.ready"), icon=":material/task_alt:")
    if made_with != choice:
        st.caption(t("export.report.stale"))
    with st.container(horizontal=True):
        download_button(prepared.docx, t("export.report.docx"), key="export-report-docx")
        download_button(prepared.xlsx, t("export.report.xlsx"), key="export-report-xlsx")
    if made_with.chart == "auto" and prepared.chart == "table":
        st.info(t("export.report.chart_fallback"), icon=":material/bar_chart:")


# -- REFI-QDA export -----------------------------------------------------------

def _refi_section(store: Store, project: Project) -> None:
    pid = project.id
    st.markdown(f"#### {t('export.qdpx.heading')}")
    st.markdown(t("export.qdpx.intro"))
    session = access.session(pid, store)
    if not session.may_export_archive():
        st.info(t("export.qdpx.blind"), icon=":material/visibility_off:")
    elif st.button(t("export.qdpx.build"), type="primary", icon=":material/inventory_2:",
                 key="export-qdpx-build", wrap=True):
        bar, update = _progress_bar()
        try:
            _keep("qdpx", pid, build_project_archive(session, progress=update))
        except SigqualError as exc:
            bar.empty()
            show_error(exc)
    prepared = _prepared("qdpx", pid)
    if isinstance(prepared, PreparedQdpx):
        counts = {k: prepared.counts.get(k, 0)
                  for k in ("documents", "codes", "codings", "memos", "users")}
        st.caption(t("export.qdpx.counts", **counts))
        download_button(prepared.download, t("export.qdpx.download"), key="export-qdpx")
        _list_warnings(prepared.warnings, "export.warning_count")
    st.divider()
    st.markdown(f"#### {t('export.qdc.heading')}")
    st.markdown(t("export.qdc.intro"))
    try:
        qdc = codebook_download(store, pid)
    except SigqualError as exc:
        show_error(exc)
        return
    download_button(qdc, t("export.qdc.download"), key="export-qdc")


def _list_warnings(items: tuple[str, ...] | list[str], key: str) -> None:
    if not items:
        return
    lines = "\n".join(f"- {escape_markdown(w)}" for w in items)
    st.warning(f"{t(key, n=len(items))}\n\n{lines}", icon=":material/warning:")


# -- REFI-QDA import -----------------------------------------------------------

def _import_section(store: Store, project: Project | None) -> None:
    st.markdown(t("export.import.intro"))
    _last_import(store)
    upload = st.file_uploader(t("export.import.file"), type=list(IMPORT_TYPES),
                              key=state.versioned_key("export-import-file"))
    if upload is None:
        return
    data = upload.getvalue()
    try:
        kind = upload_kind(upload.name, data)
    except SigqualError as exc:
        show_error(exc)
        return
    if kind == "codebook":
        _codebook_import(store, project, upload.name, data)
    else:
        _project_import(store, upload.name, data)


def _project_import(store: Store, name: str, data: bytes) -> None:
    if not access.may_create_projects(store):
        st.warning(t("export.import.no_create"), icon=":material/lock:")
        return
    c1, c2 = st.columns(2)
    project_name = c1.text_input(t("export.import.name"), key="export-import-name",
                                 max_chars=120, help=t("export.import.name_help"))
    coder = c2.text_input(t("export.import.coder"), value=UNKNOWN_CODER,
                          key="export-import-coder")
    try:
        preview = _cached_preview(store, name, data, project_name.strip(), coder.strip())
    except SigqualError as exc:
        show_error(exc)
        return
    _show_preview(preview)
    if not st.button(t("export.import.run"), type="primary", icon=":material/upload_file:",
                     key="export-import-run", wrap=True):
        return
    bar = st.progress(0.1, text=t("export.stage.import"))
    try:
        # Whoever brings a project in administers it (granted in the importing transaction).
        report = import_project(store, name, data, project_name=project_name.strip() or None,
                                default_coder=coder.strip() or UNKNOWN_CODER,
                                actor=access.actor())
    except SigqualError as exc:
        bar.empty()
        show_error(exc)
        return
    bar.progress(1.0, text=t("export.stage.done"))
    state.put(_IMPORTED, report)
    state.set_project(report.project_id)
    state.reset("export-import-file")
    state.flash("success", t("export.import.done", name=report.project_name))
    st.rerun()


def _cached_preview(store: Store, name: str, data: bytes, project_name: str,
                    coder: str) -> ProjectPreview:
    """Reading a big archive once per upload and choice, not on every click."""
    digest = hashlib.sha256(data).hexdigest()
    taken = tuple(sorted(p.name for p in store.list_projects()))
    key = (digest, name, project_name, coder, taken)
    cached = state.get("export.preview")
    if cached is not None and cached[0] == key:
        return cached[1]
    preview = preview_project(name, data, project_name=project_name or None,
                              default_coder=coder or UNKNOWN_CODER, store=store)
    state.put("export.preview", (key, preview))
    return preview


def _counts(documents: int, codes: int, codings: int, memos: int) -> None:
    row = st.container(horizontal=True, gap="large")  # wraps rather than cut a name
    for key, value in zip(("export.import.documents", "export.import.codes",
                           "export.import.codings", "export.import.memos"),
                          (documents, codes, codings, memos), strict=True):
        row.metric(t(key), value, width="content")


def _show_preview(preview: ProjectPreview) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('export.import.preview')}**")
        st.markdown(t("export.import.as_name", name=escape_markdown(preview.project_name)))
        _counts(preview.documents, preview.codes, preview.codings, preview.memos)
        if preview.coders:
            st.caption(t("export.import.coders",
                         names=escape_markdown(", ".join(preview.coders))))
        _list_warnings(preview.missing_sources, "export.import.missing")
        _list_warnings(preview.warnings, "export.import.warnings")


def _last_import(store: Store) -> None:
    """The report of the import that just ran, kept over the rerun that follows it."""
    kept = state.get(_IMPORTED)
    if kept is None:
        return
    with st.container(border=True):
        if isinstance(kept, RefiImportReport):
            st.markdown(f"**{t('export.import.result', name=escape_markdown(kept.project_name))}**")
            _counts(kept.documents, kept.codes, kept.codings, kept.memos)
            if kept.coders:
                st.caption(t("export.import.coders",
                             names=escape_markdown(", ".join(kept.coders))))
            _list_warnings(kept.missing_sources, "export.import.missing")
            _list_warnings(kept.warnings, "export.import.warnings")
        else:
            pid, report = kept
            _codebook_report(store, pid, report)
        if st.button(t("export.import.dismiss"), key="export-import-dismiss", wrap=True):
            state.drop(_IMPORTED)
            st.rerun()


def _codebook_import(store: Store, project: Project | None, name: str, data: bytes) -> None:
    if project is None:
        st.info(t("export.qdc.need_project"), icon=":material/info:")
        return
    if not access.require("codebook", project.id, stop=False):
        return
    st.markdown(t("export.qdc.into", name=escape_markdown(project.name)))
    if not st.button(t("export.qdc.run"), type="primary", icon=":material/menu_book:",
                     key="export-qdc-run", wrap=True):
        return
    try:
        report = import_codebook(access.session(project.id, store), name, data)
    except SigqualError as exc:
        show_error(exc)
        return
    state.put(_IMPORTED, (project.id, report))
    state.reset("export-import-file")
    st.rerun()


def _codebook_report(store: Store, pid: int, report: CodebookImportReport) -> None:
    st.success(t("export.qdc.result", added=len(report.added), updated=len(report.updated),
                 unchanged=len(report.unchanged)), icon=":material/task_alt:")
    if report.added:
        st.caption(t("export.qdc.added",
                     codes=escape_markdown(", ".join(code_labels(store, pid, report.added)))))
    if report.updated:
        st.caption(t("export.qdc.updated",
                     codes=escape_markdown(", ".join(code_labels(store, pid, report.updated)))))
    _list_warnings(report.warnings, "export.import.warnings")
