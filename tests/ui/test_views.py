"""Codebook outline, codebook changes, table choices and the data-location text."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sigqual.codebook import Code, load_bundled_codebook
from sigqual.ingest import parse_bytes
from sigqual.store import NewCoding, Store
from sigqual.tables import TableOptions
from sigqual.ui.codebook_view import codebook_changes, codebook_outline, group_names
from sigqual.ui.resources import display_url, is_local
from sigqual.ui.tables_view import TableChoice, make_tables, phases_in

from .helpers import CODEBOOK, TRANSCRIPT


def _ids(codes: list[Code]) -> list[str]:
    return [c.id for c in codes]


@pytest.mark.parametrize(
    ("group", "blocks"),
    [
        ("foraldrar", [("t-moten", ["ff-struktur"], ["uo-info"], [])]),
        ("aktorer", [("t-moten", ["ff-struktur"], [], []), (None, [], [], ["kod-ovrigt"])]),
        (None, [("t-moten", ["ff-struktur"], ["uo-info"], []), (None, [], [], ["kod-ovrigt"])]),
    ],
)
def test_outline(group: str | None, blocks: list[tuple]) -> None:
    outline = codebook_outline(CODEBOOK, group)
    got = [(b.theme.id if b.theme else None, _ids(b.success_factors), _ids(b.development_areas),
            _ids(b.other_codes)) for b in outline]
    assert got == blocks


def test_outline_puts_codes_of_foreign_themes_last() -> None:
    narrow_theme = replace(CODEBOOK.code("t-moten"), groups=("foraldrar",))
    codebook = CODEBOOK.with_codes([narrow_theme, *CODEBOOK.codes[1:]])
    outline = codebook_outline(codebook, "aktorer")
    assert len(outline) == 1 and outline[0].theme is None
    assert _ids(outline[0].success_factors) == ["ff-struktur"]
    assert _ids(outline[0].other_codes) == ["kod-ovrigt"]


def test_outline_of_the_bundled_codebook_keeps_every_code() -> None:
    codebook = load_bundled_codebook()
    for group in codebook.groups:
        outline = codebook_outline(codebook, group.key)
        shown = {b.theme.id for b in outline if b.theme} | {
            c.id for b in outline for c in b.success_factors + b.development_areas + b.other_codes}
        assert shown == {c.id for c in codebook.codes_for_group(group.key)}


def test_group_names() -> None:
    assert group_names(CODEBOOK, ["aktorer", "foraldrar", "okand"]) == (
        "Aktörerna, Föräldrarna, okand")


def test_codebook_changes() -> None:
    relabelled = replace(CODEBOOK.code("ff-struktur"), label="Tydlig mötesstruktur")
    new_code = Code(id="ff-ny", label="Ny", kind="success_factor", groups=("aktorer",))
    new = CODEBOOK.with_codes([CODEBOOK.code("t-moten"), relabelled, new_code,
                               CODEBOOK.code("kod-ovrigt")])
    changes = codebook_changes(CODEBOOK, new)
    assert (changes.added, changes.removed, changes.changed) == (
        ("ff-ny",), ("uo-info",), ("ff-struktur",))
    assert codebook_changes(CODEBOOK, CODEBOOK).empty


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"keys": ["3"]}, {"table4_phases": None, "coders": None, "attributes": {}}),
        ({"keys": ["3"], "phases4": ["1"], "coders": [], "attributes": {"relation": []}},
         {"table4_phases": ("1",), "coders": None, "attributes": {}}),
        ({"keys": ["5b"], "phases5": ["1", "2"], "attributes": {"relation": ["pappa"]}},
         {"summary_phases": ("1", "2"), "attributes": {"relation": ("pappa",)}}),
    ],
)
def test_choice_from_widgets(kwargs: dict, expected: dict) -> None:
    choice = TableChoice.make(**kwargs)
    for name, value in expected.items():
        assert getattr(choice, name) == value


def test_choice_overrides_saved_phases_even_with_none() -> None:
    saved = TableOptions.from_settings({"tables": {"table4_phases": ["1"], "min_segments": 3}})
    options = TableChoice.make(keys=["4b"], min_segments=2, lang="en").options(saved)
    assert options.table4_phases is None
    assert (options.min_segments, options.lang) == (2, "en")
    settings = TableChoice.make(keys=["3"], phases4=["1"], evidence=True).settings()
    assert settings == {"min_segments": 1, "evidence": True, "lang": "sv", "table3_phases": [],
                        "table4_phases": ["1"], "summary_phases": [], "coders": []}
    assert TableOptions.from_settings({"tables": settings}).table4_phases == ("1",)


@pytest.fixture
def coded(store: Store) -> tuple[Store, int]:
    """Two parents in two phases, each coded by a different coder."""
    pid = store.create_project("Tabelltest", CODEBOOK)
    items = []
    for name, phase, coder, code, relation in (
        ("for-01", "1", "Anna", "ff-struktur", "pappa"),
        ("for-02", "2", "Bo", "uo-info", "mamma"),
    ):
        parsed = parse_bytes(TRANSCRIPT.encode(), f"{name}.txt")
        doc = store.add_document(pid, name=name, text=parsed.text, turns=parsed.turns,
                                 attributes={"group": "foraldrar", "phase": phase,
                                             "relation": relation})
        turn = parsed.turns[1]
        items.append(NewCoding(doc, code, turn.start, turn.end, coder))
    store.add_codings(pid, items)
    return store, pid


def _cells(table) -> set[str]:  # noqa: ANN001
    return {v for v in table.frame.to_numpy().ravel() if v}


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, {"4b": {"Tydlig struktur", "Mer information"}}),
        ({"phases4": ["1"]}, {"4b": {"Tydlig struktur"}}),
        ({"coders": ["Bo"]}, {"4b": {"Mer information"}}),
        ({"attributes": {"relation": ["pappa"]}}, {"4b": {"Tydlig struktur"}}),
        ({"min_segments": 2}, {"4b": set()}),
        ({"phases5": ["2"]}, {"5a": set(), "5b": {"Mer information"}}),
        ({"interview_types": ["phone"]}, {"4b": set(), "3": set()}),
        ({}, {"3": {"Mötena"}}),
    ],
)
def test_make_tables_applies_the_choice(coded: tuple[Store, int], kwargs: dict,
                                        expected: dict[str, set[str]]) -> None:
    store, pid = coded
    choice = TableChoice.make(keys=["5b", "3", "4b", "5a"], **kwargs)
    tables = make_tables(store.codings_frame(pid), store.codebook(pid), {}, choice)
    assert [tb.key for tb in tables] == ["3", "4b", "5a", "5b"]
    by_key = {tb.key: tb for tb in tables}
    for key, cells in expected.items():
        assert _cells(by_key[key]) == cells


def test_make_tables_in_english_with_evidence(coded: tuple[Store, int]) -> None:
    store, pid = coded
    choice = TableChoice.make(keys=["4b"], evidence=True, lang="en")
    (table,) = make_tables(store.codings_frame(pid), store.codebook(pid), {}, choice)
    assert table.caption.startswith("Table 4b.")
    assert {"Documents", "Segments", "Example quote"} <= set(table.frame.columns)


def test_make_tables_ignores_unknown_keys(coded: tuple[Store, int]) -> None:
    store, pid = coded
    choice = TableChoice.make(keys=["4z"])
    assert make_tables(store.codings_frame(pid), store.codebook(pid), {}, choice) == []


@pytest.mark.parametrize(
    ("values", "phases"),
    [({"phase": ["2", "1", "10"]}, ["1", "2", "10"]), ({"phase": ["b", "1"]}, ["1", "b"]),
     ({}, [])],
)
def test_phases_in(values: dict, phases: list[str]) -> None:
    assert phases_in(values) == phases


@pytest.mark.parametrize(
    ("url", "shown", "local"),
    [
        ("sqlite:////home/a/.local/share/sigqual/sigqual.db",
         "/home/a/.local/share/sigqual/sigqual.db", True),
        ("postgresql://eva:hemligt@db.kommun.se:5432/sigqual",
         "postgresql://eva:***@db.kommun.se:5432/sigqual", False),
        ("sqlite://", ":memory:", True),
        ("inte en url", "inte en url", False),
    ],
)
def test_display_url_hides_the_password(url: str, shown: str, local: bool) -> None:
    assert display_url(url) == shown
    assert "hemligt" not in display_url(url)
    assert is_local(url) is local
