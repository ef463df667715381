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
from ..i18n import labeller, register, t
from ..markup import escape_markdown
from ..resources import get_store
from ..widgets import blind, download_button, show_error, show_flashes

register({
    "export.nav": {"sv": "Export", "en": "Export"},
    "export.title": {"sv": "Export", "en": "Export"},
    "export.tab.report": {"sv": "Analysrapport", "en": "Analysis report"},
    "export.tab.refi": {"sv": "REFI-QDA (NVivo, ATLAS.ti, MAXQDA)",
                        "en": "REFI-QDA (NVivo, ATLAS.ti, MAXQDA)"},
    "export.tab.import": {"sv": "Importera projekt (.qdpx/.qdc)",
                          "en": "Import project (.qdpx/.qdc)"},
    "export.report.intro": {
        "sv": "Word-rapporten innehåller en metodsammanfattning (intervjugrupper, antal "
              "intervjuer per grupp och fas, kodare och överensstämmelse när den har mätts), "
              "tabell 3, tabell 4a–4e, 5a och 5b och jämförelsediagrammet. Excel-filen "
              "innehåller alla tabeller och alla kodningar, ett kodat citat per rad.",
        "en": "The Word report holds a method summary (interview groups, interviews per group "
              "and phase, coders and agreement when measured), Table 3, Tables 4a–4e, 5a and "
              "5b and the comparison chart. The Excel file holds every table and every coding, "
              "one coded quote per row.",
    },
    "export.report.quotes": {"sv": "Exempelcitat för varje faktor",
                             "en": "Example quotes for every factor"},
    "export.report.quotes_help": {
        "sv": "Indragna citat med källans pseudonym och intervjugrupp under tabell 4a–4e.",
        "en": "Indented quotes with the source's pseudonym and group below Tables 4a–4e.",
    },
    "export.report.per_factor": {"sv": "Citat per faktor", "en": "Quotes per factor"},
    "export.report.chart": {"sv": "Jämförelsediagram", "en": "Comparison chart"},
    "export.chart.auto": {"sv": "Bild om möjligt, annars tabell",
                          "en": "Picture when possible, else a table"},
    "export.chart.image": {"sv": "Bild", "en": "Picture"},
    "export.chart.table": {"sv": "Tabell", "en": "Table"},
    "export.chart.none": {"sv": "Inget diagram", "en": "No chart"},
    "export.report.lang": {"sv": "Rapportens språk", "en": "Language of the report"},
    "export.report.build": {"sv": "Skapa rapporten", "en": "Create the report"},
    "export.stage.collect": {"sv": "Läser projektet och bygger tabellerna …",
                             "en": "Reading the project and building the tables …"},
    "export.stage.docx": {"sv": "Skriver Word-rapporten …", "en": "Writing the Word report …"},
    "export.stage.xlsx": {"sv": "Skriver Excel-filen …", "en": "Writing the Excel file …"},
    "export.stage.qdpx": {"sv": "Packar projektet …", "en": "Packing the project …"},
    "export.stage.import": {"sv": "Importerar …", "en": "Importing …"},
    "export.stage.done": {"sv": "Klart.", "en": "Done."},
    "export.report.ready": {"sv": "Rapporten är klar att ladda ner.",
                            "en": "The report is ready to download."},
    "export.report.docx": {"sv": "Analysrapport (Word)", "en": "Analysis report (Word)"},
    "export.report.xlsx": {"sv": "Tabeller och kodningar (Excel)",
                           "en": "Tables and codings (Excel)"},
    "export.report.chart_fallback": {
        "sv": "Diagrammet kunde inte ritas som bild här (ingen Chromium för kaleido); "
              "jämförelsen står som tabell i rapporten.",
        "en": "The chart could not be drawn as a picture here (no Chromium for kaleido); "
              "the comparison is a table in the report.",
    },
    "export.report.stale": {
        "sv": "Ändrade du valen? Skapa rapporten igen för att få med dem.",
        "en": "Changed the options? Create the report again to include them.",
    },
    "export.report.blind": {
        "sv": "Projektet kodas blint: rapporten bygger bara på dina egna kodningar "
              "({coder}) och visar ingen överensstämmelse.",
        "en": "The project is being coded blind: the report uses only your own codings "
              "({coder}) and shows no agreement.",
    },
    "export.report.blind_no_coder": {
        "sv": "Projektet kodas blint. Välj ditt kodarnamn i sidofältet för att skapa en "
              "rapport av dina egna kodningar.",
        "en": "The project is being coded blind. Choose your coder name in the sidebar to "
              "create a report of your own codings.",
    },
    "export.qdpx.blind": {
        "sv": "Projektet kodas blint, så hela projektet med allas kodningar kan bara "
              "exporteras av en administratör, eller när projektet har slagits över till "
              "jämförelse på sidan Överensstämmelse.",
        "en": "The project is being coded blind, so the whole project with everyone's "
              "codings can only be exported by an administrator, or once the project has been "
              "switched to comparison on the Agreement page.",
    },
    "export.qdpx.heading": {"sv": "Hela projektet (.qdpx)", "en": "The whole project (.qdpx)"},
    "export.qdpx.intro": {
        "sv": "Dokument med text, kodbok med hierarki, färger och beskrivningar, kodningar "
              "med kodare, memon och dokumentattribut (grupp, fas, intervjutyp) enligt "
              "REFI-QDA 1.0. Öppnas i NVivo, ATLAS.ti, MAXQDA och QualCoder.",
        "en": "Documents with their text, the codebook with hierarchy, colours and "
              "descriptions, codings with coders, memos and document attributes (group, phase, "
              "interview type) as REFI-QDA 1.0. Opens in NVivo, ATLAS.ti, MAXQDA and QualCoder.",
    },
    "export.qdpx.build": {"sv": "Skapa .qdpx", "en": "Create the .qdpx"},
    "export.qdpx.download": {"sv": "Projektet (.qdpx)", "en": "The project (.qdpx)"},
    "export.qdpx.counts": {
        "sv": "Innehåll: {documents} dokument, {codes} koder, {codings} kodningar, "
              "{memos} memon, {users} kodare.",
        "en": "Contents: {documents} documents, {codes} codes, {codings} codings, "
              "{memos} memos, {users} coders.",
    },
    "export.qdc.heading": {"sv": "Kodboken (.qdc)", "en": "The codebook (.qdc)"},
    "export.qdc.intro": {
        "sv": "Bara kodboken, med samma id:n (GUID) som i .qdpx-filen, så att den kan läsas "
              "in i ett annat verktyg eller i ett annat sigqual-projekt.",
        "en": "The codebook alone, with the same ids (GUIDs) as in the .qdpx, to load into "
              "another tool or another sigqual project.",
    },
    "export.qdc.download": {"sv": "Kodboken (.qdc)", "en": "The codebook (.qdc)"},
    "export.warning_count": {"sv": "{n} saker kunde inte föras över exakt:",
                             "en": "{n} things could not be carried over exactly:"},
    "export.import.intro": {
        "sv": "En **.qdpx**-fil (eller .qde) blir ett nytt projekt med dokument, kodbok, "
              "kodningar och memon. En **.qdc**-fil läses in i det öppna projektets kodbok: "
              "koder med samma id eller namn uppdateras, nya läggs till och inga kodningar "
              "tas bort. Misslyckas en import ändras ingenting.",
        "en": "A **.qdpx** file (or .qde) becomes a new project with documents, codebook, "
              "codings and memos. A **.qdc** file is loaded into the open project's codebook: "
              "codes with the same id or name are updated, new ones added and no coding is "
              "removed. An import that fails changes nothing.",
    },
    "export.import.file": {"sv": "REFI-QDA-fil", "en": "REFI-QDA file"},
    "export.import.name": {"sv": "Projektets namn", "en": "Name of the project"},
    "export.import.name_help": {"sv": "Tomt: namnet i filen.",
                                "en": "Empty: the name in the file."},
    "export.import.coder": {"sv": "Kodare för kodningar utan känd användare",
                            "en": "Coder for codings without a known user"},
    "export.import.preview": {"sv": "Det här importeras", "en": "This will be imported"},
    "export.import.as_name": {"sv": "Nytt projekt: **{name}**", "en": "New project: **{name}**"},
    "export.import.documents": {"sv": "Dokument", "en": "Documents"},
    "export.import.codes": {"sv": "Koder", "en": "Codes"},
    "export.import.codings": {"sv": "Kodningar", "en": "Codings"},
    "export.import.memos": {"sv": "Memon", "en": "Memos"},
    "export.import.coders": {"sv": "Kodare: {names}", "en": "Coders: {names}"},
    "export.import.missing": {
        "sv": "{n} källfiler saknas i arkivet; resten importeras:",
        "en": "{n} source files are missing from the archive; the rest is imported:",
    },
    "export.import.warnings": {"sv": "{n} varningar:", "en": "{n} warnings:"},
    "export.import.run": {"sv": "Importera som nytt projekt", "en": "Import as a new project"},
    "export.import.no_create": {
        "sv": "Du får inte skapa projekt på den här servern. Be en administratör.",
        "en": "You may not create projects on this server. Ask an administrator.",
    },
    "export.import.done": {
        "sv": "Projektet {name} skapades och är nu öppet.",
        "en": "The project {name} was created and is now open.",
    },
    "export.import.result": {"sv": "Senaste import: {name}", "en": "Last import: {name}"},
    "export.import.dismiss": {"sv": "Dölj", "en": "Hide"},
    "export.qdc.into": {"sv": "Kodboken läses in i projektet **{name}**.",
                        "en": "The codebook is loaded into the project **{name}**."},
    "export.qdc.need_project": {"sv": "Öppna ett projekt för att läsa in en kodbok.",
                                "en": "Open a project to load a codebook into it."},
    "export.qdc.run": {"sv": "Läs in kodboken", "en": "Load the codebook"},
    "export.qdc.result": {
        "sv": "Kodboken är inläst: {added} koder tillagda, {updated} uppdaterade, "
              "{unchanged} oförändrade.",
        "en": "The codebook is loaded: {added} codes added, {updated} updated, "
              "{unchanged} unchanged.",
    },
    "export.qdc.added": {"sv": "Tillagda: {codes}", "en": "Added: {codes}"},
    "export.qdc.updated": {"sv": "Uppdaterade: {codes}", "en": "Updated: {codes}"},
})

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
    c1, c2, c3, c4 = st.columns([2, 1, 2, 1], vertical_alignment="bottom")
    quotes = c1.toggle(t("export.report.quotes"), key=f"export-{pid}-quotes",
                       help=t("export.report.quotes_help"))
    per_factor = c2.number_input(t("export.report.per_factor"), min_value=QUOTES_RANGE[0],
                                 max_value=QUOTES_RANGE[1], value=2, step=1,
                                 disabled=not quotes, key=f"export-{pid}-per-factor")
    chart_labels = {mode: t(key) for mode, key in _CHART_KEYS.items()}
    chart = c3.selectbox(t("export.report.chart"), list(CHART_MODES), key=f"export-{pid}-chart",
                         format_func=chart_labels.__getitem__)
    lang = c4.selectbox(t("export.report.lang"), ["sv", "en"], key=f"export-{pid}-lang",
                        index=1 if saved_lang == "en" else 0,
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
                 key="export-report-build"):
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
                 key="export-qdpx-build"):
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
                     key="export-import-run"):
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
    cols = st.columns(4)
    for col, key, value in zip(cols, ("export.import.documents", "export.import.codes",
                                      "export.import.codings", "export.import.memos"),
                               (documents, codes, codings, memos), strict=True):
        col.metric(t(key), value)


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
        if st.button(t("export.import.dismiss"), key="export-import-dismiss"):
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
                     key="export-qdc-run"):
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
