"""Helpers shared by the exporters, so every format reads captions and cells the same way."""

from __future__ import annotations

import numbers
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from sigqual.errors import ExportError
from sigqual.tables.model import Table

# Leading characters that make spreadsheet programs treat a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Characters XML 1.0 forbids; Word and Excel files cannot hold them at all.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CAPTION_SEPARATORS = ".:"


@dataclass(frozen=True)
class Caption:
    """A caption split into its label (``Tabell 4a.``) and the descriptive rest."""

    label: str
    rest: str

    @property
    def text(self) -> str:
        """The caption as one line, with the label printed exactly once."""
        return f"{self.label} {self.rest}" if self.rest else self.label


@dataclass(frozen=True)
class Column:
    """A frame column as the exporters see it: printable name and whether it holds numbers."""

    name: str
    numeric: bool


def validate_tables(tables: Iterable[Table] | None) -> list[Table]:
    """Fail early with a message naming the table, instead of a library traceback mid-write."""
    if isinstance(tables, Table):
        raise ExportError(
            f"{tables.title}: expected a list of tables, got a single table", field="tables"
        )
    items = list(tables) if tables is not None else []
    if not items:
        raise ExportError(msgid="error.export.there_are_no_tables", field="tables")
    checked: list[Table] = []
    for position, table in enumerate(items, start=1):
        if not isinstance(table, Table):
            raise ExportError(
                f"item {position} is a {type(table).__name__}, not a Table", field="tables"
            )
        if not isinstance(table.caption, str):
            raise ExportError(f"{table.title}: the caption is not text", field="caption")
        if not isinstance(table.frame, pd.DataFrame):
            raise ExportError(
                f"{table.title}: the frame is a {type(table.frame).__name__}, not a DataFrame",
                field="frame",
            )
        if isinstance(table.frame.columns, pd.MultiIndex):
            raise ExportError(
                msgid="error.export.multi_level_column_headers", params={"title": table.title},
                field="frame",
            )
        if table.frame.shape[1] == 0:
            raise ExportError(msgid="error.export.table_has_no_columns",
                              params={"title": table.title}, field="frame")
        checked.append(table)
    return checked


def split_caption(table: Table) -> Caption:
    """Separate the ``Tabell 4a.`` label from the caption so it is printed once, in bold.

    Builders write captions that already start with the label; a caption without it gets
    the label added, so every exported table is numbered the same way.
    """
    title = table.title
    caption = " ".join(table.caption.split())
    if caption.casefold().startswith(title.casefold()):
        after = caption[len(title) :]
        if not after or not (after[0].isalnum() or after[0] in "-_"):
            rest = after.lstrip(_CAPTION_SEPARATORS).strip()
            return Caption(label=f"{title}.", rest=rest)
    return Caption(label=f"{title}.", rest=caption)


def is_missing(value: object) -> bool:
    """True for None and the NaN/NA markers pandas puts in empty numeric cells."""
    if value is None:
        return True
    if isinstance(value, str):
        return False
    try:
        return bool(pd.api.types.is_scalar(value) and pd.isna(value))
    except (TypeError, ValueError):
        return False


def is_number(value: object) -> bool:
    """True for ints and floats (numpy included) but not for booleans."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool | bytes)


def plain_number(value: object) -> int | float:
    """Turn numpy scalars into Python numbers, which every writer library accepts."""
    if isinstance(value, numbers.Integral):
        return int(value)
    return float(value)  # type: ignore[arg-type]


def cell_text(value: object) -> str:
    """The text a cell shows: the value as ``str``, with missing values as empty cells."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        return ""
    if is_number(value):
        return str(plain_number(value))
    return str(value)


def columns(frame: pd.DataFrame) -> list[Column]:
    """Names and numeric flags by position, so duplicate column names stay distinct."""
    result = []
    for position, name in enumerate(frame.columns):
        series = frame.iloc[:, position]
        result.append(Column(name=cell_text(name), numeric=_is_numeric(series)))
    return result


def _is_numeric(series: pd.Series) -> bool:
    """A column is numeric when its dtype is, or when every filled object cell is a number."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return False
    if pd.api.types.is_numeric_dtype(series.dtype):
        return True
    if series.dtype != object:
        return False
    filled = [value for value in series if not is_missing(value)]
    return bool(filled) and all(is_number(value) for value in filled)


def rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    """Cell values row by row; the index is not part of a report table."""
    return list(frame.itertuples(index=False, name=None))


def normalise_newlines(text: str) -> str:
    """Use ``\\n`` for every line break so each one becomes exactly one break in the output."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def xml_safe(text: str) -> str:
    """Drop control characters that XML-based formats (docx, xlsx) cannot store."""
    return _XML_ILLEGAL.sub("", text)


def guard_formula(text: str) -> str:
    """Prefix a quote so a transcript line such as ``=HYPERLINK(...)`` stays text in Excel."""
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated name for files: ``Tabell 4a`` -> ``tabell-4a``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def dedupe(names: Iterable[str], *, limit: int | None = None, pattern: str = " ({})") -> list[str]:
    """Make names unique (case-insensitively) by numbering repeats, keeping within ``limit``.

    ``pattern`` formats the number appended to a repeat, e.g. ``" ({})"`` or ``"-{}"``.
    """
    taken: set[str] = set()
    result = []
    for name in names:
        candidate = name[:limit] if limit else name
        number = 1
        while candidate.casefold() in taken:
            number += 1
            suffix = pattern.format(number)
            stem = name[: limit - len(suffix)] if limit else name
            candidate = stem + suffix
        taken.add(candidate.casefold())
        result.append(candidate)
    return result
