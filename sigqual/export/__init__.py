"""Table exporters: every format is a module with the same ``write`` function.

The UI and the CLI pick a format by key and call :func:`export_tables`; the registry
(:data:`FORMATS`) has one :class:`Format` entry per format with its writer, media type
and file suffix.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sigqual.errors import ExportError
from sigqual.export._common import slug, validate_tables, xml_safe
from sigqual.tables.model import Table


class Exporter(Protocol):
    """The shared signature of every format module's ``write``."""

    def __call__(self, tables: Sequence[Table], *, title: str | None = None) -> bytes: ...


@dataclass(frozen=True)
class Format:
    """One table export format: its writer's module, media type and file suffix, in one entry.

    ``suffix`` is the single-table suffix; several CSV tables come as a ZIP
    (see :func:`file_suffix`). The writer's module (python-docx, openpyxl) is imported
    when a file in that format is first made, so listing the formats costs nothing.
    """

    key: str
    module: str
    media_type: str
    suffix: str

    @property
    def write(self) -> Exporter:
        return importlib.import_module(f"sigqual.export.{self.module}").write


FORMATS: dict[str, Format] = {f.key: f for f in (
    Format("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           ".docx"),
    Format("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    Format("csv", "csv", "text/csv", ".csv"),
    Format("md", "markdown", "text/markdown", ".md"),
    Format("html", "html", "text/html", ".html"),
)}

ZIP_MEDIA_TYPE = "application/zip"
ZIP_SUFFIX = ".zip"


def export_tables(tables: Sequence[Table], fmt: str, *, title: str | None = None) -> bytes:
    """Render the tables in the format ``fmt`` (a key of :data:`FORMATS`)."""
    return FORMATS[_format_key(fmt)].write(validate_tables(tables), title=title)


def file_suffix(fmt: str, table_count: int) -> str:
    """Suffix for the download: CSV of more than one table is a ZIP archive."""
    key = _format_key(fmt)
    return ZIP_SUFFIX if key == "csv" and table_count > 1 else FORMATS[key].suffix


def media_type(fmt: str, table_count: int) -> str:
    """Media type for the download, matching :func:`file_suffix`."""
    key = _format_key(fmt)
    return ZIP_MEDIA_TYPE if key == "csv" and table_count > 1 else FORMATS[key].media_type


def _format_key(fmt: str) -> str:
    """Accept ``"MD"`` or ``".md"`` as well as ``"md"``; reject anything unknown clearly."""
    key = fmt.strip().lower().lstrip(".") if isinstance(fmt, str) else ""
    if key not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ExportError(msgid="error.export.unknown_export_format_choose",
                          params={"fmt": repr(fmt), "known": known}, field="format")
    return key


__all__ = [
    "FORMATS",
    "Exporter",
    "Format",
    "ExportError",
    "export_tables",
    "file_suffix",
    "media_type",
    "slug",
    "xml_safe",
]
