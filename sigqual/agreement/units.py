"""The unit of agreement: one speaker turn x one code, coded by a coder or not.

Why this unit. Coders mark passages of different lengths; asking whether they marked the
very same characters punishes harmless differences in where a quote starts. The turn is
the natural unit of an interview transcript (one person's answer), every importer
produces it, and the report tables count evidence by passage within turns. So for each
turn and each code, each coder's value is 1 when any of their passages with that code
touches the turn (shares at least one character with it) and 0 otherwise.

Turns no coder coded. They stay in by default: a coder who read a turn and applied no
code decided that nothing applied, and two coders agreeing on that is agreement. Leaving
them out (``uncoded="exclude"``, as some QDA tools do) makes percent agreement stricter;
kappa and alpha already correct for the many 0-0 units chance produces. Interviewer turns
are left out by default because the method codes what respondents say.

Missing coders. A document counts as coded by a coder when the coder has at least one
coding in it: the store cannot tell "read it and found nothing" from "never opened it".
Only documents every compared coder coded are used, so all three coefficients rest on
the same units; the documents left out are listed with the coders they lack.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..errors import InputError

UNCODED_CHOICES = ("include", "exclude")
EXCLUDED_COLUMNS = ["document_id", "document", "coded_by", "missing_coders"]


@dataclass(frozen=True)
class UnitOptions:
    """Which turns and codes make up the units (see the module text for the reasons)."""

    include_interviewer: bool = False
    uncoded: str = "include"

    def __post_init__(self) -> None:
        if self.uncoded not in UNCODED_CHOICES:
            raise InputError(msgid="error.agreement.uncoded_must_one_not",
                             params={"uncoded_choices": ', '.join(UNCODED_CHOICES), "uncoded": self.uncoded},
                             field="uncoded")


DEFAULT_OPTIONS = UnitOptions()


@dataclass(frozen=True)
class Units:
    """Reliability data for every code over the same turns.

    ``values[code]`` is a 0/1 array of shape (coders, turns) in the order of ``coders``
    and of the rows of ``segments``; ``hits`` keeps the (coder, code, turn) -> passages
    behind each 1, for the disagreement list and the consensus coder.
    """

    coders: tuple[str, ...]
    codes: tuple[str, ...]
    segments: pd.DataFrame
    values: dict[str, np.ndarray]
    hits: pd.DataFrame
    excluded_documents: pd.DataFrame

    @property
    def n_segments(self) -> int:
        return len(self.segments)

    def used_codes(self) -> list[str]:
        """Codes at least one coder applied somewhere in the units."""
        return [c for c in self.codes if self.values[c].any()]


def parse_coders(value: str | Sequence[str]) -> list[str]:
    """``"A,B"`` or ``["A", "B"]`` to a clean list; two distinct names at least."""
    names = [n.strip() for n in (value.split(",") if isinstance(value, str) else value)]
    names = [n for n in names if n]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(msgid="error.agreement.coder_named_twice",
                         params={"repeated": ', '.join(repeated)}, field="coders")
    if len(names) < 2:
        raise InputError(
            "agreement needs at least two coders" + (f"; only '{names[0]}' was given" if names else ""),
            field="coders")
    return names


def build_units(
    codings: pd.DataFrame,
    segments: pd.DataFrame,
    codebook: Codebook,
    coders: Sequence[str],
    *,
    codes: Iterable[str] | None = None,
    options: UnitOptions | None = None,
) -> Units:
    """Turn codings (a codings frame) and turns (a segments frame) into reliability data."""
    options = options or DEFAULT_OPTIONS
    coders = parse_coders(list(coders))
    present = set(codings["coder"].dropna().astype(str))
    unknown = [c for c in coders if c not in present]
    if unknown:
        raise InputError(msgid="error.agreement.no_codings_by_coder_2",
                         params={"items": ", ".join(repr(c) for c in unknown),
                                 "value": ", ".join(sorted(present)) or "none"},
                         field="coders")
    code_ids = _codes(codebook, codes)
    mine = codings[codings["coder"].isin(coders)]
    shared, excluded = _shared_documents(mine, coders)
    if not shared:
        detail = "; ".join(f"{c}: {mine.loc[mine['coder'] == c, 'document_id'].nunique()} document(s)"
                           for c in coders)
        raise InputError(msgid="error.agreement.coders_have_coded_no",
                         params={"detail": detail}, field="coders")
    turns = segments[segments["document_id"].isin(shared)]
    if not options.include_interviewer:
        turns = turns[turns["role"] != "interviewer"]
    turns = turns.sort_values(["document_id", "idx"], kind="stable")
    hits = _hits(mine[mine["document_id"].isin(shared) & mine["code_id"].isin(code_ids)], turns)
    if options.uncoded == "exclude":
        turns = turns[turns["segment_id"].isin(set(hits["segment_id"]))]
    turns = turns.reset_index(drop=True)
    position = {sid: i for i, sid in enumerate(turns["segment_id"])}
    coder_pos = {c: i for i, c in enumerate(coders)}
    values = {c: np.zeros((len(coders), len(turns)), dtype=np.int8) for c in code_ids}
    for coder, code, sid in hits[["coder", "code_id", "segment_id"]].drop_duplicates().itertuples(
            index=False, name=None):
        if sid in position:
            values[code][coder_pos[coder], position[sid]] = 1
    return Units(coders=tuple(coders), codes=tuple(code_ids), segments=turns, values=values,
                 hits=hits[hits["segment_id"].isin(position)].reset_index(drop=True),
                 excluded_documents=excluded)


def _codes(codebook: Codebook, codes: Iterable[str] | None) -> list[str]:
    if codes is None:
        return [c.id for c in codebook.codes]
    wanted = list(dict.fromkeys(codes))
    unknown = [c for c in wanted if codebook.get(c) is None]
    if unknown:
        raise InputError(msgid="error.agreement.unknown_code_id",
                         params={"unknown": ', '.join(unknown)}, field="codes")
    return wanted


def _shared_documents(codings: pd.DataFrame, coders: Sequence[str]) -> tuple[list[int], pd.DataFrame]:
    by_doc = codings.groupby("document_id")["coder"].agg(lambda s: set(s.astype(str)))
    names = codings.drop_duplicates("document_id").set_index("document_id")["document"]
    shared, records = [], []
    for doc_id, who in by_doc.items():
        if all(c in who for c in coders):
            shared.append(int(doc_id))
        else:
            records.append({"document_id": int(doc_id), "document": names.get(doc_id),
                            "coded_by": ", ".join(c for c in coders if c in who),
                            "missing_coders": ", ".join(c for c in coders if c not in who)})
    return shared, pd.DataFrame.from_records(records, columns=EXCLUDED_COLUMNS)


def _hits(codings: pd.DataFrame, turns: pd.DataFrame) -> pd.DataFrame:
    """Every (coding, turn) pair whose spans share at least one character."""
    columns = ["coding_id", "coder", "code_id", "document_id", "start", "end", "segment_id"]
    if codings.empty or turns.empty:
        return pd.DataFrame(columns=columns)
    left = codings[["coding_id", "coder", "code_id", "document_id", "start", "end"]]
    right = turns[["document_id", "segment_id", "start", "end"]].rename(
        columns={"start": "seg_start", "end": "seg_end"})
    merged = left.merge(right, on="document_id")
    touching = merged[(merged["start"] < merged["seg_end"]) & (merged["seg_start"] < merged["end"])]
    return touching[columns].reset_index(drop=True)
