"""Table exporters: every format is a module with the same ``write`` function.

The UI and the CLI pick a format by key and call :func:`export_tables`; the registry keeps
format names, media types and file suffixes in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sigqual.errors import ExportError
from sigqual.export import csv as csv_export
from sigqual.export import docx as docx_export
from sigqual.export import html as html_export
from sigqual.export import markdown as markdown_export
from sigqual.export import xlsx as xlsx_export
from sigqual.export._common import slug, validate_tables, xml_safe
from sigqual.tables.model import Table


class Exporter(Protocol):
    """The shared signature of every format module's ``write``."""

    def __call__(self, tables: Sequence[Table], *, title: str | None = None) -> bytes: ...


EXPORTERS: dict[str, Exporter] = {
    "docx": docx_export.write,
    "xlsx": xlsx_export.write,
    "csv": csv_export.write,
    "md": markdown_export.write,
    "html": html_export.write,
}

MEDIA_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "md": "text/markdown",
    "html": "text/html",
}

# For "csv" this is the single-table suffix; several tables come as a ZIP (see file_suffix).
FILE_SUFFIX: dict[str, str] = {
    "docx": ".docx",
    "xlsx": ".xlsx",
    "csv": ".csv",
    "md": ".md",
    "html": ".html",
}

ZIP_MEDIA_TYPE = "application/zip"
ZIP_SUFFIX = ".zip"


def export_tables(tables: Sequence[Table], fmt: str, *, title: str | None = None) -> bytes:
    """Render the tables in the format ``fmt`` (a key of :data:`EXPORTERS`)."""
    key = _format_key(fmt)
    return EXPORTERS[key](validate_tables(tables), title=title)


def file_suffix(fmt: str, table_count: int) -> str:
    """Suffix for the download: CSV of more than one table is a ZIP archive."""
    key = _format_key(fmt)
    return ZIP_SUFFIX if key == "csv" and table_count > 1 else FILE_SUFFIX[key]


def media_type(fmt: str, table_count: int) -> str:
    """Media type for the download, matching :func:`file_suffix`."""
    key = _format_key(fmt)
    return ZIP_MEDIA_TYPE if key == "csv" and table_count > 1 else MEDIA_TYPES[key]


def _format_key(fmt: str) -> str:
    """Accept ``"MD"`` or ``".md"`` as well as ``"md"``; reject anything unknown clearly."""
    key = fmt.strip().lower().lstrip(".") if isinstance(fmt, str) else ""
    if key not in EXPORTERS:
        known = ", ".join(sorted(EXPORTERS))
        raise ExportError(msgid="error.export.unknown_export_format_choose",
                          params={"fmt": repr(fmt), "known": known}, field="format")
    return key


__all__ = [
    "EXPORTERS",
    "FILE_SUFFIX",
    "MEDIA_TYPES",
    "Exporter",
    "ExportError",
    "export_tables",
    "file_suffix",
    "media_type",
    "slug",
    "xml_safe",
]
