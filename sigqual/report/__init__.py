"""The analysis report: one Word document and one Excel workbook from a project.

The Word report has the method summary (groups, interviews per group and phase,
coders, agreement when the agreement module can measure it), Table 3, Tables 4a-4e,
5a and 5b with the reference report's captions, optional example quotes per factor
and the group comparison chart. The workbook holds every table plus the raw codings.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..export import slug
from ..i18n import bind
from ..store import Store
from .chart import CHART_MODES
from .content import NamedTable, ReportContent, ReportOptions, codings_frame, collect
from .outcomes import sheets as outcome_sheets
from .word import write_docx

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ReportFiles:
    """Both report files, and whether the chart is a picture or (no renderer) a table."""

    docx: bytes
    xlsx: bytes | None
    chart: str


def workbook(content: ReportContent) -> bytes:
    """Every report table, the interviews, coders, agreement and the raw codings."""
    tr = bind(content.lang)
    sheets = [*content.tables,
              NamedTable(tr("report.comparison_sheet"), tr("report.chart_table"), content.counts),
              content.interviews, content.coders]
    if content.agreement is not None:
        sheets.append(content.agreement)
    sheets.extend(outcome_sheets(content.outcomes))
    sheets.append(NamedTable(tr("report.codings_sheet"), tr("report.codings_caption"),
                             codings_frame(content)))
    from ..export import xlsx as xlsx_export  # openpyxl only when a workbook is asked for

    return xlsx_export.write(sheets, title=tr("report.title", project=content.project_name))


def build_report(store: Store, project_id: int, options: ReportOptions | None = None) -> bytes:
    """The Word report (.docx bytes)."""
    options = options or ReportOptions()
    return write_docx(collect(store, project_id, options), chart=options.chart)[0]


def build_workbook(store: Store, project_id: int, options: ReportOptions | None = None) -> bytes:
    """The Excel workbook (.xlsx bytes)."""
    return workbook(collect(store, project_id, options))


def build_report_files(store: Store, project_id: int, options: ReportOptions | None = None,
                       *, with_workbook: bool = True) -> ReportFiles:
    """Both files from one reading of the project; without ``with_workbook`` only the
    Word report (the raw-codings sheet is most of the work at a thousand interviews)."""
    options = options or ReportOptions()
    content = collect(store, project_id, options)
    docx_bytes, chart = write_docx(content, chart=options.chart)
    return ReportFiles(docx=docx_bytes, xlsx=workbook(content) if with_workbook else None,
                       chart=chart)


def report_file_names(project_name: str) -> tuple[str, str]:
    """``(<project>-analysrapport.docx, <project>-tabeller-och-kodningar.xlsx)``."""
    base = slug(project_name) or "sigqual"
    return f"{base}-analysrapport.docx", f"{base}-tabeller-och-kodningar.xlsx"


__all__ = [
    "CHART_MODES", "DOCX_MEDIA_TYPE", "XLSX_MEDIA_TYPE", "ReportContent", "ReportFiles",
    "ReportOptions", "build_report", "build_report_files", "build_workbook", "codings_frame",
    "collect", "report_file_names", "workbook", "write_docx",
]
