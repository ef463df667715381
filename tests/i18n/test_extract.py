"""``python -m sigqual.i18n.extract`` moves register tables from code into the .po files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sigqual.i18n
from sigqual.i18n import extract

PAGE = '''"""A page written before the catalogue."""

from __future__ import annotations

from ..i18n import register, t

LIMIT = 3

register({
    "demo.title": {"sv": "Demosida", "en": "Demo page"},
    "demo.count": {"sv": "{n} saker", "en": "{n} things"},
})


def render() -> str:
    return t("demo.title")
'''

NAMED = '''from .i18n import register

STRINGS = {"demo.other": {"sv": "Annan", "en": "Other"}}

register(STRINGS)
'''


@pytest.fixture
def locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real catalogue that the extraction may change."""
    folder = tmp_path / "locale"
    shutil.copytree(sigqual.i18n.LOCALE_DIR, folder)
    monkeypatch.setattr(sigqual.i18n, "LOCALE_DIR", folder)
    return folder


def test_tables_move_into_the_catalogue_and_out_of_the_code(locale: Path, tmp_path: Path) -> None:
    page, named = tmp_path / "page.py", tmp_path / "named.py"
    page.write_text(PAGE, encoding="utf-8")
    named.write_text(NAMED, encoding="utf-8")
    before = extract.read_catalogue("sv")
    assert extract.main([str(page), str(named)]) == 0
    sv, en = extract.read_catalogue("sv"), extract.read_catalogue("en")
    assert (sv["demo.title"], en["demo.count"], en["demo.other"]) == ("Demosida", "{n} things", "Other")
    assert set(sv) - set(before) == {"demo.title", "demo.count", "demo.other"}
    code = page.read_text(encoding="utf-8")
    assert "register" not in code and "demo.count" not in code
    assert "from ..i18n import t\n" in code and "LIMIT = 3\n\n\ndef render" in code
    assert named.read_text(encoding="utf-8") == ""
    assert extract.main([str(page)]) == 0  # nothing left: a second run changes nothing
    assert extract.read_catalogue("sv") == sv


def test_a_changed_text_stops_the_run_before_writing(locale: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(PAGE.replace('"Demo page"', '"Project"').replace('"demo.title"', '"nav.project"'),
                    encoding="utf-8")
    before = (locale / "en.po").read_bytes()
    assert extract.main([str(page)]) == 2
    assert (locale / "en.po").read_bytes() == before
    assert "register(" in page.read_text(encoding="utf-8")


def test_update_lets_the_code_win(locale: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(PAGE.replace('"Demo page"', '"Project page"').replace('"demo.title"', '"nav.project"'),
                    encoding="utf-8")
    assert extract.main(["--update", str(page)]) == 0
    assert extract.read_catalogue("en")["nav.project"] == "Project page"
    assert "register(" not in page.read_text(encoding="utf-8")


def test_check_lists_tables_without_changing_anything(locale: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(PAGE, encoding="utf-8")
    assert extract.main(["--check", str(page)]) == 1
    assert page.read_text(encoding="utf-8") == PAGE


def test_the_repository_has_no_tables_left() -> None:
    assert [t.path for p in extract.python_files([str(extract.ROOT / "sigqual")])
            for t in extract.find_tables(p)] == []
