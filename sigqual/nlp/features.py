"""Weighted terms of a text: lemmas, compound parts and thesaurus concepts.

Both sides of a comparison (a codebook entry and an interview segment) become the same
kind of bag, and every term remembers which tokens produced it, so a suggestion can
point at the segment's own words ("why"). Concepts are prefixed with ``@`` so they never
collide with a lemma.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .lexicon import AMBIGUOUS_WEIGHT, is_ambiguous, is_meta
from .pipeline import Token, analyze
from .polarity import Polarity, evaluative_lemmas, polarity_of_tokens
from .thesaurus import concepts_of, phrase_concepts

LEMMA_WEIGHT = 1.0
PART_WEIGHT = 0.5
CONCEPT_WEIGHT = 0.5
CONCEPT_PREFIX = "@"


@dataclass
class Features:
    """A text's tokens, weighted terms, the tokens behind each term, and its polarity."""

    tokens: list[Token]
    terms: dict[str, float] = field(default_factory=dict)
    origins: dict[str, list[int]] = field(default_factory=dict)
    polarity: Polarity = field(default_factory=lambda: Polarity(0.0))
    # Content words that are neither polysemous nor about the interview itself: a
    # backchannel ("Mm.", "Ja, precis.") has none, and a segment with fewer than
    # calibration.MIN_INFORMATIVE never gets a confident suggestion.
    informative: int = 0

    def add(self, term: str, weight: float, token_index: int) -> None:
        self.terms[term] = self.terms.get(term, 0.0) + weight
        where = self.origins.setdefault(term, [])
        if token_index not in where:
            where.append(token_index)

    @property
    def content_lemmas(self) -> list[str]:
        return [t.lemma for t in self.tokens if t.content]


def extract(text: str | Sequence[Token], *, with_polarity: bool = True) -> Features:
    """Features of a text (or of tokens already analysed)."""
    tokens = analyze(text) if isinstance(text, str) else list(text)
    feats = Features(tokens)
    evaluative = evaluative_lemmas()
    for i, tok in enumerate(tokens):
        if not tok.is_word:
            continue
        seen_concepts: set[str] = set()
        ambiguous = is_ambiguous(tok.lower, tok.lemma)
        scale = AMBIGUOUS_WEIGHT if ambiguous else 1.0
        if tok.content and not ambiguous and not is_meta(tok.lower, tok.lemma):
            feats.informative += 1
        if tok.content and tok.lemma not in evaluative:
            feats.add(tok.lemma, LEMMA_WEIGHT * scale, i)
            for part in tok.parts:
                if len(part) > 2:
                    feats.add(part, PART_WEIGHT, i)
                    seen_concepts.update(concepts_of(part))
        if not ambiguous:
            seen_concepts.update(concepts_of(tok.lemma))
        for concept in seen_concepts:
            feats.add(CONCEPT_PREFIX + concept, CONCEPT_WEIGHT, i)
    lemmas = [t.lemma if t.is_word else t.text for t in tokens]
    for start, end, concepts in phrase_concepts(lemmas):
        for concept in concepts:
            for j in range(start, end):
                feats.add(CONCEPT_PREFIX + concept, CONCEPT_WEIGHT / (end - start), j)
    if with_polarity:
        feats.polarity = polarity_of_tokens(tokens)
    return feats
