"""The shared decoder: stray bytes repaired in place, whole-file code pages guessed."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigqual.decoding import decode
from sigqual.errors import ImportError_
from sigqual.ingest import parse_bytes
from sigqual.refi.textmap import decode_source

INTERVIEW = (
    "Intervjuare: Hur mår ni i familjen nu, jämfört med i våras?\n"
    "Förälder 1: Det är bättre. Vår son går till skolan igen och på fritidsgården träffar han "
    "kompisar. Socialsekreteraren i Älvsjö ringer varannan vecka.\n"
    "Intervjuare: Och du själv, hur orkar du?\n"
    "Förälder 1: Jag sover bättre. Förr låg jag vaken och väntade på att han skulle komma hem.\n"
)

# (case, bytes, expected text, expected encoding, expected repairs as (line, column, char))
REPAIRS = [
    ("cp1252 en dash in utf-8",
     INTERVIEW.replace("bättre.", "bättre – ").encode("utf-8").replace("–".encode(), b"\x96", 1),
     INTERVIEW.replace("bättre.", "bättre – ", 1).replace("bättre.", "bättre – "), "utf-8",
     [(2, 27, "–")]),
    ("one latin-1 å among utf-8",
     INTERVIEW.encode("utf-8").replace("vår".encode(), b"v\xe5r", 1),
     INTERVIEW, "utf-8", [(1, 55, "å")]),
    ("byte undefined in cp1252",
     INTERVIEW.encode("utf-8").replace(b"familjen", b"familjen\x81", 1),
     INTERVIEW.replace("familjen", "familjen\ufffd", 1), "utf-8", [(1, 35, "\ufffd")]),
    ("two stray bytes on later lines",
     INTERVIEW.encode("utf-8").replace("låg".encode(), b"l\xe5g").replace("Vår".encode(), b"V\xe5r"),
     INTERVIEW, "utf-8", [(2, 29, "å"), (4, 37, "å")]),
]  # fmt: skip


@pytest.mark.parametrize(("data", "text", "encoding", "repairs"), [c[1:] for c in REPAIRS],
                         ids=[c[0] for c in REPAIRS])  # fmt: skip
def test_stray_bytes_are_repaired_in_place_and_reported(
    data: bytes, text: str, encoding: str, repairs: list[tuple[int, int, str]]
) -> None:
    decoded = decode(data, "intervju.txt")
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert [(r.line, r.column, r.replacement) for r in decoded.repairs] == repairs
    assert len(decoded.warnings) == 1
    for line, column, _ in repairs:
        assert f"line {line} column {column}" in decoded.warnings[0]
    assert "å" in decoded.text and "ä" in decoded.text and "ö" in decoded.text


def test_the_reported_position_points_at_the_repaired_character() -> None:
    data = INTERVIEW.encode("utf-8").replace("Förr".encode(), b"F\xf6rr")
    decoded = decode(data, "t.txt")
    (repair,) = decoded.repairs
    line = decoded.text.split("\n")[repair.line - 1]
    assert line[repair.column - 1] == "ö"


WHOLE_FILE = [
    ("windows-1252", INTERVIEW.encode("cp1252"), "cp1252", "Windows-1252"),
    ("iso-8859-1", INTERVIEW.encode("latin-1"), "cp1252", "Windows-1252"),
    ("mac roman", INTERVIEW.encode("mac_roman"), "mac_roman", "Mac Roman"),
    ("dos 850", INTERVIEW.encode("cp850"), "cp850", "DOS 850"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "encoding", "name"), [c[1:] for c in WHOLE_FILE],
                         ids=[c[0] for c in WHOLE_FILE])  # fmt: skip
def test_a_file_without_utf8_is_read_with_the_most_swedish_code_page(
    data: bytes, encoding: str, name: str
) -> None:
    decoded = decode(data, "t.txt")
    assert decoded.text == INTERVIEW
    assert decoded.encoding == encoding
    assert decoded.repairs == ()
    assert decoded.warnings == (f"the file is not UTF-8; it was read as {name} (check å, ä and ö)",)


UNICODE = [
    ("utf-8", INTERVIEW.encode("utf-8"), "utf-8"),
    ("utf-8 bom", INTERVIEW.encode("utf-8-sig"), "utf-8-sig"),
    ("utf-16 bom", INTERVIEW.encode("utf-16"), "utf-16"),
    ("utf-16-le no bom", INTERVIEW.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be no bom", INTERVIEW.encode("utf-16-be"), "utf-16-be"),
    ("utf-16-be bom", codecs.BOM_UTF16_BE + INTERVIEW.encode("utf-16-be"), "utf-16"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "encoding"), [c[1:] for c in UNICODE], ids=[c[0] for c in UNICODE])
def test_unicode_files_decode_silently(data: bytes, encoding: str) -> None:
    decoded = decode(data, "t.txt")
    assert (decoded.text, decoded.encoding, decoded.warnings) == (INTERVIEW, encoding, ())


def test_the_finding_stray_byte_no_longer_turns_the_file_into_mac_roman() -> None:
    # The hostile-input review: one 0x96 in a UTF-8 file made every å read "√•".
    data = ("Intervjuare: Hur mår ni?\nFörälder: Bra \x00 tack.\n".replace("\x00", "–")
            .encode("utf-8").replace("–".encode(), b"\x96"))
    parsed = parse_bytes(data, "fam.txt")
    assert "Hur mår ni" in parsed.text and "√" not in parsed.text
    assert parsed.metadata["encoding"] == "utf-8"
    assert parsed.warnings == ("fam.txt: 1 byte not valid UTF-8, repaired: line 2 column 15 "
                               "(byte 0x96 -> '–')",)


def test_many_stray_bytes_are_counted_not_all_listed() -> None:
    line = "Förälder: Hej på dig \x96 igen.\n"
    data = "".join(line for _ in range(12)).encode("utf-8").replace(b"\xc2\x96", b"\x96")
    decoded = decode(data, "t.txt")
    assert len(decoded.repairs) == 12
    assert decoded.warnings[0].startswith("12 bytes not valid UTF-8")
    assert decoded.warnings[0].endswith("and 7 more")


def test_refi_sources_use_the_same_decoder() -> None:
    data = codecs.BOM_UTF8 + INTERVIEW.encode("utf-8").replace("mår".encode(), b"m\xe5r")
    text, problem = decode_source(data)
    assert text == "\ufeff" + INTERVIEW
    assert problem is not None and "line 1 column 19" in problem
    assert decode_source(INTERVIEW.encode("utf-16")) == ("\ufeff" + INTERVIEW, None)


def test_pseudonymize_cli_reads_a_repaired_file_and_warns(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from sigqual.cli import main

    source = ("Intervjuare: Hur mår ni?\nFörälder: Anna Svensson \x00 hon bor på Storgatan 12 "
              "i Skövde, ring 070-123 45 67.\n").replace("\x00", "–")
    path = tmp_path / "fam.txt"
    path.write_bytes(source.encode("utf-8").replace("–".encode(), b"\x96"))
    out = tmp_path / "out.txt"
    assert main(["pseudonymize", "--input", str(path), "--output", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning: fam.txt: 1 byte not valid UTF-8" in err
    written = out.read_text(encoding="utf-8")
    assert "Hur mår ni" in written
    for original in ("Anna", "Svensson", "Storgatan 12", "070-123 45 67"):
        assert original not in written


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    try:
        decoded = decode(data, "fuzz.txt")
    except ImportError_ as exc:
        assert exc.file == "fuzz.txt"
        return
    assert not any("\udc80" <= ch <= "\udcff" for ch in decoded.text)  # no escaped byte leaks
    for repair in decoded.repairs:
        assert repair.line >= 1 and repair.column >= 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200),
       st.lists(st.integers(0x80, 0xFF), max_size=3), st.randoms())
def test_utf8_text_with_a_few_stray_bytes_keeps_its_text(text: str, stray: list[int], rnd) -> None:
    body = ("Förälder: " + text).encode("utf-8")
    for byte in stray:
        at = rnd.randint(0, len(body))
        while at < len(body) and 0x80 <= body[at] < 0xC0:  # not inside a character
            at += 1
        body = body[:at] + bytes([byte]) + body[at:]
    try:
        decoded = decode(body, "fuzz.txt")
    except ImportError_:
        return  # e.g. mostly control characters: refused, with the file named
    if decoded.repairs:
        assert decoded.encoding == "utf-8"
        lines = decoded.text.split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        positions = {starts[r.line - 1] + r.column - 1 for r in decoded.repairs}
        assert [decoded.text[p] for p in sorted(positions)] == [r.replacement for r in decoded.repairs]
        kept = "".join(ch for i, ch in enumerate(decoded.text) if i not in positions)
        assert kept == "Förälder: " + text


def test_the_import_report_carries_the_warning(tmp_path: Path) -> None:
    from sigqual.codebook import load_bundled_codebook
    from sigqual.importing import import_sources
    from sigqual.ingest.batch import Source
    from sigqual.store import Store

    store = Store.open(tmp_path / "p.db")
    pid = store.create_project("P", load_bundled_codebook())
    data = INTERVIEW.encode("utf-8").replace("mår".encode(), b"m\xe5r")
    report = import_sources(store, pid, [Source.from_bytes("intervju.txt", data)])
    assert report.ok and list(report.imported) == ["intervju"]
    assert report.warnings == ["intervju.txt: 1 byte not valid UTF-8, repaired: line 1 column 19 "
                               "(byte 0xE5 -> 'å')"]
    doc_id = report.imported["intervju"]
    assert "Hur mår ni" in store.get_document(doc_id).text
    store.close()
