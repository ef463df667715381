"""Calibrated confidence: a logistic model on ranking features, fit on the codebook.

A raw score says little to a researcher; "0.8" should mean that about eight in ten
such suggestions are right. The calibration data come from the codebook's own
examples, scored leave-fold-out (each example ranked by an index built without the
examples of its fold), so the model learns how scores of *unseen* passages relate to
correctness. With too few examples a conservative prior is used instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..codebook import Codebook
from .features import Features, extract
from .index import CodeIndex
from .ranking import FACTOR_CLASS, OTHER_CLASS, combine
from .semantic import SemanticIndex
from .zeroshot import ZeroShotRanker

FOLDS = 2
MIN_POSITIVES = 8


@dataclass(frozen=True)
class Calibrator:
    """Logistic map from :meth:`Candidate.features` to a probability of being right."""

    coef: tuple[float, ...]
    intercept: float
    fitted: bool = False

    def __call__(self, features: Sequence[float]) -> float:
        z = self.intercept + sum(c * f for c, f in zip(self.coef, features, strict=False))
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


# Conservative priors: the best candidate of a clear segment lands near 0.5-0.7.
PRIORS = {
    FACTOR_CLASS: Calibrator((0.6, 1.2, 0.4, 0.0), -2.0),
    OTHER_CLASS: Calibrator((0.6, 1.2, 0.4, 0.0), -1.2),
}


def fit_calibrator(rows: list[list[float]], labels: list[int]) -> Calibrator | None:
    """Fit a logistic regression; None when there are too few positives or negatives."""
    positives = sum(labels)
    if positives < MIN_POSITIVES or len(labels) - positives < MIN_POSITIVES:
        return None
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=500)
    model.fit(rows, labels)
    coef = tuple(float(c) for c in model.coef_[0])
    # Confidence must not fall as evidence grows: drop features that came out negative.
    if any(c < 0 for c in coef[:2]):
        return None
    return Calibrator(coef, float(model.intercept_[0]), fitted=True)


def loo_rows(
    codebook: Codebook,
    cache: dict[str, Features],
    semantic: SemanticIndex | None = None,
) -> dict[str, tuple[list[list[float]], list[int]]]:
    """Leave-fold-out ranking features and correctness labels for every codebook example."""
    examples = [(code, k, text) for code in codebook.codes for k, text in enumerate(code.examples)]
    rows: dict[str, tuple[list[list[float]], list[int]]] = {
        FACTOR_CLASS: ([], []), OTHER_CLASS: ([], []),
    }
    if not examples:
        return rows
    sem_row = {(code.id, k): j for j, (code, k, _t) in enumerate(examples)}
    for fold in range(FOLDS):
        held = [(code, k, text) for j, (code, k, text) in enumerate(examples) if j % FOLDS == fold]
        held_keys = frozenset((code.id, k) for code, k, _t in held)
        index = CodeIndex.build(codebook, exclude_examples=held_keys, cache=cache)
        ranker = ZeroShotRanker(index)
        excluded = frozenset(sem_row[key] for key in held_keys)
        for code, k, text in held:
            group = code.groups[0] if code.groups else None
            feats = extract(text)
            scored = ranker.score(feats, group)
            sims = None
            if semantic is not None:
                vector = semantic.examples[sem_row[(code.id, k)]]
                sims = semantic.similarities(vector, scored.keys(), exclude=excluded)
            classes = combine(index.codes, scored, feats.polarity.score, sims)
            theme = codebook.theme_of(code.id)
            truth = {FACTOR_CLASS: code.id, OTHER_CLASS: theme.id if theme else code.id}
            for cls, cands in classes.items():
                if cls == FACTOR_CLASS and code.kind not in ("success_factor", "development_area"):
                    continue
                if not any(c.code.id == truth[cls] for c in cands):
                    continue
                for c in cands:
                    rows[cls][0].append(c.features())
                    rows[cls][1].append(int(c.code.id == truth[cls]))
    return rows


def calibrate(
    codebook: Codebook, cache: dict[str, Features], semantic: SemanticIndex | None = None
) -> dict[str, Calibrator]:
    """Calibrators per class, fitted on the codebook's examples where there are enough."""
    out = dict(PRIORS)
    for cls, (rows, labels) in loo_rows(codebook, cache, semantic).items():
        fitted = fit_calibrator(rows, labels)
        if fitted is not None:
            out[cls] = fitted
    return out
