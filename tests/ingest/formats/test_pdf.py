from __future__ import annotations

import pytest

from sigqual.errors import ImportError_
from sigqual.ingest import parse_file
from sigqual.ingest.formats import EXTRACTORS
from sigqual.ingest.formats.pdf import NO_TEXT_LAYER


def test_text_layer_with_swedish_letters(make_pdf) -> None:
    path = make_pdf(
        "for-02.pdf",
        [["Intervjuare: Hur var det på gården i Älvsjö?", "Förälder 2: Det var bra."],
         ["Intervjuare: Och efteråt?", "Förälder 2: ÅÄÖ åäö."]],
        title="Förälder 2",
    )  # fmt: skip
    parsed = parse_file(path)
    assert parsed.text == (
        "Intervjuare: Hur var det på gården i Älvsjö?\nFörälder 2: Det var bra.\n"
        "Intervjuare: Och efteråt?\nFörälder 2: ÅÄÖ åäö."
    )
    assert [(t.role, parsed.text[t.start : t.end]) for t in parsed.turns] == [
        ("interviewer", "Hur var det på gården i Älvsjö?"),
        ("respondent", "Det var bra."),
        ("interviewer", "Och efteråt?"),
        ("respondent", "ÅÄÖ åäö."),
    ]
    assert parsed.metadata["title"] == "Förälder 2"
    assert parsed.metadata["pages"] == "2"


@pytest.mark.parametrize("pages", [[[]], [[], []], [["12"], []]], ids=["one", "two", "numbers"])
def test_scanned_pdf_needs_ocr(make_pdf, pages) -> None:
    path = make_pdf("scan.pdf", pages)
    with pytest.raises(ImportError_) as info:
        EXTRACTORS[".pdf"](path.read_bytes(), path.name)
    assert info.value.message == NO_TEXT_LAYER
    assert info.value.file == "scan.pdf"


def test_truncated_pdf_is_a_clear_error(make_pdf) -> None:
    data = make_pdf("cut.pdf", [["I: Hej"]]).read_bytes()
    with pytest.raises(ImportError_, match="could not read the file as a PDF: damaged") as info:
        EXTRACTORS[".pdf"](data[:60], "cut.pdf")
    assert info.value.file == "cut.pdf"
