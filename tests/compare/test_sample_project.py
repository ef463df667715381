"""The comparison matrix of the bundled sample project against the reference study."""

from __future__ import annotations

import numpy as np
import pytest

from sigqual.compare import (
    comparison_matrix,
    cooccurrence,
    filter_documents,
)
from sigqual.tables import filter_codings

# Interviews per group in the reference study (phases 1 and 2 together).
DOCUMENTS = {"ungdomar": 3, "foraldrar": 10, "aktorer": 14, "projektgrupp": 1, "styrgrupp": 1}


def used(result, group: str, kind: str) -> set[str]:
    cells = result.cells[(result.cells["column"] == group) & (result.cells["n_documents"] > 0)]
    rows = result.rows.set_index("code_id").loc[list(cells["code_id"])]
    return set(rows.loc[rows["kind"] == kind, "label"])


def test_columns_are_the_five_groups(sample) -> None:
    codings, documents, codebook, _ = sample
    result = comparison_matrix(codings, documents, codebook)
    assert list(result.columns) == list(DOCUMENTS)
    assert result.column_documents == DOCUMENTS
    assert [result.column_labels[g] for g in DOCUMENTS] == [g.name for g in codebook.groups]


@pytest.mark.parametrize("group", list(DOCUMENTS))
def test_themes_per_group_are_table_3(sample, reference, group) -> None:
    codings, documents, codebook, _ = sample
    result = comparison_matrix(codings, documents, codebook)
    assert used(result, group, "theme") == set(reference["table3"][group])


@pytest.mark.parametrize("group", list(DOCUMENTS))
def test_phase_1_factors_per_group_are_table_4(sample, reference, group) -> None:
    codings, documents, codebook, _ = sample
    result = comparison_matrix(filter_codings(codings, phases=["1"]),
                               filter_documents(documents, phases=["1"]), codebook,
                               kinds=["success_factor", "development_area"])
    assert used(result, group, "success_factor") == set(reference["table4"][group]["FF"])
    assert used(result, group, "development_area") == set(reference["table4"][group].get("UO", []))
    shares = result.cells.loc[result.cells["column"] == group, "share"]
    assert shares.between(0, 1).all()


def test_cooccurrence_of_the_sample(sample) -> None:
    codings, _, codebook, segments = sample
    co = cooccurrence(codings, codebook, mode="overlap")
    matrix = co.matrix.to_numpy()
    assert (matrix == matrix.T).all()
    passages = codings.drop_duplicates(["document_id", "start", "end", "code_id"])
    per_code = passages.groupby("code_id").size()
    assert {c: int(np.diag(matrix)[i]) for i, c in enumerate(co.matrix.index)} == per_code.to_dict()
    by_turn = cooccurrence(codings, codebook, mode="segment", segments=segments)
    assert by_turn.skipped == 0 and (by_turn.matrix.to_numpy() >= 0).all()
