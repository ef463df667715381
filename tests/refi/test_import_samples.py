"""The shared sample exports (ATLAS.ti 8.4 and 23) import with the counts read from the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigqual.codebook import Codebook
from sigqual.refi import import_codebook_file, import_qdpx, read_qdpx
from sigqual.store import Store


@pytest.mark.parametrize(
    ("sample", "name", "codes", "missing", "memos"),
    [
        ("ponte_blank-atlas-project.qdpx", "blank-atlas-project", 0, 0, 0),
        ("ponte_target-atlas-project.qdpx", "target-atlas-project", 3, 0, 0),
        # 6 text sources and 2 PDF text representations; the Sources/ folder is empty.
        ("sky-loom_TestProject.qdpx", "ATLAS.ti standard project", 14, 8, 2),
    ],
)
def test_sample_projects(store: Store, samples: Path, sample: str, name: str, codes: int,
                         missing: int, memos: int) -> None:
    report = import_qdpx(store, samples / sample)
    assert (report.project_name, report.codes, len(report.missing_sources), report.memos) == (
        name, codes, missing, memos)
    assert report.documents == report.codings == 0
    assert len(store.codebook(report.project_id).codes) == codes
    assert store.list_documents(report.project_id) == []


def test_atlas_users_are_read_but_only_coding_users_become_coders(samples: Path) -> None:
    project = read_qdpx(samples / "ponte_blank-atlas-project.qdpx")
    assert sorted(u.name for u in project.users.values()) == ["ATLAS.ti", "Enric Llagostera"]


def test_target_sample_keeps_the_code_hierarchy(store: Store, samples: Path) -> None:
    report = import_qdpx(store, samples / "ponte_target-atlas-project.qdpx")
    cb = store.codebook(report.project_id)
    assert [(c.label, cb.code(c.parent).label if c.parent else None) for c in cb.codes] == [
        ("Commits", None),
        ("2022-05-10T02:05:59Z 19e4dce", "Commits"),
        ("2022-02-11T10:39:25Z cdbfd92", "Commits"),
    ]


@pytest.mark.parametrize(
    ("label", "colour", "description"),
    [
        ("happiness", "#f00082", ""),
        ("milk", None, ""),
        ("Coke", "#966450", "the breakfast of champions"),
        ("cornflakes", "#dc0000", "breakfast cereal made by Kellogg’s"),
        ('"rushed"', "#f00082", ""),
    ],
)
def test_sky_loom_codes(store: Store, samples: Path, label: str, colour: str | None,
                        description: str) -> None:
    report = import_qdpx(store, samples / "sky-loom_TestProject.qdpx")
    (code,) = store.codebook(report.project_id).find_label(label)
    assert (code.colour, code.description) == (colour, description)


def test_sky_loom_reports_what_it_left_out(store: Store, samples: Path) -> None:
    report = import_qdpx(store, samples / "sky-loom_TestProject.qdpx")
    text = "\n".join(report.warnings)
    for part in ("1 picture sources", "4 PDF area selections", "2 video selections", "1 graphs",
                 "1 links", "source 'Simon.docx': its file is missing, so 3 selection(s)"):
        assert part in text
    assert any(m.startswith("source 'Mabel.txt'") for m in report.missing_sources)
    memos = store.list_memos(report.project_id)
    assert sorted((m.title, m.document_id, m.author) for m in memos) == [
        ("My favorite Coke ad", None, "Friedrich Markgraf"), ("Research Plan", None, "Friedrich Markgraf")]


def test_atlas_codebook_sample_merges_into_a_project(store: Store, samples: Path) -> None:
    pid = store.create_project("Mål", Codebook("Tom", (), ()))
    report = import_codebook_file(store, pid, samples / "requal-test_atlasti23_codebook.qdc")
    assert report.added == ["code1"]
    (code,) = store.codebook(pid).codes
    assert (code.label, code.colour, code.description) == ("code1", "#46aa00", "description")
    assert any("code group 1" in w for w in report.warnings)
