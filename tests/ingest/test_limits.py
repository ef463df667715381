"""Limits that bound memory: extracted text, turns, Office XML, batch totals, bounded reads."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from sigqual.cli import main
from sigqual.codebook import load_bundled_codebook
from sigqual.errors import ImportError_
from sigqual.importing import import_sources
from sigqual.ingest import parse_bytes, parse_file
from sigqual.ingest.batch import Source, collect, parse_batch
from sigqual.ingest.limits import DEFAULT_LIMITS, ImportLimits
from sigqual.ingest.reader import read_limited
from sigqual.refi import MAX_FILE_BYTES
from sigqual.store import Store

TURN = "Intervjuare: Hur var det?\nFörälder: Det var bra, tack.\n"


def _docx_with_xml(n_paragraphs: int) -> bytes:
    """A minimal but valid .docx whose document.xml holds ``n_paragraphs`` turns."""
    import docx

    document = docx.Document()
    for i in range(n_paragraphs):
        document.add_paragraph(f"Förälder {i % 9 + 1}: Vi pratade om skolan och fritiden, rad {i}.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xml_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return sum(i.file_size for i in zf.infolist() if i.filename.endswith(".xml"))


OVER_LIMIT = [
    ("text characters", (TURN * 40).encode("utf-8"), "t.txt", ImportLimits(text_chars=1000),
     "characters of text, over the limit of 1,000 per file"),
    ("bytes that cannot fit the characters", b"a" * 5000, "t.txt", ImportLimits(text_chars=1000),
     "more text than the limit of 1,000 characters per file"),
    ("speaker turns", (TURN * 20).encode("utf-8"), "t.md", ImportLimits(turns=10),
     "has 40 speaker turns, over the limit of 10 per file"),
    ("lines", ("Förälder: ja\n" * 300).encode("utf-8"), "t.txt", ImportLimits(lines=200),
     "has 301 lines of text, over the limit of 200 per file"),
    ("subtitle cues", b"WEBVTT\n\n" + b"".join(
        f"00:00:{i:02d}.000 --> 00:00:{i:02d}.500\n<v {'Anna' if i % 2 else 'Bo'}>Ja.\n\n".encode()
        for i in range(40)), "s.vtt", ImportLimits(turns=10), "speaker turns, over the limit of 10"),
    ("file size", TURN.encode("utf-8") * 100, "t.txt", ImportLimits(file_bytes=1000),
     "KB, over the 1.0 KB limit"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "filename", "limits", "message"), [c[1:] for c in OVER_LIMIT],
                         ids=[c[0] for c in OVER_LIMIT])  # fmt: skip
def test_a_file_over_a_limit_is_refused_naming_file_and_limit(
    data: bytes, filename: str, limits: ImportLimits, message: str
) -> None:
    with pytest.raises(ImportError_) as info:
        parse_bytes(data, filename, limits=limits)
    assert info.value.file == filename
    assert message in info.value.message


def test_a_docx_that_unpacks_to_too_much_xml_is_refused_before_parsing() -> None:
    data = _docx_with_xml(3000)
    xml = _xml_size(data)
    assert len(data) * 5 < xml  # high ratio, but far under the ZIP-bomb ratio
    limits = ImportLimits(office_xml_bytes=xml - 1)
    with pytest.raises(ImportError_) as info:
        parse_bytes(data, "stor.docx", limits=limits)
    assert info.value.file == "stor.docx"
    assert "of XML, over the" in info.value.message
    parsed = parse_bytes(data, "stor.docx", limits=ImportLimits(office_xml_bytes=xml))
    assert len(parsed.turns) == 3000


def test_the_default_limits_refuse_the_review_finding_of_1_45_million_turns() -> None:
    # 100 MB of XML in a 5 MB file: refused by the XML limit long before parsing.
    assert DEFAULT_LIMITS.office_xml_bytes < 100 * 2**20
    assert DEFAULT_LIMITS.turns < 1_450_000
    assert DEFAULT_LIMITS.text_chars * 4 < 49 * 2**20  # a 49 MB .txt is refused unread


def test_read_limited_never_returns_more_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"x" * 2048)
    assert read_limited(path, 2048) == b"x" * 2048
    with pytest.raises(ImportError_, match="over the 1.0 KB limit") as info:
        read_limited(path, 1024, "t.txt")
    assert info.value.file == "t.txt"


def test_parse_file_refuses_an_oversized_file_unread(tmp_path: Path) -> None:
    path = tmp_path / "stor.txt"
    with path.open("wb") as fh:  # sparse: 60 MB on paper, nothing on disk
        fh.truncate(60 * 2**20)
    with pytest.raises(ImportError_, match="file is 60 MB, over the 50 MB limit"):
        parse_file(path)


def test_a_zip_member_is_unpacked_no_further_than_the_limit(make_zip: Callable[..., Path]) -> None:
    archive = make_zip("batch.zip", {"a.txt": TURN.encode() * 40, "b.txt": TURN.encode()})
    result = parse_batch(collect([archive]), limits=ImportLimits(file_bytes=1024))
    assert [e.file for e in result.errors] == ["batch.zip/a.txt"]
    assert "limit" in result.errors[0].message
    assert [p.name for p, _ in result.items] == ["b"]


def test_a_batch_stops_at_its_total_limit_naming_each_refused_file(tmp_path: Path) -> None:
    folder = tmp_path / "intervjuer"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_bytes((TURN * 10).encode("utf-8"))
    size = (folder / "a.txt").stat().st_size
    result = parse_batch(collect([folder]), limits=ImportLimits(batch_bytes=2 * size + 10))
    assert [p.name for p, _ in result.items] == ["a", "b"]
    assert [e.file for e in result.errors] == ["intervjuer/c.txt"]
    assert "over the" in result.errors[0].message and "for all files together" in result.errors[0].message


def test_a_batch_is_stored_file_by_file(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    pid = store.create_project("P", load_bundled_codebook())
    seen: list[int] = []

    def source(name: str) -> Source:
        def load() -> bytes:
            seen.append(len(store.list_documents(pid)))  # documents stored before this read
            return TURN.encode("utf-8")

        return Source(name, loader=load, size=len(TURN.encode("utf-8")))

    report = import_sources(store, pid, [source("a.txt"), source("b.txt"), source("c.txt")])
    assert report.ok and len(report.imported) == 3
    assert seen == [0, 1, 2]
    store.close()


def test_import_qdpx_checks_the_size_before_reading(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "stor.qdpx"
    with path.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 2**20)
    code = main(["import-qdpx", str(path), "--db", str(tmp_path / "p.db")])
    assert code != 0
    err = capsys.readouterr().err
    assert "stor.qdpx" in err and "over the" in err and "MB limit" in err


ENV_CASES = [
    ({}, ImportLimits()),
    ({"SIGQUAL_LIMIT_TURNS": "50000"}, ImportLimits(turns=50_000)),
    ({"SIGQUAL_LIMIT_FILE_BYTES": "100M", "SIGQUAL_LIMIT_BATCH_BYTES": "2G"},
     ImportLimits(file_bytes=100 * 2**20, batch_bytes=2 * 2**30)),
    ({"SIGQUAL_LIMIT_OFFICE_XML_BYTES": "512k", "SIGQUAL_LIMIT_TEXT_CHARS": " 10 "},
     ImportLimits(office_xml_bytes=512 * 1024, text_chars=10)),
]  # fmt: skip


@pytest.mark.parametrize(("env", "expected"), ENV_CASES)
def test_limits_can_be_set_from_the_environment(env: dict[str, str], expected: ImportLimits) -> None:
    assert ImportLimits.from_env(env) == expected


@pytest.mark.parametrize("value", ["many", "-5", "0", "12 parsecs"])
def test_a_bad_limit_in_the_environment_is_refused_by_name(value: str) -> None:
    from sigqual.errors import InputError

    with pytest.raises(InputError, match="SIGQUAL_LIMIT_TURNS must be a positive whole number"):
        ImportLimits.from_env({"SIGQUAL_LIMIT_TURNS": value})
