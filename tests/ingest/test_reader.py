from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from sigqual.errors import ImportError_
from sigqual.ingest import Turn, parse_bytes, parse_file

from .builders import odt_paragraph


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BAD_INPUTS = [
    ("empty", b"", "f.txt", "file is empty"),
    ("binary junk", bytes(range(256)) * 4, "f.txt", "contains NUL bytes"),
    ("corrupt zip posing as docx", b"PK\x03\x04" + bytes(range(1, 200)), "f.docx",
     "not a Word document (.docx): the ZIP container is damaged"),
    ("text posing as docx", b"I: Hej", "f.docx",
     "not a Word document (.docx): the file is not a ZIP container, is it a .doc?"),
    ("unknown extension", b"I: Hej", "f.xlsx",
     "'.xlsx' files are not supported; supported: .txt, .md, .docx, .odt, .pdf, .rtf, .vtt, .srt"),
    ("old doc", b"\xd0\xcf\x11\xe0", "f.doc", "'.doc' files are not supported (old Word format"),
    ("no extension", b"I: Hej", "README", "the file has no extension"),
    ("pdf without header", b"I: Hej", "f.pdf", "not a PDF: the file does not start with %PDF"),
    ("docx named pdf", _zip({"word/document.xml": b"<x/>"}), "f.pdf",
     "not a PDF: the file does not start with %PDF; it is a ZIP archive"),
    ("pdf named txt", b"%PDF-1.4\n...", "f.txt", "not a text file: the file is a PDF document "
     "(.pdf); rename it to .pdf"),
    ("rtf named txt", b"{\\rtf1 hej}", "f.txt", "rename it to .rtf"),
    ("zip named md", _zip({"a.txt": b"x"}), "f.md", "not a Markdown file: the file is a ZIP"),
    ("not rtf", b"hej", "f.rtf", "not an RTF document: the file does not start with {\\rtf"),
    ("only whitespace", b" \r\n\t\n", "f.txt", "no text found"),
    ("only header lines", b"Datum: 2014-03-19\nPlats: Huddinge\n", "f.txt",
     "no text found after the header lines"),
    ("unsafe docx member", _zip({"word/document.xml": b"<x/>", "../evil": b"x"}), "f.docx",
     "unsafe path in archive: '../evil'"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "filename", "message"), [c[1:] for c in BAD_INPUTS],
                         ids=[c[0] for c in BAD_INPUTS])  # fmt: skip
