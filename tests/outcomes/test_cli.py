"""``sigqual outcomes import`` and ``sigqual tables --table 2`` end to end."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from sigqual.cli import main
from sigqual.store import Store

from .conftest import SAMPLE


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path: Path, capsys) -> str:  # noqa: ANN001
    path = str(tmp_path / "cli.db")
    assert run(capsys, "init", "Studie", "--db", path)[0] == 0
    return path


def _counts(db: str) -> dict[str, int]:
    store = Store.open(db)
    try:
        return store.outcome_counts(store.find_project("Studie").id)
    finally:
        store.close()


def test_import_the_sample_then_export_table2(capsys, db: str, tmp_path: Path) -> None:
    code, _out, err = run(capsys, "outcomes", "import", str(SAMPLE / "arenden.csv"), "--kind", "cases",
                          "--db", db, "--dry-run")
    assert code == 0 and "10 cases row(s) readable" in err and "nothing stored" in err
    assert _counts(db)["cases"] == 0
    for kind, name in (("cases", "arenden.csv"), ("events", "handelser.csv"),
                       ("attendance", "motesnarvaro.csv")):
        code, _out, err = run(capsys, "outcomes", "import", str(SAMPLE / name), "--kind", kind, "--db", db)
        assert code == 0, err
        assert "stored:" in err
    assert _counts(db) == {"cases": 10, "events": 70, "attendance": 343}
    # importing the same extract again replaces, never duplicates
    assert run(capsys, "outcomes", "import", str(SAMPLE / "handelser.csv"), "--kind", "events",
               "--db", db)[0] == 0
    assert _counts(db)["events"] == 70
    out_file = tmp_path / "t2.xlsx"
    code, _out, err = run(capsys, "tables", "--table", "2,3", "--format", "xlsx", "--out", str(out_file),
                          "--db", db, "--project", "Studie")
    assert code == 0, err
    book = openpyxl.load_workbook(io.BytesIO(out_file.read_bytes()))
    assert book.sheetnames == ["Tabell 2", "Tabell 3"]
    cells = [c.value for c in book["Tabell 2"]["A"] if c.value]
    assert "Ungdom 10" in cells
    code, out, _err = run(capsys, "tables", "--table", "2", "--format", "csv", "--out", "-", "--db", db,
                          "--project", "Studie")
    assert code == 0 and "Ungdom 1,4,5,2 *,1 *" in out


def test_bad_rows_stop_the_import_unless_skipped(capsys, db: str, tmp_path: Path) -> None:
    extract = tmp_path / "arenden.csv"
    extract.write_bytes("Ärende;Startdatum\nU1;2013-11-04\nU2;31/2 2014\nU3;20140101\n".encode("cp1252"))
    code, _out, err = run(capsys, "outcomes", "import", str(extract), "--kind", "cases", "--db", db)
    assert code == 2
    assert "arenden.csv:3 field 'Startdatum'" in err and "nothing stored" in err
    assert _counts(db)["cases"] == 0
    code, _out, err = run(capsys, "outcomes", "import", str(extract), "--kind", "cases", "--db", db,
                          "--skip-bad-rows")
    assert code == 0 and "added 2" in err
    assert _counts(db)["cases"] == 2


def test_map_and_errors(capsys, db: str, tmp_path: Path) -> None:
    extract = tmp_path / "x.csv"
    extract.write_text("Nr,Från\nU1,2013-11-04\n", encoding="utf-8")
    code, _out, err = run(capsys, "outcomes", "import", str(extract), "--kind", "cases", "--db", db)
    assert code == 2 and "no column for case, start" in err
    code, _out, err = run(capsys, "outcomes", "import", str(extract), "--kind", "cases", "--db", db,
                          "--map", "Nr=case", "--map", "Från=start")
    assert code == 0, err
    code, _out, err = run(capsys, "outcomes", "import", str(extract), "--kind", "cases", "--db", db,
                          "--map", "Nr")
    assert code == 2 and "COLUMN=FIELD" in err
    code, _out, err = run(capsys, "outcomes", "import", str(tmp_path / "saknas.csv"), "--kind", "cases",
                          "--db", db)
    assert code == 2 and "saknas.csv" in err


def test_table2_without_follow_up_data(capsys, db: str) -> None:
    code, _out, err = run(capsys, "tables", "--table", "2", "--format", "md", "--out", "-", "--db", db,
                          "--project", "Studie")
    assert code == 2 and "no follow-up data" in err
