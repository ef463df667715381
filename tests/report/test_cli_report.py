"""``sigqual report`` end to end on the sample project."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest

from sigqual.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_report_with_workbook_and_quotes(capsys, tmp_path: Path, demo_db: Path) -> None:
    out, xlsx = tmp_path / "rapport.docx", tmp_path / "tabeller.xlsx"
    code, err = run(capsys, "report", "--out", str(out), "--xlsx", str(xlsx), "--quotes", "--chart", "table",
                    "--db", str(demo_db), "--project", "Huddinge-demo (fiktiv)")
    assert code == 0, err
    assert f"wrote the report of 'Huddinge-demo (fiktiv)' to {out} and {xlsx}" in err
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Analysrapport: Huddinge-demo (fiktiv)", "Metod", "Material"]
    assert "Exempelcitat: Aktörerna" in headings
    # interviews, coders, Tables 3-5b, comparison, agreement (the sample's second coder);
    # the follow-up section's 5 tables and joint display
    assert len(document.tables) == 2 + 8 + 1 + 1 + 6
    assert openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes())).sheetnames[-1] == "Kodningar"


def test_report_falls_back_to_the_sample_without_a_project(capsys, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIGQUAL_DATABASE_URL", raising=False)
    monkeypatch.setenv("SIGQUAL_DATA_DIR", str(tmp_path / "empty"))
    out = tmp_path / "r.docx"
    code, err = run(capsys, "report", "--out", str(out), "--chart", "none", "--lang", "en")
    assert code == 0, err
    assert "using the bundled sample project" in err
    assert docx.Document(str(out)).paragraphs[0].text == "Analysis report: Huddinge-demo (fiktiv)"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--out", "r.pdf"], "--out must name a .docx file"),
        (["--out", "r.docx", "--xlsx", "r.csv"], "--xlsx must name a .xlsx file"),
        (["--out", "r.docx", "--quotes-per-factor", "0"], "at least 1"),
    ],
)
def test_bad_arguments(capsys, tmp_path: Path, argv: list[str], message: str) -> None:
    code, err = run(capsys, "report", *argv, "--db", str(tmp_path / "x.db"))
    assert code == 2 and message in err
