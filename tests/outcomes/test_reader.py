"""CSV and XLSX extracts: separators, encodings, BOMs, line numbers and limits."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from sigqual.errors import InputError
from sigqual.outcomes import reader

ROWS = [["Ärende", "Datum", "Händelse"], ["Ungdom 1", "2013-05-02", "Polisanmälan"],
        ["Ungdom 2", "2/5 2013", "oro"]]


def _csv(rows: list[list[str]], sep: str, encoding: str, bom: bool = False) -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=sep, lineterminator="\r\n").writerows(rows)
    data = text.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


@pytest.mark.parametrize(("sep", "encoding", "bom"), [
    (",", "utf-8", False), (";", "utf-8", False), (";", "utf-8", True), ("\t", "utf-8", True),
    (";", "cp1252", False), (",", "cp1252", False),
])
def test_csv_variants_read_the_same(sep: str, encoding: str, bom: bool) -> None:
    table = reader.read_bytes(_csv(ROWS, sep, encoding, bom), "x.csv")
    assert table.header == ROWS[0]
    assert [cells for _line, cells in table.rows] == ROWS[1:]
    assert [line for line, _cells in table.rows] == [2, 3]


def test_blank_lines_keep_the_line_numbers_a_user_sees() -> None:
    data = "Ärende;Datum;Händelse\n\nUngdom 1;2013-05-02;PA\n;;\nUngdom 2;2013-05-03;PA\n".encode()
    table = reader.read_bytes(data, "x.csv")
    assert [line for line, _ in table.rows] == [3, 5]


def test_xlsx_first_sheet_with_date_cells() -> None:
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(["Ärende", "Datum", "Händelse"])
    sheet.append(["Ungdom 1", datetime(2013, 5, 2), "Dom"])
    sheet.append([None, None, None])
    sheet.append(["Ungdom 2", "2013-06-01", "PA"])
    buffer = io.BytesIO()
    book.save(buffer)
    table = reader.read_bytes(buffer.getvalue(), "extract.xlsx")
    assert table.header == ["Ärende", "Datum", "Händelse"]
    assert [line for line, _ in table.rows] == [2, 4]
    assert table.rows[0][1][1] == datetime(2013, 5, 2)


@pytest.mark.parametrize(("data", "name", "problem"), [
    (b"", "x.csv", "empty"),
    (b"\x00\x01\x02binary", "x.csv", "binary"),
    (b"PK\x03\x04 not really a zip", "x.xlsx", "Excel"),
    (b'a;b\n"unterminated;1\n', "x.csv", None),
])
def test_bad_files_are_refused_by_name(data: bytes, name: str, problem: str | None) -> None:
    if problem is None:  # an unterminated quote swallows the rest: still a table, never a crash
        table = reader.read_bytes(data, name)
        assert table.header == ["a", "b"]
        return
    with pytest.raises(InputError) as err:
        reader.read_bytes(data, name)
    assert problem in str(err.value) and name in str(err.value)


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="limit"):
        reader.read_bytes(b"a;b\n" + b"1;2\n" * 100, "big.csv")


def test_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    with pytest.raises(InputError, match="more than 3 rows"):
        reader.read_bytes(b"a;b\n" + b"1;2\n" * 10, "long.csv")


_cell = st.text(alphabet=st.characters(codec="cp1252", exclude_characters="\r\n\x00"), max_size=12)


@given(rows=st.lists(st.lists(_cell, min_size=3, max_size=3), min_size=1, max_size=8),
       sep=st.sampled_from([",", ";"]), encoding=st.sampled_from(["utf-8", "cp1252"]),
       bom=st.booleans())
def test_any_table_round_trips(rows: list[list[str]], sep: str, encoding: str, bom: bool) -> None:
    header = ["Ärende", "Datum", "Händelse"]
    data = _csv([header, *rows], sep, encoding, bom and encoding == "utf-8")
    table = reader.read_bytes(data, "x.csv")
    expected = [r for r in rows if any(c.strip() for c in r)]
    assert table.header == header
    assert [cells for _line, cells in table.rows] == expected
