"""CSV export: one table as a CSV file, several tables as a ZIP of CSV files.

The BOM lets Excel detect UTF-8 (å, ä, ö); cells that Excel would run as formulas get a
leading apostrophe because quotes come from transcripts that nobody has vetted.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence

from sigqual.export._common import (
    cell_text,
    columns,
    dedupe,
    guard_formula,
    is_number,
    rows,
    slug,
    validate_tables,
)
from sigqual.tables.model import Table

BOM = "\ufeff"
# A fixed timestamp keeps the ZIP byte-identical for identical tables.
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def write(tables: Sequence[Table], *, title: str | None = None) -> bytes:
    """Return a CSV for a single table, or a ZIP with ``tabell-<key>.csv`` per table.

    ``title`` has no place in a CSV file; it is accepted so all exporters share one signature.
    """
    checked = validate_tables(tables)
    if len(checked) == 1:
        return table_csv(checked[0])
    buffer = io.BytesIO()
    names = file_names(checked)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, table in zip(names, checked, strict=True):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, table_csv(table))
    return buffer.getvalue()


def file_names(tables: Sequence[Table]) -> list[str]:
    """Unique ZIP member names such as ``tabell-4a.csv`` (``tabell-4a-2.csv`` for a repeat)."""
    stems = [slug(table.title) or "tabell" for table in tables]
    return [f"{stem}.csv" for stem in dedupe(stems, pattern="-{}")]


def table_csv(table: Table) -> bytes:
    """One table as UTF-8 CSV with BOM, a header row and CRLF line ends (RFC 4180)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([guard_formula(column.name) for column in columns(table.frame)])
    for row in rows(table.frame):
        writer.writerow([_field(value) for value in row])
    return (BOM + text.getvalue()).encode("utf-8")


def _field(value: object) -> str:
    """Numbers stay as written (a negative count is not a formula); text is guarded."""
    text = cell_text(value)
    return text if is_number(value) else guard_formula(text)
