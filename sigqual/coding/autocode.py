"""Precision-first auto-coding: code what the engine is sure of, and say how sure.

How to use it (the application layer applies the result; nothing here writes)::

    service.ensure_ready(codebook)
    estimate = estimate_threshold(service, target_precision=0.95)
    result = auto_code(service, turns, decided, estimate=estimate)
    if result.estimate.status == ESTIMATED:
        show(f"about {result.estimate.precision:.0%} right, "
             f"{result.estimate.coverage:.0%} of what a human codes")
    else:
        show(result.estimate.message)          # e.g. too few codings to estimate
    for cand in result.candidates:             # store each with source="auto"
        store.add_coding(pid, cand.turn.document_id, cand.code_id, cand.turn.start,
                         cand.turn.end, coder=..., source="auto")

``turns`` come from :func:`~sigqual.coding.suggestions.corpus_turns` for the chosen
documents and ``decided`` from :func:`~sigqual.coding.suggestions.decisions`. Codings
stored with the source ``auto`` keep their provenance and are never learned from.

The threshold is chosen from the project's own human codings: its coded turns are
split by document into folds (:func:`fold_count`: two, up to :data:`MAX_FOLDS` when
there are enough documents, so each fold's suggester learns from most of the codings,
as the one that auto-codes does), each fold is ranked by a suggester that learned only
from the other folds, and the threshold is the lowest confidence at which a one-sided
Clopper–Pearson lower confidence bound (level :data:`CONFIDENCE_LEVEL`) of the share of
right suggestions above it still reaches ``target_precision`` (see
:func:`choose_threshold`). A bound rather than the observed share keeps a threshold
from being chosen where a short lucky run barely crosses the target: with few
suggestions above, even all of them right does not prove the target. Precision (the
point estimate and the bound) and coverage (the share of the human's (turn, code)
pairs recovered) are measured at it. With fewer than :data:`MIN_CODED_TURNS` coded
turns, or fewer than two documents, no estimate is possible: the result says so and
falls back to the calibrated confidence itself as the threshold (a calibrated
confidence of 0.95 means about 95 % right on the text it was calibrated on).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..codebook import FACTOR_KINDS, Codebook
from ..errors import InputError
from ..nlp.evaluation import CodedSegment, calibration_rows
from ..store import Store
from .document import segments_by_document
from .suggestions import Candidate, CorpusTurn

if TYPE_CHECKING:
    from .suggestions import SuggestionService

DEFAULT_PRECISION = 0.95
MIN_CODED_TURNS = 40
MIN_ABOVE = 10
FOLDS = 2
# More folds only with enough documents per fold; the cost grows with the fold count.
MAX_FOLDS = 5
DOCUMENTS_PER_FOLD = 4
# One-sided level of the lower bound the threshold must reach.
CONFIDENCE_LEVEL = 0.90
AUTO_TOP = 10
# Human codings only: automatic codings never vouch for themselves.
HUMAN_SOURCES = frozenset({"manual", "suggestion", "import", "consensus"})

# Learned examples between two pauses of a background refit.
PAUSE_EVERY = 8

ESTIMATED = "estimated"
TOO_FEW = "too_few_codings"
UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class CodedTurn:
    """A respondent turn a human coded, with every code it carries."""

    document: int
    segment_id: int
    text: str
    group: str | None
    codes: frozenset[str]


def human_turns(store: Store, project_id: int, codebook: Codebook, *,
                coder: str | None = None) -> list[CodedTurn]:
    """The project's turns coded by humans (optionally one coder), codes in the codebook."""
    documents = {d.id: d for d in store.list_documents(project_id)}
    by_segment: dict[int, set[str]] = {}
    for coding in store.list_codings(project_id, coder=coder):
        if (coding.source in HUMAN_SOURCES and coding.segment_id is not None
                and codebook.get(coding.code_key) is not None):
            by_segment.setdefault(coding.segment_id, set()).add(coding.code_key)
    if not by_segment:
        return []
    out: list[CodedTurn] = []
    for doc_id, segments in segments_by_document(store, project_id).items():
        doc = documents.get(doc_id)
        if doc is None:
            continue
        for seg in segments:
            codes = by_segment.get(seg.id)
            text = doc.text[seg.start:seg.end]
            if codes and text.strip():
                group = doc.group_key if doc.group_key in codebook.group_keys else None
                out.append(CodedTurn(doc_id, seg.id, text, group, frozenset(codes)))
    return out


