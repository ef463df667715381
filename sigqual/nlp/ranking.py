"""Combining the evidence channels into one ranking per class of code.

Factors (success factors and development areas) compete with factors, themes and
plain codes with each other. Within a class each channel is standardised across the
group's candidates (z-scores), so a channel that happens to produce big numbers for a
segment does not drown the others; the learned channel is added with a weight that
grows with the number of codings the code has.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..codebook import FACTOR_KINDS, Code
from .zeroshot import Scored, orientation

FACTOR_CLASS = "factor"
OTHER_CLASS = "other"
SEMANTIC_WEIGHT = 2.0
SEMANTIC_POLARITY = 0.6
LEARNED_SCALE = 4.0
LEARNED_OFFSET = 0.05
# Shrinkage towards the zero-shot ranking: a code's learned evidence counts with weight
# n / (n + LEARNED_HALF) for n codings and rejections of it, and never moves its
# combined score by more than LEARNED_CAP (in the channels' standardised units), so a
# handful of codings can reorder close candidates but never override clear evidence.
LEARNED_HALF = 6.0
LEARNED_CAP = 1.5
INFORMATIVE_CAP = 6
THEME_LEARN = 0.0
LEXICAL_SD_FLOOR = 0.5
SEMANTIC_SD_FLOOR = 0.01


def kind_class(code: Code) -> str:
    """Which list a code competes in: factors, or themes and plain codes."""
    return FACTOR_CLASS if code.kind in FACTOR_KINDS else OTHER_CLASS


@dataclass(slots=True)
class Candidate:
    """One code's evidence for one segment, and where it ends up."""

    index: int
    code: Code
    lexical: Scored
    semantic: float | None = None
    learned: float = 0.0
    examples_known: int = 0
    combined: float = 0.0
    gap: float = 0.0
    confidence: float = 0.0
    informative: int = 0

    def features(self) -> list[float]:
        """Inputs of the confidence calibration (see ``calibration.FEATURES``); all but
        the gap grow with the code's support, and the gap is 0 for the best code."""
        raw = self.lexical.topic + self.lexical.example + self.lexical.phrase
        return [self.combined, self.gap, math.log1p(raw), self.semantic or 0.0,
                float(min(self.informative, INFORMATIVE_CAP))]


def _zscores(values: Mapping[int, float], floor: float) -> dict[int, float]:
    """Standardised values; the spread never counts as smaller than ``floor``, so one
    faint match among silent codes is not blown up into a strong one."""
    if not values:
        return {}
    n = len(values)
    mean = sum(values.values()) / n
    var = sum((v - mean) ** 2 for v in values.values()) / n
    sd = max(math.sqrt(var), floor)
    return {k: (v - mean) / sd for k, v in values.items()}


def learn_weight(n_examples: int) -> float:
    """How much the learned channel counts for a code with ``n_examples`` codings."""
    return n_examples / (n_examples + LEARNED_HALF)


def combine(
    codes: list[Code],
    scored: Mapping[int, Scored],
    polarity: float,
    semantic: Mapping[int, float] | None = None,
    learned: Mapping[int, tuple[float, int]] | None = None,
) -> dict[str, list[Candidate]]:
    """Candidates per class, best first, with combined scores and gaps to the best."""
    out: dict[str, list[Candidate]] = {}
    classes: dict[str, list[int]] = {}
    for i in scored:
        classes.setdefault(kind_class(codes[i]), []).append(i)
    for cls, members in classes.items():
        lex = _zscores({i: scored[i].score for i in members}, LEXICAL_SD_FLOOR)
        sem = _zscores({i: semantic[i] for i in members}, SEMANTIC_SD_FLOOR) if semantic else {}
        cands = []
        for i in members:
            c = Candidate(i, codes[i], scored[i])
            c.combined = lex[i]
            if semantic:
                c.semantic = semantic[i]
                # Embeddings do not hear polarity, so the factor kinds are moved apart here.
                c.combined += SEMANTIC_WEIGHT * (
                    sem[i] + SEMANTIC_POLARITY * polarity * orientation(codes[i])
                )
            if learned and i in learned:
                sim, n = learned[i]
                c.learned, c.examples_known = sim, n
                # Added on top, shrunk towards the zero-shot ranking by the amount of
                # evidence (learn_weight) and capped: a code gains as far as the segment
                # resembles its codings. A segment unlike them is no evidence against
                # it (else codes with many codings would lose everywhere to codes with
                # none); rejections (negative evidence) push it down.
                scale = LEARNED_SCALE * (1.0 + (SEMANTIC_WEIGHT if semantic else 0.0))
                evidence = sim - LEARNED_OFFSET if sim > LEARNED_OFFSET else min(0.0, sim)
                if codes[i].kind == "theme" and evidence > 0:
                    # A theme spans many kinds of passages, so resemblance to a few of
                    # its codings is weak evidence: on the sample corpus any weight
                    # above zero cost theme top-1 (benchmarks/suggest_eval.py's guard).
                    scale *= THEME_LEARN
                shift = learn_weight(n) * scale * evidence
                # Rejections may push a code further down than codings push it up:
                # hiding a suggestion never makes a wrong one confident.
                c.combined += max(-2.0 * LEARNED_CAP, min(LEARNED_CAP, shift))
            cands.append(c)
        cands.sort(key=lambda c: (-c.combined, c.index))
        best = cands[0].combined if cands else 0.0
        for c in cands:
            c.gap = c.combined - best
        out[cls] = cands
    return out
