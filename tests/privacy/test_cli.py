"""``sigqual pseudonymize`` end to end on real files in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sigqual.cli import main
from sigqual.privacy import load_key

TRANSCRIPT = (
    "I: Hur började det?\n"
    "IP: Min son Ahmed blev gripen i Flemingsberg. Ring mig på 070-123 45 67.\n"
    "IP: Hans personnummer är 811218-9876, och han är femton år.\n"
)
PASS = "hemligt lösenord"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "intervju.txt").write_text(TRANSCRIPT, encoding="utf-8")
    monkeypatch.setenv("SQ_PASS", PASS)
    return tmp_path


def test_round_trip_with_report_and_key(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, report, key = files / "ut.txt", files / "rapport.json", files / "nyckel.sqkey"
    code = main(["pseudonymize", "-i", str(files / "intervju.txt"), "-o", str(out), "--report", str(report),
                 "--key", str(key), "--passphrase-env", "SQ_PASS"])
    assert code == 0
    assert out.read_text(encoding="utf-8") == (
        "I: Hur började det?\n"
        "IP: Min son [Namn 1] blev gripen i [Område 1]. Ring mig på [Telefon 1].\n"
        "IP: Hans personnummer är [Personnummer 1], och han är femton år.\n"
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["counts"] == {"district": 1, "name": 1, "phone": 1, "pnr": 1}
    assert "Ahmed" not in report.read_text(encoding="utf-8")
    first = data["replacements"][0]
    assert TRANSCRIPT[first["start"]:first["end"]] == "Ahmed"
    assert load_key(key, PASS).pseudonymizer.peek("name", "Ahmed") == "[Namn 1]"
    assert "4 replaced" in capsys.readouterr().err


def test_key_keeps_numbering_across_files(files: Path) -> None:
    key = files / "k.sqkey"
    (files / "andra.txt").write_text("IP: Karin och Ahmed kom.\n", encoding="utf-8")
    for name in ("intervju", "andra"):
        assert main(["pseudonymize", "-i", str(files / f"{name}.txt"), "-o", str(files / f"{name}.out"),
                     "--key", str(key), "--passphrase-env", "SQ_PASS"]) == 0
    assert (files / "andra.out").read_text(encoding="utf-8") == "IP: [Namn 2] och [Namn 1] kom.\n"


def test_kinds_and_allow(files: Path) -> None:
    out = files / "ut.txt"
    assert main(["pseudonymize", "-i", str(files / "intervju.txt"), "-o", str(out), "--kinds", "all",
                 "--allow", "flemingsberg"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Flemingsberg" in text and "[Ålder]" in text and "Ahmed" not in text


def test_docx_input(files: Path) -> None:
    import docx

    document = docx.Document()
    for line in TRANSCRIPT.splitlines():
        document.add_paragraph(line)
    document.save(files / "intervju.docx")
    out = files / "ut.txt"
    assert main(["pseudonymize", "-i", str(files / "intervju.docx"), "-o", str(out)]) == 0
    assert "[Namn 1]" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("extra", "message"), [
    (["-i", "{d}/saknas.txt", "-o", "{d}/ut.txt"], "saknas.txt: no such file"),
    (["-i", "{d}/intervju.txt", "-o", "{d}/intervju.txt"], "refusing to overwrite the input"),
    (["-i", "{d}/intervju.txt", "-o", "{d}/finns.txt"], "output file exists"),
    (["-i", "{d}/intervju.txt", "-o", "{d}/ut.txt", "--key", "{d}/k"], "--key needs --passphrase-env"),
    (["-i", "{d}/intervju.txt", "-o", "{d}/ut.txt", "--passphrase-env", "SQ_PASS"], "needs --key"),
    (["-i", "{d}/intervju.txt", "-o", "{d}/ut.txt", "--key", "{d}/k", "--passphrase-env", "NOPE"],
     "NOPE is not set"),
    (["-i", "{d}/intervju.txt", "-o", "{d}/ut.txt", "--key", "{d}/fel.sqkey", "--passphrase-env", "SQ_PASS"],
     "wrong passphrase"),
    (["-i", "{d}/intervju.txt", "-o", "{d}/ut.txt", "--kinds", "name,skostorlek"],
     "unknown kind 'skostorlek'"),
    (["-i", "{d}/bild.png", "-o", "{d}/ut.txt"], "bild.png: '.png' files are not supported"),
    (["-i", "{d}/intervju.txt", "-o", "{d}/saknas/ut.txt"], "folder does not exist"),
])
def test_errors(files: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str) -> None:
    (files / "finns.txt").write_text("gammalt", encoding="utf-8")
    (files / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    from sigqual.privacy import Pseudonymizer, save_key

    save_key(files / "fel.sqkey", Pseudonymizer(), "ett annat lösenord")
    code = main(["pseudonymize", *[a.format(d=files) for a in extra]])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (files / "ut.txt").exists()
    assert (files / "finns.txt").read_text(encoding="utf-8") == "gammalt"