@dataclass
class CrossValidation:
    """Out-of-fold rankings of the coded turns."""

    rows: dict[str, tuple[list[list[float]], list[int]]] = field(default_factory=dict)
    predictions: list[tuple[float, bool]] = field(default_factory=list)
    gold_pairs: int = 0
    recovered: list[tuple[float, int]] = field(default_factory=list)


def _no_pause() -> None:
    return None


def _right(codebook: Codebook, code_id: str, codes: frozenset[str]) -> bool:
    if code_id in codes:
        return True
    code = codebook.get(code_id)
    if code is None or code.kind in FACTOR_KINDS:
        return False
    return any((t := codebook.theme_of(c)) is not None and t.id == code_id for c in codes)


def cross_validated(service: SuggestionService, turns: Sequence[CodedTurn], *,
                    folds: int = FOLDS, top: int = AUTO_TOP,
                    pause: Callable[[], object] | None = None) -> CrossValidation:
    """Rank every coded turn with a suggester that learned only from other documents.

    ``pause`` is called between small steps (a background refit passes
    :meth:`~sigqual.nlp.throttle.Foreground.pause`, so it steps aside for the page).
    """
    pause = pause or _no_pause
    documents = sorted({t.document for t in turns})
    fold_of = {d: k % folds for k, d in enumerate(documents)}
    result = CrossValidation()
    for fold in range(folds):
        held = [t for t in turns if fold_of[t.document] == fold]
        if not held:
            continue
        sug = service.blank_suggester()
        codebook = sug.codebook
        for k, t in enumerate(turns):
            if fold_of[t.document] != fold:
                for code in sorted(t.codes):
                    sug.learn(t.text, t.group, code)
            if k % PAUSE_EVERY == 0:
                pause()
        for t in held:
            if t.group is not None:
                pause()
                rows = calibration_rows(sug, [CodedSegment(t.text, t.group, tuple(sorted(t.codes)))])
                for cls, (x, y) in rows.items():
                    into = result.rows.setdefault(cls, ([], []))
                    into[0].extend(x)
                    into[1].extend(y)
        for t in held:
            pause()
            result.gold_pairs += len(t.codes)
            for s in sug.suggest(t.text, t.group, top):
                right = _right(codebook, s.code_id, t.codes)
                result.predictions.append((float(s.confidence), right))
                if s.code_id in t.codes:
                    result.recovered.append((float(s.confidence), 1))
    return result


@dataclass(frozen=True)
class AutoCodeEstimate:
    """The threshold for a target precision, and what it is expected to achieve."""

    status: str
    target_precision: float
    threshold: float | None
    precision: float | None = None
    coverage: float | None = None
    coded_turns: int = 0
    above: int = 0
    message: str = ""
    # One-sided lower confidence bound of the precision at ``confidence_level``.
    precision_lower: float | None = None
    confidence_level: float = CONFIDENCE_LEVEL
    folds: int = 0


def precision_lower_bound(right: int, total: int, level: float = CONFIDENCE_LEVEL) -> float:
    """One-sided Clopper–Pearson lower bound of a share of ``right`` out of ``total``.

    Exact (beta quantile) rather than normal, because the counts above a high threshold
    are small and the share near 1, where normal intervals are too narrow.
    """
    if total <= 0 or right <= 0:
        return 0.0
    from scipy.stats import beta

    return float(beta.ppf(1.0 - level, right, total - right + 1))


@dataclass(frozen=True)
class ThresholdChoice:
    """A threshold chosen from ranked predictions and what the predictions above it show."""

    threshold: float
    precision: float
    lower: float
    above: int


def choose_threshold(predictions: Sequence[tuple[float, bool]], target_precision: float, *,
                     level: float = CONFIDENCE_LEVEL,
                     min_above: int = MIN_ABOVE) -> ThresholdChoice | None:
    """The lowest confidence whose predictions at or above it are right at least
    ``target_precision`` with one-sided confidence ``level`` (Clopper–Pearson), or None.

    Only confidences where the ranking can be split count (ties stay together), and at
    least ``min_above`` predictions must lie above. The observed share must reach the
    target as well, so a bound can never vouch for less than was seen.
    """
    ranked = sorted(predictions, key=lambda p: -p[0])
    best: ThresholdChoice | None = None
    hits = 0
    for k, (conf, right) in enumerate(ranked, start=1):
        hits += bool(right)
        if k < len(ranked) and ranked[k][0] == conf:
            continue
        if k < min_above or hits / k < target_precision:
            continue
        lower = precision_lower_bound(hits, k, level)
        if lower >= target_precision:
            best = ThresholdChoice(conf, hits / k, lower, k)
    return best


