"""Builders for real transcript files of every supported format, written to tmp_path."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import docx
import pytest
from odf.opendocument import OpenDocumentText
from reportlab.pdfgen import canvas

Builder = Callable[..., Path]


@pytest.fixture
def make_docx(tmp_path: Path) -> Builder:
    """``make_docx(name, paragraphs, rows=None, title=None, author=None)``.

    ``rows`` is a list of table rows (lists of cell strings) placed after the paragraphs.
    """

    def build(
        name: str,
        paragraphs: Sequence[str],
        rows: Sequence[Sequence[str]] | None = None,
        title: str | None = None,
        author: str | None = None,
    ) -> Path:
        document = docx.Document()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        if title is not None:
            document.core_properties.title = title
        if author is not None:
            document.core_properties.author = author
        path = tmp_path / name
        document.save(str(path))
        return path

    return build


@pytest.fixture
def make_odt(tmp_path: Path) -> Builder:
    """``make_odt(name, build)`` where ``build(document)`` adds elements to the body."""

    def build(name: str, fill: Callable[[OpenDocumentText], None]) -> Path:
        document = OpenDocumentText()
        fill(document)
        path = tmp_path / name
        document.save(str(path))
        return path

    return build


@pytest.fixture
def make_pdf(tmp_path: Path) -> Builder:
    """``make_pdf(name, pages, title=None)``: each page is a list of lines; no lines = scan."""

    def build(name: str, pages: Sequence[Sequence[str]], title: str | None = None) -> Path:
        path = tmp_path / name
        pdf = canvas.Canvas(str(path))
        if title is not None:
            pdf.setTitle(title)
        for lines in pages:
            if not lines:
                pdf.rect(50, 400, 300, 200, fill=1)  # an image-only page, like a scan
            for number, line in enumerate(lines):
                pdf.drawString(50, 800 - 20 * number, line)
            pdf.showPage()
        pdf.save()
        return path

    return build


@pytest.fixture
def make_zip(tmp_path: Path) -> Builder:
    """``make_zip(name, {member: bytes}, compression=ZIP_DEFLATED)``."""

    def build(
        name: str, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED
    ) -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", compression=compression) as archive:
            for member, data in members.items():
                archive.writestr(member, data)
        return path

    return build
