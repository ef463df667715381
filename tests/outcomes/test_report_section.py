"""The report's follow-up section: Table 2 and the joint display in Word and Excel."""

from __future__ import annotations

import io

import openpyxl
import pytest

from sigqual.report import ReportOptions, collect, workbook, write_docx
from sigqual.report.outcomes import figure_pngs

from ..report.conftest import open_docx, word_tables


@pytest.fixture
def content(demo):  # noqa: ANN001, ANN201
    store, pid = demo
    return collect(store, pid, ReportOptions(agreement=False))


def test_word_report_has_table2_and_the_joint_display(content) -> None:
    data, _chart = write_docx(content, chart="table")
    document = open_docx(data)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Uppföljning av ungdomarna" in headings and "Utfall och intervjuer" in headings
    tables = word_tables(document)
    (caption,) = [c for c in tables if c.startswith("Tabell 2.")]
    rows = tables[caption]
    assert rows[1] == ["Ungdom 1", "4", "5", "2 *", "1 *"]
    assert any("Figurerna 3 och 4" in p.text for p in document.paragraphs)  # no pictures in table mode
    joint = next(rows for c, rows in tables.items() if c.startswith("Utfall och intervjuer"))
    assert joint[0][:2] == ["Ungdom", "Polisanmälningar innan insatsen"]


def test_workbook_has_the_outcome_sheets(content) -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook(content)))
    for name in ("Tabell 2", "Tabell 2, sammanfattning", "Målgrupp", "Figur 4 i siffror", "Kontinuitet",
                 "Utfall och intervjuer"):
        assert name in book.sheetnames


def test_no_section_without_follow_up_data(demo) -> None:  # noqa: ANN001
    store, pid = demo
    store.delete_outcomes(pid)
    content = collect(store, pid, ReportOptions(agreement=False))
    assert content.outcomes is None
    document = open_docx(write_docx(content, chart="none")[0])
    assert not any(p.text == "Uppföljning av ungdomarna" for p in document.paragraphs)


def test_figures_are_skipped_when_asked(content) -> None:
    assert figure_pngs(content.outcomes, "none") is None
    assert figure_pngs(content.outcomes, "table") is None
