"""Shared report fixtures: the sample project's report read back with python-docx."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from sigqual.report import ReportOptions, collect, write_docx
from sigqual.store import Store


def word_tables(document: docx.document.Document) -> dict[str, list[list[str]]]:
    """Every table by the caption paragraph just above it ("Tabell 4a. ..." -> its cell texts)."""
    out: dict[str, list[list[str]]] = {}
    for table in document.tables:
        previous = table._tbl.getprevious()
        assert previous is not None and previous.tag == qn("w:p")
        caption = Paragraph(previous, document).text
        out[caption] = [[cell.text for cell in row.cells] for row in table.rows]
    return out


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """(content, document) of the sample project's report with quotes and a table chart."""
    from sigqual.demo import build_demo

    store = Store.open(tmp_path_factory.mktemp("report") / "demo.db")
    pid = build_demo(store)
    content = collect(store, pid, ReportOptions(quotes=True))
    data, chart = write_docx(content, chart="table")
    assert chart == "table"
    store.close()
    return content, open_docx(data)


def caption_of(table: WordTable) -> str:
    return Paragraph(table._tbl.getprevious(), table._parent).text
