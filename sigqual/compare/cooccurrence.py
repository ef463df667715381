"""Code co-occurrence: which codes are applied together, and how often.

Three definitions of "together", each counted symmetrically:

* ``segment``: both codes touch the same speaker turn; a cell counts turns.
* ``turns``: the codes touch turns at most ``window`` turns apart in the same document; a
  cell counts pairs of turns (so ``window=0`` equals ``segment``).
* ``overlap``: two coded passages share at least one character; a cell counts pairs of
  passages.

The diagonal holds how many units (turns, or passages for ``overlap``) carry the code, so
a cell can be read against it. Codings by several coders are pooled; filter the frame by
coder first to look at one coder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..errors import InputError
from .frames import unique_labels
from .matrix import rolled_up

MODES = ("segment", "turns", "overlap")


@dataclass(frozen=True)
class CoOccurrence:
    """A square count matrix over code ids plus what it counted."""

    mode: str
    window: int
    matrix: pd.DataFrame
    labels: dict[str, str]
    skipped: int = 0

    def labelled(self) -> pd.DataFrame:
        """The matrix with code labels (made unique) instead of ids, for display."""
        names = unique_labels([self.labels[c] for c in self.matrix.index])
        out = self.matrix.copy()
        out.index = pd.Index(names, name="code")
        out.columns = pd.Index(names, name="code")
        return out

    def pairs(self) -> pd.DataFrame:
        """Off-diagonal pairs with a count above zero, most frequent first."""
        ids = list(self.matrix.index)
        values = self.matrix.to_numpy()
        # Upper triangle in row-major order: the order ties keep after the stable sort.
        rows, cols = np.triu_indices(len(ids), k=1)
        counts = values[rows, cols]
        keep = counts > 0
        a = [ids[i] for i in rows[keep]]
        b = [ids[j] for j in cols[keep]]
        frame = pd.DataFrame({
            "code_a": a, "label_a": [self.labels[c] for c in a], "code_b": b,
            "label_b": [self.labels[c] for c in b], "count": counts[keep].astype(int),
        }, columns=["code_a", "label_a", "code_b", "label_b", "count"])
        return frame.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)


def cooccurrence(
    codings: pd.DataFrame,
    codebook: Codebook,
    *,
    mode: str = "segment",
    window: int = 1,
    codes: Iterable[str] | None = None,
    segments: pd.DataFrame | None = None,
    rollup: bool = False,
) -> CoOccurrence:
    """Count co-occurrences of codes in ``codings`` (a :meth:`Store.codings_frame`).

    ``segments`` (from :func:`segments_frame`) places a coding on every turn its span
    touches; without it a coding is placed on its own ``segment_idx`` and codings that
    span several turns (no segment) are skipped and counted in ``skipped``.
    """
    if mode not in MODES:
        raise InputError(msgid="error.compare.unknown_co_occurrence_mode",
                         params={"mode": mode, "modes": ', '.join(MODES)},
                         field="mode")
    if mode == "turns" and (isinstance(window, bool) or not isinstance(window, int) or window < 0):
        raise InputError(msgid="error.compare.window_must_whole_number", params={"window": repr(window)},
                         field="window")
    base = codings[["document_id", "segment_idx", "start", "end", "code_id"]].copy()
    if rollup:
        base = rolled_up(base, codebook)
    order = _code_order(codebook, set(base["code_id"].unique()), codes)
    base = base[base["code_id"].isin(order)]
    skipped = 0
    if mode == "overlap":
        counts = _overlap_counts(base)
    else:
        placed, skipped = _place_on_turns(base, segments)
        counts = _turn_counts(placed, 0 if mode == "segment" else window)
    position = {code: i for i, code in enumerate(order)}
    values = np.zeros((len(order), len(order)), dtype=np.int64)
    if len(counts):
        rows = counts["code_a"].map(position).to_numpy(dtype=np.int64)
        cols = counts["code_b"].map(position).to_numpy(dtype=np.int64)
        values[rows, cols] = counts["n"].to_numpy(dtype=np.int64)
    matrix = pd.DataFrame(values, index=pd.Index(order, name="code_id"),
                          columns=pd.Index(order, name="code_id"))
    labels = {c: (codebook.get(c).label if codebook.get(c) else c) for c in order}
    return CoOccurrence(mode=mode, window=window if mode == "turns" else 0, matrix=matrix,
                        labels=labels, skipped=skipped)


def _code_order(codebook: Codebook, present: set[str], codes: Iterable[str] | None) -> list[str]:
    if codes is not None:
        wanted = list(dict.fromkeys(codes))
        unknown = [c for c in wanted if codebook.get(c) is None and c not in present]
        if unknown:
            raise InputError(msgid="error.agreement.unknown_code_id",
                             params={"unknown": ', '.join(unknown)}, field="codes")
        return wanted
    known = [c.id for c in codebook.codes if c.id in present]
    return known + sorted(str(c) for c in present if codebook.get(c) is None)


def _place_on_turns(base: pd.DataFrame, segments: pd.DataFrame | None) -> tuple[pd.DataFrame, int]:
    """(document_id, idx, code_id) for every turn a coding touches."""
    if segments is None:
        placed = base[base["segment_idx"].notna()]
        skipped = len(base) - len(placed)
        out = placed.assign(idx=placed["segment_idx"].astype(int))
        return out[["document_id", "idx", "code_id"]].drop_duplicates(), skipped
    touching = _touching_turns(base, segments)
    covered = touching[["document_id", "start", "end", "code_id"]].drop_duplicates()
    skipped = len(base.drop_duplicates(["document_id", "start", "end", "code_id"])) - len(covered)
    return touching[["document_id", "idx", "code_id"]].drop_duplicates(), skipped


def _touching_turns(base: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Every (coding, turn) pair whose spans share a character, with the turn's ``idx``.

    Turns sorted by start within a document whose ends never go backwards (speaker turns
    do not overlap) touch a span in one run, found by binary search: a coding costs two
    look-ups instead of a row per turn of its document. Other turns are joined pairwise.
    """
    turns = segments[["document_id", "idx", "start", "end"]].sort_values(
        ["document_id", "start", "end"], kind="stable")
    doc = turns["document_id"].to_numpy(dtype=np.int64)
    starts = turns["start"].to_numpy(dtype=np.int64)
    ends = turns["end"].to_numpy(dtype=np.int64)
    same_doc = doc[1:] == doc[:-1]
    span = int(max(ends.max(initial=0), base["end"].max() if len(base) else 0)) + 1
    if np.any(same_doc & (ends[1:] < ends[:-1])) or doc.min(initial=0) < 0 or len(base) == 0:
        merged = base.merge(turns, on="document_id", suffixes=("", "_seg"))
        return merged[(merged["start"] < merged["end_seg"]) & (merged["start_seg"] < merged["end"])]
    start_keys = doc * span + starts
    end_keys = doc * span + ends
    cdoc = base["document_id"].to_numpy(dtype=np.int64)
    first = np.searchsorted(end_keys, cdoc * span + base["start"].to_numpy(dtype=np.int64),
                            side="right")
    last = np.searchsorted(start_keys, cdoc * span + base["end"].to_numpy(dtype=np.int64),
                           side="left")
    counts = np.maximum(last - first, 0)
    rows = np.repeat(np.arange(len(base)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    picked = np.repeat(first, counts) + offsets
    out = base.iloc[rows].reset_index(drop=True)
    return out.assign(idx=turns["idx"].to_numpy()[picked])


# Up to this window the pairs are found by one join per offset; beyond it, one join per
# document and a distance filter, which costs the same whatever the window.
_OFFSET_JOINS = 8
_PAIR = ["code_a", "code_b"]


def _tally(pairs: pd.DataFrame) -> pd.DataFrame:
    """(code_a, code_b, n) from one row per counted pair."""
    if pairs.empty:
        return pd.DataFrame({"code_a": [], "code_b": [], "n": []})
    return pairs.groupby(_PAIR, sort=False, observed=True).size().rename("n").reset_index()


def _turn_counts(placed: pd.DataFrame, window: int) -> pd.DataFrame:
    """Turn pairs at most ``window`` apart in one document, per ordered pair of codes.

    The diagonal counts the turns carrying a code. Off the diagonal, a pair of turns
    (i with code a, j with code b, |i - j| <= window) counts once for (a, b) and once
    for (b, a), as the matrix is symmetric. Vectorised joins, no loop per document.
    """
    units = placed[["document_id", "idx", "code_id"]].astype({"idx": "int64"})
    diagonal = units.groupby("code_id", sort=False).size()
    parts = [pd.DataFrame({"code_a": diagonal.index, "code_b": diagonal.index,
                           "n": diagonal.to_numpy()})]
    left = units.rename(columns={"code_id": "code_a"})
    right = units.rename(columns={"code_id": "code_b", "idx": "idx_b"})
    if window <= _OFFSET_JOINS:
        for offset in range(-window, window + 1):
            shifted = right.assign(idx=right["idx_b"] - offset)
            joined = left.merge(shifted, on=["document_id", "idx"])
            parts.append(_tally(joined.loc[joined["code_a"] != joined["code_b"], _PAIR]))
    else:
        joined = left.merge(right, on="document_id")
        near = (joined["idx"] - joined["idx_b"]).abs() <= window
        parts.append(_tally(joined.loc[near & (joined["code_a"] != joined["code_b"]), _PAIR]))
    return _sum_parts(parts)


def _overlap_counts(base: pd.DataFrame) -> pd.DataFrame:
    """Pairs of passages with different codes sharing a character, per ordered code pair;
    the diagonal counts the passages of each code."""
    passages = base[["document_id", "start", "end", "code_id"]].drop_duplicates()
    diagonal = passages.groupby("code_id", sort=False).size()
    parts = [pd.DataFrame({"code_a": diagonal.index, "code_b": diagonal.index,
                           "n": diagonal.to_numpy()})]
    left = passages.rename(columns={"code_id": "code_a"})
    right = passages.rename(columns={"code_id": "code_b", "start": "start_b", "end": "end_b"})
    joined = left.merge(right, on="document_id")
    touching = ((joined["start"] < joined["end_b"]) & (joined["start_b"] < joined["end"])
                & (joined["code_a"] != joined["code_b"]))
    parts.append(_tally(joined.loc[touching, _PAIR]))
    return _sum_parts(parts)


def _sum_parts(parts: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(
        len(p) for p in parts) else pd.DataFrame({"code_a": [], "code_b": [], "n": []})
    if frame.empty:
        return frame
    return frame.groupby(_PAIR, sort=False).agg(n=("n", "sum")).reset_index()
