"""Zero-shot ranking of a segment against the codes of its group.

Four kinds of evidence are combined: BM25 over lemmas, compound parts and thesaurus
concepts (the topic), similarity to the nearest codebook example (how people talk about
the code), multi-word keyword phrases found in the segment, and the segment's polarity,
which moves success factors and development areas apart. A theme is ranked by its own
entry plus its best-matching child, since a passage about a factor is also about its
theme. Each score keeps the per-token contributions that explain it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..codebook import Code
from .features import Features
from .index import CodeIndex, term_information

EXAMPLE_WEIGHT = 4.0
PHRASE_WEIGHT = 1.0
POLARITY_WEIGHT = 0.8
CHILD_WEIGHT = 0.6
PHRASE_WINDOW = 3
FALLBACK_WEIGHT = 0.5


def orientation(code: Code) -> float:
    """+1 for success factors, -1 for development areas, 0 for themes and plain codes."""
    if code.kind == "success_factor":
        return 1.0
    if code.kind == "development_area":
        return -1.0
    return 0.0


@dataclass(slots=True)
class Scored:
    """A code's zero-shot score with its parts and per-token contributions."""

    index: int
    score: float = 0.0
    topic: float = 0.0
    example: float = 0.0
    phrase: float = 0.0
    polarity_factor: float = 1.0
    phrase_spans: list[tuple[int, int]] = field(default_factory=list)
    # (token indices, amount) pairs, resolved into per-token shares only when asked for:
    # most codes of a ranking are never explained.
    pending: list[tuple[Sequence[int], float]] = field(default_factory=list)
    _shares: dict[int, float] | None = None

    def credit(self, token_indices: Sequence[int], amount: float) -> None:
        if token_indices:
            self.pending.append((token_indices, amount))
            self._shares = None

    @property
    def contributions(self) -> dict[int, float]:
        """Each token's share of the score."""
        if self._shares is None:
            shares: dict[int, float] = {}
            for idx, amount in self.pending:
                share = amount / len(idx)
                for i in idx:
                    shares[i] = shares.get(i, 0.0) + share
            self._shares = shares
        return self._shares


class ZeroShotRanker:
    """Scores codes for a segment from the codebook alone."""

    def __init__(self, index: CodeIndex) -> None:
        self.index = index

    def score(self, feats: Features, group: str | None) -> dict[int, Scored]:
        """Scores of every code that applies to ``group``, keyed by code position."""
        index = self.index
        out = {i: Scored(i) for i in index.codes_for(group)}
        postings, example_postings = index.postings_for(group)
        terms, origins_of = self._with_fallback(feats)
        query = index.weigh_query(terms)
        for term, q in query.items():
            plist = postings.get(term)
            if plist is None:
                continue
            origins = origins_of.get(term, ())
            for i, w in plist:
                s = out[i]
                s.topic += q * w
                s.credit(origins, q * w)
        self._examples(query, origins_of, out, example_postings)
        self._phrases(feats, out)
        pol = feats.polarity.score
        for s in out.values():
            code = index.codes[s.index]
            base = s.topic + s.example + s.phrase
            s.polarity_factor = math.exp(POLARITY_WEIGHT * pol * orientation(code))
            s.score = base * s.polarity_factor
        self._themes(out)
        return out

    def _with_fallback(self, feats: Features) -> tuple[dict[str, float], dict[str, list[int]]]:
        """The segment's terms plus codebook look-alikes of words the codebook lacks."""
        index = self.index
        extra: dict[str, float] = {}
        origins = feats.origins
        for term, weight in feats.terms.items():
            if term in index.idf:
                continue
            for near, sim in index.near_terms(term):
                extra[near] = extra.get(near, 0.0) + FALLBACK_WEIGHT * sim * weight
                if origins is feats.origins:
                    origins = {k: list(v) for k, v in feats.origins.items()}
                where = origins.setdefault(near, [])
                where.extend(i for i in feats.origins.get(term, ()) if i not in where)
        if not extra:
            return feats.terms, feats.origins
        terms = dict(feats.terms)
        for near, weight in extra.items():
            terms[near] = terms.get(near, 0.0) + weight
        return terms, origins

    def _examples(self, query: dict[str, float], origins_of: dict[str, list[int]],
                  out: dict[int, Scored], example_postings: dict[str, list[tuple[int, float]]]
                  ) -> None:
        index = self.index
        if not example_postings:
            return
        norm = math.sqrt(sum(v * v for v in query.values())) or 1.0
        sims: dict[int, float] = {}
        owner = index.example_code
        for term, q in query.items():
            qn = q / norm
            for k, w in example_postings.get(term, ()):
                sims[k] = sims.get(k, 0.0) + qn * w
        best: dict[int, int] = {}
        for k, sim in sims.items():
            i = owner[k]
            if i in out and (i not in best or sim > sims[best[i]]):
                best[i] = k
        for i, k in best.items():
            s = out[i]
            s.example = EXAMPLE_WEIGHT * sims[k]
            vector = index.example_vectors[k]
            for term, q in query.items():
                w = vector.get(term)
                if w is not None:
                    s.credit(origins_of.get(term, ()), EXAMPLE_WEIGHT * q / norm * w)

    def _phrases(self, feats: Features, out: dict[int, Scored]) -> None:
        positions: dict[str, list[int]] = {}
        content = [(i, t.lemma) for i, t in enumerate(feats.tokens) if t.content]
        for order, (_i, lemma) in enumerate(content):
            positions.setdefault(lemma, []).append(order)
        for phrase in self.index.phrases:
            s = out.get(phrase.code_index)
            if s is None or phrase.lemmas[0] not in positions:
                continue
            span = _find_in_order(phrase.lemmas, positions)
            if span is None:
                continue
            first, last = span
            info = sum(term_information(lem) for lem in phrase.lemmas) / len(phrase.lemmas)
            amount = PHRASE_WEIGHT * info
            s.phrase += amount
            token_idx = [content[j][0] for j in range(first, last + 1)
                         if content[j][1] in phrase.lemmas]
            s.credit(token_idx, amount)
            s.phrase_spans.append((content[first][0], content[last][0] + 1))

    def _themes(self, out: dict[int, Scored]) -> None:
        codes = self.index.codes
        best_child: dict[str, Scored] = {}
        for s in out.values():
            parent = codes[s.index].parent
            if parent and (parent not in best_child or s.score > best_child[parent].score):
                best_child[parent] = s
        for s in out.values():
            child = best_child.get(codes[s.index].id)
            if child is None or codes[s.index].kind != "theme":
                continue
            # The theme inherits the polarity-free strength of its best child.
            lift = CHILD_WEIGHT * child.score / max(child.polarity_factor, 1e-9)
            s.score += lift
            for idx, amount in child.pending:
                s.credit(idx, CHILD_WEIGHT * amount)


def _find_in_order(lemmas: tuple[str, ...], positions: dict[str, list[int]]) -> tuple[int, int] | None:
    """First window where ``lemmas`` occur in order with at most a few words between."""
    for start in positions.get(lemmas[0], ()):
        cur = start
        ok = True
        for lemma in lemmas[1:]:
            nxt = [p for p in positions.get(lemma, ()) if cur < p <= cur + PHRASE_WINDOW]
            if not nxt:
                ok = False
                break
            cur = nxt[0]
        if ok:
            return start, cur
    return None
