"""Caption splitting, cell text, formula guarding and naming rules shared by all exporters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sigqual.export._common import (
    cell_text,
    columns,
    dedupe,
    guard_formula,
    slug,
    split_caption,
    xml_safe,
)
from sigqual.export.xlsx import sheet_names
from sigqual.tables.model import Table

FRAME = pd.DataFrame({"A": ["x"]})


@pytest.mark.parametrize(
    ("key", "caption", "label", "rest"),
    [
        (
            "4a",
            "Tabell 4a. Framgångsfaktorer och utvecklingsområden",
            "Tabell 4a.",
            "Framgångsfaktorer och utvecklingsområden",
        ),
        ("4a", "Framgångsfaktorer", "Tabell 4a.", "Framgångsfaktorer"),
        ("3", "Tabell 3: Teman i intervjuerna", "Tabell 3.", "Teman i intervjuerna"),
        ("4", "Tabell 4a. Fel tabell", "Tabell 4.", "Tabell 4a. Fel tabell"),
        ("4", "Tabell 4-utkast. X", "Tabell 4.", "Tabell 4-utkast. X"),
        ("4a", "tabell 4a. liten bokstav", "Tabell 4a.", "liten bokstav"),
        ("4a", "Tabell 4a", "Tabell 4a.", ""),
        ("4a", "", "Tabell 4a.", ""),
        (
            "5b",
            "  Tabell 5b.  Utvecklingsområden,\n sammanfattning ",
            "Tabell 5b.",
            "Utvecklingsområden, sammanfattning",
        ),
        ("4a-belägg", "Tabell 4a-belägg. Citat", "Tabell 4a-belägg.", "Citat"),
    ],
)
def test_split_caption_prints_label_once(key: str, caption: str, label: str, rest: str) -> None:
    split = split_caption(Table(key=key, caption=caption, frame=FRAME))
    assert (split.label, split.rest) == (label, rest)
    assert split.text == (f"{label} {rest}" if rest else label)
    assert split.text.count(label) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Skolan resp. socialtjänstens", "Skolan resp. socialtjänstens"),
        ("", ""),
        (3, "3"),
        (np.int64(12), "12"),
        (2.5, "2.5"),
        (np.float64(0.25), "0.25"),
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
        (True, "True"),
    ],
)
def test_cell_text(value: object, expected: str) -> None:
    assert cell_text(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+46 70", "'+46 70"),
        ("-Det var bra", "'-Det var bra"),
        ("@läraren", "'@läraren"),
        ("\tindrag", "'\tindrag"),
        ("\rrad", "'\rrad"),
        ("Ja = nej", "Ja = nej"),
        (" =inte först", " =inte först"),
        ("– tankstreck", "– tankstreck"),
        ("", ""),
    ],
)
def test_guard_formula(text: str, expected: str) -> None:
    assert guard_formula(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tabell 4a", "tabell-4a"),
        ("Tabell 4a-belägg", "tabell-4a-belagg"),
        ("Tabell Å/Ö 5b", "tabell-a-o-5b"),
        ("Tabell ???", "tabell"),
        ("???", ""),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize(
    ("names", "limit", "pattern", "expected"),
    [
        (["a", "b"], None, " ({})", ["a", "b"]),
        (["a", "A", "a"], None, " ({})", ["a", "A (2)", "a (3)"]),
        (["abcdefg", "abcdefg"], 5, " ({})", ["abcde", "a (2)"]),
        (["tabell-4a", "tabell-4a"], None, "-{}", ["tabell-4a", "tabell-4a-2"]),
        (["x (2)", "x", "x"], None, " ({})", ["x (2)", "x", "x (3)"]),
    ],
)
def test_dedupe(names: list[str], limit: int | None, pattern: str, expected: list[str]) -> None:
    assert dedupe(names, limit=limit, pattern=pattern) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x00b\x0bc\x1fd", "abcd"),
        ("rad 1\nrad 2\tflik\r", "rad 1\nrad 2\tflik\r"),
        ("åäö – \u00a0", "åäö – \u00a0"),
    ],
)
def test_xml_safe(text: str, expected: str) -> None:
    assert xml_safe(text) == expected


@pytest.mark.parametrize(
    ("values", "numeric"),
    [
        ([1, 2], True),
        ([1.5, float("nan")], True),
        (pd.Series([1, None], dtype=object), True),
        (pd.Series([3, 4], dtype=object), True),
        ([True, False], False),
        (["1", "2"], False),
        (pd.Series([1, "två"], dtype=object), False),
        (pd.Series([None, None], dtype=object), False),
    ],
)
def test_numeric_column_detection(values: object, numeric: bool) -> None:
    frame = pd.DataFrame({"Kolumn": values})
    assert [column.numeric for column in columns(frame)] == [numeric]


def test_columns_keep_duplicate_names_apart() -> None:
    frame = pd.DataFrame([["a", 1]], columns=["Namn", "Namn"])
    assert [(c.name, c.numeric) for c in columns(frame)] == [("Namn", False), ("Namn", True)]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["4a", "4b"], ["Tabell 4a", "Tabell 4b"]),
        (["4a", "4a"], ["Tabell 4a", "Tabell 4a (2)"]),
        (["4a", "4A"], ["Tabell 4a", "Tabell 4A (2)"]),
        (["x/y:z"], ["Tabell x-y-z"]),
        (["[a]*?\\"], ["Tabell -a----"]),
        (["a" * 40], ["Tabell " + "a" * 24]),
        (["a" * 40, "a" * 41], ["Tabell " + "a" * 24, "Tabell " + "a" * 20 + " (2)"]),
    ],
)
def test_sheet_names_follow_excel_rules(keys: list[str], expected: list[str]) -> None:
    tables = [Table(key=key, caption="", frame=FRAME) for key in keys]
    names = sheet_names(tables)
    assert names == expected
    assert all(len(name) <= 31 for name in names)
