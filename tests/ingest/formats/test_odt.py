from __future__ import annotations

import pytest
from odf import dc
from odf import text as odftext

from sigqual.errors import ImportError_
from sigqual.ingest import parse_file
from sigqual.ingest.formats import EXTRACTORS
from sigqual.ingest.formats.odt import read

from ..builders import odt_paragraph, odt_table


def _body(*elements):
    def fill(document) -> None:
        for element in elements:
            document.text.addElement(element)

    return fill


CASES = [
    ("heading and paragraphs in order",
     [odt_paragraph("Intervju: Förälder 2", heading=True), odt_paragraph("I: Hej"),
      odt_paragraph("IP: Hej på dig")],
     "Intervju: Förälder 2\nI: Hej\nIP: Hej på dig"),
    ("repeated spaces, tabs and line breaks",
     [odt_paragraph("I:", odftext.S(c=3), "Hej", odftext.Tab(), "du",
                    odftext.LineBreak(), "ny rad")],
     "I:   Hej\tdu\nny rad"),
    ("a single space element and spans",
     [odt_paragraph("R:", odftext.S(), odftext.Span(text="gården"), " i Älvsjö")],
     "R: gården i Älvsjö"),
    ("footnotes and comments are left out",
     [odt_paragraph("R: Svar", odftext.Note(noteclass="footnote"), ".")],
     "R: Svar."),
    ("transcript table",
     [odt_table([["I", "Hur var det?"], ["IP", "Bra."]])],
     "I: Hur var det?\nIP: Bra."),
]  # fmt: skip


@pytest.mark.parametrize(("elements", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_text_in_document_order(make_odt, elements, expected: str) -> None:
    path = make_odt("t.odt", _body(*elements))
    assert EXTRACTORS[".odt"](path.read_bytes(), path.name) == expected


def test_lists_are_read(make_odt) -> None:
    items = odftext.List()
    for value in ("första punkten", "andra punkten"):
        item = odftext.ListItem()
        item.addElement(odt_paragraph(value))
        items.addElement(item)
    path = make_odt("list.odt", _body(odt_paragraph("Punkter"), items))
    assert read(path.read_bytes(), path.name).text == "Punkter\nförsta punkten\nandra punkten"


def test_metadata_and_parse(make_odt) -> None:
    def fill(document) -> None:
        document.meta.addElement(dc.Title(text="Aktör 4"))
        document.meta.addElement(dc.Creator(text="Karin Ek"))
        for line in ("I: Hur började det?", "IP: Med ett möte.", "I: Och sen?", "IP: Fler."):
            document.text.addElement(odt_paragraph(line))

    parsed = parse_file(make_odt("akt-04.odt", fill))
    assert parsed.metadata == {"title": "Aktör 4", "author": "Karin Ek"}
    assert parsed.name == "akt-04"
    assert [(t.speaker, parsed.text[t.start : t.end]) for t in parsed.turns] == [
        ("I", "Hur började det?"), ("IP", "Med ett möte."), ("I", "Och sen?"), ("IP", "Fler."),
    ]  # fmt: skip


def test_docx_named_odt(make_docx) -> None:
    path = make_docx("real.docx", ["I: Hej"])
    with pytest.raises(ImportError_, match=r"not an OpenDocument text .*Word document \(\.docx\)"):
        read(path.read_bytes(), "real.odt")


def test_spreadsheet_named_odt(make_zip) -> None:
    path = make_zip("sheet.odt", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                  "content.xml": b"<x/>"})  # fmt: skip
    with pytest.raises(ImportError_, match="OpenDocument file that is not a text document"):
        read(path.read_bytes(), path.name)
