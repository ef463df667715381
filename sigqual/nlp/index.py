"""An inverted index over the codebook for zero-shot ranking.

Each code becomes a weighted bag of terms from its label, summary label, keywords,
description (without its "Används inte när ..." exclusions, which name other codes'
topics) and examples; a theme adds its children's labels and keywords, a factor a
little of its theme. Term weights follow BM25 with the codebook's codes as documents,
multiplied by the word's general-language information (wordfreq), so a word counts
when it is both specific to few codes and rare in Swedish. Examples are also indexed
one by one for a nearest-example channel, and multi-word keywords for phrase matches.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ..codebook import FACTOR_KINDS, Code, Codebook
from .features import CONCEPT_PREFIX, Features, extract
from .lexicon import information

# Field weights: how much a word in each part of a code's entry says about the code.
W_LABEL = 3.0
W_SUMMARY = 2.0
W_KEYWORD = 2.0
W_DESCRIPTION = 1.0
W_EXAMPLE = 0.8
W_PARENT = 0.3
W_CHILD_LABEL = 1.0
W_CHILD_KEYWORD = 0.6
W_CHILD_EXAMPLE = 0.25
BM25_K1 = 1.2
BM25_B = 0.5
CONCEPT_INFO = 0.7
DOMAIN_FLOOR = 0.25
NEAR_MIN_LENGTH = 6
NEAR_MIN_DICE = 0.7
NEAR_MAX = 2

FeatureFn = Callable[[str], Features]

_EXCLUSION = re.compile(
    r"^\s*(används|kodas|gäller|omfattar|avser)\s+(inte|ej)\b|^\s*inte\s+när\b", re.IGNORECASE
)
_SEE_ALSO = re.compile(r"\((?:se|jfr|jämför)\s[^)]*\)", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def inclusion_text(description: str) -> str:
    """The description without exclusion sentences and "(se ...)" cross-references."""
    kept = [s for s in _SENTENCE.split(description) if s.strip() and not _EXCLUSION.match(s)]
    return _SEE_ALSO.sub(" ", " ".join(kept))


def term_information(term: str) -> float:
    """General-language information of a term (concepts get a fixed middle value)."""
    return CONCEPT_INFO if term.startswith(CONCEPT_PREFIX) else information(term)


@dataclass
class KeywordPhrase:
    """A multi-word keyword as content lemmas, matched in order within a short window."""

    code_index: int
    text: str
    lemmas: tuple[str, ...]


@dataclass
class CodeIndex:
    """Inverted index of a codebook's codes, their examples and keyword phrases."""

    codebook: Codebook
    codes: list[Code] = field(default_factory=list)
    position: dict[str, int] = field(default_factory=dict)
    postings: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    example_postings: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    example_code: list[int] = field(default_factory=list)
    example_vectors: list[dict[str, float]] = field(default_factory=list)
    codebook_examples: int = 0
    phrases: list[KeywordPhrase] = field(default_factory=list)
    own_terms: list[dict[str, float]] = field(default_factory=list)
    domain_df: dict[str, int] = field(default_factory=dict)
    domain_n: int = 0
    background_df: dict[str, int] = field(default_factory=dict)
    background_n: int = 0
    _group_cache: dict[str | None, list[int]] = field(default_factory=dict, repr=False)
    _grams: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _near: dict[str, list[tuple[str, float]]] = field(default_factory=dict, repr=False)
    _group_postings: dict[str | None, tuple[dict[str, list[tuple[int, float]]],
                                            dict[str, list[tuple[int, float]]]]] = field(
        default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        codebook: Codebook,
        *,
        exclude_examples: frozenset[tuple[str, int]] = frozenset(),
        cache: dict[str, Features] | None = None,
    ) -> CodeIndex:
        """Index every code of ``codebook`` (a fraction of a second for the bundled one).

        ``exclude_examples`` leaves out examples given as (code id, example position),
        which leave-one-out calibration needs; ``cache`` shares analysed texts between
        several builds.
        """
        if exclude_examples:
            codebook = codebook.with_codes([
                replace(c, examples=tuple(e for k, e in enumerate(c.examples)
                                          if (c.id, k) not in exclude_examples))
                for c in codebook.codes
            ])
        index = cls(codebook=codebook, codes=list(codebook.codes))
        index.position = {c.id: i for i, c in enumerate(index.codes)}
        cache = {} if cache is None else cache

        def feats(text: str) -> Features:
            if text not in cache:
                cache[text] = extract(text, with_polarity=False)
            return cache[text]

        own = [_own_terms(c, feats) for c in index.codes]
        index.own_terms = own
        docs = [dict(t) for t in own]
        for i, code in enumerate(index.codes):
            if code.parent and code.kind in FACTOR_KINDS:
                parent = codebook.get(code.parent)
                if parent is not None:
                    _add_field(docs[i], [parent.label, *parent.keywords], W_PARENT, feats)
            if code.kind == "theme" or codebook.children(code.id):
                for child in codebook.children(code.id):
                    _add_field(docs[i], [child.label], W_CHILD_LABEL, feats)
                    _add_field(docs[i], child.keywords, W_CHILD_KEYWORD, feats)
                    _add_field(docs[i], child.examples, W_CHILD_EXAMPLE, feats)
        index._weigh(own, docs)
        index._count_domain(feats)
        index._index_examples(feats)
        index.codebook_examples = len(index.example_code)
        index._index_phrases(feats)
        return index

    def _count_domain(self, feats: FeatureFn) -> None:
        """Document frequencies over the codebook's descriptions and examples.

        Words that recur across the whole domain ("skola", "socialsekreterare") are
        weak evidence for any one code even when few codes mention them.
        """
        for code in self.codes:
            for text in (inclusion_text(code.description), *code.examples):
                if text:
                    self.domain_n += 1
                    for term in feats(text).terms:
                        self.domain_df[term] = self.domain_df.get(term, 0) + 1

    def set_background(self, term_sets: Iterable[Iterable[str]]) -> None:
        """Use a project's own segments (their term sets) as extra domain background.

        Replaces any earlier background; an empty iterable removes it.
        """
        self.background_df = {}
        self.background_n = 0
        for terms in term_sets:
            self.background_n += 1
            for term in set(terms):
                self.background_df[term] = self.background_df.get(term, 0) + 1

    def domain_weight(self, term: str) -> float:
        """1.0 for words specific to few domain texts, down to 0.25 for ubiquitous ones."""
        n = self.domain_n + self.background_n
        if n == 0:
            return 1.0
        df = self.domain_df.get(term, 0) + self.background_df.get(term, 0)
        specific = math.log((n + 1) / (df + 1)) / math.log(n + 1)
        return DOMAIN_FLOOR + (1.0 - DOMAIN_FLOOR) * specific

    def _weigh(self, own: list[dict[str, float]], docs: list[dict[str, float]]) -> None:
        n = len(docs)
        df: dict[str, int] = {}
        for terms in own:
            for term in terms:
                df[term] = df.get(term, 0) + 1
        self.idf = {t: math.log(1.0 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        lengths = [sum(d.values()) for d in docs]
        avg = sum(lengths) / max(1, n)
        for i, terms in enumerate(docs):
            norm = BM25_K1 * (1.0 - BM25_B + BM25_B * lengths[i] / max(avg, 1e-9))
            for term, f in terms.items():
                idf = self.idf.get(term, math.log(1.0 + (n + 0.5) / 0.5))
                w = idf * term_information(term) * f * (BM25_K1 + 1.0) / (f + norm)
                self.postings.setdefault(term, []).append((i, w))

    def _index_examples(self, feats: FeatureFn) -> None:
        for i, code in enumerate(self.codes):
            for example in code.examples:
                vec = self.weigh_query(feats(example).terms)
                norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
                k = len(self.example_code)
                self.example_code.append(i)
                self.example_vectors.append({t: w / norm for t, w in vec.items()})
                for term, w in vec.items():
                    self.example_postings.setdefault(term, []).append((k, w / norm))

    def postings_for(self, group: str | None) -> tuple[dict[str, list[tuple[int, float]]],
                                                      dict[str, list[tuple[int, float]]]]:
        """Topic and example postings restricted to the codes of ``group`` (cached)."""
        found = self._group_postings.get(group)
        if found is None:
            allowed = set(self.codes_for(group))
            topic: dict[str, list[tuple[int, float]]] = {}
            for term, plist in self.postings.items():
                kept = [(i, w) for i, w in plist if i in allowed]
                if kept:
                    topic[term] = kept
            examples: dict[str, list[tuple[int, float]]] = {}
            for term, plist in self.example_postings.items():
                kept = [(k, w) for k, w in plist if self.example_code[k] in allowed]
                if kept:
                    examples[term] = kept
            found = (topic, examples)
            self._group_postings[group] = found
        return found

    def near_terms(self, term: str) -> list[tuple[str, float]]:
        """Codebook words that look like an unknown word: the character n-gram fallback.

        A lemmatiser misses derivations ("organiserade" / "organisation", "flexibilitet" /
        "flexibel"); words of at least six letters sharing most of their character
        4-grams (Dice coefficient) with a codebook word stand in for it, weighted by
        that overlap.
        """
        found = self._near.get(term)
        if found is not None:
            return found
        found = []
        if len(term) >= NEAR_MIN_LENGTH and not term.startswith(CONCEPT_PREFIX):
            if not self._grams:
                for known in self.idf:
                    if len(known) >= NEAR_MIN_LENGTH and not known.startswith(CONCEPT_PREFIX):
                        for g in _grams(known):
                            self._grams.setdefault(g, set()).add(known)
            mine = _grams(term)
            counts: dict[str, int] = {}
            for g in mine:
                for known in self._grams.get(g, ()):
                    counts[known] = counts.get(known, 0) + 1
            for known, shared in counts.items():
                dice = 2 * shared / (len(mine) + len(_grams(known)))
                if dice >= NEAR_MIN_DICE and known != term:
                    found.append((known, dice))
            found.sort(key=lambda x: (-x[1], x[0]))
            found = found[:NEAR_MAX]
        self._near[term] = found
        return found

    def add_example(self, code_index: int, terms: dict[str, float]) -> int:
        """Index one more example of a code (a learned coding); returns its row.

        Learned codings then take part in the nearest-example channel exactly like the
        codebook's own examples.
        """
        vec = self.weigh_query(terms)
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        k = len(self.example_code)
        self.example_code.append(code_index)
        self.example_vectors.append({t: w / norm for t, w in vec.items()})
        for term, w in vec.items():
            self.example_postings.setdefault(term, []).append((k, w / norm))
        self._group_postings.clear()
        return k

    def truncate_examples(self, count: int) -> None:
        """Forget every example row from ``count`` on (the learned ones)."""
        del self.example_code[count:]
        del self.example_vectors[count:]
        self._group_postings.clear()
        for term in list(self.example_postings):
            kept = [(k, w) for k, w in self.example_postings[term] if k < count]
            if kept:
                self.example_postings[term] = kept
            else:
                del self.example_postings[term]

    def _index_phrases(self, feats: FeatureFn) -> None:
        for i, code in enumerate(self.codes):
            for keyword in code.keywords:
                lemmas = tuple(feats(keyword).content_lemmas)
                if len(lemmas) >= 2:
                    self.phrases.append(KeywordPhrase(i, keyword, lemmas))

    def weigh_query(self, terms: dict[str, float]) -> dict[str, float]:
        """Segment term weights: dampened count times rarity in the codebook and in Swedish."""
        n = len(self.codes)
        out: dict[str, float] = {}
        for term, f in terms.items():
            idf = self.idf.get(term)
            if idf is None:
                continue
            tf = f if f <= 1.0 else 1.0 + math.log(f)
            out[term] = (tf * idf / math.log(1.0 + (n + 0.5) / 0.5) * term_information(term)
                         * self.domain_weight(term))
        return out

    def codes_for(self, group: str | None) -> list[int]:
        """Positions of the codes that apply to ``group``, in the group's display order."""
        found = self._group_cache.get(group)
        if found is None:
            found = [self.position[c.id] for c in self.codebook.codes_for_group(group)]
            self._group_cache[group] = found
        return list(found)


def _grams(word: str) -> frozenset[str]:
    padded = f"<{word}>"
    return frozenset(padded[i:i + 4] for i in range(len(padded) - 3))


def _add_field(doc: dict[str, float], texts: Iterable[str], weight: float, feats: FeatureFn) -> None:
    for text in texts:
        if not text:
            continue
        for term, w in feats(text).terms.items():
            doc[term] = doc.get(term, 0.0) + weight * w


def _own_terms(code: Code, feats: FeatureFn) -> dict[str, float]:
    """A code's own weighted terms from its label, keywords, description and examples."""
    doc: dict[str, float] = {}
    _add_field(doc, [code.label], W_LABEL, feats)
    if code.summary_label and code.summary_label != code.label:
        _add_field(doc, [code.summary_label], W_SUMMARY, feats)
    _add_field(doc, code.keywords, W_KEYWORD, feats)
    _add_field(doc, [inclusion_text(code.description)], W_DESCRIPTION, feats)
    _add_field(doc, code.examples, W_EXAMPLE, feats)
    return doc
