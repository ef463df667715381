"""The comparison matrix: codes (grouped under their themes) against groups or any attribute.

Each cell counts the documents and the coded passages behind a code in one column (a group,
a phase, an interview type or a free attribute value) and the share of that column's
documents that mention it. ``n_segments`` counts distinct coded passages (document, start,
end), exactly as the evidence columns of the report tables do, so the two views agree.
Every cell can be traced back to its quotes with :func:`cell_quotes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from ..codebook import Code, Codebook
from ..errors import InputError
from ..i18n import choice, translate
from ..tables import source_label
from .frames import attribute_values, check_attribute, natural_order, unique_labels

METRICS = ("n_documents", "n_segments", "share")
ROW_COLUMNS = ["theme_id", "theme_label", "code_id", "label", "kind", "is_theme", "row_label"]
CELL_COLUMNS = ["code_id", "column", "n_documents", "n_segments", "share"]
QUOTE_COLUMNS = [
    "document_id", "document", "participant", "group", "phase", "segment_id", "segment_idx",
    "speaker", "role", "start", "end", "quote", "code_ids", "coders", "source",
]
# The column key of documents that lack the compared attribute.
MISSING = "(saknas)"


def metric_label(metric: str, lang: str = "sv") -> str:
    """Human name of a metric for axis titles and table headers."""
    _check_metric(metric)
    return choice("compare.metric.", metric, lang)


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`comparison_matrix`; ``cells`` is long, :meth:`table` is wide."""

    by: str
    columns: tuple[str, ...]
    column_labels: dict[str, str]
    column_documents: dict[str, int]
    rows: pd.DataFrame
    cells: pd.DataFrame

    def table(self, metric: str = "n_documents") -> pd.DataFrame:
        """Rows as labelled in display order, one column per compared value."""
        _check_metric(metric)
        wide = self.cells.pivot(index="code_id", columns="column", values=metric)
        wide = wide.reindex(index=list(self.rows["code_id"]), columns=list(self.columns))
        wide.index = pd.Index(list(self.rows["row_label"]), name="code")
        wide.columns = pd.Index([self.column_labels[c] for c in self.columns], name=self.by)
        return wide

    def locate(self, row_label: str, column_label: str) -> tuple[str, str]:
        """(code id, column key) of a cell picked in a chart by its axis labels."""
        rows = self.rows.loc[self.rows["row_label"] == row_label, "code_id"]
        columns = [c for c in self.columns if self.column_labels[c] == column_label]
        if rows.empty or not columns:
            raise InputError(msgid="error.compare.no_cell_comparison",
                             params={"row_label": row_label, "column_label": column_label})
        return str(rows.iloc[0]), columns[0]

    def long(self, metric: str = "n_documents") -> pd.DataFrame:
        """Tidy rows (row label, column label, value) for bar charts."""
        _check_metric(metric)
        merged = self.cells.merge(self.rows[["code_id", "row_label", "theme_label", "kind"]],
                                  on="code_id")
        merged["column_label"] = merged["column"].map(self.column_labels)
        order = {c: i for i, c in enumerate(self.rows["code_id"])}
        col_order = {c: i for i, c in enumerate(self.columns)}
        merged = merged.assign(_r=merged["code_id"].map(order), _c=merged["column"].map(col_order))
        merged = merged.sort_values(["_r", "_c"]).drop(columns=["_r", "_c"])
        out = merged[["code_id", "row_label", "theme_label", "kind", "column", "column_label", metric]]
        return out.rename(columns={metric: "value"}).reset_index(drop=True)


def code_rows(codebook: Codebook, kinds: Iterable[str] | None = None, lang: str = "sv") -> pd.DataFrame:
    """Every code in display order: each theme, then the codes below it; themeless codes last."""
    wanted = set(kinds) if kinds is not None else None
    blocks: dict[str | None, list[Code]] = {c.id: [] for c in codebook.codes if c.kind == "theme"}
    blocks[None] = []
    for code in codebook.codes:
        theme = codebook.theme_of(code.id)
        key = theme.id if theme else None
        if code.id == key:
            blocks[key].insert(0, code)
        else:
            blocks[key].append(code)
    records = []
    for theme_id, codes in blocks.items():
        theme_label = codebook.code(theme_id).label if theme_id else translate("compare.no_theme", lang)
        for code in codes:
            if wanted is not None and code.kind not in wanted:
                continue
            is_theme = code.id == theme_id
            prefix = (choice("compare.abbrev.", code.kind, lang)
                      if code.kind in ("success_factor", "development_area") else "")
            label = code.label if is_theme else "· " + (f"{prefix} " if prefix else "") + code.label
            records.append({"theme_id": theme_id, "theme_label": theme_label, "code_id": code.id,
                            "label": code.label, "kind": code.kind, "is_theme": is_theme,
                            "row_label": label})
    rows = pd.DataFrame.from_records(records, columns=ROW_COLUMNS)
    rows["row_label"] = unique_labels(list(rows["row_label"]))
    return rows


