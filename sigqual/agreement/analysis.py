"""Intercoder agreement per code and overall, plus the list of disagreements to resolve.

Per code the reliability data is that code's turn x coder matrix (see :mod:`.units`).
Overall pools the units of every code that at least one coder used: a code nobody used in
the compared documents adds only agreed absences, which would inflate percent agreement
without telling anything, so it is reported per code (kappa and alpha undefined, with the
reason) and left out of the overall figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..compare.frames import segments_frame
from .metrics import Measure, cohen_kappa, krippendorff_alpha, percent_agreement
from .units import DEFAULT_OPTIONS, UnitOptions, Units, build_units

DISAGREEMENT_COLUMNS = [
    "document_id", "document", "segment_id", "segment_idx", "speaker", "role", "text", "code_id",
    "label", "kind", "coded_by", "not_coded_by", "passages",
]


@dataclass(frozen=True)
class Figures:
    """The three coefficients for one code or overall."""

    percent: Measure
    kappa: Measure
    alpha: Measure

    def as_dict(self) -> dict[str, float | None]:
        return {"percent": self.percent.value, "kappa": self.kappa.value, "alpha": self.alpha.value}

    def reasons(self) -> list[str]:
        """Why coefficients are undefined, each once."""
        out: list[str] = []
        for m in (self.percent, self.kappa, self.alpha):
            if m.value is None and m.reason and m.reason not in out:
                out.append(m.reason)
        return out


@dataclass(frozen=True)
class CodeAgreement:
    """Agreement on one code: coefficients, units, and how many turns each coder marked."""

    code_id: str
    label: str
    kind: str
    n_segments: int
    coded: dict[str, int]
    figures: Figures


@dataclass(frozen=True)
class AgreementResult:
    """Everything an agreement report shows; :meth:`to_json` is the CLI's output."""

    coders: tuple[str, ...]
    n_documents: int
    n_segments: int
    overall: Figures
    codes: tuple[CodeAgreement, ...]
    disagreements: pd.DataFrame
    excluded_documents: pd.DataFrame
    options: UnitOptions = field(default_factory=UnitOptions)

    def to_json(self) -> dict[str, Any]:
        """``{"overall": {...}, "codes": [...]}`` exactly as the command line prints it."""
        return {
            "overall": self.overall.as_dict(),
            "codes": [
                {"code_id": c.code_id, "label": c.label, **c.figures.as_dict(),
                 "n_segments": c.n_segments}
                for c in self.codes
            ],
        }

    def codes_frame(self) -> pd.DataFrame:
        """One row per code with its figures, turns per coder and the reasons."""
        records = []
        for c in self.codes:
            rec: dict[str, Any] = {"code_id": c.code_id, "label": c.label, "kind": c.kind,
                                   "n_segments": c.n_segments, **c.figures.as_dict()}
            rec.update({f"coded_{name}": c.coded.get(name, 0) for name in self.coders})
            rec["note"] = "; ".join(c.figures.reasons())
            records.append(rec)
        return pd.DataFrame.from_records(records)

    def notes(self) -> list[str]:
        """Short remarks for a reader: undefined codes, documents left out, the unit."""
        out = [f"unit: speaker turn x code over {self.n_segments} turn(s) in {self.n_documents} "
               f"document(s) coded by all of {', '.join(self.coders)}"]
        unused = [c for c in self.codes if not any(c.coded.values())]
        if unused:
            out.append(f"{len(unused)} code(s) were used by no coder in these documents: kappa and "
                       "alpha are undefined for them and they are left out of the overall figures")
        for reason in self.overall.reasons():
            out.append(f"overall: {reason}")
        for row in self.excluded_documents.itertuples(index=False):
            out.append(f"left out {row.document}: not coded by {row.missing_coders}")
        return out


def compute_agreement(
    codings: pd.DataFrame,
    segments: pd.DataFrame,
    codebook: Codebook,
    coders: Sequence[str],
    *,
    codes: Iterable[str] | None = None,
    options: UnitOptions = DEFAULT_OPTIONS,
) -> AgreementResult:
    """Agreement between ``coders`` from a codings frame and a segments frame."""
    units = build_units(codings, segments, codebook, coders, codes=codes, options=options)
    return agreement_from_units(units, codebook, options)


