"""Semantic similarity between a segment and each code, from sentence embeddings.

A code is represented twice: by one vector for its definition (label, inclusion
description and keywords) and by the vectors of its examples (a theme also owns its
children's examples). Its similarity to a segment is the mean of the definition
similarity and the best example similarity, so a code without examples still competes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .embeddings import Embedder, model_version
from .index import CodeIndex, inclusion_text
from .vectors import VectorCache, encode_with_cache

RECENT = 4096


def definition_text(index: CodeIndex, i: int) -> str:
    """The text that stands for code ``i`` as a whole."""
    code = index.codes[i]
    parts = [code.label]
    if code.summary_label and code.summary_label != code.label:
        parts.append(code.summary_label)
    description = inclusion_text(code.description)
    if description:
        parts.append(description)
    if code.keywords:
        parts.append(", ".join(code.keywords))
    return ". ".join(parts)


class SemanticIndex:
    """Embeddings of every code's definition and examples."""

    def __init__(self, index: CodeIndex, embedder: Embedder,
                 vectors: VectorCache | None = None) -> None:
        self.embedder = embedder
        self.vectors = vectors
        self.index = index
        n = len(index.codes)
        texts = [definition_text(index, i) for i in range(n)]
        example_texts: list[str] = []
        self.example_code: list[int] = []
        for i, code in enumerate(index.codes):
            for example in code.examples:
                example_texts.append(example)
                self.example_code.append(i)
        vectors = encode_with_cache(embedder, vectors, texts + example_texts)
        self.definitions = vectors[:n]
        self.examples = vectors[n:]
        rows: list[list[int]] = [[] for _ in range(n)]
        for k, i in enumerate(self.example_code):
            for owner in self._owners(i):
                rows[owner].append(k)
        self.rows = [np.asarray(r, dtype=np.int64) for r in rows]
        self.codebook_examples = len(self.examples)
        self._recent: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of segments: from memory, else the vector cache (filled ahead of time
        by a :class:`~sigqual.nlp.vectors.VectorWarmer`), else embedded now and cached."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._recent]
        if missing:
            found = encode_with_cache(self.embedder, self.vectors, missing)
            for text, vector in zip(missing, found, strict=True):
                self._recent[text] = vector
            while len(self._recent) > RECENT:
                self._recent.pop(next(iter(self._recent)))
        return np.stack([self._recent[t] for t in texts]) if texts else np.zeros((0, 0))

    def lookup(self, text: str) -> np.ndarray | None:
        """The vector of a segment if it is already known (memory or the cache file),
        without embedding it: None when it has not been computed yet."""
        hit = self._recent.get(text)
        if hit is not None or self.vectors is None:
            return hit
        model = model_version(self.embedder)
        found = self.vectors.known(model, text)
        if found is None:
            found = self.vectors.get_many(model, [text]).get(text)
        if found is not None:
            self._recent[text] = found
            while len(self._recent) > RECENT:
                self._recent.pop(next(iter(self._recent)))
        return found

    def add_example(self, code_index: int, vector: np.ndarray) -> None:
        """A learned coding becomes one more example of its code (and of its theme)."""
        k = len(self.examples)
        self.examples = np.vstack([self.examples, vector[None, :]]) if k else vector[None, :]
        for i in self._owners(code_index):
            self.rows[i] = np.append(self.rows[i], k)

    def truncate_examples(self, count: int) -> None:
        """Forget the example rows from ``count`` on (the learned ones)."""
        self.examples = self.examples[:count]
        self.rows = [r[r < count] for r in self.rows]

    def _owners(self, i: int) -> list[int]:
        parent = self.index.codes[i].parent
        if parent is not None and parent in self.index.position:
            return [i, self.index.position[parent]]
        return [i]

    def similarities(
        self, vector: np.ndarray, candidates: Iterable[int], exclude: frozenset[int] = frozenset()
    ) -> dict[int, float]:
        """Similarity of one segment vector to each candidate code.

        ``exclude`` holds example rows to ignore (leave-one-out calibration).
        """
        defs = self.definitions @ vector
        ex = self.examples @ vector if len(self.examples) else np.zeros(0)
        out: dict[int, float] = {}
        for i in candidates:
            rows = self.rows[i]
            if exclude and len(rows):
                rows = np.asarray([r for r in rows if int(r) not in exclude], dtype=np.int64)
            if len(rows):
                out[i] = 0.5 * float(defs[i]) + 0.5 * float(ex[rows].max())
            else:
                out[i] = float(defs[i])
        return out
