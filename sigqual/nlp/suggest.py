"""The ``Suggester`` facade: zero-shot, semantic and learned evidence in one ranking.

Typical use::

    sug = Suggester(load_bundled_codebook())
    sug.suggest("Det borde ha kommit tidigare ...", "foraldrar")
    sug.learn(text, "foraldrar", "uo-tidpunkt-for-insatsen")

Building a suggester analyses the codebook, builds its index and loads the shipped
confidence calibration (about a second; longer the first time the codebook's
embeddings are computed, which are then kept in the vector cache file). Memory,
measured by ``benchmarks/suggest_speed.py``: about 160 MB for the lexical suggester
(mostly the Swedish word-frequency table, the simplemma dictionary and spaCy's
tokenizer), about 30 MB more with the e5 model; each learned example adds a few kB.
Nothing is downloaded and nothing is written except the vector cache
(:mod:`sigqual.nlp.vectors`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..codebook import Code, Codebook
from ..errors import InputError
from .calibration import LEXICAL_MODE, PRIORS, Calibrator, load_calibration
from .embeddings import Embedder, load_embedder
from .features import Features, extract
from .index import CodeIndex
from .learning import Learner
from .ranking import FACTOR_CLASS, OTHER_CLASS, Candidate, combine, kind_class
from .semantic import SemanticIndex
from .vectors import VectorCache
from .why import Evidence, explain
from .zeroshot import ZeroShotRanker, orientation

MIN_FACTORS = 3
MIN_OTHERS = 1
# Passed as a segment's vector: rank it without embeddings (its vector is not known yet).
LEXICAL = object()


@dataclass(frozen=True)
class Suggestion:
    """One suggested code for a segment, with its evidence."""

    code_id: str
    label: str
    kind: str
    theme: str
    score: float
    confidence: float
    why: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The batch-interface form of a suggestion (see ``sigqual suggest``)."""
        return {
            "code_id": self.code_id, "label": self.label, "kind": self.kind, "theme": self.theme,
            "score": round(self.score, 4), "confidence": round(self.confidence, 4),
            "why": list(self.why),
            "spans": [[e.start, e.end] for e in self.evidence],
        }


@dataclass(frozen=True)
class Example:
    """An already coded segment to learn from; ``positive=False`` for a rejection."""

    text: str
    group: str | None
    code_id: str
    positive: bool = True


