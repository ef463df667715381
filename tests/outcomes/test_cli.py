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


def test_a_key_file_keeps_pseudonymised_cases_linked(capsys, db: str, tmp_path: Path,  # noqa: ANN001
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from sigqual.privacy import load_key

    from .test_importing import PNR_A, PNR_B

    monkeypatch.setenv("KEYPASS", "en lång lösenfras")
    key = tmp_path / "nyckel.sqkey"
    cases = tmp_path / "arenden.csv"
    cases.write_text(f"Ärende;Startdatum\n{PNR_A};2014-01-10\n{PNR_B};2014-02-01\n", encoding="utf-8")
    events = tmp_path / "handelser.csv"
    events.write_text(f"Ärende;Datum;Typ\n{PNR_B};2014-03-01;PA\n{PNR_A};2014-04-01;oro\n"
                      f"{PNR_A};2014-05-01;PA\n", encoding="utf-8")
    code, _out, err = run(capsys, "outcomes", "import", str(cases), "--kind", "cases", "--db", db)
    assert code == 2 and "needs" not in err  # no pseudonymisation asked: refused as identifying
    for path, kind in ((cases, "cases"), (events, "events")):
        code, _out, err = run(capsys, "outcomes", "import", str(path), "--kind", kind, "--db", db,
                              "--key", str(key), "--passphrase-env", "KEYPASS")
        assert code == 0, err
    mapping = {e.original: e.pseudonym for e in load_key(key, "en lång lösenfras").pseudonymizer.entries()}
    assert set(mapping) == {PNR_A, PNR_B}
    assert key.stat().st_mode & 0o077 == 0
    store = Store.open(db)
    try:
        frame = store.outcome_events_frame(store.find_project("Studie").id)
    finally:
        store.close()
    per_case = frame.groupby("case").size().to_dict()
    assert per_case == {mapping[PNR_A]: 2, mapping[PNR_B]: 1}
    files = [Path(db), Path(db + "-wal")]
    text = b"".join(f.read_bytes() for f in files if f.exists())
    assert PNR_A.encode() not in text and PNR_B.encode() not in text