def test_bad_input_gets_a_clear_error(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(ImportError_) as info:
        parse_bytes(data, filename)
    assert info.value.file == filename
    assert message in info.value.message
    assert info.value.__cause__ is None or not isinstance(info.value.__cause__, ImportError_)


@pytest.mark.parametrize(
    ("size", "limit", "message"),
    [
        (int(80.2 * 2**20), 50 * 2**20, "file is 80.2 MB, over the 50 MB limit"),
        (2**20 + 1, 2**20, "file is 1.0 MB, over the 1 MB limit"),
        (2048, 1024, "file is 2.0 KB, over the 1.0 KB limit"),
    ],
)
def test_size_limit(size: int, limit: int, message: str) -> None:
    with pytest.raises(ImportError_) as info:
        parse_bytes(b"a" * size, "big.txt", max_bytes=limit)
    assert info.value.message == message


def test_size_limit_is_checked_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read despite size"))
    with pytest.raises(ImportError_, match="over the 1.0 KB limit"):
        parse_file(path, max_bytes=1024)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.txt", "no such file"),
        (lambda tmp: tmp, "is a folder, not a file"),
    ],
    ids=["missing", "folder"],
)
def test_parse_file_path_problems(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(ImportError_, match=message):
        parse_file(make(tmp_path))


def test_parse_file_normalises_and_segments(tmp_path: Path) -> None:
    path = tmp_path / "for-02.txt"
    # Windows line endings, a BOM and decomposed "ä" must all be normalised away.
    path.write_bytes("\ufeffI: Hur mår du?\r\nIP: Bra, sa\u0308ger jag.\r\n".encode("utf-16"))
    parsed = parse_file(path)
    assert parsed.text == "I: Hur mår du?\nIP: Bra, säger jag.\n"
    assert parsed.turns == (
        Turn(3, 14, "I", "interviewer", None),
        Turn(19, 34, "IP", "respondent", None),
    )
    assert (parsed.name, parsed.filename, parsed.source_format) == ("for-02", "for-02.txt", "txt")
    assert parsed.metadata == {"encoding": "utf-16"}


def test_upper_case_extension_and_markdown(tmp_path: Path) -> None:
    path = tmp_path / "PG.MD"
    path.write_text("# Fokusgrupp\n\n**Moderator:** Hej.\n\n**Deltagare 1:** Hej.\n", "utf-8")
    parsed = parse_file(path)
    assert parsed.source_format == "md"
    assert [(t.speaker, parsed.text[t.start : t.end]) for t in parsed.turns] == [
        ("Moderator", "Hej."),
        ("Deltagare 1", "Hej."),
    ]


def test_interviewer_labels_reach_the_segmenter() -> None:
    data = b"Karin: Hej.\nOmar: Hej.\nKarin: Mer?\nOmar: Nej."
    parsed = parse_bytes(data, "x.txt", interviewer_labels=["Karin"])
    assert [t.role for t in parsed.turns] == ["interviewer", "respondent"] * 2


QUESTION = "Hur var det på gården i Älvsjö?"
ANSWER = "Förälder på gården, ja."
RTF = (r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\pard I: Hur var det p\'e5 g\'e5rden i "
       r"\'c4lvsj\u246?? \par IP: F\'f6r\'e4lder p\'e5 g\'e5rden, ja.\par}")
VTT = f"WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n<v I>{QUESTION}\n\n" \
      f"2\n00:00:03.500 --> 00:00:05.000\n<v IP>{ANSWER}\n"
SRT = f"1\n00:00:01,000 --> 00:00:03,000\nI: {QUESTION}\n\n" \
      f"2\n00:00:03,500 --> 00:00:05,000\nIP: {ANSWER}\n"


@pytest.fixture
def every_format(tmp_path: Path, make_docx, make_odt, make_pdf):
    """Build the same two-turn interview as a real file of the given format."""
    lines = [f"I: {QUESTION}", f"IP: {ANSWER}"]

    def fill_odt(document) -> None:
        for line in lines:
            document.text.addElement(odt_paragraph(line))

    def build(extension: str) -> Path:
        name = "for-02" + extension
        if extension == ".docx":
            return make_docx(name, lines)
        if extension == ".odt":
            return make_odt(name, fill_odt)
        if extension == ".pdf":
            return make_pdf(name, [lines])
        content = {".rtf": RTF.encode("ascii"), ".vtt": VTT.encode("utf-8"),
                   ".srt": SRT.encode("cp1252"), ".md": "\n\n".join(lines).encode("utf-8"),
                   ".txt": "\r\n".join(lines).encode("utf-16")}[extension]  # fmt: skip
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return build


@pytest.mark.parametrize(
    ("extension", "timestamps"),
    [(".txt", [None, None]), (".md", [None, None]), (".docx", [None, None]),
     (".odt", [None, None]), (".pdf", [None, None]), (".rtf", [None, None]),
     (".vtt", ["00:00:01", "00:00:03"]), (".srt", ["00:00:01", "00:00:03"])],
)  # fmt: skip
def test_every_format_gives_the_same_turns(every_format, extension: str, timestamps) -> None:
    parsed = parse_file(every_format(extension))
    assert parsed.source_format == extension.lstrip(".")
    assert parsed.name == "for-02"
    turns = [(t.speaker, t.role, t.timestamp, parsed.text[t.start : t.end]) for t in parsed.turns]
    assert turns == [
        ("I", "interviewer", timestamps[0], QUESTION),
        ("IP", "respondent", timestamps[1], ANSWER),
    ]