class Suggester:
    """Ranks a codebook's codes for interview segments and learns from codings."""

    def __init__(
        self,
        codebook: Codebook,
        *,
        examples: Iterable[Example | tuple[str, str | None, str] | tuple[str, str | None, str, bool]]
        = (),
        embeddings: str | bool | Embedder | None = "auto",
        calibrated: bool = True,
        vectors: VectorCache | str | None = "auto",
    ) -> None:
        self.codebook = codebook
        self._cache: dict[str, Features] = {}
        self.index = CodeIndex.build(codebook, cache=self._cache)
        self.ranker = ZeroShotRanker(self.index)
        embedder = load_embedder(embeddings)
        self.vectors: VectorCache | None = None
        if embedder is not None:
            self.vectors = VectorCache() if vectors == "auto" else (
                vectors if isinstance(vectors, VectorCache) else None)
        self.semantic = (SemanticIndex(self.index, embedder, self.vectors)
                         if embedder is not None else None)
        self.mode = embedder.name if embedder is not None else LEXICAL_MODE
        self.calibrators: dict[str, Calibrator] = (
            load_calibration(self.mode) if calibrated else dict(PRIORS)
        )
        # The maps for a segment ranked without its vector (not computed yet): the
        # lexical mode's own, so its confidence still means what it says.
        self.lexical_calibrators: dict[str, Calibrator] = (
            (load_calibration(LEXICAL_MODE) if calibrated else dict(PRIORS))
            if embedder is not None else self.calibrators)
        self.learner = Learner(self.index)
        self._themes: dict[str, Code | None] = {}
        for example in examples:
            ex = example if isinstance(example, Example) else Example(*example)
            self.learn(ex.text, ex.group, ex.code_id, ex.positive)

    @property
    def uses_embeddings(self) -> bool:
        return self.semantic is not None

    # -- validation ------------------------------------------------------------
    def check_group(self, group: str | None) -> None:
        """A clear error for a group the codebook does not have."""
        if group is not None and group not in self.codebook.group_keys:
            valid = ", ".join(self.codebook.group_keys)
            raise InputError(f"unknown group '{group}' (valid groups: {valid})", field="group")

    @staticmethod
    def check_text(text: object) -> str:
        if not isinstance(text, str) or not text.strip():
            raise InputError("the text is empty", field="text")
        return text

    # -- ranking -----------------------------------------------------------------
    def _candidates(self, text: str, group: str | None, vector: Any = None
                    ) -> tuple[Features, dict[str, list[Candidate]]]:
        """``vector`` is the segment's embedding (computed now when None), or
        :data:`LEXICAL` to rank it with the lexical evidence and maps alone."""
        feats = extract(text)
        scored = self.ranker.score(feats, group)
        sims = None
        calibrators = self.calibrators
        if vector is LEXICAL:
            calibrators = self.lexical_calibrators
        elif self.semantic is not None:
            if vector is None:
                vector = self.semantic.encode([text])[0]
            sims = self.semantic.similarities(vector, scored.keys())
        learned = self.learner.similarities(feats, group) if len(self.learner) else None
        classes = combine(self.index.codes, scored, feats.polarity.score, sims, learned)
        for cls, cands in classes.items():
            calibrator = calibrators.get(cls, PRIORS[OTHER_CLASS])
            for c in cands:
                c.informative = feats.informative
                c.confidence = calibrator(c.features(), feats.informative)
        return feats, classes

    def candidates(self, text: str, group: str | None) -> dict[str, list[Candidate]]:
        """Every code's evidence for a segment, per class, best first (calibration data)."""
        self.check_text(text)
        self.check_group(group)
        return self._candidates(text, group)[1]

    def set_calibration(self, calibrators: dict[str, Calibrator]) -> None:
        """Replace the confidence maps of some classes (a project's own refit)."""
        self.calibrators = {**self.calibrators, **calibrators}

    def _suggestion(self, text: str, feats: Features, cand: Candidate) -> Suggestion:
        code = cand.code
        theme = self._themes.get(code.id)
        if code.id not in self._themes:
            theme = self._themes[code.id] = self.codebook.theme_of(code.id)
        extra: list[tuple[int, int, float]] = []
        pol = feats.polarity
        if orientation(code) != 0.0:
            extra = [(s, e, w) for s, e, w in pol.cues if w * orientation(code) > 0.2]
            extra.sort(key=lambda x: -abs(x[2]))
            extra = extra[:1]
        evidence = explain(text, feats.tokens, cand.lexical.contributions, extra)
        return Suggestion(
            code_id=code.id, label=code.label, kind=code.kind,
            theme=theme.label if theme is not None else "",
            score=cand.combined, confidence=cand.confidence,
            why=tuple(e.text for e in evidence), evidence=tuple(evidence),
        )

    def _rank(self, text: str, group: str | None, top: int, vector: Any = None) -> list[Suggestion]:
        self.check_text(text)
        self.check_group(group)
        feats, classes = self._candidates(text, group, vector)
        chosen = select(classes, top)
        return [self._suggestion(text, feats, c) for c in chosen]

    def suggest(self, text: str, group: str | None, top: int = 10) -> list[Suggestion]:
        """The ``top`` best codes for a segment of ``group``, themes and factors alike.

        The list is ordered by confidence; within factors (and within themes) the order
        is the ranking order. When ``top`` allows, at least three factors and one theme
        are included so both kinds can be filtered on.
        """
        return self._rank(text, group, top)

    def suggest_known(self, text: str, group: str | None, top: int = 10
                      ) -> tuple[list[Suggestion], bool]:
        """:meth:`suggest` without embedding anything now: a segment whose vector is not
        computed yet is ranked lexically, with the lexical confidence maps.

        Returns the suggestions and whether they used the embeddings (False means
        provisional: ask again once the vector exists). Without embeddings the
        lexical ranking is the final one.
        """
        if self.semantic is None:
            return self._rank(text, group, top), True
        vector = self.semantic.lookup(text)
        if vector is None:
            return self._rank(text, group, top, LEXICAL), False
        return self._rank(text, group, top, vector), True

    def suggest_many(
        self, items: Iterable[tuple[str, str | None]], top: int = 10
    ) -> list[list[Suggestion]]:
        """:meth:`suggest` for many (text, group) pairs; embeddings are computed in one batch."""
        pairs = list(items)
        for text, group in pairs:
            self.check_text(text)
            self.check_group(group)
        vectors: list[Any] = [None] * len(pairs)
        if self.semantic is not None and pairs:
            vectors = list(self.semantic.encode([t for t, _g in pairs]))
        return [self._rank(t, g, top, v) for (t, g), v in zip(pairs, vectors, strict=True)]

    # -- learning ----------------------------------------------------------------
    def learn(self, text: str, group: str | None, code_id: str, positive: bool = True) -> None:
        """Learn from one coding (``positive``) or one rejected suggestion.

        Learned examples live only in the learner's nearest-example memory, which the
        ranking adds to the zero-shot evidence with shrinkage (``ranking.learn_weight``
        and ``LEARNED_CAP``): the codebook index itself never changes, so a coding
        raises its code elsewhere only as far as a segment resembles it, and
        :meth:`unlearn` can take it back exactly.
        """
        self.check_text(text)
        self.check_group(group)
        position = self.index.position.get(code_id)
        if position is None:
            raise InputError(f"unknown code '{code_id}'", field="code")
        self.learner.add(extract(text), position, positive, group,
                         key=(text, group, code_id, positive))

    def unlearn(self, text: str, group: str | None, code_id: str, positive: bool = True) -> bool:
        """Forget one learned example (an undone or removed coding, a withdrawn
        rejection); False when it was never learned."""
        return self.learner.remove((text, group, code_id, positive))

    def forget(self) -> None:
        """Drop everything learned (codings and rejections); the codebook index stays."""
        self.learner = Learner(self.index)

    @property
    def learned_count(self) -> int:
        """Number of codings and rejections learned so far."""
        return len(self.learner)

    def set_background(self, texts: Iterable[str]) -> None:
        """Let a project's own segments tell which words are everywhere in this material."""
        self.index.set_background(extract(t, with_polarity=False).terms for t in texts)

    # -- reverse direction ----------------------------------------------------------
    def more_like_this(
        self, code_id: str, candidates: Sequence[tuple[Hashable, str, str | None]], top: int = 20
    ) -> list[tuple[Hashable, float, list[str]]]:
        """Segments most likely to belong to ``code_id``: (key, confidence, why), best first.

        Candidates from groups the code does not apply to are skipped.
        """
        code = self.codebook.get(code_id)
        if code is None:
            raise InputError(f"unknown code '{code_id}'", field="code")
        usable = [(k, t, g) for k, t, g in candidates if t and t.strip() and code.applies_to(g)]
        vectors: list[Any] = [None] * len(usable)
        if self.semantic is not None and usable:
            vectors = list(self.semantic.encode([t for _k, t, _g in usable]))
        found: list[tuple[Hashable, float, list[str], int]] = []
        for order, ((key, text, group), vector) in enumerate(zip(usable, vectors, strict=True)):
            feats, classes = self._candidates(text, group, vector)
            for cands in classes.values():
                for c in cands:
                    if c.code.id == code_id:
                        s = self._suggestion(text, feats, c)
                        found.append((key, c.confidence, list(s.why), order))
        found.sort(key=lambda x: (-x[1], x[3]))
        return [(k, conf, why) for k, conf, why, _o in found[:top]]


