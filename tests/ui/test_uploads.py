"""Uploaded transcripts, manifests and codebooks reach the core with their names."""

from __future__ import annotations

import pytest

from sigqual.app import ProjectSession, local_actor
from sigqual.errors import CodebookError
from sigqual.store import Store
from sigqual.ui.uploads import (
    UPLOAD_TYPES,
    CodebookChoice,
    codebook_choices,
    codebook_from_upload,
    import_uploads,
    read_codebook_choice,
    upload_sources,
)

from .helpers import CODEBOOK, CODEBOOK_YAML, TRANSCRIPT, zip_bytes

TXT = TRANSCRIPT.encode("utf-8")
LATIN1 = "I: Hur gick det?\nIP: Det gick bra för vår förälder, även på fritidsgården.\n".encode(
    "cp1252")


@pytest.fixture
def project(store: Store) -> tuple[Store, int]:
    return store, store.create_project("Importtest", CODEBOOK)


def test_upload_types_cover_every_format() -> None:
    assert set(UPLOAD_TYPES) == {"txt", "md", "docx", "odt", "pdf", "rtf", "vtt", "srt", "zip"}


@pytest.mark.parametrize(
    ("uploads", "names"),
    [
        ([("for-01.txt", TXT)], ["for-01.txt"]),
        ([("C:\\Users\\x\\for-01.txt", TXT)], ["for-01.txt"]),
        ([("batch.zip", zip_bytes({"a/for-01.txt": TXT, "for-02.md": TXT, "bild.png": b"x",
                                   ".dold.txt": TXT}))],
         ["batch.zip/a/for-01.txt", "batch.zip/for-02.md"]),
        ([("for-01.txt", TXT), ("for-01.txt", TXT)], ["for-01.txt", "for-01.txt"]),
    ],
)
def test_upload_sources(tmp_path, uploads: list[tuple[str, bytes]], names: list[str]) -> None:
    sources = upload_sources(uploads, tmp_path)
    assert [s.name for s in sources] == names
    assert all(s.data for s in sources)


def test_import_with_defaults_and_progress(project: tuple[Store, int]) -> None:
    store, pid = project
    seen: list[tuple[float, str]] = []
    report = import_uploads(
        ProjectSession(store, local_actor("Testare"), pid), [("for-01.txt", TXT), ("for-02.txt", LATIN1)],
        defaults={"group": "foraldrar", "phase": "1", "interview_type": "individual"},
        progress=lambda share, name: seen.append((share, name)))
    assert report.ok, [str(e) for e in report.errors]
    assert sorted(report.imported) == ["for-01", "for-02"]
    docs = {d.name: d for d in store.list_documents(pid)}
    assert docs["for-02"].group_key == "foraldrar" and docs["for-02"].phase == "1"
    assert "förälder" in docs["for-02"].text and "fritidsgården" in docs["for-02"].text
    assert [round(share, 2) for share, _ in seen] == [0.5, 1.0]
    roles = [s.role for s in store.segments(docs["for-01"].id)]
    assert roles == ["interviewer", "respondent", "interviewer", "respondent"]
    facts = [(f.name, f.turns, f.speakers, f.interviewer_turns, f.respondent_turns, f.found)
             for f in report.files]
    assert facts == [("for-01", 4, 2, 2, 2, {}), ("for-02", 2, 2, 1, 1, {})]
    assert [f.document_id for f in report.files] == [docs["for-01"].id, docs["for-02"].id]


@pytest.mark.parametrize(
    ("defaults", "found"),
    [
        ({}, {"interview_date": "2014-05-12", "interview_type": "focus_group", "participant": "Anna"}),
        # What the import form already gives is not offered again, under any of its names.
        ({"datum": "2015-01-01", "interview_type": "phone"}, {"participant": "Anna"}),
    ],
)
def test_preamble_details_are_reported_not_stored(project: tuple[Store, int], defaults: dict[str, str],
                                                  found: dict[str, str]) -> None:
    store, pid = project
    text = "Datum: 2014-05-12\nIntervjutyp: fokusgrupp\nDeltagare: Anna\n\n" + TRANSCRIPT
    report = import_uploads(ProjectSession(store, local_actor("Testare"), pid),
                            [("fg-01.txt", text.encode())], defaults=defaults)
    assert report.ok, [str(e) for e in report.errors]
    assert len(report.files) == 1 and report.files[0].found == found
    assert report.files[0].turns == 4
    doc = store.get_document(report.files[0].document_id)
    assert doc.interview_date == (defaults.get("datum") or None)


