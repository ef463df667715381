"""The bytes, file names and media types behind every download button.

Built here, without streamlit, so tests can check exactly what a button offers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..codebook import Codebook, codebook_to_csv, dump_codebook
from ..errors import ExportError
from ..export import FORMATS, export_tables, file_suffix, media_type, slug
from ..tables import Table

TABLE_FORMATS: tuple[str, ...] = tuple(FORMATS)
FORMAT_NAMES = {"docx": "Word", "xlsx": "Excel", "csv": "CSV", "md": "Markdown", "html": "HTML"}


@dataclass(frozen=True)
class Download:
    """One file offered for download: its bytes, or a function that makes them when the
    button is pressed (``st.download_button`` takes either)."""

    fmt: str
    data: bytes | Callable[[], bytes]
    file_name: str
    mime: str


def format_name(fmt: str) -> str:
    """``Word (.docx)``: what a button calls a format."""
    suffix = "." + fmt
    return f"{FORMAT_NAMES.get(fmt, fmt.upper())} ({suffix})"


def tables_file_stem(project_name: str, tables: Sequence[Table]) -> str:
    """``<project>-tabell-4a`` for one table, ``<project>-tabeller`` for several."""
    base = slug(project_name) or "sigqual"
    if len(tables) == 1:
        return f"{base}-{slug(tables[0].title)}"
    return f"{base}-tabeller"


def tables_download(tables: Sequence[Table], fmt: str, *, project_name: str) -> Download:
    """Tables in one format; several CSV tables come as a ZIP of one file each."""
    if not tables:
        raise ExportError(msgid="error.export.there_are_no_tables", field="tables")
    data = export_tables(tables, fmt, title=project_name)
    return Download(
        fmt=fmt, data=data,
        file_name=tables_file_stem(project_name, tables) + file_suffix(fmt, len(tables)),
        mime=media_type(fmt, len(tables)),
    )


def tables_download_on_demand(tables: Sequence[Table], fmt: str, *,
                              project_name: str) -> Download:
    """As :func:`tables_download`, with the file written only when the button is pressed.

    A filter change on Tabeller would otherwise write every table in every format (Word and
    Excel files included) before the page could be drawn again. The tables are frozen
    results, so the file made later is the one :func:`tables_download` makes now.
    """
    if not tables:
        raise ExportError(msgid="error.export.there_are_no_tables", field="tables")
    chosen = tuple(tables)
    return Download(
        fmt=fmt, data=lambda: tables_download(chosen, fmt, project_name=project_name).data,
        file_name=tables_file_stem(project_name, chosen) + file_suffix(fmt, len(chosen)),
        mime=media_type(fmt, len(chosen)),
    )


def codebook_downloads(codebook: Codebook) -> list[Download]:
    """The codebook as YAML (re-importable) and as CSV (for spreadsheets)."""
    stem = slug(codebook.name) or "kodbok"
    return [
        Download("yaml", dump_codebook(codebook).encode("utf-8"), f"{stem}.yaml",
                 "application/yaml"),
        # The BOM makes Excel read å, ä and ö correctly.
        Download("csv", ("\ufeff" + codebook_to_csv(codebook)).encode("utf-8"), f"{stem}.csv",
                 "text/csv"),
    ]
