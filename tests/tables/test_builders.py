"""Table builders on small hand-made codings frames."""

from __future__ import annotations

import pandas as pd
import pytest

from sigqual.errors import SigqualError
from sigqual.store import CODING_COLUMNS
from sigqual.tables import (
    TableOptions,
    available_tables,
    build_table,
    build_tables,
    example_quote,
    filter_codings,
    support,
)

from ..store.helpers import CODEBOOK


def frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (group, phase, document_id, start, end, code_id, coder, quote)."""
    records = []
    for i, (group, phase, doc, start, end, code, coder, quote) in enumerate(rows):
        rec = dict.fromkeys(CODING_COLUMNS)
        rec.update(coding_id=i, group=group, phase=phase, document_id=doc, document=f"d{doc}",
                   start=start, end=end, code_id=code, coder=coder, quote=quote, role="respondent",
                   participant=f"P{doc}", attributes={"ort": "Syd" if doc % 2 else "Nord"})
        records.append(rec)
    return pd.DataFrame.from_records(records, columns=CODING_COLUMNS)


ROWS = [
    ("foraldrar", "1", 1, 0, 10, "ff-struktur", "Anna", "Tydligt och bra upplagt möte varje vecka."),
    ("foraldrar", "1", 1, 0, 10, "t-moten", "Anna", "Tydligt och bra upplagt möte varje vecka."),
    ("foraldrar", "2", 2, 5, 20, "uo-info", "Bo", "Vi fick för lite information innan."),
    ("aktorer", "1", 3, 0, 8, "ff-struktur", "Anna", "Struktur."),
]


def test_support_counts_distinct_spans_and_rolls_up() -> None:
    sup = support(frame(ROWS), CODEBOOK).set_index(["group", "code_id"])
    # the theme is coded directly and through both children on two spans in two documents
    assert sup.loc[("foraldrar", "t-moten"), "n_segments"] == 2
    assert sup.loc[("foraldrar", "t-moten"), "n_documents"] == 2
    flat = support(frame(ROWS), CODEBOOK, rollup=False).set_index(["group", "code_id"])
    assert flat.loc[("foraldrar", "t-moten"), "n_segments"] == 1


@pytest.mark.parametrize(
    ("kwargs", "expected_ids"),
    [
        ({"phases": ["1"]}, [0, 1, 3]),
        ({"coders": ["Bo"]}, [2]),
        ({"groups": ["aktorer"]}, [3]),
        ({"attributes": {"ort": ["Nord"]}}, [2]),
        ({"phases": ["1"], "groups": ["foraldrar"]}, [0, 1]),
    ],
)
def test_filter_codings(kwargs, expected_ids) -> None:
    assert filter_codings(frame(ROWS), **kwargs)["coding_id"].tolist() == expected_ids


def test_table4_two_columns_top_aligned() -> None:
    table = build_table(frame(ROWS), CODEBOOK, "4a")
    assert table.caption == ("Tabell 4a. Framgångsfaktorer och utvecklingsområden tolkade ur "
                             "föräldrarnas upplevelser.")
    assert table.frame.to_dict("list") == {"Framgångsfaktorer": ["Tydlig struktur"],
                                           "Utvecklingsområden": ["Mer information"]}


def test_min_segments_hides_thin_rows() -> None:
    table = build_table(frame(ROWS), CODEBOOK, "3", TableOptions(min_segments=2))
    assert table.frame.to_dict("list") == {"Föräldrarna": ["Mötena"], "Aktörerna": [""]}


def test_phase_options_apply_per_table_kind() -> None:
    opts = TableOptions(table4_phases=("1",))
    assert build_table(frame(ROWS), CODEBOOK, "4a", opts).frame["Utvecklingsområden"].tolist() == [""]
    assert build_table(frame(ROWS), CODEBOOK, "5b", opts).frame["Föräldrarna"].tolist() == [
        "Mer information"]


def test_evidence_layout_has_counts_and_quotes() -> None:
    table = build_table(frame(ROWS), CODEBOOK, "5a", TableOptions(evidence=True))
    rows = table.frame.to_dict("records")
    assert rows[0] == {"Grupp": "Föräldrarna", "Typ": "Framgångsfaktorer", "Kod": "Tydlig struktur",
                       "Dokument": 1, "Segment": 1,
                       "Exempelcitat": "Tydligt och bra upplagt möte varje vecka.",
                       "Källa": "P1 (foraldrar, fas 1)"}
    assert rows[1]["Grupp"] == "Aktörerna" and rows[1]["Exempelcitat"] == "Struktur."


def test_english_captions() -> None:
    table = build_table(frame(ROWS), CODEBOOK, "5b", TableOptions(lang="en"))
    assert table.caption.startswith("Table 5b. Development areas")


def test_example_quote_prefers_substantial_respondent_quotes() -> None:
    quote, source = example_quote(frame(ROWS), ["ff-struktur"], None)
    assert quote.startswith("Tydligt och bra") and source == "P1 (foraldrar, fas 1)"
    assert example_quote(frame(ROWS), ["nothing"], None) == ("", "")


def test_empty_project_gives_empty_tables() -> None:
    tables = build_tables(frame([]), CODEBOOK)
    assert [t.key for t in tables] == available_tables(CODEBOOK) == ["3", "4a", "4b", "5a", "5b"]
    assert all((t.frame == "").all().all() for t in tables)


@pytest.mark.parametrize("key", ["6", "4z", ""])
def test_unknown_table_is_a_clear_error(key: str) -> None:
    with pytest.raises(SigqualError, match="unknown table"):
        build_table(frame(ROWS), CODEBOOK, key)


def test_unknown_group_filter_is_a_clear_error() -> None:
    with pytest.raises(SigqualError, match="unknown interview group"):
        build_table(frame(ROWS), CODEBOOK, "3", TableOptions(groups=("barn",)))


def test_options_from_project_settings() -> None:
    opts = TableOptions.from_settings({"tables": {"table4_phases": ["1"], "min_segments": 2}},
                                      min_segments=None, lang="en")
    assert opts.table4_phases == ("1",) and opts.min_segments == 2 and opts.lang == "en"


@pytest.mark.parametrize(
    ("settings", "labels"),
    [
        ({}, {"Tydlig struktur", "Mer information"}),
        ({"coders": ["Anna"]}, {"Tydlig struktur"}),
        ({"coders": ["Bo"]}, {"Mer information"}),
        ({"coders": []}, {"Tydlig struktur", "Mer information"}),  # an empty choice counts everyone
    ],
)
def test_saved_table_coders_choose_the_codings(settings: dict, labels: set[str]) -> None:
    opts = TableOptions.from_settings({"tables": settings})
    tables = [build_table(frame(ROWS), CODEBOOK, key, opts).frame for key in ("5a", "5b")]
    shown = {str(v) for table in tables for column in table.columns for v in table[column] if str(v)}
    assert shown == labels
