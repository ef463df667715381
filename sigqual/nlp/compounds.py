"""Swedish compound splitting over a frequency lexicon.

Swedish writes compounds as one word ("insatsgruppsmötena"), so a speaker's
"drogtester" never matches a codebook's "test" without splitting. The splitter tries
every binary split with the linking letters Swedish uses (s, e, a, u, o, or none),
lets the head drop a final vowel ("skol-" for "skola"), lemmatises the last part,
and recurses on the tail. Among valid analyses it prefers the fewest parts, then the
most frequent ones (after Koehn and Knight). A well-known word whose parts are not
clearly more frequent than itself ("kontakt", "polisen") is left whole; lexicalised
compounds ("socialtjänst") keep their whole lemma in the pipeline and gain their
parts as extra features.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma

from .lexicon import LEMMA_OVERRIDES, LEMMA_VARIANTS, is_stop, zipf

_LINKS = ("", "s", "e", "a", "u", "o")
_MIN_WORD = 6
_KNOWN_WHOLE = 2.0
# Derivational endings and prefixes that look like words but do not form compounds.
_NOT_TAILS = frozenset({
    "het", "heten", "heter", "dom", "domen", "domar", "bar", "bara", "sam", "samt", "skap",
    "lig", "else", "ning", "are", "ande", "ende", "isk", "iskt", "iska", "ism", "ist", "era",
    "ering", "ring", "ren", "nad", "lek", "tion", "ion", "ell", "ellt", "ella",
    "iga", "igt", "ig", "sen", "ans", "ens", "lan", "man", "men", "ter", "tet", "ten",
    "lös", "löst", "lösa", "mässig", "mässigt", "aktig", "aktigt", "vis", "artad", "fylld",
    "full", "fullt", "fulla", "sida", "mässiga", "lösheten", "löshet",
})
_NOT_HEADS = frozenset({
    "sam", "miss", "van", "bi", "ur", "all", "jäm", "anti", "ande", "ans", "samt", "kon",
    "pro", "pre", "sär",
})


def lemma(word: str) -> str:
    """Lemma of a lower-case word: overrides first, then simplemma in greedy mode."""
    base = LEMMA_OVERRIDES.get(word) or _simplemma(word)
    return LEMMA_VARIANTS.get(base, base)


@lru_cache(maxsize=200_000)
def _simplemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="sv", greedy=True).lower()


def _threshold(length: int) -> float:
    """Minimum Zipf frequency for a part of ``length`` letters: short parts must be common."""
    if length <= 3:
        return 4.3
    if length == 4:
        return 3.3
    if length <= 6:
        return 2.5
    return 1.5


def _good_part(word: str) -> bool:
    return zipf(word) >= _threshold(len(word)) and not is_stop(word)


def _head(head: str) -> tuple[str, float] | None:
    """The base form a first element stands for ("skol" -> "skola"), or None.

    A head is kept as written when it is a word itself; a clipped head gains back the
    final vowel Swedish drops in compounds. Both are already base forms.
    """
    if head in _NOT_HEADS:
        return None
    best: tuple[str, float] | None = None
    # The head as written wins unless a vowel-final form is far more common ("skol").
    for bonus, candidate in ((1.0, head), (0.0, head + "a"), (0.0, head + "e")):
        if _good_part(candidate) and (best is None or zipf(candidate) + bonus > best[1]):
            best = (candidate, zipf(candidate) + bonus)
    if best is None:
        return None
    # Heads are stems, so simplemma (which turns "drog" into "dra") is not asked; only
    # the explicit overrides and variants apply ("föräldra" -> "förälder").
    base = LEMMA_OVERRIDES.get(best[0], best[0])
    return LEMMA_VARIANTS.get(base, base), zipf(best[0])


def _tail_ok(tail: str) -> float | None:
    """Frequency of a last element as inflected in the word (or of its lemma), or None."""
    if tail in _NOT_TAILS or is_stop(tail):
        return None
    base = lemma(tail)
    if is_stop(base) or base in _NOT_TAILS:
        return None
    if _good_part(tail) or _good_part(base):
        return max(zipf(tail), zipf(base))
    return None


@lru_cache(maxsize=100_000)
def _analyse(word: str, min_head: int) -> tuple[tuple[str, ...], float] | None:
    """Best split of ``word`` as (heads..., raw tail) with its mean Zipf, or None.

    Heads come back as base forms and the tail as written, so the caller can take the
    tail's lemma from the whole word's lemma, which keeps nouns nouns ("plan", not
    "plana").
    """
    best: tuple[tuple[str, ...], float] | None = None
    n = len(word)
    for i in range(min_head, n - 2):
        head = _head(word[:i])
        if head is None:
            continue
        for link in _LINKS:
            if link and word[i:i + len(link)] != link:
                continue
            rest = word[i + len(link):]
            if len(rest) < 3:
                continue
            options: list[tuple[tuple[str, ...], float]] = []
            tail = _tail_ok(rest)
            if tail is not None:
                options.append(((head[0], rest), (head[1] + tail) / 2))
            if len(rest) >= min_head + 3:
                sub = _analyse(rest, min_head)
                if sub is not None:
                    k = len(sub[0])
                    options.append(((head[0], *sub[0]), (head[1] + sub[1] * k) / (k + 1)))
            for parts, score in options:
                if best is None or (len(parts), -score) < (len(best[0]), -best[1]):
                    best = (parts, score)
    return best


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Top-level parts of a compound as lemmas, or ``()`` when it is not one.

    ``split_compound("insatsgruppsmötena") == ("insatsgrupp", "möte")``; a part that is
    itself a compound can be split again (see :func:`compound_parts`).
    """
    word = word.lower()
    if "-" in word:
        pieces = [p for p in word.split("-") if len(p) >= 2]
        return tuple(lemma(p) for p in pieces) if len(pieces) > 1 else ()
    if len(word) < _MIN_WORD or not word.isalpha():
        return ()
    whole_lemma = lemma(word)
    whole = max(zipf(word), zipf(whole_lemma))
    known = whole >= _KNOWN_WHOLE
    # Known words need a real head: 3-letter heads there are mostly prefixes or
    # adjectives ("fri-tid", "ung-domarna", "kon-takt").
    found = _analyse(word, 4 if known else 3)
    if found is None:
        return ()
    parts, score = found
    if known and whole >= score:
        return ()
    raw_tail = parts[-1]
    offset = len(word) - len(raw_tail)
    tail = lemma(raw_tail)
    if whole_lemma[:offset] == word[:offset] and len(whole_lemma) - offset >= 3:
        candidate = whole_lemma[offset:]
        if _good_part(candidate):
            tail = candidate
    return (*parts[:-1], tail)


def verb_of_noun(base: str) -> str | None:
    """The verb behind an "-ande" noun ("ljugandet" -> "ljuga"), when it is a known word.

    Speakers nominalise ("det där ljugandet") where a codebook uses the verb ("ljuga").
    """
    if len(base) > 6 and base.endswith("ande"):
        verb = base[:-4] + "a"
        if zipf(verb) >= 2.0 and not is_stop(verb):
            return verb
    return None


@lru_cache(maxsize=100_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """All parts of a compound, recursively: top-level parts first, then their parts."""
    top = split_compound(word)
    out: list[str] = list(top)
    for part in top:
        for sub in compound_parts(part):
            if sub not in out:
                out.append(sub)
    for part in (lemma(word), *top):
        verb = verb_of_noun(part)
        if verb is not None and verb not in out:
            out.append(verb)
    return tuple(out)
