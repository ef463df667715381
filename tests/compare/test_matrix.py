"""The comparison matrix and the quotes behind its cells, on a small real project."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sigqual.compare import (
    MISSING,
    cell_quotes,
    code_rows,
    comparison_matrix,
    filter_documents,
    known_attributes,
)
from sigqual.errors import CodebookError, InputError
from sigqual.tables import filter_codings

from .helpers import CODEBOOK, new_project


@pytest.fixture
def project(store):
    p = new_project(store)
    p.add("u1", 2, group="ungdomar", phase="1", interview_type="individual")
    p.add("f1", 3, group="foraldrar", phase="1", interview_type="individual")
    p.add("f2", 2, group="foraldrar", phase="2", interview_type="phone")
    p.add("a1", 2, group="aktorer", phase="1", ort="Syd")
    p.add("a2", 2, group="aktorer", phase="1", ort="Nord")
    p.add("x1", 1, phase="1")
    p.code([
        p.answer("f1", 0, "ff-struktur", "Anna"), p.answer("f1", 0, "t-moten", "Anna"),
        p.answer("f1", 0, "ff-struktur", "Bo"),  # the same passage by a second coder
        p.answer("f1", 1, "ff-struktur", "Anna"), p.answer("f2", 0, "uo-info", "Anna"),
        p.answer("a1", 0, "ff-struktur", "Anna"), p.answer("a1", 1, "ff-praktik", "Anna"),
        p.answer("u1", 0, "uo-tid", "Anna"), p.answer("x1", 0, "k-ovrigt", "Anna"),
    ])
    return p


@pytest.mark.parametrize(
    ("by", "rollup", "code", "column", "n_documents", "n_segments", "share"),
    [
        # f1 answer 0 (coded by Anna and Bo: one passage) and f1 answer 1: one document, two passages
        ("group", True, "ff-struktur", "foraldrar", 1, 2, 1 / 2),
        ("group", True, "ff-struktur", "aktorer", 1, 1, 1 / 2),
        ("group", True, "ff-struktur", "ungdomar", 0, 0, 0.0),
        # the theme rolls up f1/0, f1/1 (its factor) and f2/0 (uo-info): two documents of two
        ("group", True, "t-moten", "foraldrar", 2, 3, 1.0),
        ("group", False, "t-moten", "foraldrar", 1, 1, 1 / 2),
        ("group", True, "t-framtid", "ungdomar", 1, 1, 1.0),
        ("group", True, "k-ovrigt", MISSING, 1, 1, 1.0),
        # phase 1 holds u1, f1, a1, a2, x1 (five documents); ff-struktur is in f1 and a1
        ("phase", True, "ff-struktur", "1", 2, 3, 2 / 5),
        ("phase", True, "uo-info", "2", 1, 1, 1.0),
        ("interview_type", True, "uo-info", "phone", 1, 1, 1.0),
        ("ort", True, "ff-praktik", "Syd", 1, 1, 1.0),
        ("ort", True, "ff-praktik", "Nord", 0, 0, 0.0),
    ],
)
def test_cells(project, by, rollup, code, column, n_documents, n_segments, share) -> None:
    codings, documents, _ = project.frames()
    result = comparison_matrix(codings, documents, CODEBOOK, by=by, rollup=rollup)
    cell = result.cells[(result.cells["code_id"] == code) & (result.cells["column"] == column)]
    assert cell[["n_documents", "n_segments"]].iloc[0].tolist() == [n_documents, n_segments]
    assert math.isclose(cell["share"].iloc[0], share)


@pytest.mark.parametrize(
    ("by", "columns", "labels", "documents"),
    [
        ("group", ["ungdomar", "foraldrar", "aktorer", MISSING],
         ["Ungdomarna", "Föräldrarna", "Aktörerna", "(saknas)"], [1, 2, 2, 1]),
        ("phase", ["1", "2"], ["1", "2"], [5, 1]),
        ("ort", ["Nord", "Syd", MISSING], ["Nord", "Syd", "(saknas)"], [1, 1, 4]),
    ],
)
def test_columns_follow_codebook_or_natural_order(project, by, columns, labels, documents) -> None:
    codings, docs, _ = project.frames()
    result = comparison_matrix(codings, docs, CODEBOOK, by=by)
    assert list(result.columns) == columns
    assert [result.column_labels[c] for c in columns] == labels
    assert [result.column_documents[c] for c in columns] == documents


def test_rows_are_grouped_under_themes_and_empty_rows_hidden(project) -> None:
    codings, documents, _ = project.frames()
    shown = comparison_matrix(codings, documents, CODEBOOK)
    assert list(shown.rows["row_label"]) == [
        "Mötena", "· FF Tydlig struktur", "· UO Mer information",
        "Framtiden", "· FF Praktik", "· UO Tidpunkt", "· Övrigt",
    ]
    everything = comparison_matrix(codings, documents, CODEBOOK, hide_empty=False, lang="en")
    assert list(everything.rows["code_id"]) == [
        "t-moten", "ff-struktur", "uo-info", "t-framtid", "ff-praktik", "uo-tid", "ff-tid", "k-ovrigt",
    ]
    assert list(everything.rows["theme_label"])[-1] == "No theme"
    assert "· SF Tidpunkt" in list(everything.rows["row_label"])


def test_kinds_filter_keeps_the_theme_grouping() -> None:
    rows = code_rows(CODEBOOK, kinds=["success_factor"])
    assert list(rows["code_id"]) == ["ff-struktur", "ff-praktik", "ff-tid"]
    assert list(rows["theme_id"]) == ["t-moten", "t-framtid", "t-framtid"]


def test_wide_table_and_locate(project) -> None:
    codings, documents, _ = project.frames()
    result = comparison_matrix(codings, documents, CODEBOOK)
    wide = result.table("n_segments")
    assert list(wide.columns) == ["Ungdomarna", "Föräldrarna", "Aktörerna", "(saknas)"]
    assert wide.loc["Mötena"].tolist() == [0, 3, 1, 0]
    assert result.locate("Mötena", "Föräldrarna") == ("t-moten", "foraldrar")
    long = result.long("share")
    first = long.iloc[1]
    assert (first["row_label"], first["column_label"], first["value"]) == ("Mötena", "Föräldrarna", 1.0)
    with pytest.raises(InputError, match="no cell"):
        result.locate("Mötena", "Grannarna")
    with pytest.raises(InputError, match="unknown metric"):
        result.table("mean")


def test_filters_change_numerators_and_denominators(project) -> None:
    codings, documents, _ = project.frames()
    phase1 = filter_documents(documents, phases=["1"])
    result = comparison_matrix(filter_codings(codings, phases=["1"]), phase1, CODEBOOK)
    assert result.column_documents["foraldrar"] == 1
    cell = result.cells.set_index(["code_id", "column"]).loc[("t-moten", "foraldrar")]
    assert (cell["n_documents"], cell["n_segments"], cell["share"]) == (1, 2, 1.0)
    only_bo = comparison_matrix(filter_codings(codings, coders=["Bo"]), documents, CODEBOOK)
    assert list(only_bo.rows["code_id"]) == ["t-moten", "ff-struktur"]
    assert filter_documents(documents, attributes={"ort": ["Syd"]})["document"].tolist() == ["a1"]


def test_cell_quotes_trace_a_cell_to_its_passages(project) -> None:
    codings, documents, _ = project.frames()
    quotes = cell_quotes(codings, documents, CODEBOOK, "t-moten", "foraldrar")
    assert quotes["document"].tolist() == ["f1", "f1", "f2"]
    assert quotes["segment_idx"].tolist() == [1, 3, 1]
    assert quotes["quote"].iloc[0] == "Svar 1 från f1, med några ord om saken."
    assert set(quotes["code_ids"].iloc[0].split(", ")) == {"ff-struktur", "t-moten"}
    assert quotes["coders"].iloc[0] == "Anna, Bo"
    assert quotes["source"].iloc[2] == "f2 (foraldrar, fas 2)"
    assert quotes["segment_id"].iloc[0] is not None
    flat = cell_quotes(codings, documents, CODEBOOK, "t-moten", "foraldrar", rollup=False)
    assert len(flat) == 1
    assert cell_quotes(codings, documents, CODEBOOK, "uo-info", "ungdomar").empty


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda c, d: comparison_matrix(c, d, CODEBOOK, by="kommun"), InputError,
         "no document has the attribute 'kommun'"),
        (lambda c, d: cell_quotes(c, d, CODEBOOK, "t-moten", "grannar"), InputError,
         "no documents have group = 'grannar'"),
        (lambda c, d: cell_quotes(c, d, CODEBOOK, "okänd", "foraldrar"), CodebookError,
         "unknown code id 'okänd'"),
    ],
)
def test_bad_requests_are_named(project, call, error, message) -> None:
    codings, documents, _ = project.frames()
    with pytest.raises(error, match=message):
        call(codings, documents)


def test_known_attributes_and_an_empty_project(store) -> None:
    p = new_project(store)
    p.add("f1", 1, group="foraldrar", phase="1", ort="Syd")
    codings, documents, _ = p.frames()
    assert known_attributes(documents) == ["group", "phase", "ort"]
    result = comparison_matrix(codings, documents, CODEBOOK)
    assert result.rows.empty and result.cells.empty
    assert isinstance(result.table(), pd.DataFrame)
