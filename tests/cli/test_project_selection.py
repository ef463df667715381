"""Which project a command acts on when no ``--project`` is given.

The user's own data directory comes first: its only project is used, several projects
are an error that lists them, and the sample project is built only on ``--sample`` or
when there is no project at all, which stderr then says.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from sigqual.cli import main
from sigqual.ingest import parse_bytes
from sigqual.store import Store, sqlite_url
from tests.ui.helpers import CODEBOOK, TRANSCRIPT

SAMPLE_NOTICE = "using the bundled sample project"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``$SIGQUAL_DATA_DIR`` pointing at an empty folder, with no database URL set."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.delenv("SIGQUAL_DATABASE_URL", raising=False)
    monkeypatch.setenv("SIGQUAL_DATA_DIR", str(folder))
    return folder


def make_projects(folder: Path, *names: str) -> Store:
    """Projects in the data directory's database, each with one document."""
    store = Store.open(sqlite_url(folder / "sigqual.db"))
    for name in names:
        pid = store.create_project(name, CODEBOOK)
        parsed = parse_bytes(TRANSCRIPT.encode("utf-8"), f"{name}-01.txt")
        store.add_document(pid, name=f"{name}-01", text=parsed.text, turns=parsed.turns,
                           attributes={"group_key": "foraldrar", "phase": "1"})
    return store


def docx_text(path: Path) -> str:
    document = DocxDocument(io.BytesIO(path.read_bytes()))
    return "\n".join(p.text for p in document.paragraphs)


COMMANDS = {
    "tables": ["tables", "--table", "3", "--format", "csv", "--out", "{out}.csv"],
    "report": ["report", "--chart", "table", "--out", "{out}.docx"],
    "export": ["export", "--format", "qdc", "--out", "{out}.qdc"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_only_project_in_the_data_directory(capsys, data_dir: Path, tmp_path: Path,
                                                command: str) -> None:
    make_projects(data_dir, "Egen studie").close()
    argv = [a.format(out=tmp_path / "out") for a in COMMANDS[command]]
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    assert SAMPLE_NOTICE not in err
    assert "Egen studie" in err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_several_projects_are_listed_and_refused(capsys, data_dir: Path, tmp_path: Path,
                                                 command: str) -> None:
    make_projects(data_dir, "Alfa", "Beta").close()
    argv = [a.format(out=tmp_path / "out") for a in COMMANDS[command]]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "several projects exist, choose one with --project" in err
    assert "  Alfa" in err and "  Beta" in err
    assert not list(tmp_path.glob("out.*"))


def test_project_picks_one_of_several(capsys, data_dir: Path, tmp_path: Path) -> None:
    make_projects(data_dir, "Alfa", "Beta").close()
    out = tmp_path / "beta.docx"
    code, _, err = run(capsys, "report", "--project", "Beta", "--chart", "table", "--out", str(out))
    assert code == 0, err
    assert "'Beta'" in err and SAMPLE_NOTICE not in err


@pytest.mark.parametrize("prepare", ["no-database", "empty-database"])
def test_sample_when_the_data_directory_has_no_project(capsys, data_dir: Path, tmp_path: Path,
                                                       prepare: str) -> None:
    if prepare == "empty-database":
        Store.open(sqlite_url(data_dir / "sigqual.db")).close()
    out = tmp_path / "t3.csv"
    code, _, err = run(capsys, "tables", "--table", "3", "--format", "csv", "--out", str(out))
    assert code == 0, err
    assert SAMPLE_NOTICE in err
    assert out.read_bytes()
    # Looking for a project must not leave a database behind where there was none.
    assert (data_dir / "sigqual.db").exists() == (prepare == "empty-database")


def test_sample_on_request_even_with_a_project(capsys, data_dir: Path, tmp_path: Path) -> None:
    make_projects(data_dir, "Egen studie").close()
    out = tmp_path / "qdc.qdc"
    code, _, err = run(capsys, "export", "--sample", "--format", "qdc", "--out", str(out))
    assert code == 0, err
    assert f"{SAMPLE_NOTICE} (--sample)" in err
    assert "Huddinge" in err


def test_sample_and_project_conflict(capsys, data_dir: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "tables", "--sample", "--project", "Alfa", "--format", "csv",
                       "--out", str(tmp_path / "x.csv"))
    assert code == 2 and "--sample cannot be combined" in err


def test_explicit_db_with_one_project(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SIGQUAL_DATABASE_URL", raising=False)
    monkeypatch.setenv("SIGQUAL_DATA_DIR", str(tmp_path / "elsewhere"))
    folder = tmp_path / "mine"
    folder.mkdir()
    make_projects(folder, "Min").close()
    out = tmp_path / "r.docx"
    code, _, err = run(capsys, "report", "--db", str(folder / "sigqual.db"), "--chart", "table",
                       "--out", str(out))
    assert code == 0, err
    assert "'Min'" in err
    assert "Min" in docx_text(out)
