"""What a detector reports and which kinds of personal data sigqual knows.

Offsets follow :mod:`sigqual.text`: Unicode code points into NFC text with ``\\n``
line endings, end exclusive, so a finding can be laid over a stored document as is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import InputError

# kind -> Swedish label used in the bracketed replacement, in the order shown to users.
LABELS: dict[str, str] = {
    "name": "Namn",
    "pnr": "Personnummer",
    "phone": "Telefon",
    "email": "E-post",
    "address": "Adress",
    "postcode": "Postnummer",
    "school": "Skola",
    "municipality": "Kommun",
    "district": "Område",
    "vehicle": "Registreringsnummer",
    "handle": "Användarnamn",
    "birthdate": "Födelsedatum",
    "age": "Ålder",
    "date": "Datum",
}
KINDS: tuple[str, ...] = tuple(LABELS)
# Ages and dates are often needed for the analysis, so they are opt-in.
OPTIONAL_KINDS: frozenset[str] = frozenset({"age", "date"})
DEFAULT_KINDS: frozenset[str] = frozenset(KINDS) - OPTIONAL_KINDS
# Kinds replaced by an unnumbered tag: numbering ages or dates would add nothing and
# would invite readers to line them up across documents.
UNNUMBERED_KINDS: frozenset[str] = frozenset({"age", "date", "birthdate"})
# Short spellings accepted on the command line and in settings.
KIND_ALIASES: dict[str, str] = {
    "namn": "name", "names": "name", "personnummer": "pnr", "samordningsnummer": "pnr",
    "telefon": "phone", "tel": "phone", "e-post": "email", "epost": "email", "mail": "email",
    "adress": "address", "postnummer": "postcode", "skola": "school", "schools": "school",
    "kommun": "municipality", "omrade": "district", "område": "district", "stadsdel": "district",
    "alder": "age", "ålder": "age", "ages": "age", "datum": "date", "dates": "date",
    "regnummer": "vehicle", "registreringsnummer": "vehicle", "fordon": "vehicle", "bil": "vehicle",
    "användarnamn": "handle", "anvandarnamn": "handle", "konto": "handle", "handles": "handle",
    "födelsedatum": "birthdate", "fodelsedatum": "birthdate", "dob": "birthdate",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One piece of personal data in a text: ``text == source[start:end]``."""

    start: int
    end: int
    kind: str
    text: str
    confidence: float = 1.0
    reason: str = ""

    def overlaps(self, other: Finding) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class DetectOptions:
    """What to look for.

    ``allow`` holds terms that are never pseudonymised (compared case-insensitively),
    for example the evaluated programme's own municipality when the report names it
    anyway. ``names`` adds names the detector must always find (the participants'
    names from a project list); ``min_confidence`` drops weaker findings.
    """

    kinds: frozenset[str] = DEFAULT_KINDS
    allow: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        unknown = sorted(set(self.kinds) - set(KINDS))
        if unknown:
            raise InputError(msgid="error.privacy.unknown_kind_known",
                             params={"unknown": ', '.join(unknown), "kinds": ', '.join(KINDS)},
                             field="kinds")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise InputError(msgid="error.privacy.min_confidence_must_between", field="min_confidence")


def parse_kinds(spec: str | Iterable[str]) -> frozenset[str]:
    """Kinds from ``"name,pnr"`` or a list, accepting Swedish spellings and ``all``."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    out: set[str] = set()
    for raw in items:
        word = raw.strip().lower()
        if not word:
            continue
        if word == "all":
            out.update(KINDS)
            continue
        if word == "default":
            out.update(DEFAULT_KINDS)
            continue
        kind = KIND_ALIASES.get(word, word)
        if kind not in LABELS:
            raise InputError(msgid="error.privacy.unknown_kind_known_2",
                             params={"value": raw.strip(), "kinds": ', '.join(KINDS)}, field="kinds")
        out.add(kind)
    if not out:
        raise InputError(msgid="error.privacy.no_kinds_given", field="kinds")
    return frozenset(out)
