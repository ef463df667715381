from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sigqual.errors import ImportError_
from sigqual.ingest.batch import (
    Source,
    attributes_from_pattern,
    collect,
    normalize_group,
    parse_batch,
    read_manifest,
)

TRANSCRIPT = "I: Hur var mötena?\nIP: Bra, på gården i Älvsjö.\n".encode()


def _write(path: Path, data: bytes = TRANSCRIPT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _names(sources: list[Source]) -> list[str]:
    return [s.name for s in sources]


def test_collect_folder_recursively_sorted_and_filtered(tmp_path: Path, make_zip) -> None:
    root = tmp_path / "corpus"
    for name in ("foraldrar/for-02.txt", "foraldrar/for-01.docx", "ungdomar/ung-01.srt",
                 "anteckningar.xlsx", "ljud.mp3", ".DS_Store", ".git/x.txt",
                 "foraldrar/~$for-01.docx", "__MACOSX/foraldrar/for-01.txt", "a.md"):
        _write(root / name)  # fmt: skip
    (root / "aktorer").mkdir()
    make_zip("inner.zip", {"akt-01.txt": TRANSCRIPT}).rename(root / "aktorer" / "akt.zip")
    sources = collect([root])
    assert _names(sources) == [
        "corpus/a.md",
        "corpus/aktorer/akt.zip/akt-01.txt",
        "corpus/foraldrar/for-01.docx",
        "corpus/foraldrar/for-02.txt",
        "corpus/ungdomar/ung-01.srt",
    ]
    assert sources[1].data == TRANSCRIPT
    assert all(s.error is None for s in sources)


def test_collect_zip_reads_members_in_memory(tmp_path: Path, make_zip) -> None:
    archive = make_zip(
        "batch.zip",
        {"for-01.txt": TRANSCRIPT, "sub/for-02.md": b"I: x", "notes.xlsx": b"x",
         ".hidden.txt": b"x", "sub/": b""},
    )  # fmt: skip
    sources = collect([archive])
    assert _names(sources) == ["batch.zip/for-01.txt", "batch.zip/sub/for-02.md"]
    assert [s.size for s in sources] == [len(TRANSCRIPT), 4]
    assert sources[1].data == b"I: x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.zip"]  # nothing unpacked


