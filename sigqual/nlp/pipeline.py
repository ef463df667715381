"""The Swedish text pipeline: spaCy tokens, spoken-form normalisation, lemmas, compounds.

Every other NLP module sees text only through :func:`analyze`, so the codebook and the
interview segments are processed identically. The spaCy pipeline is loaded once per
process: a trained ``sv_core_news_*`` package when one is installed (its lemmas are
part-of-speech aware, at a cost in speed), else ``spacy.blank("sv")``, whose tokenizer
is fast and whose lemmas come from simplemma. Word analyses are cached per word form.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .compounds import compound_parts, lemma
from .lexicon import SPOKEN_FORMS, is_stop

# Words after which a spoken "sen" means "late" ("för sen") rather than "sedan".
_LATE_CONTEXT = frozenset({"för", "så", "lite", "alldeles", "ganska", "väldigt", "jätte", "rätt"})


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text with its character span and normalised analysis."""

    text: str
    start: int
    end: int
    lower: str
    lemma: str
    stop: bool
    parts: tuple[str, ...] = ()
    is_word: bool = True  # contains letters (words, abbreviations, "BUP-aktör")

    @property
    def content(self) -> bool:
        """True for words that can say something about a topic."""
        return not self.stop and self.is_word and len(self.lemma) > 1


def trained_model_name() -> str | None:
    """Name of an installed trained Swedish spaCy pipeline, if any (smallest first)."""
    found = []
    for dist in importlib.metadata.distributions():
        name = (dist.metadata.get("Name") or "").replace("-", "_").lower()
        if name.startswith("sv_core_news_"):
            found.append(name)
    order = {"sm": 0, "md": 1, "lg": 2, "trf": 3}
    found.sort(key=lambda n: (order.get(n.rsplit("_", 1)[-1], 9), n))
    return found[0] if found else None


@lru_cache(maxsize=1)
def get_nlp() -> Any:
    """The process-wide spaCy pipeline (trained Swedish when installed, else blank)."""
    import spacy

    name = trained_model_name()
    if name is not None:
        try:
            return spacy.load(name, exclude=["parser", "ner", "senter"])
        except (OSError, ImportError, ValueError):
            pass
    return spacy.blank("sv")


def uses_trained_pipeline() -> bool:
    """True when :func:`get_nlp` loaded a trained pipeline (lemmas from its lemmatizer)."""
    return len(get_nlp().pipe_names) > 0


@lru_cache(maxsize=200_000)
def _analyse_word(lower: str) -> tuple[str, bool, tuple[str, ...]]:
    """(lemma, is stop word, compound parts) of a lower-cased word form."""
    written = SPOKEN_FORMS.get(lower, lower)
    if " " in written or is_stop(lower) or is_stop(written):
        # Function words keep a lemma for phrase matching ("kommer" -> "komma") unless
        # the lemmatiser would turn them into a content word ("ska" -> "skola").
        base = lemma(written)
        return (base if is_stop(base) else written), True, ()
    base = lemma(written)
    stop = is_stop(base)
    parts = () if stop else tuple(p for p in compound_parts(written) if p != base)
    return base, stop, parts


def _make_token(text: str, start: int, lower: str, prev: str, trained: str | None) -> Token:
    if lower == "sen":
        late = prev in _LATE_CONTEXT
        return Token(text, start, start + len(text), lower, "sent" if late else "sedan",
                     not late)
    base, stop, parts = _analyse_word(lower)
    if not _has_letter(lower):
        return Token(text, start, start + len(text), lower, base, stop, parts, False)
    if trained and not stop and lower not in SPOKEN_FORMS:
        base = trained.lower()
    return Token(text, start, start + len(text), lower, base, stop, parts)


@lru_cache(maxsize=100_000)
def _has_letter(word: str) -> bool:
    return any(ch.isalpha() for ch in word)


def analyze(text: str) -> list[Token]:
    """Tokens of ``text`` with lemmas, stop flags and compound parts, offsets into ``text``."""
    nlp = get_nlp()
    doc = nlp(text) if nlp.pipe_names else nlp.make_doc(text)
    trained = bool(nlp.pipe_names)
    out: list[Token] = []
    prev = ""
    for tok in doc:
        t = tok.text
        if t.isspace():
            continue
        lower = t.lower()
        out.append(_make_token(t, tok.idx, lower, prev, tok.lemma_ if trained else None))
        prev = lower
    return out


def analyze_many(texts: Iterable[str]) -> list[list[Token]]:
    """:func:`analyze` for several texts (shares the word cache)."""
    return [analyze(t) for t in texts]


def content_lemmas(text: str) -> list[str]:
    """Lemmas of the content words of ``text`` (handy for tests and debugging)."""
    return [t.lemma for t in analyze(text) if t.content]
