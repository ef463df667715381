"""``sigqual agreement`` end to end: JSON, report files, .qdpx input and errors."""

from __future__ import annotations

import importlib
import io
import json
import math
from pathlib import Path

import openpyxl
import pytest
from docx import Document as DocxDocument

from sigqual.cli import main
from sigqual.store import Store

from ..compare.helpers import new_project

X, Y = "ff-struktur", "t-moten"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Two coders on two interviews (the same design as tests/agreement/conftest.py)."""
    path = tmp_path / "agree.db"
    store = Store.open(path)
    p = new_project(store, "Studie")
    p.add("d1", 5, group="foraldrar", phase="1")
    p.add("d2", 5, group="foraldrar", phase="1")
    p.code([
        *[p.answer("d1", k, X, "Anna") for k in (0, 1, 2, 3)],
        *[p.answer("d1", k, X, "Bo") for k in (0, 1, 2, 4)],
        p.answer("d2", 0, Y, "Anna"), p.answer("d2", 0, Y, "Bo"),
        p.answer("d2", 1, Y, "Bo", part="first"),
    ])
    store.close()
    return str(path)


def check_figures(data: dict) -> None:
    # see tests/agreement/test_agreement.py for the arithmetic
    assert math.isclose(data["overall"]["percent"], 85.0)
    assert math.isclose(data["overall"]["kappa"], 0.625)
    assert math.isclose(data["overall"]["alpha"], 404 / 638)
    codes = {c["code_id"]: c for c in data["codes"]}
    assert math.isclose(codes[X]["kappa"], 0.28 / 0.48)
    assert codes[X]["n_segments"] == 10 and codes[X]["label"] == "Tydlig struktur"
    assert codes["uo-info"]["kappa"] is None


@pytest.mark.parametrize(
    "argv",
    [
        ["Studie", "--coders", "Anna,Bo"],
        ["--project", "Studie", "--coders", "Anna, Bo", "--format", "json"],
        ["--coders", "Anna,Bo"],  # the only project in the database
    ],
)
def test_json_to_stdout(capsys, db, argv) -> None:
    code, out, err = run(capsys, "agreement", *argv, "--db", db)
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"overall", "codes"}
    check_figures(data)
    assert "code(s) were used by no coder" in err


def test_report_files(capsys, db, tmp_path: Path) -> None:
    xlsx, docx, js = tmp_path / "a.xlsx", tmp_path / "ut" / "a.docx", tmp_path / "a.json"
    for fmt, out in (("xlsx", xlsx), ("docx", docx), ("json", js)):
        code, _, err = run(capsys, "agreement", "Studie", "--coders", "Anna,Bo", "--db", db,
                           "--format", fmt, "--out", str(out))
        assert code == 0, err
        assert f"wrote agreement of Anna, Bo to {out}" in err
    assert openpyxl.load_workbook(xlsx).sheetnames == ["Tabell A1", "Tabell A2", "Tabell A3"]
    assert len(DocxDocument(io.BytesIO(docx.read_bytes())).tables) == 3
    check_figures(json.loads(js.read_text(encoding="utf-8")))
    assert not list(tmp_path.glob(".sigqual-*"))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["Studie", "--coders", "Anna"], "at least two coders"),
        (["Studie", "--coders", "Anna,Zed"], "no codings by coder(s) 'Zed'"),
        (["Studie", "--coders", "Anna,Bo", "--format", "xlsx"], "give --out FILE"),
        (["Okänd", "--coders", "Anna,Bo"], "no project named 'Okänd'"),
        (["Studie", "--project", "Annan", "--coders", "Anna,Bo"], "two projects given"),
        (["saknas.qdpx", "--coders", "Anna,Bo"], "saknas.qdpx: no such file"),
    ],
)
def test_errors_exit_2_with_a_message(capsys, db, argv, message) -> None:
    code, out, err = run(capsys, "agreement", *argv, "--db", db)
    assert code == 2 and out == ""
    assert message in err


def test_qdpx_without_refi_support(capsys, tmp_path: Path, monkeypatch) -> None:
    archive = tmp_path / "projekt.qdpx"
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    real = importlib.import_module

    def without_refi(name: str, package: str | None = None):
        if name == "sigqual.refi":
            raise ModuleNotFoundError("No module named 'sigqual.refi'", name=name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_refi)
    code, _, err = run(capsys, "agreement", str(archive), "--coders", "Anna,Bo")
    assert code == 2
    assert "projekt.qdpx: reading .qdpx files needs the REFI-QDA support" in err


def test_qdpx_round_trip_gives_the_same_agreement(capsys, db, tmp_path: Path) -> None:
    refi = pytest.importorskip("sigqual.refi")
    store = Store.open(db)
    archive = tmp_path / "studie.qdpx"
    archive.write_bytes(refi.export_qdpx(store, store.find_project("Studie").id))
    store.close()
    code, out, err = run(capsys, "agreement", str(archive), "--coders", "Anna,Bo")
    assert code == 0, err
    check_figures(json.loads(out))
    code, _, err = run(capsys, "agreement", str(archive), "--coders", "Anna,Zed")
    assert code == 2
    assert "studie.qdpx field 'coders': no codings by coder(s) 'Zed'" in err
