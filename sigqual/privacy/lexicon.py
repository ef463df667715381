"""The bundled word lists behind name and place detection, loaded once per process.

The lists live in ``sigqual/privacy/data`` as plain UTF-8 files (one entry a line,
``#`` comments) so that evaluators can read and extend them without touching code.
Nothing is downloaded: ordinary Swedish words are recognised with simplemma's
bundled dictionary, already a dependency of the NLP pipeline.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import simplemma

DATA_PACKAGE = "sigqual.privacy"


def fold(word: str) -> str:
    """The key every list is matched on: NFC, case-folded, typographic apostrophes plain."""
    return unicodedata.normalize("NFC", word).replace("’", "'").casefold()


def read_list(filename: str) -> tuple[str, ...]:
    """Entries of one bundled list in file order, without comments and blank lines."""
    text = resources.files(DATA_PACKAGE).joinpath("data", filename).read_text(encoding="utf-8")
    entries = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(unicodedata.normalize("NFC", entry))
    return tuple(entries)


@dataclass(frozen=True)
class Lexicon:
    """Folded word sets; multi-word places are kept as folded phrases."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    ambiguous: frozenset[str]
    not_names: frozenset[str]
    phrases: tuple[str, ...]
    municipalities: frozenset[str]
    districts: frozenset[str]

    def is_name(self, folded: str) -> bool:
        return folded in self.first_names or folded in self.surnames

    def place_kind(self, folded: str) -> str | None:
        if folded in self.municipalities:
            return "municipality"
        if folded in self.districts:
            return "district"
        return None

    @property
    def place_phrases(self) -> tuple[tuple[str, str], ...]:
        """Multi-word places, longest first, with their kind."""
        multi = [(p, "municipality") for p in self.municipalities if " " in p or "-" in p]
        multi += [(p, "district") for p in self.districts if " " in p]
        return tuple(sorted(multi, key=lambda item: -len(item[0])))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The bundled lists (cached: loading them takes a few milliseconds once)."""

    def folded(name: str) -> frozenset[str]:
        return frozenset(fold(e) for e in read_list(name))

    return Lexicon(
        first_names=folded("first_names.txt"),
        surnames=folded("surnames.txt"),
        ambiguous=folded("ambiguous.txt"),
        not_names=folded("not_names.txt"),
        phrases=tuple(sorted({fold(e) for e in read_list("phrases.txt")}, key=len, reverse=True)),
        municipalities=folded("municipalities.txt"),
        districts=folded("districts.txt"),
    )


@lru_cache(maxsize=100_000)
def is_ordinary_word(folded: str) -> bool:
    """True when ``folded`` is a Swedish common word (or an inflected or compound form).

    simplemma lemmatises proper nouns to a capitalised lemma ("frida" -> "Frida") and
    leaves unknown words alone, so a lower-case lemma that is known or differs from
    the word marks an ordinary word ("polisen" -> "polis", "ungdomsenheten").
    """
    if len(folded) < 2 or not folded.isalpha():
        return False
    lemma = simplemma.lemmatize(folded, lang="sv", greedy=True)
    if lemma[:1].isupper():
        return False
    return simplemma.is_known(folded, lang="sv") or lemma != folded


@lru_cache(maxsize=100_000)
def is_dictionary_word(folded: str) -> bool:
    """True when simplemma knows ``folded`` itself as a common word (no guessing)."""
    if len(folded) < 2 or not folded.isalpha():
        return False
    return simplemma.is_known(folded, lang="sv") and not simplemma.lemmatize(
        folded, lang="sv")[:1].isupper()