def fold_count(documents: int) -> int:
    """Two folds, or up to :data:`MAX_FOLDS` with :data:`DOCUMENTS_PER_FOLD` documents each.

    More folds train each fold's suggester on a larger share of the codings, so its
    confidences behave more like those of the suggester that auto-codes.
    """
    return max(FOLDS, min(MAX_FOLDS, documents // DOCUMENTS_PER_FOLD))


def estimate_threshold(service: SuggestionService, *, target_precision: float = DEFAULT_PRECISION,
                       folds: int | None = None,
                       level: float = CONFIDENCE_LEVEL) -> AutoCodeEstimate:
    """The lowest confidence threshold whose cross-validated precision provably (lower
    bound at ``level``) meets the target; ``folds`` defaults to :func:`fold_count`.

    Status :data:`ESTIMATED` with precision and coverage; :data:`TOO_FEW` when the
    project has too few human codings to tell (threshold = the target itself, no
    estimate); :data:`UNREACHABLE` when no threshold reaches the target (threshold None:
    nothing should be coded automatically).
    """
    if not 0.0 < target_precision <= 1.0:
        raise InputError(f"the target precision must be above 0 and at most 1, not "
                         f"{target_precision}", field="target_precision")
    codebook = service.codebook
    if codebook is None:
        raise InputError("the suggester is not built yet; call ensure_ready() first")
    turns = human_turns(service.store, service.project_id, codebook, coder=service.coder)
    documents = len({t.document for t in turns})
    if len(turns) < MIN_CODED_TURNS or documents < 2:
        return AutoCodeEstimate(
            TOO_FEW, target_precision, target_precision, coded_turns=len(turns),
            message=(f"too few codings to estimate precision and coverage: {len(turns)} coded "
                     f"turns in {documents} document(s); at least {MIN_CODED_TURNS} turns in "
                     "two or more documents are needed. The calibrated confidence is used "
                     "as the threshold."))
    folds = folds or fold_count(documents)
    cv = cross_validated(service, turns, folds=folds)
    best = choose_threshold(cv.predictions, target_precision, level=level)
    if best is None:
        return AutoCodeEstimate(
            UNREACHABLE, target_precision, None, coded_turns=len(turns), confidence_level=level,
            folds=folds,
            message=(f"no confidence threshold reaches {target_precision:.0%} precision on this "
                     f"project's codings with {level:.0%} confidence; code these turns by hand"))
    recovered = sum(1 for conf, _n in cv.recovered if conf >= best.threshold)
    coverage = recovered / cv.gold_pairs if cv.gold_pairs else 0.0
    return AutoCodeEstimate(ESTIMATED, target_precision, best.threshold, best.precision, coverage,
                            len(turns), best.above,
                            message=(f"estimated from {len(turns)} coded turns, "
                                     f"{folds}-fold cross-validated by document"),
                            precision_lower=best.lower, confidence_level=level, folds=folds)


@dataclass(frozen=True)
class AutoCodeResult:
    """Suggestions to store as automatic codings, with the estimate behind them."""

    candidates: list[Candidate]
    estimate: AutoCodeEstimate


def auto_code(service: SuggestionService, turns: Sequence[CorpusTurn],
              decided: Mapping[tuple[int, str], str], *,
              target_precision: float = DEFAULT_PRECISION,
              estimate: AutoCodeEstimate | None = None, top: int = AUTO_TOP) -> AutoCodeResult:
    """Every suggestion for ``turns`` whose calibrated confidence clears the threshold
    chosen for ``target_precision`` (see the module docstring for how to apply them).

    Codes a turn already has, and codes the coder accepted or rejected on it, are left
    out. Pass ``estimate`` to reuse one (it costs a cross-validation).
    """
    estimate = estimate or estimate_threshold(service, target_precision=target_precision)
    if estimate.threshold is None:
        return AutoCodeResult([], estimate)
    found: list[Candidate] = []
    for turn in turns:
        for s in service.suggest(turn.text, turn.group, top, segment_id=turn.segment_id,
                                 exact=True):
            if (s.confidence >= estimate.threshold and s.code_id not in turn.coded
                    and (turn.segment_id, s.code_id) not in decided):
                found.append(Candidate(turn, s.code_id, s.label, s.confidence, s.why))
    found.sort(key=lambda c: (c.turn.document_id, c.turn.index, -c.confidence, c.code_id))
    return AutoCodeResult(found, estimate)
