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

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from ..codebook import Codebook
from ..errors import InputError
from .frames import unique_labels
from .matrix import ancestor_map

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
        records = []
        ids = list(self.matrix.index)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                n = int(self.matrix.loc[a, b])
                if n:
                    records.append({"code_a": a, "label_a": self.labels[a], "code_b": b,
                                    "label_b": self.labels[b], "count": n})
        frame = pd.DataFrame.from_records(
            records, columns=["code_a", "label_a", "code_b", "label_b", "count"])
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
        parents = ancestor_map(codebook)
        base["code_id"] = base["code_id"].map(lambda c: [c, *parents.get(c, ())])
        base = base.explode("code_id")
    order = _code_order(codebook, set(base["code_id"]), codes)
    base = base[base["code_id"].isin(order)]
    skipped = 0
    if mode == "overlap":
        counts = _overlap_counts(base)
    else:
        placed, skipped = _place_on_turns(base, segments)
        counts = _turn_counts(placed, 0 if mode == "segment" else window)
    matrix = pd.DataFrame(0, index=pd.Index(order, name="code_id"),
                          columns=pd.Index(order, name="code_id"), dtype=int)
    for (a, b), n in counts.items():
        matrix.loc[a, b] = n
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
    merged = base.merge(segments[["document_id", "idx", "start", "end"]], on="document_id",
                        suffixes=("", "_seg"))
    touching = merged[(merged["start"] < merged["end_seg"]) & (merged["start_seg"] < merged["end"])]
    covered = touching[["document_id", "start", "end", "code_id"]].drop_duplicates()
    skipped = len(base.drop_duplicates(["document_id", "start", "end", "code_id"])) - len(covered)
    return touching[["document_id", "idx", "code_id"]].drop_duplicates(), skipped


def _turn_counts(placed: pd.DataFrame, window: int) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for _doc, group in placed.groupby("document_id"):
        turns = {code: sorted(int(i) for i in idx) for code, idx in group.groupby("code_id")["idx"]}
        for code, idxs in turns.items():
            counts[(code, code)] += len(idxs)
        for a, b in combinations(turns, 2):
            near = turns[b]
            n = sum(bisect.bisect_right(near, i + window) - bisect.bisect_left(near, i - window)
                    for i in turns[a])
            if n:
                counts[(a, b)] += n
                counts[(b, a)] += n
    return counts


def _overlap_counts(base: pd.DataFrame) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    passages = base[["document_id", "start", "end", "code_id"]].drop_duplicates()
    for _doc, group in passages.groupby("document_id"):
        items = list(group[["start", "end", "code_id"]].itertuples(index=False, name=None))
        for _s, _e, code in items:
            counts[(code, code)] += 1
        for (s1, e1, c1), (s2, e2, c2) in combinations(items, 2):
            if c1 != c2 and s1 < e2 and s2 < e1:
                counts[(c1, c2)] += 1
                counts[(c2, c1)] += 1
    return counts
