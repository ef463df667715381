"""The suggestion engine scored as a coder against a human ("AI versus human" kappa).

The engine codes each respondent turn of the documents the human coded, then the usual
agreement is computed between the two. Two ways to let it code:

* ``threshold`` given: every suggestion (among the ``top`` best) whose confidence is at
  least the threshold; a turn may get no code, as a human would leave it.
* no threshold: the best factor (success factor or development area) and that factor's
  theme, so each turn gets exactly what a coder following Tables 4a-4e would give.

Codings made here are never stored; they exist only to be compared.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import pandas as pd

from ..codebook import FACTOR_KINDS, Codebook
from ..errors import InputError
from ..store import CODING_COLUMNS
from .analysis import AgreementResult, compute_agreement
from .units import DEFAULT_OPTIONS, UnitOptions

AI_CODER = "sigqual-förslag"


class SuggesterLike(Protocol):
    """What the adapter needs from :class:`sigqual.nlp.suggest.Suggester`."""

    def suggest(self, text: str, group: str | None, top: int = ...) -> Sequence[Any]: ...


def load_suggester(codebook: Codebook, **options: Any) -> SuggesterLike:
    """The suggestion engine every page uses, or a clear error when it is not installed.

    By default it is built like the coding pages' engine (``embeddings="auto"``: the
    embedding model when installed, the lexical ranker otherwise, calibrated confidence,
    vectors from the shared cache) but zero-shot: it has learned nothing from the
    project, so it cannot echo the human it is compared with. ``options`` go to the
    engine unchanged (e.g. ``embeddings=False`` for speed)."""
    options.setdefault("embeddings", "auto")
    try:
        module = importlib.import_module("sigqual.nlp.suggest")
    except ImportError as exc:
        raise InputError(msgid="error.agreement.suggestion_engine_sigqual_nlp", params={"exc": exc}) from None
    suggester_class = getattr(module, "Suggester", None)
    if suggester_class is None:
        raise InputError(msgid="error.agreement.sigqual_nlp_suggest_has")
    return suggester_class(codebook, **options)


def suggestion_codings(
    segments: pd.DataFrame, codebook: Codebook, suggester: SuggesterLike, *,
    documents: Iterable[int] | None = None, threshold: float | None = None, top: int = 5,
    coder: str = AI_CODER,
) -> pd.DataFrame:
    """A codings frame in which the engine codes whole respondent turns."""
    if threshold is not None and not 0.0 <= float(threshold) <= 1.0:
        raise InputError(msgid="error.agreement.confidence_threshold_must_between",
                         params={"threshold": threshold},
                         field="threshold")
    if top < 1:
        raise InputError(msgid="error.agreement.top_must_at_least", params={"top": top}, field="top")
    turns = segments[segments["role"] != "interviewer"]
    if documents is not None:
        turns = turns[turns["document_id"].isin(set(documents))]
    records = []
    for turn in turns.itertuples(index=False):
        if not str(turn.text).strip():
            continue
        suggestions = list(suggester.suggest(str(turn.text), turn.group, top=top))
        for code_id in _choose(suggestions, codebook, threshold):
            code = codebook.get(code_id)
            rec = dict.fromkeys(CODING_COLUMNS)
            rec.update(
                coding_id=-(len(records) + 1), document_id=turn.document_id, document=turn.document,
                group=turn.group, phase=turn.phase, participant=turn.participant,
                segment_id=turn.segment_id, segment_idx=turn.idx, speaker=turn.speaker,
                role=turn.role, start=turn.start, end=turn.end, quote=turn.text, code_id=code_id,
                code_label=code.label if code else code_id, kind=code.kind if code else None,
                parent=code.parent if code else None, coder=coder, source="suggestion",
                attributes={},
            )
            records.append(rec)
    return pd.DataFrame.from_records(records, columns=CODING_COLUMNS)


def _choose(suggestions: Sequence[Any], codebook: Codebook, threshold: float | None) -> list[str]:
    known = [s for s in suggestions if codebook.get(str(s.code_id)) is not None]
    if threshold is not None:
        return list(dict.fromkeys(str(s.code_id) for s in known
                                  if float(s.confidence) >= float(threshold)))
    factors = [s for s in known if codebook.code(str(s.code_id)).kind in FACTOR_KINDS]
    if factors:
        best = max(factors, key=lambda s: float(s.score))
        theme = codebook.theme_of(str(best.code_id))
        return [str(best.code_id), *([theme.id] if theme is not None else [])]
    themes = [s for s in known if codebook.code(str(s.code_id)).kind == "theme"]
    return [str(max(themes, key=lambda s: float(s.score)).code_id)] if themes else []


def ai_versus_human(
    codings: pd.DataFrame, segments: pd.DataFrame, codebook: Codebook, human: str, *,
    suggester: SuggesterLike | None = None, threshold: float | None = None, top: int = 5,
    documents: Iterable[int] | None = None, codes: Iterable[str] | None = None,
    options: UnitOptions = DEFAULT_OPTIONS,
) -> AgreementResult:
    """Agreement between ``human`` and the suggestion engine on the human's documents
    (or on those of ``documents`` the human coded: scoring every turn takes a while)."""
    if options.include_interviewer:
        raise InputError(msgid="error.agreement.suggestion_engine_codes_respondent",
                         field="include_interviewer")
    mine = codings[codings["coder"] == human]
    if documents is not None:
        mine = mine[mine["document_id"].isin(set(documents))]
    if mine.empty:
        known = ", ".join(sorted(set(codings["coder"].dropna().astype(str)))) or "none"
        where = " in the chosen documents" if documents is not None else ""
        raise InputError(msgid="error.agreement.no_codings_by_coder",
                         params={"human": human, "where": where, "known": known},
                         field="coders")
    engine = suggester if suggester is not None else load_suggester(codebook)
    machine = suggestion_codings(segments, codebook, engine, documents=set(mine["document_id"]),
                                 threshold=threshold, top=top)
    if machine.empty:
        raise InputError("the suggestion engine coded no turn of the human's documents"
                         + (f" at confidence >= {threshold}" if threshold is not None else ""),
                         field="threshold")
    both = pd.concat([mine, machine], ignore_index=True)
    return compute_agreement(both, segments, codebook, [human, AI_CODER], codes=codes,
                             options=options)
