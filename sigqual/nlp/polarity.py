"""Polarity of what is said: praise versus lack, wish and problem.

The same topic can be a success factor or a development area ("Tidpunkt för insatsen"
is both for parents); what separates them is whether the speaker praises it ("det kom
i rätt läge", "det har varit jättebra") or asks for something missing ("det borde ha
kommit tidigare", "det saknas", "hade behövts"). Cues are weighted lemmas and lemma
phrases; a negation ("inte", "aldrig", "ingen") close to a cue in the same clause
turns it around ("inte bra", "fungerar inte").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .pipeline import Token, analyze

# Cues as written; they are lemmatised with the pipeline at first use.
_POSITIVE: dict[str, float] = {
    "bra": 0.8, "jättebra": 1.0, "toppen": 1.0, "bäst": 1.0, "fungera": 0.6,
    "hjälpa": 0.6, "positiv": 0.8, "nöjd": 1.0, "glad": 0.6, "uppskatta": 1.0,
    "tacksam": 1.0, "värdefull": 1.0, "fördel": 0.8, "styrka": 0.6, "lyckas": 0.8,
    "smidig": 0.7, "skönt": 0.7, "skön": 0.6, "underlätta": 0.8, "lätt": 0.3, "enkel": 0.3,
    "effektiv": 0.5, "trygg": 0.6, "trygghet": 0.5, "äntligen": 0.4, "fantastisk": 1.0,
    "perfekt": 1.0, "kanon": 1.0, "gilla": 0.8, "älska": 0.8, "schyst": 0.7, "snäll": 0.5,
    "nytta": 0.7, "stolt": 0.6, "lugn": 0.3, "bidra": 0.3, "viktig": 0.3, "öka": 0.3,
    "gjort skillnad": 1.0, "göra skillnad": 1.0, "tack vare": 0.8, "betyda mycket": 0.8,
    "i rätt tid": 1.0, "rätt läge": 0.8, "i tid": 0.4, "har hjälpt": 0.6, "så skönt": 0.6,
    "bättre": 0.4, "rätt": 0.3, "klart": 0.2, "guld värd": 1.0, "en styrka": 0.6,
}
_NEGATIVE: dict[str, float] = {
    "sakna": 1.0, "saknas": 1.0, "saknad": 0.8, "fattas": 1.0, "borde": 1.0, "bör": 0.8,
    "behöva": 0.3, "behövs": 0.3, "önska": 0.8, "önskemål": 0.8, "önskvärd": 0.7,
    "problem": 0.5, "problematisk": 0.8, "brist": 1.0, "bristande": 1.0, "dålig": 0.9,
    "sämre": 0.6, "svår": 0.5, "svårt": 0.5, "svårighet": 0.6, "tyvärr": 0.8, "oklar": 0.8,
    "oklart": 0.8, "otydlig": 0.9, "osäker": 0.6, "ovisshet": 0.8, "oviss": 0.8, "risk": 0.4,
    "slöseri": 1.0, "onödig": 0.9, "irriterande": 0.8, "frustrerande": 1.0,
    "frustration": 0.9, "jobbig": 0.5, "konstig": 0.5, "meningslös": 1.0, "missa": 0.6,
    "förbättra": 0.5, "förbättring": 0.6, "kritik": 0.7, "synd": 0.7, "besviken": 1.0,
    "hinder": 0.7, "hindra": 0.6, "rörig": 0.8, "ostrukturerad": 0.9, "kaos": 0.5,
    "efterlysa": 0.9, "tveksam": 0.6, "mer": 0.25, "fler": 0.3, "tidigare": 0.2,
    "skulle behöva": 1.0, "hade behövt": 1.0, "hade behövts": 1.0, "hade kunnat": 0.8,
    "kunde ha": 0.6, "skulle ha": 0.6, "borde ha": 1.0, "hade varit bra": 0.9,
    "vore bra": 0.9, "vore": 0.5, "skulle vilja": 0.7, "skulle önska": 1.0,
    "för sent": 1.0, "för lite": 0.8, "för mycket": 0.5, "för kort": 0.8, "för få": 0.8,
    "för många": 0.6, "alldeles för": 0.5, "inte tillräckligt": 1.0, "inte riktigt": 0.5,
    "inte alls": 0.5, "måste bli": 0.6, "får inte": 0.5, "viktigt att inte": 0.5,
}
_NEGATORS = frozenset({"inte", "ej", "aldrig", "ingen", "inget", "inga", "knappast", "varken"})
_CLAUSE_BREAKS = frozenset({".", "!", "?", ";", ":", ",", "men", "utan", "fast", "och"})
_NEGATION_ALONE = 0.25
_SCALE = 1.5

# Evaluative words that tell how something is judged but not what it is about; the
# topic ranker ignores them so that "bra" does not pull towards any code.
_EVALUATIVE = frozenset({
    "bra", "jättebra", "toppen", "bäst", "bättre", "sämre", "dålig", "borde", "böra",
    "behöva", "önska", "tyvärr", "positiv", "nöjd", "glad", "uppskatta", "tacksam",
    "fantastisk", "perfekt", "kanon", "gilla", "älska", "skön", "skönt", "synd", "besviken",
    "frustrerande", "irriterande", "jobbig", "konstig", "vore", "svår", "svårt", "hjälpa",
    "fungera", "viktig", "viktigt", "snäll", "lätt", "enkel",
})


@lru_cache(maxsize=1)
def evaluative_lemmas() -> frozenset[str]:
    """Lemmas of the purely evaluative words, analysed like interview text."""
    return frozenset(lem for word in _EVALUATIVE for lem in _seq(word))


@dataclass(frozen=True)
class Polarity:
    """Polarity in [-1, 1] (positive = praise) and the cues that made it, as token spans."""

    score: float
    cues: tuple[tuple[int, int, float], ...] = ()


def _seq(text: str) -> tuple[str, ...]:
    return tuple(t.lemma for t in analyze(text) if t.is_word)


@lru_cache(maxsize=1)
def _cue_table() -> tuple[dict[str, float], dict[str, list[tuple[tuple[str, ...], float]]]]:
    """(single lemma -> signed weight, first lemma -> [(phrase lemmas, signed weight)])."""
    single: dict[str, float] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for table, sign in ((_POSITIVE, 1.0), (_NEGATIVE, -1.0)):
        for cue, weight in table.items():
            seq = _seq(cue)
            if not seq:
                continue
            if len(seq) == 1:
                if abs(single.get(seq[0], 0.0)) < weight:
                    single[seq[0]] = sign * weight
            else:
                phrases.setdefault(seq[0], []).append((seq, sign * weight))
    for entries in phrases.values():
        entries.sort(key=lambda e: -len(e[0]))
    return single, phrases


def _negated(lemmas: Sequence[str], start: int, end: int) -> bool:
    """A negation up to three words before or two words after the cue, same clause."""
    for i in range(start - 1, max(-1, start - 4), -1):
        if lemmas[i] in _CLAUSE_BREAKS:
            break
        if lemmas[i] in _NEGATORS:
            return True
    for i in range(end, min(len(lemmas), end + 2)):
        if lemmas[i] in _CLAUSE_BREAKS:
            break
        if lemmas[i] in _NEGATORS:
            return True
    return False


def polarity_of_tokens(tokens: Sequence[Token]) -> Polarity:
    """Polarity of analysed tokens; cue spans index into ``tokens``."""
    single, phrases = _cue_table()
    lemmas = [t.lemma if t.is_word else t.text for t in tokens]
    cues: list[tuple[int, int, float]] = []
    used: set[int] = set()
    i = 0
    n = len(lemmas)
    while i < n:
        matched = False
        for seq, weight in phrases.get(lemmas[i], ()):
            if tuple(lemmas[i:i + len(seq)]) == seq:
                negates_itself = any(w in _NEGATORS for w in seq)
                w = -0.6 * weight if not negates_itself and _negated(lemmas, i, i + len(seq)) \
                    else weight
                cues.append((i, i + len(seq), w))
                used.update(range(i, i + len(seq)))
                i += len(seq)
                matched = True
                break
        if matched:
            continue
        weight = single.get(lemmas[i])
        if weight is not None:
            w = -0.6 * weight if _negated(lemmas, i, i + 1) else weight
            cues.append((i, i + 1, w))
            used.add(i)
        i += 1
    total = sum(w for _s, _e, w in cues)
    # A negation that flipped nothing still hints at something lacking ("ingen sa något").
    flipped = {j for s, e, _w in cues for j in range(max(0, s - 3), min(n, e + 2))}
    bare = sum(1 for j, lem in enumerate(lemmas) if lem in _NEGATORS and j not in flipped)
    total -= _NEGATION_ALONE * bare
    return Polarity(math.tanh(total / _SCALE), tuple(cues))


def polarity(text: str) -> Polarity:
    """Polarity of a text (see :func:`polarity_of_tokens`)."""
    return polarity_of_tokens(analyze(text))