def column_keys(documents: pd.DataFrame, by: str) -> pd.Series:
    """The comparison column of each document; documents lacking the value get ``MISSING``."""
    values = attribute_values(documents, by)
    return pd.Series([MISSING if v is None else v for v in values], index=values.index, dtype=object)


def comparison_matrix(
    codings: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
    *,
    by: str = "group",
    kinds: Iterable[str] | None = None,
    rollup: bool = True,
    hide_empty: bool = True,
    lang: str = "sv",
) -> Comparison:
    """Count documents, passages and document shares per code and column.

    ``documents`` is the universe (filter it with :func:`filter_documents` and the codings
    with :func:`sigqual.tables.filter_codings` alike); codings of other documents are
    ignored. With ``rollup`` a theme also counts passages coded with codes below it.
    """
    check_attribute(documents, by)
    docs = documents[["document_id"]].assign(column=column_keys(documents, by).to_numpy())
    columns = _column_order(list(docs["column"]), by, codebook)
    per_column = docs.groupby("column")["document_id"].nunique()
    column_documents = {c: int(per_column.get(c, 0)) for c in columns}
    labels = _column_labels(columns, by, codebook, lang)

    base = codings.loc[codings["document_id"].isin(docs["document_id"]),
                       ["document_id", "start", "end", "code_id"]]
    base = base.merge(docs, on="document_id", how="inner")
    if rollup:
        base = rolled_up(base, codebook)
    base = base.drop_duplicates(["document_id", "start", "end", "code_id"])
    grouped = base.groupby(["code_id", "column"])
    counted = pd.DataFrame({"n_segments": grouped.size(),
                            "n_documents": grouped["document_id"].nunique()})

    rows = code_rows(codebook, kinds, lang)
    grid = pd.MultiIndex.from_product([list(rows["code_id"]), columns], names=["code_id", "column"])
    cells = counted.reindex(grid, fill_value=0).reset_index()
    cells["n_segments"] = cells["n_segments"].astype(int)
    cells["n_documents"] = cells["n_documents"].astype(int)
    totals = cells["column"].map(column_documents)
    cells["share"] = (cells["n_documents"] / totals.where(totals > 0)).astype(float)
    cells = cells[CELL_COLUMNS]
    if hide_empty:
        rows = _non_empty(rows, cells)
        cells = cells[cells["code_id"].isin(rows["code_id"])].reset_index(drop=True)
    return Comparison(by=by, columns=tuple(columns), column_labels=labels,
                      column_documents=column_documents, rows=rows.reset_index(drop=True),
                      cells=cells)


_PASSAGE_FIELDS = ("document_id", "start", "end", "document", "participant", "group", "phase",
                   "segment_id", "segment_idx", "speaker", "role", "quote", "code_id", "coder")


