"""The Export page's work without streamlit: report files, REFI-QDA files and imports.

Each function returns the bytes or the report a page shows, so tests check exactly
what a button offers. Long jobs take a ``progress(share, stage)`` callback; the
stage is a short key the page turns into text in the user's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..app import Actor, ProjectSession, local_actor
from ..app import import_project as app_import_project
from ..errors import ImportError_, SigqualError
from ..refi import (
    QDC_MEDIA_TYPE,
    QDPX_MEDIA_TYPE,
    UNKNOWN_CODER,
    CodebookImportReport,
    RefiImportReport,
    build_qdpx,
    export_file_name,
    export_qdc,
    file_kind,
    plan_project,
    read_qdpx,
)
from ..refi.storing import check_plan, free_project_name
from ..report import (
    DOCX_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    ReportFiles,
    ReportOptions,
    collect,
    report_file_names,
    workbook,
    write_docx,
)
from ..store import Store
from ..tables import TableOptions
from .downloads import Download

Progress = Callable[[float, str], None]
IMPORT_TYPES: tuple[str, ...] = ("qdpx", "qdc", "qde")
QUOTES_RANGE = (1, 5)


def _noop(_share: float, _stage: str) -> None:
    return None


@dataclass(frozen=True)
class ReportChoice:
    """What the user picked for the analysis report."""

    quotes: bool = False
    quotes_per_factor: int = 2
    chart: str = "auto"
    lang: str | None = None
    coder: str | None = None  # set while the project is coded blind: only their codings

    def options(self, settings: dict) -> ReportOptions:
        """Report options on top of the project's saved table options."""
        table_options = TableOptions.from_settings(settings, lang=self.lang)
        return ReportOptions(quotes=self.quotes, quotes_per_factor=self.quotes_per_factor,
                             chart=self.chart, table_options=table_options, coder=self.coder)


@dataclass(frozen=True)
class PreparedReport:
    """Both report files ready for their buttons, and how the chart came out."""

    docx: Download
    xlsx: Download
    chart: str


def build_report(store: Store, project_id: int, choice: ReportChoice,
                 progress: Progress | None = None) -> PreparedReport:
    """The Word report and the Excel workbook, reporting each of the three steps."""
    step = progress or _noop
    project = store.get_project(project_id)
    options = choice.options(project.settings)
    step(0.05, "collect")
    content = collect(store, project_id, options)
    step(0.35, "docx")
    docx_bytes, chart = write_docx(content, chart=options.chart)
    step(0.8, "xlsx")
    files = ReportFiles(docx=docx_bytes, xlsx=workbook(content), chart=chart)
    step(1.0, "done")
    docx_name, xlsx_name = report_file_names(project.name)
    return PreparedReport(Download("docx", files.docx, docx_name, DOCX_MEDIA_TYPE),
                          Download("xlsx", files.xlsx, xlsx_name, XLSX_MEDIA_TYPE), files.chart)


@dataclass(frozen=True)
class PreparedQdpx:
    """The project archive, what it holds and what could not be carried over exactly."""

    download: Download
    counts: dict[str, int]
    warnings: tuple[str, ...]


def build_project_archive(session: ProjectSession,
                          progress: Progress | None = None) -> PreparedQdpx:
    """The whole project as REFI-QDA (.qdpx): everyone's codings, so an admin's while blind."""
    session.require_export(whole_project=True)
    store, project_id = session.store, session.pid
    step = progress or _noop
    step(0.1, "qdpx")
    result = build_qdpx(store, project_id)
    step(1.0, "done")
    name = export_file_name(store.get_project(project_id).name, "qdpx")
    return PreparedQdpx(Download("qdpx", result.data, name, QDPX_MEDIA_TYPE),
                        dict(result.counts), tuple(result.warnings))


def codebook_download(store: Store, project_id: int) -> Download:
    """The project's codebook as REFI-QDA (.qdc), with the same GUIDs as the .qdpx."""
    name = export_file_name(store.get_project(project_id).name, "qdc")
    return Download("qdc", export_qdc(store, project_id), name, QDC_MEDIA_TYPE)


# -- import ----------------------------------------------------------------------

def upload_kind(name: str, data: bytes) -> str:
    """``project`` for .qdpx/.qde, ``codebook`` for .qdc; the content decides, not the name."""
    kind = file_kind(data)
    if kind in ("qdpx", "qde"):
        return "project"
    if kind == "qdc":
        return "codebook"
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in IMPORT_TYPES:
        raise ImportError_(msgid="error.exchange.not_this_kind", params={"suffix": suffix}, file=name)
    raise ImportError_(msgid="error.exchange.not_refi", file=name)


@dataclass(frozen=True)
class ProjectPreview:
    """What importing a .qdpx would store, before anything is stored."""

    project_name: str
    documents: int
    codes: int
    codings: int
    memos: int
    coders: tuple[str, ...]
    warnings: tuple[str, ...]
    missing_sources: tuple[str, ...]
    document_names: tuple[str, ...] = field(default=())


def preview_project(name: str, data: bytes, *, project_name: str | None = None,
                    default_coder: str = UNKNOWN_CODER, store: Store | None = None) -> ProjectPreview:
    """Read and check a .qdpx as the import would, without writing anything.

    With ``store`` the name is the one the import will use (numbered when taken), and
    a name the user chose that is taken already is an error now rather than later.
    """
    plan = plan_project(read_qdpx(data, filename=name), name, name=project_name or None,
                        default_coder=default_coder or UNKNOWN_CODER)
    check_plan(plan, name)
    final_name = plan.project_name
    if store is not None:
        try:
            final_name = free_project_name(store, plan.project_name, bool(project_name))
        except SigqualError as exc:
            exc.file = exc.file or name
            raise
    return ProjectPreview(
        project_name=final_name, documents=len(plan.documents),
        codes=len(plan.codebook.codes), codings=len(plan.codings), memos=len(plan.memos),
        coders=tuple(plan.coders), warnings=tuple(plan.warnings),
        missing_sources=tuple(plan.missing_sources),
        document_names=tuple(d.name for d in plan.documents),
    )


def import_project(store: Store, name: str, data: bytes, *, project_name: str | None = None,
                   default_coder: str = UNKNOWN_CODER, actor: Actor | None = None) -> RefiImportReport:
    """Create a new project from the upload, owned by ``actor``; all or nothing."""
    return app_import_project(store, actor or local_actor(), data, filename=name,
                              project_name=project_name or None,
                              default_coder=default_coder or UNKNOWN_CODER)


def import_codebook(session: ProjectSession, name: str, data: bytes) -> CodebookImportReport:
    """Merge an uploaded .qdc into the project's codebook; all or nothing."""
    return session.import_codebook_file(data, filename=name)


def code_labels(store: Store, project_id: int, ids: list[str]) -> list[str]:
    """``label (id)`` for code ids, as the import report lists them."""
    codebook = store.codebook(project_id)
    out = []
    for code_id in ids:
        code = codebook.get(code_id)
        out.append(f"{code.label} ({code_id})" if code is not None else code_id)
    return out
