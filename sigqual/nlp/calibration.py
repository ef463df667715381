"""Calibrated confidence: the estimated probability that a suggested code is right.

A raw score says little to a researcher; "0.8" must mean that about eight in ten such
suggestions are right. The map from ranking features to a probability is a logistic
regression (Platt scaling on several features) followed by an isotonic regression on
its output, both fitted with scikit-learn on rankings of passages the ranker was not
built from: the sample corpus's codings, the development passages and a set of
backchannels and small talk that must get no code (``benchmarks/suggest_calibrate.py``
refits it). The fitted numbers ship as ``sigqual/nlp/data/calibration.json``, one map
per ranking mode (lexical, or the embedding model's name) and class (factors, themes
and other codes). A project with enough codings of its own gets a map refitted on
them (:func:`fit_class_maps`, used by the suggestion service).

Two rules hold whatever the fit says: the map never decreases as the evidence grows
(logistic weights on the evidence features are kept non-negative, isotonic on top),
and a segment with fewer than :data:`MIN_INFORMATIVE` informative words (a
backchannel, small talk, a lone polysemous word) is capped at :data:`FILLER_CAP`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .ranking import FACTOR_CLASS, OTHER_CLASS

FEATURES = ("combined", "gap", "log_lexical", "semantic", "informative")
MIN_INFORMATIVE = 2
FILLER_CAP = 0.1
MIN_POSITIVES = 8
# No fit is sure: the map never says more than this, however clean its training data.
MAX_CONFIDENCE = 0.99
ARTEFACT = Path(__file__).resolve().parent / "data" / "calibration.json"
LEXICAL_MODE = "lexical"


@dataclass(frozen=True)
class Calibrator:
    """Logistic map from :meth:`Candidate.features` to a probability, then isotonic."""

    coef: tuple[float, ...]
    intercept: float
    fitted: bool = False
    iso_x: tuple[float, ...] = ()
    iso_y: tuple[float, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def platt(self, features: Sequence[float]) -> float:
        z = self.intercept + sum(c * f for c, f in zip(self.coef, features, strict=False))
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def __call__(self, features: Sequence[float], informative: int | None = None) -> float:
        p = self.platt(features)
        if self.iso_x:
            p = float(np.interp(p, self.iso_x, self.iso_y))
        if informative is not None and informative < MIN_INFORMATIVE:
            p = min(p, FILLER_CAP)
        return min(MAX_CONFIDENCE, max(0.0, p))

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(FEATURES), "coef": [round(c, 6) for c in self.coef],
                "intercept": round(self.intercept, 6),
                "isotonic_x": [round(x, 6) for x in self.iso_x],
                "isotonic_y": [round(y, 6) for y in self.iso_y], **self.meta}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibrator:
        return cls(tuple(float(c) for c in data["coef"]), float(data["intercept"]), True,
                   tuple(float(x) for x in data.get("isotonic_x", ())),
                   tuple(float(y) for y in data.get("isotonic_y", ())),
                   {k: v for k, v in data.items() if k in ("n", "positives", "source")})


# Conservative priors, used only when no fitted map exists for a mode.
PRIORS = {
    FACTOR_CLASS: Calibrator((0.6, 1.2, 0.4, 0.0, 0.0), -2.0),
    OTHER_CLASS: Calibrator((0.6, 1.2, 0.4, 0.0, 0.0), -1.2),
}


def fit_calibrator(rows: Sequence[Sequence[float]], labels: Sequence[int],
                   source: str = "") -> Calibrator | None:
    """Platt (logistic) then isotonic; None when there are too few positives or negatives."""
    positives = int(sum(labels))
    if positives < MIN_POSITIVES or len(labels) - positives < MIN_POSITIVES:
        return None
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=int)
    model = LogisticRegression(C=1.0, max_iter=1000)
    model.fit(x, y)
    coef = [float(c) for c in model.coef_[0]]
    # Confidence must not fall as evidence grows: a negative weight on an evidence
    # feature (a quirk of correlated features) is dropped and the model refitted.
    keep = [i for i, c in enumerate(coef) if c >= 0 or FEATURES[i] == "gap"]
    if len(keep) < len(coef):
        model = LogisticRegression(C=1.0, max_iter=1000).fit(x[:, keep], y)
        coef = [0.0] * len(FEATURES)
        for j, i in enumerate(keep):
            coef[i] = float(model.coef_[0][j])
    base = Calibrator(tuple(coef), float(model.intercept_[0]) if len(keep) else 0.0)
    raw = np.asarray([base.platt(r) for r in x])
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip")
    iso.fit(raw, y)
    xs = tuple(float(v) for v in iso.X_thresholds_)
    ys = tuple(min(MAX_CONFIDENCE, float(v)) for v in iso.y_thresholds_)
    return Calibrator(base.coef, base.intercept, True, xs, ys,
                      {"n": len(labels), "positives": positives, "source": source})


def fit_class_maps(rows: Mapping[str, tuple[list[list[float]], list[int]]],
                   source: str = "") -> dict[str, Calibrator]:
    """A calibrator per class where there is enough data (missing classes are left out)."""
    out: dict[str, Calibrator] = {}
    for cls, (x, y) in rows.items():
        fitted = fit_calibrator(x, y, source)
        if fitted is not None:
            out[cls] = fitted
    return out


@lru_cache(maxsize=4)
def _artefact(path: str) -> dict[str, Any]:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def load_calibration(mode: str, path: str | Path = ARTEFACT) -> dict[str, Calibrator]:
    """The shipped maps for ``mode`` ("lexical" or the embedding model's name), with the
    priors for any class the artefact lacks."""
    data = _artefact(str(path)).get("modes", {}).get(mode, {})
    out = dict(PRIORS)
    for cls, entry in data.items():
        out[cls] = Calibrator.from_dict(entry)
    return out


def save_calibration(maps: Mapping[str, Mapping[str, Calibrator]], info: Mapping[str, Any],
                     path: str | Path = ARTEFACT) -> None:
    """Write the artefact (pretty JSON, stable order) and forget the loaded copy."""
    payload = {"format": 1, **info,
               "modes": {mode: {cls: cal.to_dict() for cls, cal in sorted(classes.items())}
                         for mode, classes in sorted(maps.items())}}
    Path(path).write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
    _artefact.cache_clear()


# -- measuring calibration -----------------------------------------------------------

def reliability(probs: Sequence[float], labels: Sequence[int], bins: int = 10
                ) -> list[tuple[float, float, float, int]]:
    """(bin low, mean confidence, share right, count) per non-empty equal-width bin."""
    p = np.asarray(probs, dtype=float)
    y = np.asarray(labels, dtype=float)
    out = []
    edges = np.linspace(0.0, 1.0, bins + 1)
    for k in range(bins):
        lo, hi = edges[k], edges[k + 1]
        mask = (p >= lo) & ((p < hi) if k < bins - 1 else (p <= hi))
        if mask.any():
            out.append((float(lo), float(p[mask].mean()), float(y[mask].mean()), int(mask.sum())))
    return out


def expected_calibration_error(probs: Sequence[float], labels: Sequence[int],
                               bins: int = 10) -> float:
    """ECE: the count-weighted mean gap between confidence and accuracy per bin."""
    n = len(probs)
    if n == 0:
        raise ValueError("no predictions to measure")
    return sum(count / n * abs(conf - acc) for _lo, conf, acc, count in
               reliability(probs, labels, bins))
