from __future__ import annotations

import pytest

from sigqual.errors import ImportError_
from sigqual.ingest import parse_file
from sigqual.ingest.formats import EXTRACTORS
from sigqual.ingest.formats.pdf import NO_TEXT_LAYER, strip_running_lines


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


HEADER = "Intervju 7 – förälder, fas 1"


@pytest.mark.parametrize(("pages", "expected"), [
    # a running header and numbered footers go; the turn across the page break stays whole
    ([f"{HEADER}\nI: Hur var det?\nR: Bra, men\n1", f"{HEADER}\nväldigt jobbigt.\nI: Ok.\nSida 2 av 3",
      f"{HEADER}\nR: Ja.\n- 3 -"],
     ["I: Hur var det?\nR: Bra, men", "väldigt jobbigt.\nI: Ok.", "R: Ja."]),
    # a turn that recurs at page edges is kept
    (["I: Mm.\nR: Ett.", "I: Mm.\nR: Två.", "I: Mm.\nR: Tre."],
     ["I: Mm.\nR: Ett.", "I: Mm.\nR: Två.", "I: Mm.\nR: Tre."]),
    # two pages are too few to call a line a header; a year inside the text is no page number
    ([f"{HEADER}\nR: Det var 2014.", f"{HEADER}\nR: Sen 2015."],
     [f"{HEADER}\nR: Det var 2014.", f"{HEADER}\nR: Sen 2015."]),
    # a header on only one page in three stays
    ([f"{HEADER}\nR: Ett.", "R: Två.", "R: Tre."], [f"{HEADER}\nR: Ett.", "R: Två.", "R: Tre."]),
])  # fmt: skip
def test_running_headers_and_page_numbers(pages: list[str], expected: list[str]) -> None:
    assert strip_running_lines(pages) == expected


def test_a_pdf_with_header_and_footer_reads_as_one_transcript(make_pdf) -> None:
    path = make_pdf("for-07.pdf", [
        [HEADER, "Intervjuare: Hur började det?", "Förälder: Det var i höstas, och", "Sida 1 av 2"],
        [HEADER, "sen blev det bättre.", "Intervjuare: Tack.", "Sida 2 av 2"],
        [HEADER, "Intervjuare: En sak till.", "Förälder: Ja.", "Sida 3 av 3"],
    ])  # fmt: skip
    parsed = parse_file(path)
    assert HEADER not in parsed.text and "Sida" not in parsed.text
    assert [parsed.text[t.start:t.end] for t in parsed.turns] == [
        "Hur började det?", "Det var i höstas, och\nsen blev det bättre.", "Tack.", "En sak till.", "Ja."]