def cell_quotes(
    codings: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
    code_id: str,
    column: str,
    *,
    by: str = "group",
    rollup: bool = True,
) -> pd.DataFrame:
    """The passages behind one cell, one row per passage, in document order.

    Each row carries document id, segment id/index and offsets so a page can link into
    the coding view; ``code_ids`` and ``coders`` list every code and coder on the passage.
    """
    codebook.code(code_id)
    check_attribute(documents, by)
    keys = column_keys(documents, by)
    if column not in set(keys):
        raise InputError(msgid="error.compare.no_documents_have_values",
                         params={"by": by, "column": column, "items": ', '.join(natural_order(set(keys)))},
                         field=by)
    doc_ids = list(documents.loc[keys.to_numpy() == column, "document_id"])
    wanted = [code_id, *([c.id for c in codebook.descendants(code_id)] if rollup else [])]
    # Only the columns a passage shows: taking every column of a large codings frame (its
    # attributes, dates, ids) for the rows of one cell cost more than the grouping below.
    chosen = codings["document_id"].isin(doc_ids) & codings["code_id"].isin(wanted)
    rows = codings.loc[chosen, [c for c in _PASSAGE_FIELDS if c in codings.columns]]
    if rows.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    order = {d: i for i, d in enumerate(doc_ids)}
    # One row per passage (document, start, end): its first coding's fields, every code
    # in the order met and every coder, sorted. Grouped once, no loop per passage.
    keys = ["document_id", "start", "end"]
    grouped = rows.groupby(keys, sort=False)
    first = grouped.nth(0).set_index(keys)
    code_ids = grouped["code_id"].agg(lambda s: ", ".join(dict.fromkeys(str(c) for c in s)))
    coders = grouped["coder"].agg(lambda s: ", ".join(sorted({str(c) for c in s})))
    out = pd.DataFrame({
        "document_id": [int(d) for d, _, _ in first.index],
        "document": first["document"].to_numpy(dtype=object),
        "participant": first["participant"].to_numpy(dtype=object),
        "group": first["group"].to_numpy(dtype=object),
        "phase": first["phase"].to_numpy(dtype=object),
        "segment_id": [_int_or_none(v) for v in first["segment_id"]],
        "segment_idx": [_int_or_none(v) for v in first["segment_idx"]],
        "speaker": first["speaker"].to_numpy(dtype=object),
        "role": first["role"].to_numpy(dtype=object),
        "start": [int(s) for _, s, _ in first.index],
        "end": [int(e) for _, _, e in first.index],
        "quote": first["quote"].to_numpy(dtype=object),
        "code_ids": code_ids.reindex(first.index).to_numpy(dtype=object),
        "coders": coders.reindex(first.index).to_numpy(dtype=object),
        "source": [source_label(r) for r in first.reset_index().to_dict("records")],
        "_order": [order[d] for d, _, _ in first.index],
    })
    out = out.sort_values(["_order", "start", "end"])
    return out.drop(columns="_order").reset_index(drop=True)[QUOTE_COLUMNS]


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise InputError(msgid="error.compare.unknown_metric_choose_one",
                         params={"metric": metric, "metrics": ', '.join(METRICS)},
                         field="metric")


def _column_order(values: Sequence[str], by: str, codebook: Codebook) -> list[str]:
    present = set(values)
    rest = natural_order(v for v in present if v != MISSING)
    if by in ("group", "group_key"):
        known = [k for k in codebook.group_keys if k in present]
        rest = known + [v for v in rest if v not in known]
    return rest + ([MISSING] if MISSING in present else [])


def _column_labels(columns: Sequence[str], by: str, codebook: Codebook, lang: str) -> dict[str, str]:
    names = {g.key: g.name for g in codebook.groups} if by in ("group", "group_key") else {}
    missing = translate("compare.missing", lang)
    return {c: missing if c == MISSING else names.get(c, c) for c in columns}


def ancestor_map(codebook: Codebook) -> dict[str, tuple[str, ...]]:
    """Each code id with its ancestors' ids, nearest first (for rolling counts up to themes)."""
    out: dict[str, tuple[str, ...]] = {}
    for code in codebook.codes:
        chain: list[str] = []
        parent = codebook.get(code.parent) if code.parent else None
        while parent is not None and parent.id not in chain and parent.id != code.id:
            chain.append(parent.id)
            parent = codebook.get(parent.parent) if parent.parent else None
        out[code.id] = tuple(chain)
    return out


def rolled_up(frame: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Each row once for its own code and once for every ancestor (nearest first), so a
    theme counts the passages coded below it; a join, not a call per row."""
    ancestors = ancestor_map(codebook)
    present = pd.unique(frame["code_id"])
    pairs = [(c, c, 0) for c in present]
    pairs += [(c, a, i + 1) for c in present for i, a in enumerate(ancestors.get(c, ()))]
    chains = pd.DataFrame(pairs, columns=["code_id", "_rolled", "_depth"])
    out = frame.reset_index(drop=True).rename_axis("_row").reset_index()
    out = out.merge(chains, on="code_id", how="inner").sort_values(["_row", "_depth"], kind="stable")
    out = out.drop(columns=["code_id", "_row", "_depth"]).rename(columns={"_rolled": "code_id"})
    return out[list(frame.columns)].reset_index(drop=True)


def _non_empty(rows: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """Rows with any passage, plus the theme row heading a block that has one."""
    used = set(cells.loc[cells["n_segments"] > 0, "code_id"])
    used_blocks = set(rows.loc[rows["code_id"].isin(used), "theme_id"].dropna())
    keep = rows["code_id"].isin(used) | (rows["is_theme"] & rows["theme_id"].isin(used_blocks))
    return rows[keep]


def _int_or_none(value: object) -> int | None:
    if value is None:
        return None
    try:
        return None if pd.isna(value) else int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