def agreement_from_units(units: Units, codebook: Codebook, options: UnitOptions = DEFAULT_OPTIONS,
                         *, details: bool = True) -> AgreementResult:
    """The coefficients of already built units (see :func:`build_units`).

    Without ``details`` only the overall figures are computed and the per-code figures and
    disagreements stay empty: all a summary such as the analysis report's Table A1 shows,
    and at a thousand interviews a small part of the work.
    """
    per_code = []
    for code_id in units.codes if details else ():
        data = units.values[code_id]
        code = codebook.get(code_id)
        per_code.append(CodeAgreement(
            code_id=code_id, label=code.label if code else code_id,
            kind=code.kind if code else "code", n_segments=units.n_segments,
            coded={c: int(data[i].sum()) for i, c in enumerate(units.coders)},
            figures=figures(data),
        ))
    used = units.used_codes()
    if used:
        overall = figures(np.concatenate([units.values[c] for c in used], axis=1))
    else:
        missing = Measure(None, "no coder applied any code in the compared documents")
        overall = Figures(missing, missing, missing)
    return AgreementResult(
        coders=units.coders, n_documents=int(units.segments["document_id"].nunique()),
        n_segments=units.n_segments, overall=overall, codes=tuple(per_code),
        disagreements=disagreements(units, codebook) if details else pd.DataFrame(
            columns=DISAGREEMENT_COLUMNS),
        excluded_documents=units.excluded_documents,
        options=options,
    )


def figures(data: np.ndarray) -> Figures:
    """Percent, kappa and alpha of one coders x units matrix."""
    matrix = np.asarray(data, dtype=float)
    if matrix.shape[1] == 0:
        empty = Measure(None, "there are no units to compare")
        return Figures(empty, empty, empty)
    return Figures(percent_agreement(matrix), cohen_kappa(matrix), krippendorff_alpha(matrix))


def disagreements(units: Units, codebook: Codebook) -> pd.DataFrame:
    """One row per turn and code on which the coders differ, in document and code order."""
    records = []
    turns = units.segments
    passages = _passages(units)
    for code_id in units.used_codes():
        data = units.values[code_id]
        differ = np.flatnonzero(data.min(axis=0) != data.max(axis=0))
        code = codebook.get(code_id)
        for pos in differ:
            turn = turns.iloc[int(pos)]
            sid = int(turn["segment_id"])
            records.append({
                "document_id": int(turn["document_id"]), "document": turn["document"],
                "segment_id": sid, "segment_idx": int(turn["idx"]), "speaker": turn["speaker"],
                "role": turn["role"], "text": turn["text"], "code_id": code_id,
                "label": code.label if code else code_id, "kind": code.kind if code else "code",
                "coded_by": ", ".join(c for i, c in enumerate(units.coders) if data[i, pos]),
                "not_coded_by": ", ".join(c for i, c in enumerate(units.coders) if not data[i, pos]),
                "passages": passages.get((sid, code_id), ()),
                "_pos": int(pos),
            })
    frame = pd.DataFrame.from_records(records, columns=[*DISAGREEMENT_COLUMNS, "_pos"])
    code_order = {c: i for i, c in enumerate(units.codes)}
    frame = frame.assign(_code=frame["code_id"].map(code_order))
    frame = frame.sort_values(["_pos", "_code"], kind="stable")
    return frame.drop(columns=["_pos", "_code"]).reset_index(drop=True)


def _passages(units: Units) -> dict[tuple[int, str], tuple[tuple[str, int, int], ...]]:
    """(turn, code) -> the (coder, start, end) passages that mark it."""
    out: dict[tuple[int, str], list[tuple[str, int, int]]] = {}
    for coder, code, sid, start, end in units.hits[
            ["coder", "code_id", "segment_id", "start", "end"]].itertuples(index=False, name=None):
        item = (str(coder), int(start), int(end))
        bucket = out.setdefault((int(sid), str(code)), [])
        if item not in bucket:
            bucket.append(item)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class AgreementInputs:
    """What agreement needs from a project, read once from the store."""

    codings: pd.DataFrame
    segments: pd.DataFrame
    codebook: Codebook


def load_inputs(store: Any, project_id: int) -> AgreementInputs:
    """Codings, turns (with text) and codebook of a project."""
    documents = store.list_documents(project_id)
    return AgreementInputs(
        codings=store.codings_frame(project_id),
        segments=segments_frame(store.project_segments(project_id), documents),
        codebook=store.codebook(project_id),
    )


def project_agreement(store: Any, project_id: int, coders: Sequence[str], *,
                      codes: Iterable[str] | None = None,
                      options: UnitOptions = DEFAULT_OPTIONS) -> AgreementResult:
    """Agreement between coders of a stored project."""
    inputs = load_inputs(store, project_id)
    return compute_agreement(inputs.codings, inputs.segments, inputs.codebook, coders,
                             codes=codes, options=options)
