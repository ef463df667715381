"""Exemplifying quotes for chosen factors: which passages are picked, and the Word file."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument

from sigqual.compare.quotes import QuoteBlock, factor_quotes, quotes_docx, quotes_file_name
from sigqual.errors import ExportError, InputError
from sigqual.report.content import Quote
from sigqual.report.word import QUOTE_INDENT
from sigqual.store import NewCoding

from .helpers import CODEBOOK, new_project


def _answer_text(doc: str, k: int) -> str:
    return f"Svar {k + 1} från {doc}, med några ord om saken."


@pytest.fixture
def project(store):
    p = new_project(store)
    p.add("f1", 3, group="foraldrar", participant="Förälder 1")
    p.add("f2", 2, group="foraldrar", participant="Förälder 2")
    p.add("a1", 2, group="aktorer", participant="Aktör 1")
    p.add("u1", 1, group="ungdomar")
    question = p.turns["f1"][0]
    p.code([
        p.answer("f1", 0, "ff-struktur", "Anna"), p.answer("f1", 1, "ff-struktur", "Anna"),
        p.answer("f1", 0, "ff-struktur", "Bo"),  # the same passage twice: quoted once
        p.answer("f2", 1, "ff-struktur", "Anna"), p.answer("a1", 0, "ff-struktur", "Anna"),
        p.answer("f1", 2, "t-moten", "Anna"), p.answer("a1", 1, "uo-info", "Anna"),
        p.answer("u1", 0, "ff-praktik", "Anna"),
        NewCoding(p.docs["f2"], "ff-struktur", question.start, question.start + 5, "Anna"),
    ])
    # The interviewer's question in f1, coded too: never a quote.
    p.code([NewCoding(p.docs["f1"], "uo-info", question.start, question.end, "Anna")])
    return p


@pytest.mark.parametrize(
    ("codes", "groups", "per_factor", "rollup", "expected"),
    [
        # Every respondent passage, one interview each first, then the rest in order.
        (["ff-struktur"], None, None, True,
         {"ff-struktur": [("f1", 0, "Förälder 1, Föräldrarna"), ("f2", 1, "Förälder 2, Föräldrarna"),
                          ("a1", 0, "Aktör 1, Aktörerna"), ("f1", 1, "Förälder 1, Föräldrarna")]}),
        (["ff-struktur"], None, 2, True,
         {"ff-struktur": [("f1", 0, "Förälder 1, Föräldrarna"),
                          ("f2", 1, "Förälder 2, Föräldrarna")]}),
        (["ff-struktur"], ["aktorer"], None, True,
         {"ff-struktur": [("a1", 0, "Aktör 1, Aktörerna")]}),
        # A theme draws on its codes' passages too, unless rollup is off.
        (["t-moten"], ["foraldrar"], 2, True,
         {"t-moten": [("f1", 0, "Förälder 1, Föräldrarna"), ("f2", 1, "Förälder 2, Föräldrarna")]}),
        (["t-moten"], None, None, False, {"t-moten": [("f1", 2, "Förälder 1, Föräldrarna")]}),
        # Without a participant the document name stands in for the pseudonym.
        (["ff-praktik", "uo-info"], None, 3, True,
         {"ff-praktik": [("u1", 0, "u1, Ungdomarna")], "uo-info": [("a1", 1, "Aktör 1, Aktörerna")]}),
        (["uo-tid"], None, 3, True, {"uo-tid": []}),
    ],
)
def test_factor_quotes(project, codes, groups, per_factor, rollup, expected) -> None:
    codings, _docs, _segments = project.frames()
    blocks = factor_quotes(codings, CODEBOOK, codes, groups=groups, per_factor=per_factor,
                           rollup=rollup)
    assert [b.code.id for b in blocks] == codes
    got = {b.code.id: [(q.text, q.source) for q in b.quotes] for b in blocks}
    assert got == {code: [(_answer_text(doc, k), source) for doc, k, source in quotes]
                   for code, quotes in expected.items()}


def test_blocks_carry_the_theme(project) -> None:
    codings, _d, _s = project.frames()
    factor, theme, loose = factor_quotes(codings, CODEBOOK, ["ff-struktur", "t-moten", "k-ovrigt"])
    assert (factor.theme.id, theme.theme.id, loose.theme) == ("t-moten", "t-moten", None)


@pytest.mark.parametrize(
    ("codes", "per_factor", "drop", "message"),
    [
        ([], 3, None, "choose at least one factor"),
        (["ff-struktur", "nope"], 3, None, "unknown code id(s): nope"),
        (["ff-struktur"], 0, None, "quotes per factor must be at least 1, not 0"),
        (["ff-struktur"], True, None, "quotes per factor must be at least 1"),
        (["ff-struktur"], 3, "participant", "lacks column(s) participant"),
    ],
)
def test_factor_quotes_refuses_bad_input(project, codes, per_factor, drop, message) -> None:
    codings, _d, _s = project.frames()
    if drop:
        codings = codings.drop(columns=[drop])
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        factor_quotes(codings, CODEBOOK, codes, per_factor=per_factor)


def _paragraphs(data: bytes) -> list:
    return list(WordDocument(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize(
    ("lang", "title", "notes", "kind_line", "empty_line"),
    [
        ("sv", "Exempelcitat: Test", ["Urval: Faser: 1."], "Framgångsfaktor, tema: Mötena",
         "Inga citat i urvalet."),
        ("en", None, [], "Success factor, theme: Mötena", "No quotes in the selection."),
    ],
)
def test_quotes_docx_reads_back_in_the_report_style(lang, title, notes, kind_line,
                                                    empty_line) -> None:
    struktur, info = CODEBOOK.code("ff-struktur"), CODEBOOK.code("uo-info")
    moten = CODEBOOK.code("t-moten")
    blocks = [
        QuoteBlock(struktur, moten, (Quote("Det var ordning och reda.", "Förälder 1, Föräldrarna"),
                                     Quote("Alla visste vad som gällde.", "Aktör 2, Aktörerna"))),
        QuoteBlock(info, moten, ()),
    ]
    paragraphs = _paragraphs(quotes_docx(blocks, title=title, lang=lang, notes=notes))
    texts = [p.text for p in paragraphs]
    expected_title = title or ("Exempelcitat" if lang == "sv" else "Example quotes")
    assert texts[0] == expected_title and paragraphs[0].style.name == "Heading 1"
    body = texts[1:]
    assert body == [
        *notes, "Tydlig struktur", kind_line,
        "Det var ordning och reda. (Förälder 1, Föräldrarna)",
        "Alla visste vad som gällde. (Aktör 2, Aktörerna)",
        "Mer information", kind_line.replace("Framgångsfaktor", "Utvecklingsområde").replace(
            "Success factor", "Development area"),
        empty_line,
    ]
    headings = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Tydlig struktur", "Mer information"]
    quotes = [p for p in paragraphs if p.text.endswith(")") and "(" in p.text and p.runs[0].italic]
    assert len(quotes) == 2
    for paragraph in quotes:
        # Word stores the indent in twips, so it comes back rounded.
        assert round(paragraph.paragraph_format.left_indent.cm, 2) == round(QUOTE_INDENT.cm, 2)
        assert round(paragraph.paragraph_format.right_indent.cm, 2) == round(QUOTE_INDENT.cm, 2)
        words, source = paragraph.runs
        assert words.italic and not source.italic
        assert source.text.startswith(" (")


def test_quotes_docx_from_the_project(project) -> None:
    codings, _d, _s = project.frames()
    blocks = factor_quotes(codings, CODEBOOK, ["ff-struktur"], per_factor=1)
    texts = [p.text for p in _paragraphs(quotes_docx(blocks, title="Citat"))]
    assert f"{_answer_text('f1', 0)} (Förälder 1, Föräldrarna)" in texts


def test_quotes_docx_needs_blocks() -> None:
    with pytest.raises(ExportError, match="no factors"):
        quotes_docx([])


@pytest.mark.parametrize(("name", "expected"), [
    ("Huddinge-demo (fiktiv)", "huddinge-demo-fiktiv-exempelcitat.docx"),
    ("Åsa & Östen", "asa-osten-exempelcitat.docx"),
    ("???", "sigqual-exempelcitat.docx"),
])
def test_quotes_file_name(name: str, expected: str) -> None:
    assert quotes_file_name(name) == expected