def select(classes: dict[str, list[Candidate]], top: int) -> list[Candidate]:
    """Merge the class rankings by confidence, keeping each class's own order.

    Within the first ``top`` places at least :data:`MIN_FACTORS` factors and
    :data:`MIN_OTHERS` themes/codes appear when they exist and ``top`` has room.
    """
    merged = _merge_by_confidence(classes)
    if top <= 0:
        return []
    chosen = merged[:top]
    if top < MIN_FACTORS + MIN_OTHERS:
        return chosen
    minimum = {FACTOR_CLASS: MIN_FACTORS, OTHER_CLASS: MIN_OTHERS}
    for cls, least in minimum.items():
        pool = classes.get(cls, [])
        have = sum(1 for c in chosen if kind_class(c.code) == cls)
        taken = {id(c) for c in chosen}
        absent = [c for c in pool if id(c) not in taken]
        for extra in absent[: max(0, min(least, len(pool)) - have)]:
            # Drop the weakest suggestion of a class that has more than its own minimum.
            counts = {k: sum(1 for c in chosen if kind_class(c.code) == k) for k in minimum}
            removable = [c for c in reversed(chosen) if kind_class(c.code) != cls
                         and counts[kind_class(c.code)] > minimum[kind_class(c.code)]]
            if not removable:
                break
            chosen = [c for c in chosen if c is not removable[0]]
            chosen.append(extra)
    order = {id(c): k for k, c in enumerate(merged)}
    chosen.sort(key=lambda c: order[id(c)])
    return chosen


def _merge_by_confidence(classes: dict[str, list[Candidate]]) -> list[Candidate]:
    """One list by confidence that never reorders candidates of the same class."""
    heads = {cls: 0 for cls in classes}
    merged: list[Candidate] = []
    while True:
        best: str | None = None
        for cls in sorted(classes):
            if heads[cls] < len(classes[cls]) and (
                best is None
                or classes[cls][heads[cls]].confidence > classes[best][heads[best]].confidence
            ):
                best = cls
        if best is None:
            return merged
        merged.append(classes[best][heads[best]])
        heads[best] += 1
