"""The command line end to end: exit codes, messages and files written."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from docx import Document as DocxDocument

from sigqual.cli import main
from sigqual.store import Store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def test_init_then_import_then_tables(capsys, db, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "init", "Studie", "--db", db)
    assert code == 0 and "created project 'Studie'" in out
    transcript = tmp_path / "for-01.txt"
    transcript.write_text("I: Hur var mötena?\n\nIP: Mötena var bra, tydliga.\n\nI: Tack.\n",
                          encoding="utf-8")
    code, out, err = run(capsys, "import", str(transcript), "--db", db, "--group", "foraldrar",
                         "--phase", "1")
    assert code == 0, err
    assert "imported for-01: 3 turns" in out
    store = Store.open(db)
    (doc,) = store.list_documents(store.find_project("Studie").id)
    assert (doc.group_key, doc.phase) == ("foraldrar", "1")
    out_file = tmp_path / "t.xlsx"
    code, _, err = run(capsys, "tables", "--db", db, "--table", "3,5b", "--format", "xlsx",
                       "--out", str(out_file))
    assert code == 0, err
    assert openpyxl.load_workbook(out_file).sheetnames == ["Tabell 3", "Tabell 5b"]


def test_import_reports_bad_files_and_keeps_good_ones(capsys, db, tmp_path: Path) -> None:
    run(capsys, "init", "Studie", "--db", db)
    good = tmp_path / "good.txt"
    good.write_text("IP: Det fungerade.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "import", str(good), str(empty), "--db", db)
    assert code == 2
    assert "empty.txt" in err and "1 imported, 1 failed" in err
    store = Store.open(db)
    assert [d.name for d in store.list_documents(store.find_project("Studie").id)] == ["good"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["tables", "--table", "9z", "--out", "x.docx", "--project", "Nej"], "no project named 'Nej'"),
        (["import", "nowhere.txt", "--project", "Studie"], "nowhere.txt"),
        (["init", "Studie", "--codebook", "missing.yaml"], "cannot read codebook"),
    ],
)
def test_errors_exit_non_zero_with_a_message(capsys, db, argv, message) -> None:
    run(capsys, "init", "Studie", "--db", db)
    code, _, err = run(capsys, *argv, "--db", db)
    assert code == 2
    assert message in err


def test_codebook_validate(capsys, tmp_path: Path) -> None:
    good = Path(__file__).resolve().parents[2] / "codebooks" / "huddinge-2014.yaml"
    code, out, _ = run(capsys, "codebook", "validate", str(good))
    assert code == 0 and "valid: 5 groups, 81 codes" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("groups: []\ncodes:\n  - id: a\n    label: A\n    kind: tema\n", encoding="utf-8")
    code, _, err = run(capsys, "codebook", "validate", str(bad))
    assert code == 2 and "bad.yaml:5 field 'kind'" in err


def test_tables_on_the_sample_project_when_asked(capsys, tmp_path: Path, monkeypatch, reference) -> None:
    monkeypatch.delenv("SIGQUAL_DATABASE_URL", raising=False)
    monkeypatch.setenv("SIGQUAL_DATA_DIR", str(tmp_path / "data"))
    out_file = tmp_path / "5b.docx"
    code, _, err = run(capsys, "tables", "--sample", "--table", "5b", "--format", "docx",
                       "--out", str(out_file))
    assert code == 0, err
    assert "using the bundled sample project (--sample)" in err
    (table,) = DocxDocument(io.BytesIO(out_file.read_bytes())).tables
    first_column = [row.cells[0].text for row in table.rows[1:] if row.cells[0].text]
    assert first_column == reference["table5b"]["ungdomar"]


def test_demo_is_idempotent(capsys, db) -> None:
    code, out, _ = run(capsys, "demo", "--db", db)
    assert code == 0 and "29 interviews" in out
    code, out, _ = run(capsys, "demo", "--db", db)
    assert code == 0 and "already exists" in out


def test_no_command_prints_help(capsys) -> None:
    code, out, _ = run(capsys)
    assert code == 1 and "usage: sigqual" in out
