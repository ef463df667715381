"""Byte-for-byte comparison of the text formats with checked-in golden files.

Regenerate after an intended change with ``SIGQUAL_UPDATE_GOLDEN=1`` (see golden/README.md).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from sigqual.export import export_tables
from sigqual.tables.model import Table

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SIGQUAL_UPDATE_GOLDEN") == "1"


def check_golden(name: str, data: bytes) -> None:
    """Compare with golden/<name>; in update mode write it first so the diff can be reviewed."""
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(data)
    assert path.exists(), f"{path} is missing; run with SIGQUAL_UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes()
    if data != expected:
        got = data.decode("utf-8", "replace").splitlines()
        want = expected.decode("utf-8", "replace").splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
            min(len(got), len(want)),
        )
        pytest.fail(f"{name} differs from golden from line {first + 1}", pytrace=False)


@pytest.mark.parametrize(("fmt", "name"), [("md", "tables.md"), ("html", "tables.html")])
def test_document_formats_match_golden(
    fmt: str, name: str, sample_tables: list[Table], title: str
) -> None:
    check_golden(name, export_tables(sample_tables, fmt, title=title))


@pytest.mark.parametrize(("index", "name"), [(0, "tabell-4a.csv"), (1, "tabell-4a-belagg.csv")])
def test_single_table_csv_matches_golden(index: int, name: str, sample_tables: list[Table]) -> None:
    check_golden(name, export_tables([sample_tables[index]], "csv"))


def test_csv_zip_holds_the_golden_files(sample_tables: list[Table]) -> None:
    with zipfile.ZipFile(io.BytesIO(export_tables(sample_tables, "csv"))) as archive:
        assert archive.namelist() == ["tabell-4a.csv", "tabell-4a-belagg.csv"]
        for name in archive.namelist():
            assert archive.read(name) == (GOLDEN / name).read_bytes(), name