def test_import_with_manifest_and_pattern(project: tuple[Store, int]) -> None:
    store, pid = project
    manifest = ("manifest.csv", "fil;grupp;fas;relation\nfor-01.txt;Föräldrar;2;mamma\n"
                .encode())
    report = import_uploads(
        ProjectSession(store, local_actor(), pid),
        [("batch.zip", zip_bytes({"for-01.txt": TXT, "aktorer_polis_fas1.txt": TXT}))],
        manifest=manifest, pattern="{group}_{participant}_fas{phase}")
    assert report.ok, [str(e) for e in report.errors]
    docs = {d.name: d for d in store.list_documents(pid)}
    assert (docs["for-01"].group_key, docs["for-01"].phase) == ("foraldrar", "2")
    assert docs["for-01"].attributes == {"relation": "mamma"}
    pattern_doc = docs["aktorer_polis_fas1"]
    assert (pattern_doc.group_key, pattern_doc.participant, pattern_doc.phase) == (
        "aktorer", "polis", "1")


@pytest.mark.parametrize(
    ("uploads", "manifest", "pattern", "file", "message"),
    [
        ([("tom.txt", b"")], None, None, "tom.txt", "empty"),
        ([("skräp.txt", bytes(range(256)) * 8)], None, None, "skräp.txt", "binary"),
        ([("trasig.zip", b"PK\x03\x04 inte ett arkiv")], None, None, "trasig.zip", "ZIP"),
        ([("ok.txt", TXT)], ("lista.csv", b"namn,grupp\nok.txt,foraldrar\n"), None, "lista.csv",
         "file column"),
        ([("ok.txt", TXT)], None, "{group", None, "pattern"),
        ([], None, None, None, "no files"),
    ],
)
def test_import_errors_name_the_file(project: tuple[Store, int], uploads, manifest, pattern,
                                     file: str | None, message: str) -> None:
    store, pid = project
    report = import_uploads(ProjectSession(store, local_actor(), pid), uploads, manifest=manifest,
                            pattern=pattern)
    assert report.imported == {} and len(report.errors) == 1
    error = report.errors[0]
    assert error.file == file
    assert message in str(error)
    assert store.list_documents(pid) == []


def test_one_bad_file_leaves_the_rest(project: tuple[Store, int]) -> None:
    store, pid = project
    report = import_uploads(ProjectSession(store, local_actor(), pid), [("tom.txt", b""), ("ok.txt", TXT)])
    assert list(report.imported) == ["ok"]
    assert [e.file for e in report.errors] == ["tom.txt"]


def test_same_name_twice_is_reported(project: tuple[Store, int]) -> None:
    store, pid = project
    import_uploads(ProjectSession(store, local_actor(), pid), [("ok.txt", TXT)])
    report = import_uploads(ProjectSession(store, local_actor(), pid), [("ok.txt", TXT)])
    assert report.imported == {}
    assert "already has a document named 'ok'" in str(report.errors[0])


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("kodbok.yaml", b"groups: [\n", "not valid YAML"),
        ("kodbok.yaml", b"name: x\ncodes:\n  - {id: a, label: A, kind: tema}\n",
         "kind 'tema'"),
        ("kodbok.yaml", "name: x\ncodes:\n  - {id: a, label: Å}\n".encode("utf-16"), "UTF-8"),
        ("mapp/kodbok.yml", b"- bara en lista\n", "mapping"),
    ],
)
def test_codebook_upload_errors(name: str, data: bytes, message: str) -> None:
    with pytest.raises(CodebookError) as info:
        codebook_from_upload(name, data)
    assert message in str(info.value)
    assert info.value.file == name.rsplit("/", 1)[-1]


def test_codebook_upload_line_numbers() -> None:
    text = "name: x\ngroups: [a]\ncodes:\n  - id: k\n    label: K\n    kind: tema\n"
    with pytest.raises(CodebookError) as info:
        codebook_from_upload("k.yaml", text.encode())
    assert info.value.line == 6 and info.value.field == "kind"


def test_codebook_choices_and_reading() -> None:
    choices = {c.key: c for c in codebook_choices()}
    assert set(choices) == {"bundled", "template", "upload"}
    bundled = read_codebook_choice(choices["bundled"], None)
    assert {g.key for g in bundled.groups} == {
        "ungdomar", "foraldrar", "aktorer", "projektgrupp", "styrgrupp"}
    uploaded = read_codebook_choice(choices["bundled"], ("egen.yaml", CODEBOOK_YAML.encode()))
    assert uploaded == CODEBOOK
    with pytest.raises(CodebookError, match="upload"):
        read_codebook_choice(CodebookChoice("upload", "codebook.choice.upload"), None)