def _encrypted_flag_zip(path: Path) -> Path:
    """An archive whose first member is marked encrypted (zipfile cannot write real ones)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("secret.txt", b"scrambled")
        archive.writestr("open.txt", TRANSCRIPT)
    data = bytearray(path.read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(signature) + flag_offset] |= 0x1
    path.write_bytes(bytes(data))
    return path


BAD_ARCHIVES = [
    ("path traversal", {"../evil.txt": b"x", "ok.txt": b"x"}, zipfile.ZIP_DEFLATED,
     "unsafe path in archive: '../evil.txt' (absolute or containing '..')"),
    ("absolute path", {"/etc/evil.txt": b"x"}, zipfile.ZIP_DEFLATED, "unsafe path in archive"),
    ("zip bomb", {"bomb.txt": b"\0" * (20 * 2**20)}, zipfile.ZIP_DEFLATED,
     "member 'bomb.txt' expands"),
    ("too many entries", {f"{i}.txt": b"x" for i in range(2001)}, zipfile.ZIP_STORED,
     "the archive has 2001 entries, over the limit of 2000"),
    ("nothing supported", {"a.xlsx": b"x", "b.mp3": b"x"}, zipfile.ZIP_DEFLATED,
     "the archive contains no supported files"),
]  # fmt: skip


@pytest.mark.parametrize(("members", "compression", "message"), [c[1:] for c in BAD_ARCHIVES],
                         ids=[c[0] for c in BAD_ARCHIVES])  # fmt: skip
def test_unsafe_or_useless_archives_are_refused(make_zip, members, compression, message) -> None:
    sources = collect([make_zip("batch.zip", members, compression)])
    assert len(sources) == 1
    error = sources[0].error
    assert error is not None and error.file == "batch.zip"
    assert message in error.message


def test_corrupt_zip_names_the_archive(tmp_path: Path) -> None:
    path = _write(tmp_path / "trasig.zip", b"PK\x03\x04 not really a zip")
    [source] = collect([path])
    assert source.name == "trasig.zip"
    assert "not a readable ZIP archive" in source.error.message
    with pytest.raises(ImportError_):
        source.data  # noqa: B018 - the property raises the stored error


def test_encrypted_member_is_an_error_of_its_own(tmp_path: Path) -> None:
    sources = collect([_encrypted_flag_zip(tmp_path / "b.zip")])
    assert _names(sources) == ["b.zip/open.txt", "b.zip/secret.txt"]
    assert sources[0].error is None
    assert sources[1].error.message == "the file is encrypted inside the archive"


def test_explicit_paths_that_cannot_be_imported(tmp_path: Path) -> None:
    sheet = _write(tmp_path / "lista.xlsx")
    sources = collect([tmp_path / "saknas.txt", sheet])
    assert [(s.name, s.error.message.split(";")[0]) for s in sources] == [
        (str(tmp_path / "saknas.txt"), "no such file or folder"),
        ("lista.xlsx", "'.xlsx' files are not supported"),
    ]


@pytest.mark.parametrize(
    ("value", "key"),
    [("ungdomar", "ungdomar"), ("Ungdomarna", "ungdomar"), ("Föräldrar", "foraldrar"),
     ("FORALDRAR", "foraldrar"), ("föräldrarna", "foraldrar"), ("Aktörer", "aktorer"),
     ("aktör", "aktorer"), ("Projektgruppen", "projektgrupp"), (" styrgrupp ", "styrgrupp"),
     ("Skolpersonal", "Skolpersonal")],
)  # fmt: skip
def test_normalize_group(value: str, key: str) -> None:
    assert normalize_group(value) == key


MANIFESTS = [
    ("comma, utf-8", "file,group,phase,date\nforaldrar/for-01.txt,Föräldrar,1,2014-03-14\n",
     "utf-8"),
    ("semicolon with BOM and Swedish headers",
     "Fil;Grupp;Fas;Datum\nforaldrar/for-01.txt;föräldrar;1;2014-03-14\n", "utf-8-sig"),
    ("semicolon, Excel cp1252, windows line endings",
     "filename;group;phase;date\r\n./foraldrar\\for-01.txt;FÖRÄLDRAR;1;2014-03-14\r\n;;;\r\n",
     "cp1252"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "encoding"), [c[1:] for c in MANIFESTS],
                         ids=[c[0] for c in MANIFESTS])  # fmt: skip
def test_read_manifest(tmp_path: Path, text: str, encoding: str) -> None:
    path = _write(tmp_path / "manifest.csv", text.encode(encoding))
    assert read_manifest(path) == {
        "foraldrar/for-01.txt": {"group": "foraldrar", "phase": "1", "date": "2014-03-14"}
    }


def test_manifest_free_columns_and_empty_cells(tmp_path: Path) -> None:
    text = ("document,group,interview_type,Relation,Verksamhet\n"
            "for-01.txt,foraldrar,individual,pappa,\n"
            "akt-01.txt,Aktörer,phone,,polis\n")  # fmt: skip
    path = _write(tmp_path / "m.csv", text.encode())
    assert read_manifest(path) == {
        "for-01.txt": {"group": "foraldrar", "interview_type": "individual", "relation": "pappa"},
        "akt-01.txt": {"group": "aktorer", "interview_type": "phone", "verksamhet": "polis"},
    }


BAD_MANIFESTS = [
    ("no file column", "namn,group\na.txt,x\n", 1,
     "no file column: expected one of file, fil, filename, filnamn, document, dokument; "
     "found namn, group"),
    ("empty file cell", "file,group\na.txt,x\n,y\n", 3, "the file cell is empty"),
    ("listed twice", "file,group\na.txt,x\nA.TXT,y\n", 3, "'A.TXT' is listed twice"),
    ("too many fields", "file,group\na.txt,x,extra\n", 2,
     "the row has 3 fields but the header has 2"),
    ("duplicate column", "file,group,Group\na.txt,x,y\n", 1, "duplicate column group"),
    ("empty", "\n\n", None, "the manifest is empty"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "message"), [c[1:] for c in BAD_MANIFESTS],
                         ids=[c[0] for c in BAD_MANIFESTS])  # fmt: skip
def test_bad_manifest(tmp_path: Path, text: str, line: int | None, message: str) -> None:
    path = _write(tmp_path / "manifest.csv", text.encode())
    with pytest.raises(ImportError_) as info:
        read_manifest(path)
    assert (info.value.file, info.value.line, info.value.message) == ("manifest.csv", line, message)


PATTERNS = [
    ("for-02_foraldrar_fas1.docx", "{participant}_{group}_fas{phase}",
     {"participant": "for-02", "group": "foraldrar", "phase": "1"}),
    ("Föräldrar_F2_FAS2.txt", "{group}_{participant}_fas{phase}",
     {"group": "foraldrar", "participant": "F2", "phase": "2"}),
    ("batch.zip/aktorer/akt-01.txt", "{group}/{participant}",
     {"group": "aktorer", "participant": "akt-01"}),
    ("2014-03-19 styrgrupp fokus.md", "{date} {group} {_}",
     {"date": "2014-03-19", "group": "styrgrupp"}),
    ("c:\\data\\ung_03.srt", "ung_{participant}", {"participant": "03"}),
]  # fmt: skip


@pytest.mark.parametrize(("filename", "pattern", "expected"), PATTERNS)
def test_attributes_from_pattern(filename: str, pattern: str, expected: dict) -> None:
    assert attributes_from_pattern(filename, pattern) == expected


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{group}{phase}", "two {fields} next to each other cannot be told apart"),
        ("{group}_{group}", "field {group} appears twice"),
        ("{group", "unbalanced { or }"),
        ("group}", "unbalanced { or }"),
        ("{två ord}", "is not a field name"),
        ("fas1", "it has no {field}"),
    ],
)
def test_invalid_patterns(pattern: str, message: str) -> None:
    with pytest.raises(ImportError_) as info:
        attributes_from_pattern("x.txt", pattern)
    assert info.value.field == "pattern"
    assert message in info.value.message


def test_pattern_mismatch_names_the_file() -> None:
    with pytest.raises(ImportError_) as info:
        attributes_from_pattern("anteckningar.txt", "{group}_{participant}")
    assert info.value.file == "anteckningar.txt"
    assert info.value.message == "the file name does not match the pattern '{group}_{participant}'"


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    _write(root / "foraldrar" / "for-01.txt")
    _write(root / "foraldrar" / "for-02.docx", b"PK\x03\x04 broken")
    _write(root / "ungdomar" / "ung-01.txt", "I: Hej\nIP: Tja\n".encode("cp1252"))
    return root


def test_batch_with_manifest_keeps_going_after_a_broken_file(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    manifest = _write(
        tmp_path / "manifest.csv",
        ("file;group;phase;participant\nforaldrar/for-01.txt;Föräldrar;1;Förälder 1\n"
         "foraldrar/for-02.docx;foraldrar;1;Förälder 2\nungdomar/ung-01.txt;ungdom;2;\n"
         "styrgrupp/styr-01.txt;styrgrupp;1;\n").encode("utf-8-sig"),
    )  # fmt: skip
    result = parse_batch(
        collect([root]), manifest=read_manifest(manifest), defaults={"Interview_Type": "individual"}
    )
    assert [(p.filename, attrs) for p, attrs in result.items] == [
        ("corpus/foraldrar/for-01.txt", {"interview_type": "individual", "group": "foraldrar",
                                         "phase": "1", "participant": "Förälder 1"}),
        ("corpus/ungdomar/ung-01.txt", {"interview_type": "individual", "group": "ungdomar",
                                        "phase": "2"}),
    ]  # fmt: skip
    assert [(e.file, e.message.split(":")[0]) for e in result.errors] == [
        ("corpus/foraldrar/for-02.docx", "not a Word document (.docx)")
    ]
    assert result.unmatched_manifest == ["styrgrupp/styr-01.txt"]
    parsed = result.items[0][0]
    assert [parsed.text[t.start : t.end] for t in parsed.turns] == [
        "Hur var mötena?", "Bra, på gården i Älvsjö."
    ]  # fmt: skip


def test_batch_with_pattern(tmp_path: Path, make_zip) -> None:
    archive = make_zip(
        "omgang1.zip",
        {"foraldrar_for-01_fas1.txt": TRANSCRIPT, "aktorer_akt-01_fas2.txt": b"\0\0binary\0",
         "anteckningar.txt": TRANSCRIPT, "Aktörer_akt-02_fas1.md": TRANSCRIPT},
    )  # fmt: skip
    result = parse_batch(collect([archive]), pattern="{group}_{participant}_fas{phase}")
    assert [(p.name, attrs) for p, attrs in result.items] == [
        ("Aktörer_akt-02_fas1", {"group": "aktorer", "participant": "akt-02", "phase": "1"}),
        ("foraldrar_for-01_fas1", {"group": "foraldrar", "participant": "for-01", "phase": "1"}),
    ]
    assert [(e.file, e.message) for e in result.errors] == [
        ("omgang1.zip/aktorer_akt-01_fas2.txt",
         "the file contains NUL bytes: it is binary, not a text file"),
        ("omgang1.zip/anteckningar.txt",
         "the file name does not match the pattern '{group}_{participant}_fas{phase}'"),
    ]  # fmt: skip


def test_manifest_overrides_pattern_and_covers_mismatches() -> None:
    sources = [Source.from_bytes("x/anteckningar.txt", TRANSCRIPT),
               Source.from_bytes("x/ungdomar_u1.txt", TRANSCRIPT)]  # fmt: skip
    manifest = {"anteckningar.txt": {"group": "styrgrupp"}, "ungdomar_u1.txt": {"phase": "2"}}
    result = parse_batch(sources, manifest=manifest, pattern="{group}_{participant}",
                         defaults={"phase": "1", "group": "aktorer"})  # fmt: skip
    assert result.errors == []
    assert [attrs for _, attrs in result.items] == [
        {"phase": "1", "group": "styrgrupp"},
        {"phase": "2", "group": "ungdomar", "participant": "u1"},
    ]


def test_manifest_row_matching_two_files_is_an_error() -> None:
    sources = [Source.from_bytes("a/for-01.txt", TRANSCRIPT),
               Source.from_bytes("b/for-01.txt", TRANSCRIPT)]  # fmt: skip
    result = parse_batch(sources, manifest={"for-01.txt": {"group": "foraldrar"}})
    assert len(result.items) == 1
    assert result.errors[0].file == "b/for-01.txt"
    assert "manifest row 'for-01.txt' also matches a/for-01.txt" in result.errors[0].message


def test_batch_size_limit_is_checked_before_loading() -> None:
    def never() -> bytes:
        raise AssertionError("loaded an oversized file")

    result = parse_batch([Source("big.txt", loader=never, size=2048)], max_bytes=1024)
    assert [e.message for e in result.errors] == ["file is 2.0 KB, over the 1.0 KB limit"]


def test_invalid_pattern_stops_the_batch_before_any_file() -> None:
    with pytest.raises(ImportError_, match="appears twice"):
        parse_batch([Source.from_bytes("a.txt", TRANSCRIPT)], pattern="{a}_{a}")
