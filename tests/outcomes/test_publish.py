"""Exported outcome tables: small-number protection, notes, captions and golden files."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from sigqual.errors import InputError
from sigqual.export import export_tables
from sigqual.outcomes.publish import OUTCOME_TABLE_KEYS, Protection, outcome_tables, protect

GOLDEN = Path(__file__).parent / "golden"


def _golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("SIGQUAL_UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs from the golden file"


@pytest.mark.parametrize(("mode", "expected"), [
    ("mark", [0, "1 *", "2 *", 3, ""]),
    ("suppress", [0, "<3", "<3", 3, ""]),
    ("off", [0, 1, 2, 3, -1]),  # unchanged: numbers stay numbers
])
def test_protect_modes(mode: str, expected: list) -> None:
    frame = pd.DataFrame({"case": list("abcde"), "n": pd.array([0, 1, 2, 3, None], dtype="Int64")})
    shown, touched = protect(frame, Protection(3, mode), ["n"])
    cells = shown["n"].fillna(-1) if mode == "off" else shown["n"]
    assert cells.tolist() == expected
    assert touched == (mode != "off")
    assert shown["case"].tolist() == list("abcde")


@pytest.mark.parametrize("settings", [{}, {"outcomes": {"min_cell": "x"}}])
def test_protection_defaults(settings: dict) -> None:
    assert Protection.from_settings(settings) == Protection(3, "mark")


@pytest.mark.parametrize(("threshold", "mode"), [(0, "mark"), (3, "hide")])
def test_protection_refuses_bad_settings(threshold: int, mode: str) -> None:
    with pytest.raises(InputError):
        Protection.checked(threshold, mode)


def test_every_outcome_table_says_it_shows_no_effects(sample_frames) -> None:
    tables = outcome_tables(sample_frames.cases, sample_frames.events, sample_frames.attendance)
    assert [t.key for t in tables] == list(OUTCOME_TABLE_KEYS)
    assert [t.title for t in tables] == ["Tabell 2", "Tabell 2, sammanfattning", "Målgrupp",
                                         "Figur 4 i siffror", "Kontinuitet"]
    assert tables
    assert all(any("inte insatsens effekter" in n for n in t.notes) for t in tables)
    english = outcome_tables(sample_frames.cases, sample_frames.events, sample_frames.attendance,
                             ["2"], lang="en")
    assert english[0].title == "Table 2" and "do not show effects" in english[0].notes[-1]


def test_case_ids_stand_alone_in_table2(sample_frames) -> None:
    table = outcome_tables(sample_frames.cases, sample_frames.events, sample_frames.attendance, ["2"])[0]
    assert table.frame.iloc[:, 0].tolist() == [f"Ungdom {i}" for i in range(1, 11)]


def test_unknown_key_and_empty_project(sample_frames) -> None:
    with pytest.raises(InputError, match="unknown outcome table"):
        outcome_tables(sample_frames.cases, sample_frames.events, sample_frames.attendance, ["9"])
    with pytest.raises(InputError, match="no follow-up data"):
        outcome_tables(sample_frames.cases.iloc[0:0], sample_frames.events, sample_frames.attendance)


@pytest.mark.parametrize(("keys", "mode", "fmt", "name"), [
    (["2"], "mark", "csv", "tabell-2.csv"),
    (["2"], "off", "md", "tabell-2-utan-skydd.md"),
    (["2", "2-sammanfattning"], "suppress", "md", "tabell-2-sammanfattning.md"),
    (["2", "2-sammanfattning"], "mark", "html", "tabell-2-sammanfattning.html"),
])
def test_golden_exports(sample_frames, keys: list[str], mode: str, fmt: str, name: str) -> None:
    tables = outcome_tables(sample_frames.cases, sample_frames.events, sample_frames.attendance, keys,
                            rule=Protection(3, mode))
    _golden(name, export_tables(tables, fmt, title="Huddinge-demo (fiktiv)"))
