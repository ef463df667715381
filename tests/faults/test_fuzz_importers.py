"""Importers fuzzed with hypothesis: whatever the bytes, only a clean, named error."""

from __future__ import annotations

import io
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigqual.errors import ImportError_, SigqualError
from sigqual.ingest.limits import DEFAULT_LIMITS
from sigqual.ingest.model import ParsedTranscript
from sigqual.ingest.reader import parse_bytes

EXTENSIONS = [".txt", ".md", ".docx", ".odt", ".pdf", ".rtf", ".vtt", ".srt"]
TEXT = "I: Hur var mötena?\n\nIP: Jättebra, alltså, både soc och polisen var där.\n"


@cache
def valid_files() -> dict[str, bytes]:
    """One real file per container format, to truncate and corrupt."""
    from docx import Document
    from odf.opendocument import OpenDocumentText
    from odf.text import P
    from reportlab.pdfgen import canvas

    out: dict[str, bytes] = {}
    doc = Document()
    for line in TEXT.splitlines():
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    out[".docx"] = buf.getvalue()
    odt = OpenDocumentText()
    for line in TEXT.splitlines():
        odt.text.addElement(P(text=line))
    buf = io.BytesIO()
    odt.save(buf)
    out[".odt"] = buf.getvalue()
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    for i, line in enumerate(TEXT.splitlines()):
        pdf.drawString(72, 720 - 16 * i, line)
    pdf.save()
    out[".pdf"] = buf.getvalue()
    out[".rtf"] = rb"{\rtf1\ansi I: Hur var m\'f6tena?\par IP: Bra.\par}"
    out[".vtt"] = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Anna>Hej på dig</v>\n".encode()
    out[".srt"] = b"1\n00:00:01,000 --> 00:00:03,000\nAnna: Hej\n"
    out[".txt"] = TEXT.encode()
    return out


def _parse(data: bytes, name: str) -> None:
    try:
        result = parse_bytes(data, name)
    except SigqualError as exc:
        assert exc.file == name, f"error does not name the file: {exc}"
        assert str(exc).strip()
        return
    assert isinstance(result, ParsedTranscript)
    for turn in result.turns:
        assert 0 <= turn.start < turn.end <= len(result.text)


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(data=st.binary(max_size=4096), ext=st.sampled_from(EXTENSIONS))
def test_random_bytes(data: bytes, ext: str) -> None:
    _parse(data, "fuzz" + ext)


@FUZZ
@given(ext=st.sampled_from([".docx", ".odt", ".pdf", ".rtf", ".vtt", ".srt"]), cut=st.floats(0, 1))
def test_truncated_containers(ext: str, cut: float) -> None:
    whole = valid_files()[ext]
    _parse(whole[: int(len(whole) * cut)], "truncated" + ext)


@FUZZ
@given(ext=st.sampled_from([".docx", ".odt", ".pdf"]), flips=st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=12))
def test_corrupted_containers(ext: str, flips: list[tuple[float, int]]) -> None:
    data = bytearray(valid_files()[ext])
    for where, value in flips:
        data[min(int(where * len(data)), len(data) - 1)] = value
    _parse(bytes(data), "corrupt" + ext)


@FUZZ
@given(parts=st.lists(st.tuples(st.text(max_size=200), st.sampled_from(
    ["utf-8", "cp1252", "latin-1", "utf-16-le"])), min_size=1, max_size=6))
def test_mixed_encodings(parts: list[tuple[str, str]]) -> None:
    data = b"".join(text.encode(enc, errors="ignore") for text, enc in parts)
    _parse(data, "mixed.txt")


def test_an_enormous_line_within_the_limit_is_one_turn() -> None:
    size = 1_000_000
    result = parse_bytes(("IP: " + "å" * size + "\n").encode(), "long.txt")
    assert len(result.text) >= size and result.turns


def test_an_enormous_line_over_the_limit_is_refused_by_name() -> None:
    size = DEFAULT_LIMITS.text_chars + 1_000
    with pytest.raises(ImportError_) as caught:
        parse_bytes(("IP: " + "å" * size + "\n").encode(), "long.txt")
    assert caught.value.file == "long.txt" and "limit" in str(caught.value)
