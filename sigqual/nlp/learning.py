"""Learning from the researcher's own codings: a nearest-example memory.

Every coding (manual or an accepted suggestion) stores the segment as a positive
example of its code; a rejected suggestion stores a negative one. Segments are hashed
term vectors (scikit-learn's FeatureHasher over the same weighted lemmas, compound
parts and concepts the zero-shot ranker uses, including words the codebook never
mentions), L2-normalised, so similarity is a sparse dot product. Adding a coding
appends one row, which keeps an update far below 100 ms; with a handful of examples
per code, nearest examples generalise better than a fitted classifier. A code that
applies to several groups learns from the codings of all of them.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from sklearn.preprocessing import normalize

from .features import Features
from .index import CodeIndex, term_information

N_FEATURES = 2**18
NEGATIVE_WEIGHT = 1.0
TOP_K = 2
OTHER_GROUP_WEIGHT = 0.8


@dataclass
class Memory:
    """Stored example rows with their code position and sign (+1 coding, -1 rejection)."""

    rows: list[sparse.csr_matrix] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    signs: list[int] = field(default_factory=list)
    groups: list[str | None] = field(default_factory=list)
    keys: list[Hashable] = field(default_factory=list)
    _matrix: sparse.csr_matrix | None = None

    def add(self, row: sparse.csr_matrix, code: int, sign: int, group: str | None,
            key: Hashable = None) -> None:
        self.rows.append(row)
        self.codes.append(code)
        self.signs.append(sign)
        self.groups.append(group)
        self.keys.append(key)
        self._matrix = None

    def remove(self, key: Hashable) -> int | None:
        """Drop the newest row stored under ``key``; its code position, or None."""
        for k in range(len(self.keys) - 1, -1, -1):
            if self.keys[k] == key:
                code = self.codes[k]
                for column in (self.rows, self.codes, self.signs, self.groups, self.keys):
                    del column[k]
                self._matrix = None
                return code
        return None

    def matrix(self) -> sparse.csr_matrix:
        if self._matrix is None:
            self._matrix = sparse.vstack(self.rows, format="csr")
        return self._matrix


class Learner:
    """Positive and negative examples per code, compared by cosine similarity."""

    def __init__(self, index: CodeIndex) -> None:
        self.index = index
        self.hasher = FeatureHasher(n_features=N_FEATURES, input_type="dict", alternate_sign=False)
        self.memory = Memory()
        self.counts: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.memory.codes)

    def vector(self, feats: Features) -> sparse.csr_matrix:
        """Hashed, normalised term vector of a segment."""
        weights: dict[str, float] = {}
        for term, f in feats.terms.items():
            tf = f if f <= 1.0 else 1.0 + math.log(f)
            weights[term] = tf * term_information(term) * self.index.domain_weight(term)
        row = self.hasher.transform([weights]).tocsr()
        return normalize(row, norm="l2", copy=False)

    def add(self, feats: Features, code_index: int, positive: bool = True,
            group: str | None = None, key: Hashable = None) -> None:
        """Remember a coding (positive) or a rejected suggestion (negative)."""
        self.memory.add(self.vector(feats), code_index, 1 if positive else -1, group, key)
        self.counts[code_index] = self.counts.get(code_index, 0) + 1

    def remove(self, key: Hashable) -> bool:
        """Forget one example stored under ``key`` (an undone or removed coding), so
        the learner is exactly as if it had never seen it."""
        code = self.memory.remove(key)
        if code is None:
            return False
        self.counts[code] -= 1
        if not self.counts[code]:
            del self.counts[code]
        return True

    def similarities(self, feats: Features, group: str | None = None,
                     vector: sparse.csr_matrix | None = None) -> dict[int, tuple[float, int]]:
        """Per code with examples: (evidence, number of stored examples).

        Evidence is the mean similarity to the code's nearest positive examples minus
        half the similarity to its nearest rejected one; codings from other groups
        count a little less than the segment's own group's.
        """
        if not self.memory.codes:
            return {}
        if not feats.informative and vector is None:
            return {}  # a backchannel resembles nothing: no learned evidence either way
        x = self.vector(feats) if vector is None else vector
        sims = np.asarray((self.memory.matrix() @ x.T).todense()).ravel()
        pos: dict[int, list[float]] = {}
        neg: dict[int, float] = {}
        memory = self.memory
        for sim, code, sign, other in zip(sims, memory.codes, memory.signs, memory.groups,
                                          strict=True):
            if other != group:
                sim *= OTHER_GROUP_WEIGHT
            if sign > 0:
                pos.setdefault(code, []).append(float(sim))
            else:
                neg[code] = max(neg.get(code, 0.0), float(sim))
        out: dict[int, tuple[float, int]] = {}
        for code in set(pos) | set(neg):
            best = sorted(pos.get(code, []), reverse=True)[:TOP_K]
            evidence = sum(best) / len(best) if best else 0.0
            evidence -= NEGATIVE_WEIGHT * neg.get(code, 0.0)
            out[code] = (evidence, self.counts.get(code, 0))
        return out
