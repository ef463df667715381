"""Rows from a CSV or XLSX extract, each with the line a spreadsheet user sees.

CSV may be comma, semicolon or tab separated, UTF-8 with or without a BOM, or
Windows-1252 (what Excel in Sweden saves). XLSX is read with openpyxl in read-only
mode, first sheet. Files above :data:`MAX_BYTES` or :data:`MAX_ROWS` are refused
before any parsing, so a wrong file cannot exhaust memory.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 500_000
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class RawTable:
    """The header row and the data rows (line number, cells) of one file."""

    file: str
    header: list[str]
    rows: list[tuple[int, list[object]]]


def read_path(path: str | Path) -> RawTable:
    """Read a file from disk after checking its size."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(msgid="error.file.unreadable", params={"reason": exc.strerror},
                         file=str(path)) from None
    _check_size(size, path.name)
    return read_bytes(path.read_bytes(), path.name)


def read_bytes(data: bytes, name: str) -> RawTable:
    """A CSV or XLSX file's rows; the format is told by content, not only the suffix."""
    _check_size(len(data), name)
    if data.startswith(XLSX_MAGIC) or name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data, name)
    return _read_csv(data, name)


def _check_size(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise InputError(msgid="error.outcomes.too_big", file=name,
                         params={"size": f"{size / 1e6:.1f}", "limit": f"{MAX_BYTES / 1e6:.0f}"})
    if size == 0:
        raise InputError(msgid="error.outcomes.empty", file=name)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM or not), else Windows-1252; NUL bytes mean it is not a text file."""
    if b"\x00" in data[:4096]:
        raise InputError(msgid="error.outcomes.binary", file=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(msgid="error.outcomes.encoding", params={"start": exc.start},
                         file=name) from None


def sniff_delimiter(first_line: str) -> str:
    """The separator used in the header line: the most frequent of ``;``, ``,`` and tab."""
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(data: bytes, name: str) -> RawTable:
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
    first = next((line for line in text.split("\n", 50)[:50] if line.strip()), "")
    if not first:
        raise InputError(msgid="error.outcomes.no_header", file=name)
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(first))
    header: list[str] | None = None
    rows: list[tuple[int, list[object]]] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip() for c in cells]
                continue
            rows.append((line, list(cells)))
            if len(rows) > MAX_ROWS:
                raise InputError(msgid="error.outcomes.too_many_rows", params={"limit": MAX_ROWS}, file=name)
    except csv.Error as exc:
        raise InputError(msgid="error.outcomes.broken_csv", params={"reason": exc}, file=name,
                             line=reader.line_num) from None
    return RawTable(name, header or [], rows)


def _read_xlsx(data: bytes, name: str) -> RawTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(msgid="error.outcomes.not_excel", params={"reason": exc}, file=name) from None
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, list[object]]] = []
        for line, cells in _sheet_rows(sheet):
            if header is None:
                header = ["" if c is None else str(c).strip() for c in cells]
                continue
            rows.append((line, ["" if c is None else c for c in cells]))
            if len(rows) > MAX_ROWS:
                raise InputError(msgid="error.outcomes.too_many_rows", params={"limit": MAX_ROWS}, file=name)
    finally:
        book.close()
    return RawTable(name, header or [], rows)


def _sheet_rows(sheet: object) -> Iterator[tuple[int, tuple[object, ...]]]:
    for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        if any(c is not None and str(c).strip() for c in cells):
            yield line, cells
