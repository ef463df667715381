from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from sigqual.errors import ImportError_
from sigqual.ingest import parse_file
from sigqual.ingest.formats import EXTRACTORS
from sigqual.ingest.formats.docx import read


def test_paragraphs_and_tables_in_document_order(make_docx) -> None:
    path = make_docx(
        "f2.docx",
        ["Intervju: Förälder 2", "", "I: Hur var mötena?", "IP: Bra, på gården i Älvsjö."],
        rows=[["Anteckning", "Uppföljning i augusti"], ["lång text i första cellen", ""]],
    )
    assert EXTRACTORS[".docx"](path.read_bytes(), path.name) == (
        "Intervju: Förälder 2\n\nI: Hur var mötena?\nIP: Bra, på gården i Älvsjö.\n"
        "Anteckning: Uppföljning i augusti\nlång text i första cellen"
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["I", "Hur var det?"], ["IP", "Bra."]], "I: Hur var det?\nIP: Bra."),
        ([["00:01:02", "I:", "Hur?"], ["00:01:09", "Anna", "Så."]],
         "[00:01:02] I: Hur?\n[00:01:09] Anna: Så."),
        ([["En mening med många ord", "x"]], "En mening med många ord\nx"),
    ],
    ids=["speaker and text", "time, speaker and text", "ordinary table"],
)  # fmt: skip
def test_transcript_tables_become_labelled_lines(make_docx, rows, expected: str) -> None:
    path = make_docx("table.docx", [], rows=rows)
    assert EXTRACTORS[".docx"](path.read_bytes(), path.name) == expected


def test_merged_cells_are_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Rubrik över två kolumner"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Rad två"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert read(path.read_bytes(), path.name).text == "Rubrik över två kolumner\nRad två"


def test_tabs_breaks_and_tracked_changes(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("I:\tHej")
    paragraph.add_run().add_break()
    paragraph.add_run("andra raden")
    w = nsdecls("w")
    paragraph._p.append(
        parse_xml(f'<w:ins {w} w:id="1" w:author="a"><w:r><w:t xml:space="preserve"> tillagt'
                  "</w:t></w:r></w:ins>")
    )  # fmt: skip
    paragraph._p.append(
        parse_xml(f'<w:del {w} w:id="2" w:author="a"><w:r><w:delText> borttaget</w:delText>'
                  "</w:r></w:del>")
    )  # fmt: skip
    path = tmp_path / "changes.docx"
    document.save(str(path))
    assert read(path.read_bytes(), path.name).text == "I:\tHej\nandra raden tillagt"


def test_core_properties_become_metadata(make_docx) -> None:
    path = make_docx("meta.docx", ["I: Hej", "R: Hej"], title="Förälder 2", author="Karin Ek")
    parsed = parse_file(path)
    assert parsed.metadata["title"] == "Förälder 2"
    assert parsed.metadata["author"] == "Karin Ek"
    assert parsed.source_format == "docx"
    assert [parsed.text[t.start : t.end] for t in parsed.turns] == ["Hej", "Hej"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just some text, not a zip", "not a Word document (.docx): the file is not a ZIP"),
        (b"PK\x03\x04 truncated", "not a Word document (.docx): the ZIP container is damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old binary Office file (.doc)"),
        (b"{\\rtf1\\ansi hej}", "the file is an RTF document"),
    ],
    ids=["text", "corrupt zip", "old doc", "rtf saved as docx"],
)
def test_not_a_docx(data: bytes, message: str) -> None:
    with pytest.raises(ImportError_) as info:
        read(data, "f.docx")
    assert message in info.value.message
    assert info.value.file == "f.docx"


def test_opendocument_named_docx(make_odt) -> None:
    path = make_odt("real.odt", lambda document: None)
    with pytest.raises(ImportError_, match=r"the file is an OpenDocument text \(\.odt\)"):
        read(path.read_bytes(), "real.docx")


def test_damaged_document_xml_is_wrapped(make_zip) -> None:
    path = make_zip("bad.docx", {"[Content_Types].xml": b"<broken", "word/document.xml": b"<"})
    message = r"could not read the file as a Word document \(\.docx\): damaged"
    with pytest.raises(ImportError_, match=message) as info:
        EXTRACTORS[".docx"](path.read_bytes(), path.name)
    assert info.value.file == "bad.docx"
