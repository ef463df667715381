"""``sigqual export`` and ``sigqual import-qdpx`` end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sigqual.cli import main
from sigqual.refi.schema import qdc_schema_errors, qdpx_schema_errors
from sigqual.store import Store

from .helpers import build_small


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    path = tmp_path / "liten.db"
    store = Store.open(path)
    build_small(store)
    store.close()
    return path


def test_export_the_sample_project_on_request(capsys, tmp_path: Path, refi_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIGQUAL_DATABASE_URL", raising=False)
    out = tmp_path / "demo.qdpx"
    code, err = run(capsys, "export", "--sample", "--format", "qdpx", "--out", str(out))
    assert code == 0, err
    assert "29 documents" in err and "642 codings" in err
    assert qdpx_schema_errors(out.read_bytes()) == []


@pytest.mark.parametrize("how", [["Liten studie"], ["--project", "Liten studie"]])
def test_export_qdc_of_a_named_project(capsys, small_db: Path, tmp_path: Path, refi_path: Path,
                                       how: list[str]) -> None:
    out = tmp_path / "kodbok.qdc"
    code, err = run(capsys, "export", *how, "--format", "qdc", "--out", str(out), "--db", str(small_db))
    assert code == 0, err
    assert qdc_schema_errors(out.read_bytes()) == []


def test_import_a_qdpx_then_its_codebook(capsys, small_db: Path, tmp_path: Path) -> None:
    qdpx, qdc = tmp_path / "p.qdpx", tmp_path / "k.qdc"
    for fmt, path in (("qdpx", qdpx), ("qdc", qdc)):
        assert run(capsys, "export", "--format", fmt, "--out", str(path), "--db", str(small_db),
                   "--project", "Liten studie")[0] == 0
    target = tmp_path / "mål.db"
    code, err = run(capsys, "import-qdpx", str(qdpx), "--db", str(target), "--project", "Kopia")
    assert code == 0, err
    assert "imported project 'Kopia': 2 documents, 4 codes, 4 codings, 5 memos" in err
    code, err = run(capsys, "import-qdpx", str(qdc), "--db", str(target), "--project", "Kopia")
    assert code == 0, err
    assert "0 codes added, 0 updated" in err
    store = Store.open(target)
    assert [p.name for p in store.list_projects()] == ["Kopia"]
    store.close()


def test_import_reports_missing_sources(capsys, samples: Path, tmp_path: Path) -> None:
    code, err = run(capsys, "import-qdpx", str(samples / "sky-loom_TestProject.qdpx"),
                    "--db", str(tmp_path / "x.db"))
    assert code == 0
    assert err.count("missing source file:") == 8
    assert "imported project 'ATLAS.ti standard project': 0 documents, 14 codes" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import-qdpx", "{tmp}/saknas.qdpx"], "cannot read the file"),
        (["import-qdpx", "{tmp}/fel.qdpx"], "not a REFI-QDA project"),
        (["export", "A", "--project", "B", "--format", "qdc", "--out", "{tmp}/x.qdc"], "not both"),
    ],
)
def test_errors_exit_2_with_a_message(capsys, tmp_path: Path, argv: list[str], message: str) -> None:
    (tmp_path / "fel.qdpx").write_text("inte en zip", encoding="utf-8")
    db = tmp_path / "db.db"
    code, err = run(capsys, *[a.format(tmp=tmp_path) for a in argv], "--db", str(db))
    assert code == 2
    assert message in err


def test_qdc_into_the_only_project(capsys, small_db: Path, tmp_path: Path, samples: Path) -> None:
    db = tmp_path / "kopia.db"
    shutil.copyfile(small_db, db)
    code, err = run(capsys, "import-qdpx", str(samples / "requal-test_atlasti23_codebook.qdc"),
                    "--db", str(db))
    assert code == 0, err
    assert "1 codes added" in err
