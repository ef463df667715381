"""The vectorised steps behind the comparison, its quotes and co-occurrence give exactly
what the plain, row-by-row computation gives on the sample project."""

from __future__ import annotations

import pandas as pd
import pytest

from sigqual.compare import (
    ancestor_map,
    cell_quotes,
    column_keys,
    comparison_matrix,
    filter_documents,
)
from sigqual.compare.cooccurrence import _touching_turns
from sigqual.compare.matrix import QUOTE_COLUMNS, rolled_up
from sigqual.tables import source_label


def _plain_rollup(frame: pd.DataFrame, codebook) -> pd.DataFrame:  # noqa: ANN001
    ancestors = ancestor_map(codebook)
    out = frame.assign(code_id=frame["code_id"].map(lambda c: [c, *ancestors.get(c, ())]))
    return out.explode("code_id").reset_index(drop=True)


def test_rollup_repeats_each_row_for_its_ancestors_in_order(sample) -> None:
    codings, _docs, codebook, _segments = sample
    frame = codings[["document_id", "start", "end", "code_id"]]
    mine = rolled_up(frame, codebook)
    plain = _plain_rollup(frame, codebook)
    assert len(mine) > len(frame), "the sample has codes below themes"
    pd.testing.assert_frame_equal(mine, plain, check_dtype=False)


def _plain_cell_quotes(codings, documents, codebook, code_id, column, by, rollup):  # noqa: ANN001, ANN202
    """One loop per passage: the first coding's fields, codes in order met, coders sorted."""
    keys = column_keys(documents, by)
    doc_ids = list(documents.loc[keys.to_numpy() == column, "document_id"])
    wanted = [code_id, *([c.id for c in codebook.descendants(code_id)] if rollup else [])]
    rows = codings[codings["document_id"].isin(doc_ids) & codings["code_id"].isin(wanted)]
    order = {d: i for i, d in enumerate(doc_ids)}
    records = []
    for (doc_id, start, end), group in rows.groupby(["document_id", "start", "end"], sort=False):
        first = group.iloc[0]
        turn = first["segment_idx"]
        segment = first["segment_id"]
        records.append({
            "document_id": int(doc_id), "document": first["document"],
            "participant": first["participant"], "group": first["group"], "phase": first["phase"],
            "segment_id": None if pd.isna(segment) else int(segment),
            "segment_idx": None if pd.isna(turn) else int(turn),
            "speaker": first["speaker"], "role": first["role"], "start": int(start), "end": int(end),
            "quote": first["quote"],
            "code_ids": ", ".join(dict.fromkeys(str(c) for c in group["code_id"])),
            "coders": ", ".join(sorted({str(c) for c in group["coder"]})),
            "source": source_label(first), "_order": order[doc_id],
        })
    out = pd.DataFrame.from_records(records).sort_values(["_order", "start", "end"])
    return out.drop(columns="_order").reset_index(drop=True)[QUOTE_COLUMNS]


@pytest.mark.parametrize(("by", "rollup", "phases"), [
    ("group", True, None), ("group", False, None), ("phase", True, ["1"]),
    ("interview_type", False, ["2"]),
])
def test_cell_quotes_equal_the_loop_over_passages(sample, by: str, rollup: bool,
                                                  phases: list[str] | None) -> None:
    codings, docs, codebook, _segments = sample
    docs = filter_documents(docs, phases=phases)
    comparison = comparison_matrix(codings, docs, codebook, by=by, rollup=rollup)
    filled = comparison.cells[comparison.cells["n_segments"] > 0]
    cells = pd.concat([filled.head(4), filled.sort_values("n_segments").tail(2)])
    assert len(cells) == 6
    for cell in cells.itertuples(index=False):
        mine = cell_quotes(codings, docs, codebook, cell.code_id, cell.column, by=by, rollup=rollup)
        plain = _plain_cell_quotes(codings, docs, codebook, cell.code_id, cell.column, by, rollup)
        assert len(mine) == cell.n_segments
        pd.testing.assert_frame_equal(mine, plain)


def _plain_touching(base: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    merged = base.merge(segments[["document_id", "idx", "start", "end"]], on="document_id",
                        suffixes=("", "_seg"))
    return merged[(merged["start"] < merged["end_seg"]) & (merged["start_seg"] < merged["end"])]


def _as_set(frame: pd.DataFrame) -> set[tuple]:
    return set(frame[["document_id", "start", "end", "code_id", "idx"]].itertuples(index=False,
                                                                                 name=None))


def test_turns_found_by_search_equal_the_pairwise_join(sample) -> None:
    codings, _docs, _codebook, segments = sample
    base = codings[["document_id", "segment_idx", "start", "end", "code_id"]]
    mine, plain = _touching_turns(base, segments), _plain_touching(base, segments)
    assert len(mine) == len(plain) >= len(base) - base["segment_idx"].isna().sum()
    assert _as_set(mine) == _as_set(plain)


@pytest.mark.parametrize(("turns", "span", "expected"), [
    # turns that do not overlap: binary search
    ([(0, 0, 10), (1, 10, 20), (2, 25, 30)], (5, 26), {0, 1, 2}),
    ([(0, 0, 10), (1, 10, 20), (2, 25, 30)], (20, 25), set()),
    ([(0, 0, 10), (1, 10, 20), (2, 25, 30)], (9, 10), {0}),
    # a turn inside another (ends go backwards): the pairwise join
    ([(0, 0, 30), (1, 5, 10), (2, 31, 40)], (12, 35), {0, 2}),
])
def test_turns_a_span_touches(turns: list[tuple[int, int, int]], span: tuple[int, int],
                              expected: set[int]) -> None:
    segments = pd.DataFrame([{"document_id": 7, "idx": i, "start": s, "end": e}
                             for i, s, e in turns] + [{"document_id": 8, "idx": 0, "start": 0,
                                                       "end": 99}])
    base = pd.DataFrame([{"document_id": 7, "segment_idx": None, "start": span[0], "end": span[1],
                          "code_id": "k"}])
    found = _touching_turns(base, segments)
    assert set(found["idx"]) == expected
    assert _as_set(found) == _as_set(_plain_touching(base, segments))
