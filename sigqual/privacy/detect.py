"""One entry point for detection: ``detect(text, options=...)``.

The detectors may disagree about a stretch of text (a name inside an e-mail
address, a district inside a school's name); overlaps are settled by kind priority
and then by length, so each character belongs to at most one finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..errors import InputError
from .lexicon import fold, lexicon
from .model import DetectOptions, Finding
from .names import scan_names
from .patterns import (
    find_addresses,
    find_ages,
    find_birthdates,
    find_dates,
    find_email,
    find_handles,
    find_phone,
    find_pnr,
    find_postcodes,
    find_vehicles,
)

# Lower number wins an overlap: structured identifiers are surer than words.
PRIORITY: dict[str, int] = {
    "email": 0, "handle": 0, "pnr": 1, "phone": 2, "vehicle": 3, "address": 3, "postcode": 4,
    "school": 5, "district": 6, "municipality": 6, "name": 7, "birthdate": 7, "date": 8, "age": 9,
}


def detect(text: str, *, options: DetectOptions | None = None) -> list[Finding]:
    """Personal data in ``text`` as non-overlapping findings sorted by position."""
    if not isinstance(text, str):
        raise InputError("detect() needs a text (str)")
    opts = options or DetectOptions()
    lex = lexicon()
    wanted = opts.kinds
    found: list[Finding] = []
    # Everything is scanned so that an unwanted kind can still shield its span
    # (a name inside an e-mail address stays unreported when e-mail is off).
    found += find_email(text)
    found += find_handles(text)
    found += find_vehicles(text)
    found += find_birthdates(text)
    found += find_pnr(text)
    found += find_phone(text)
    found += find_addresses(text)
    found += find_postcodes(text, lex.municipalities | lex.districts)
    found += find_dates(text)
    found += find_ages(text)
    found += scan_names(text, lex, frozenset(fold(n) for n in opts.names))
    kept = resolve_overlaps(found)
    allow = {fold(a) for a in opts.allow}
    return [f for f in kept
            if f.kind in wanted and f.confidence >= opts.min_confidence and fold(f.text) not in allow]


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Keep the strongest finding wherever several overlap (priority, length, confidence)."""
    ranked = sorted(set(findings), key=lambda f: (PRIORITY.get(f.kind, 99), -(f.end - f.start),
                                                  -f.confidence, f.start))
    kept: list[Finding] = []
    for f in ranked:
        if f.end <= f.start:
            continue
        if not any(f.overlaps(k) for k in kept):
            kept.append(f)
    return sorted(kept)


class TermMatcher:
    """Finds whole-word mentions of already-decided originals (``text -> kind``).

    Used for consistency across a project: once "Ahmed" is accepted in one interview,
    each other mention of "Ahmed" (and "Ahmeds") is found as well. The pattern is built
    once, so one matcher can scan thousands of short strings (names, memos, the log).
    """

    def __init__(self, terms: Mapping[str, str], *, loose: bool = False) -> None:
        """``loose`` is for names of files and documents ("ahmed_intervju2.docx"):
        underscores and digits separate words, and case is not checked."""
        self._loose = loose
        self._by_fold: dict[str, str] = {}
        for original, kind in terms.items():
            if original.strip():
                self._by_fold.setdefault(fold(original.strip()), kind)
        self._capitalised = {fold(o.strip()) for o in terms if o.strip()[:1].isupper()}
        alternatives = sorted(self._by_fold, key=len, reverse=True)
        before, after = (r"(?<![^\W\d_])", r"(?![^\W\d_])") if loose else (r"(?<![\w@.-])", r"(?![\w@])")
        self._pattern = re.compile(
            before + "(" + "|".join(re.escape(a) for a in alternatives) + r")(s?)" + after,
            re.IGNORECASE) if alternatives else None

    def find(self, text: str) -> list[Finding]:
        if self._pattern is None:
            return []
        folded_text = text.casefold() if len(text.casefold()) == len(text) else None
        haystack = folded_text if folded_text is not None else text
        out: list[Finding] = []
        for m in self._pattern.finditer(haystack):
            start, end = m.start(1), m.end(1)
            key = fold(text[start:end])
            kind = self._by_fold.get(key)
            if kind is None:
                continue
            if not self._loose and key in self._capitalised and not text[start].isupper():
                continue  # "Per" the name is not "per" the preposition
            out.append(Finding(start, end, kind, text[start:end], 0.9, "decided elsewhere in the project"))
        return out


def find_terms(text: str, terms: Mapping[str, str]) -> list[Finding]:
    """Every whole-word occurrence of already-decided originals (see :class:`TermMatcher`)."""
    return TermMatcher(terms).find(text)
